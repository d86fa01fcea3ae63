"""Story-level operations over storage, used by the Engine, the CLI and the API:
draft a summary, what is new, timeline, claim board, export report."""
from __future__ import annotations

from datetime import datetime

from lagebild.config import Settings
from lagebild.document import Document
from lagebild.story import Story, Summary
from lagebild.tell.claim_board import BoardEntry, claim_board
from lagebild.tell.export import StoryReport
from lagebild.tell.summary import SummaryOptions, covered_until, summarize
from lagebild.tell.whatsnew import WhatsNew, since_last_publication, whats_new


class StoryNotFound(LookupError):
    def __init__(self, story_id: str):
        super().__init__(f"story {story_id!r} not found")


def story_and_documents(store, story_id: str) -> tuple[Story, list[Document]]:
    story = store.stories.get(story_id)
    if story is None:
        raise StoryNotFound(story_id)
    ids = list(dict.fromkeys(m.doc_id for m in story.members))
    docs = {d.id: d for d in store.documents.iter_all(ids)}
    return story, [docs[i] for i in ids if i in docs]


def draft_summary(store, settings: Settings, story_id: str, opts: SummaryOptions | None = None, *,
                  llm_url: str | None = None, llm_model: str | None = None, actor: str = "lagebild") -> Summary:
    """A new draft version for the story (extractive, or through the LLM endpoint when one is
    given or configured); earlier versions, reviewed or not, stay untouched."""
    story, docs = story_and_documents(store, story_id)
    url = llm_url or settings.llm_url
    if url:
        from lagebild.tell.llm import LLMSummarizer

        summary = LLMSummarizer(url, llm_model or settings.llm_model).summarize(docs, story.id, story.members, opts)
    else:
        summary = summarize(docs, story.id, story.members, opts)
    return store.reviews.save_draft(summary.model_copy(update={"created_by": actor}), actor=actor,
                                    covered_until=covered_until(docs, story.members), doc_ids=[d.id for d in docs])


def edit_sentences(store, summary: Summary, texts: list[str]):
    """The editor's text as SummarySentences, changed sentences re-aligned against the story's
    source sentences (lagebild.tell.review.edited_sentences)."""
    from lagebild.tell.review import edited_sentences
    from lagebild.tell.summary import rank

    try:
        story, docs = story_and_documents(store, summary.story_id)
        pool = [c for c, _ in rank(docs, story.members)]
    except StoryNotFound:
        pool = []
    return edited_sentences(summary, texts, pool)


def story_whats_new(store, story_id: str, since: datetime | None = None,
                    opts: SummaryOptions | None = None) -> WhatsNew:
    """New since ``since``, or else since the story's last publication (everything if none)."""
    story, docs = story_and_documents(store, story_id)
    told: list[str] = []
    known: set[str] = set()
    if since is None:
        since, told, known = since_last_publication(store, story_id)
    return whats_new(docs, story.id, since, members=story.members, told=told, known_docs=known, opts=opts)


def story_board(store, story_id: str) -> list[BoardEntry]:
    _, docs = story_and_documents(store, story_id)
    return claim_board(store.stories.claim_groups(story_id), {d.id: d for d in docs})


def story_report(store, story_id: str, summary_id: str | None = None) -> StoryReport:
    """Everything an export holds; the summary is the given one, else the newest published,
    else the newest version of any status."""
    story, docs = story_and_documents(store, story_id)
    summary = None
    if summary_id is not None:
        summary = store.reviews.get(summary_id)
    else:
        versions = store.reviews.list(story_id)
        published = [s for s in versions if s.status == "published"]
        summary = (published or versions or [None])[-1]
    from lagebild.tell.timeline import story_timeline

    return StoryReport(story=story, documents=docs, summary=summary, timeline=story_timeline(docs),
                       board=claim_board(store.stories.claim_groups(story_id), {d.id: d for d in docs}))
