"""Stories: list (by recency or size), detail with members, duplicates, claim groups,
timeline and summaries; the timeline on its own."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request

from lagebild.api import models as m
from lagebild.api import queries as q
from lagebild.api.auth import can_read
from lagebild.api.routers.common import EntityId, Limit, Offset, Since, Source, Until
from lagebild.api.service import (
    add_headlines,
    doc_summary,
    not_found,
    store_of,
    story_timeline,
)
from lagebild.store.stories import story_time_to_db
from lagebild.story import TimelineEvent

router = APIRouter(prefix="/api/stories", tags=["stories"], dependencies=[can_read])


@router.get("", response_model=m.Page[m.StoryOut])
def list_stories(request: Request, limit: Limit = 20, offset: Offset = 0,
                 sort: Literal["recent", "size"] = "recent", since: Since = None, until: Until = None,
                 min_size: int = Query(0, ge=0, le=1_000_000), source: Source = None, entity: EntityId = None):
    """Stories by last report (``recent``) or size. ``since`` / ``until``: stories active in that
    range; ``source`` / ``entity``: stories with a report from that source / naming that entity."""
    with store_of(request).db.connect() as conn:
        total, rows = q.list_stories(conn, limit=limit, offset=offset, sort=sort, since=since, until=until,
                                     min_size=min_size, source=source, entity=entity)
        add_headlines(request, conn, rows)
    return m.Page(total=total, limit=limit, offset=offset, items=[m.StoryOut(**r) for r in rows])


def story_detail(request: Request, story_id: str) -> m.StoryDetailOut | None:
    store = store_of(request)
    story = store.stories.get(q.clean(story_id)) if len(story_id) <= 64 else None
    if story is None:
        return None
    doc_ids = list(dict.fromkeys(mb.doc_id for mb in story.members))
    with store.db.connect() as conn:
        row = q.story_row(conn, story.id)
        docs = q.document_summaries(conn, doc_ids)
    ordered = sorted(docs.values(), key=lambda d: (d["published"] is None, d["published"] or 0, d["id"]))
    # links between this story's own documents (a link to an outside document is another story's business)
    dups = [d for d in store.stories.duplicates(doc_ids) if d.a_doc in docs and d.b_doc in docs][:500]
    titled = [d for d in ordered if d["title"]]
    dated = [d for d in titled if d["published"] is not None]
    headline = (dated[-1] if dated else titled[0])["title"] if titled else None
    return m.StoryDetailOut(
        **row,
        headline=headline,
        # Story objects keep the clusterer's local time; the wire gets UTC like every stored time
        members=[m.StoryMemberOut(doc_id=mb.doc_id, segment=mb.segment, score=mb.score,
                                  time=story_time_to_db(mb.time), assigned_at=mb.assigned_at)
                 for mb in story.members],
        documents=[doc_summary(d) for d in ordered],
        duplicates=dups,
        claim_groups=store.stories.claim_groups(story.id),
        timeline=story_timeline(request, story.id, (row["size"], row["last_time"])),
        summaries=list(reversed(store.reviews.list(story_id=story.id))),
    )


@router.get("/{story_id}", response_model=m.StoryDetailOut, responses={404: {"model": m.ErrorOut}})
def get_story(request: Request, story_id: str):
    detail = story_detail(request, story_id)
    if detail is None:
        raise not_found("story", story_id)
    return detail


@router.get("/{story_id}/timeline", response_model=list[TimelineEvent], responses={404: {"model": m.ErrorOut}},
            tags=["timelines"])
def get_timeline(request: Request, story_id: str):
    with store_of(request).db.connect() as conn:
        row = q.story_row(conn, story_id)
    if row is None:
        raise not_found("story", story_id)
    return story_timeline(request, row["id"], (row["size"], row["last_time"]))


@router.get("/{story_id}/claims", response_model=list[m.ClaimGroup], responses={404: {"model": m.ErrorOut}})
def get_claim_groups(request: Request, story_id: str):
    with store_of(request).db.connect() as conn:
        row = q.story_row(conn, story_id)
    if row is None:
        raise not_found("story", story_id)
    return store_of(request).stories.claim_groups(row["id"])


@router.get("/{story_id}/publications", response_model=list[m.PublicationOut], responses={404: {"model": m.ErrorOut}},
            tags=["summaries"])
def get_publications(request: Request, story_id: str):
    with store_of(request).db.connect() as conn:
        row = q.story_row(conn, story_id)
    if row is None:
        raise not_found("story", story_id)
    pubs = reversed(store_of(request).reviews.publications(row["id"]))
    return [m.PublicationOut(**{k: p[k] for k in m.PublicationOut.model_fields}) for p in pubs]
