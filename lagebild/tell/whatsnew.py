"""What is new in a story: the sentences and figures reported after a given time, or after
what the last published summary covered ("update" summaries for liveblogs: entry times count)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lagebild.document import Document
from lagebild.story import ClaimRef, StoryMember, Summary
from lagebild.tell.summary import SummaryOptions, _utc_naive, candidates, summarize


@dataclass
class WhatsNew:
    since: datetime | None
    summary: Summary  # the new sentences, cited (may be empty)
    claims: list[ClaimRef] = field(default_factory=list)  # figures reported after ``since``


def _entry_time(doc: Document, offset: int) -> datetime | None:
    for seg in doc.segments:
        if seg.kind == "liveblog_entry" and seg.start <= offset < seg.end and seg.time is not None:
            return seg.time
    return doc.meta.published


def _is_new(when: datetime | None, since: datetime | None, doc_id: str, known_docs: set[str]) -> bool:
    if since is None:
        return True
    if when is None:  # no time: new only if the document was not covered before
        return doc_id not in known_docs
    return _utc_naive(when) > _utc_naive(since)


def whats_new(docs: list[Document], story_id: str, since: datetime | None, *,
              members: list[StoryMember] | None = None, told: list[str] | None = None,
              known_docs: set[str] | None = None, opts: SummaryOptions | None = None) -> WhatsNew:
    """Sentences/claims newer than ``since``; ``told``: sentences already published (not repeated);
    ``known_docs``: documents the last summary covered (decides for documents without a time)."""
    known = known_docs or set()
    new_spans: dict[str, list[tuple[int, int]]] = {}
    for c in candidates(docs, members):
        if _is_new(c.time, since, c.doc_id, known):
            new_spans.setdefault(c.doc_id, []).append((c.start, c.end))
    fresh_docs = []
    for doc in docs:
        spans = new_spans.get(doc.id)
        if not spans:
            continue
        # keep only the new sentences: restrict the document to them through its sentence layer
        keep = [s for s in doc.sentences if any(a <= s.start < b or s.start <= a < s.end for a, b in spans)] \
            if doc.sentences else None
        fresh_docs.append(doc if keep is None else doc.model_copy(update={"sentences": keep}))
    summary = summarize(fresh_docs, story_id, members, opts, exclude=told) if fresh_docs else \
        Summary(id="none", story_id=story_id, version=0, method="update")
    summary = summary.model_copy(update={"method": "update"})
    claims = [ClaimRef(doc_id=d.id, claim=c, time=_entry_time(d, c.start))
              for d in docs for c in d.claims if _is_new(_entry_time(d, c.start), since, d.id, known)]
    claims.sort(key=lambda r: (_utc_naive(r.time) or datetime.max, r.doc_id, r.claim.start))
    return WhatsNew(since=since, summary=summary, claims=claims)


def since_last_publication(store, story_id: str) -> tuple[datetime | None, list[str], set[str]]:
    """(covered-until time, published sentences, covered documents) of the story's last publication."""
    pub = store.reviews.latest_publication(story_id)
    if pub is None:
        return None, [], set()
    lineage_root = pub["summary_id"]
    content = store.reviews.content(lineage_root)
    summary = store.reviews.get(lineage_root)
    while "covered_until" not in content and summary is not None and summary.parent_id:
        summary = store.reviews.get(summary.parent_id)
        content = store.reviews.content(summary.id)
    covered = content.get("covered_until")
    told = [s["text"] for s in pub["json"]["sentences"]]
    return (datetime.fromisoformat(covered) if covered else None), told, set(content.get("doc_ids", []))
