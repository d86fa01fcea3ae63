"""What the Engine calls: assign new documents to stories, link duplicates, track claims,
and read a story back with everything connected to it."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterable

from lagebild.config import Settings
from lagebild.connect.claim_tracking import claim_refs, track_claims
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


def story_claim_groups(store, story: Story) -> list[ClaimGroup]:
    refs = []
    for doc in store.documents.iter_all(list(dict.fromkeys(m.doc_id for m in story.members))):
        refs.extend(claim_refs(doc))
    return track_claims(refs, story_id=story.id)


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
