"""Puts test data into storage through the real repositories and the connect modules
(no SQL of our own): documents, one story over them, its claim groups, a draft summary."""
from __future__ import annotations

import hashlib
from datetime import timezone

from lagebild.document import Document, Entity
from lagebild.story import ClaimRef, Story, StoryMember


def add_document(store, doc: Document, entities: list[Entity] = ()) -> None:
    store.documents.add(doc)
    if entities:
        store.documents.upsert_entities(entities)


def add_documents(store, docs: list[Document]) -> None:
    for doc in docs:
        store.documents.add(doc)


def naive_utc(doc: Document) -> Document:
    """The pipeline gives some times with an offset and some without; the clusterer compares
    them, so hand it naive UTC throughout (only for clustering; stored documents are untouched)."""
    def fix(t):
        return t.astimezone(timezone.utc).replace(tzinfo=None) if t is not None and t.tzinfo else t

    meta = doc.meta.model_copy(update={"published": fix(doc.meta.published)})
    segments = [s.model_copy(update={"time": fix(s.time)}) for s in doc.segments]
    return doc.model_copy(update={"meta": meta, "segments": segments})


def story_of(docs: list[Document], label: str | None = None) -> Story:
    sid = "st-" + hashlib.sha256("|".join(d.id for d in docs).encode()).hexdigest()[:12]
    times = [d.meta.published for d in docs if d.meta.published]
    return Story(id=sid, label=label or (docs[0].meta.title or docs[0].name),
                 members=[StoryMember(doc_id=d.id, time=d.meta.published) for d in docs],
                 first_time=min(times, default=None), last_time=max(times, default=None))


def save_story(store, story: Story, docs: list[Document]) -> None:
    from lagebild.connect.claim_tracking import track_claims
    from lagebild.connect.dedup import find_duplicates

    store.stories.save(story)
    refs = [ClaimRef(doc_id=d.id, claim=c, time=d.meta.published) for d in docs for c in d.claims]
    store.stories.save_claim_groups(story.id, track_claims(refs, story.id))
    store.stories.add_duplicates(find_duplicates(docs))


def draft_summary(store, story: Story, docs: list[Document]) -> str | None:
    """A machine draft by the tell module, stored by the ReviewRepo; None when nothing to say."""
    from lagebild.tell.summary import summarize

    summary = summarize(docs, story.id, story.members)
    if not summary.sentences:
        return None
    return store.reviews.save_draft(summary, actor="lagebild", doc_ids=[d.id for d in docs]).id


def story_and_draft(store, docs: list[Document], label: str | None = None) -> tuple[str, str | None]:
    story = story_of(docs, label)
    save_story(store, story, docs)
    return story.id, draft_summary(store, story, docs)
