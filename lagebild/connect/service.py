"""What the Engine calls: assign new documents to stories, link duplicates, track claims,
and read a story back with everything connected to it."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterable

from lagebild.config import Settings
from lagebild.connect.claim_tracking import same_quantity, claim_refs, track_claims
from lagebild.connect.cluster import StoryClusterer
from lagebild.connect.dedup import DuplicateIndex
from lagebild.connect.text import doc_text
from lagebild.document import Document
from lagebild.story import ClaimGroup, ClaimRef, DuplicateLink, Story, TimelineEvent


WARM_DOCS = 2000  # stored reports whose texts feed document frequencies before a batch


@dataclass
class UpdateReport:
    assigned: int = 0  # documents / liveblog entries assigned
    new_stories: list[str] = field(default_factory=list)
    touched: list[str] = field(default_factory=list)
    duplicates: int = 0

    def summary(self) -> str:
        return (f"{self.assigned} reports assigned, {len(self.new_stories)} new stories, "
                f"{len(self.touched)} stories updated, {self.duplicates} duplicate links")


@dataclass
class StoryDetail:
    story: Story
    documents: list[Document]
    duplicates: list[DuplicateLink]
    claim_groups: list[ClaimGroup]
    timeline: list[TimelineEvent]


def _when(doc: Document) -> datetime:
    return doc.meta.published.replace(tzinfo=None) if doc.meta.published else datetime.max


def update_stories(store, settings: Settings, docs: Iterable[Document] | None = None) -> UpdateReport:
    """Assign documents (default: every stored document not yet in a story) in time order."""
    report = UpdateReport()
    members = store.stories.member_keys()
    done_docs = {d for d, _ in members}
    if docs is None:
        docs = [d for d in store.documents.iter_all() if d.id not in done_docs]
    new = sorted((d for d in docs if d.id not in done_docs), key=lambda d: (_when(d), d.id))
    if not new:
        return report

    clusterer = StoryClusterer.from_settings(settings)
    clusterer._counter = store.stories.count()  # story ids stay unique across runs
    dated = [_when(d) for d in new if d.meta.published]
    since = (min(dated) - clusterer.window) if dated else None
    states = store.stories.states(since)
    clusterer.load_state({}, states)
    # duplicate candidates: the reports of the still-active stories
    recent_ids = list(dict.fromkeys(m["doc_id"] for st in states for m in st.get("members", [])))
    recent = list(store.documents.iter_all(recent_ids)) if recent_ids else []
    # document frequencies: the latest stored reports (bounded) plus the batch itself. IDF is
    # unsupervised; on a short stream without this warm-up it is noise (bench/README.md)
    new_ids = {d.id for d in new}
    background = [r.id for r in store.documents.list(limit=WARM_DOCS) if r.id not in new_ids]
    clusterer.warm(doc_text(d) for d in store.documents.iter_all(background))
    clusterer.warm(doc_text(d) for d in new)
    clusterer.count_df = False  # the batch is counted already
    dedup = DuplicateIndex()
    for d in sorted(recent, key=lambda d: (_when(d), d.id)):
        dedup.add(d)

    touched: dict[str, None] = {}
    links: list[DuplicateLink] = []
    for doc in new:
        links.extend(dedup.add(doc))
        for member, sid in clusterer.add_document(doc):
            report.assigned += 1
            touched[sid] = None
            if member.score is None and len(clusterer.stories[sid].members) == 1:
                report.new_stories.append(sid)
    report.duplicates = store.stories.add_duplicates(links)
    for sid in touched:
        story = clusterer.story(sid)
        store.stories.save(story, clusterer.story_state(sid))
        store.stories.save_claim_groups(sid, story_claim_groups(store, story))
    report.touched = list(touched)
    return report


RELATED_CLAIM_DOCS = 200  # candidate reports looked at for figures from outside a story
RELATED_MIN_SHARED_ENTITIES = 2


def story_claim_groups(store, story: Story) -> list[ClaimGroup]:
    """The story's figures grouped by quantity, with the figures on the same quantity that other
    stories' reports gave: "11.000 in Kursk eingetroffen" (a November 2024 liveblog) belongs beside
    "mehr als 10.000" and "rund 15.000" (September 2025) - the evolution of one quantity runs
    across stories (gold claim_groups.json)."""
    docs = list(store.documents.iter_all(list(dict.fromkeys(m.doc_id for m in story.members))))
    # a liveblog page may be spread over several stories: each holds the figures of its entries
    parts: dict[str, set[int] | None] = {}
    for m in story.members:
        if m.segment < 0:
            parts[m.doc_id] = None
        elif m.doc_id not in parts or parts[m.doc_id] is not None:
            parts.setdefault(m.doc_id, set()).add(m.segment)
    refs = [r for doc in docs for r in claim_refs(doc, parts.get(doc.id))]
    refs += related_claim_refs(store, docs, refs, {d for d, entries in parts.items() if entries is not None})
    return track_claims(refs, story_id=story.id)


def _key_subject(claim) -> str:
    parts = (claim.key or "").split("|")
    return parts[1] if len(parts) > 1 else ""


def _on_quantity(ref: ClaimRef, specific: list[ClaimRef]) -> bool:
    subject = _key_subject(ref.claim)
    return any(same_quantity(ref.claim, s.claim) and (not subject or subject == _key_subject(s.claim))
               for s in specific)


def related_claim_refs(store, docs: list[Document], refs: list[ClaimRef],
                       partial: set[str] = frozenset()) -> list[ClaimRef]:
    """Figures from outside the story on a quantity the story counts. Only quantities that say
    whose they are ("nordkoreanische Soldaten", not "Menschen evakuiert": such generic counts
    recur in unrelated stories). From the other entries of the liveblog pages the story holds
    only in part (``partial``: a page's entries are assigned one by one, so the entry with
    "mehr als 10.000 Soldaten" may sit in a story of its own), and from reports that name at
    least two of the story's entities: a bounded number, found through the claims index by unit."""
    from sqlalchemy import select

    from lagebild.store.schema import claims as claims_table

    specific = [r for r in refs if _key_subject(r.claim) and r.claim.unit]
    if not specific:
        return []
    taken = {(r.doc_id, r.claim.start) for r in refs}
    out = [r for d in docs if d.id in partial for r in claim_refs(d)
           if (r.doc_id, r.claim.start) not in taken and _on_quantity(r, specific)]
    own = {d.id for d in docs}
    units = sorted({r.claim.unit for r in specific})
    with store.db.connect() as conn:
        rows = conn.execute(select(claims_table.c.doc_id).where(claims_table.c.unit.in_(units))
                            .distinct().limit(RELATED_CLAIM_DOCS + len(own))).all()
    candidates = [r[0] for r in rows if r[0] not in own][:RELATED_CLAIM_DOCS]
    story_entities = {m.entity_id for d in docs for m in d.mentions if m.entity_id}
    for doc in store.documents.iter_all(candidates):
        shared = story_entities & {m.entity_id for m in doc.mentions if m.entity_id}
        if len(shared) >= RELATED_MIN_SHARED_ENTITIES:
            out += [ref for ref in claim_refs(doc) if _on_quantity(ref, specific)]
    return out


def story_detail(store, story_id: str) -> StoryDetail | None:
    story = store.stories.get(story_id)
    if story is None:
        return None
    ids = list(dict.fromkeys(m.doc_id for m in story.members))
    docs = list(store.documents.iter_all(ids))
    idset = set(ids)
    dups = [d for d in store.stories.duplicates(ids) if d.a_doc in idset and d.b_doc in idset]
    from lagebild.connect.timeline import build_timeline

    return StoryDetail(story=story, documents=docs, duplicates=dups, claim_groups=store.stories.claim_groups(story_id),
                       timeline=build_timeline(docs))
