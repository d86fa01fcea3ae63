"""Summaries and their review workflow (rules in lagebild.tell.review):
draft -submit-> in_review -approve/reject/edit-> approved/rejected/edited -publish-> published.
Only editors and admins move summaries; every move is recorded by the ReviewRepo."""
from __future__ import annotations

import threading

from fastapi import APIRouter, HTTPException, Request

from lagebild.api import models as m
from lagebild.api import queries as q
from lagebild.api.auth import can_ingest, can_read, can_review
from lagebild.api.review import ReviewRefused, publish, transition
from lagebild.api.service import engine_of, not_found, store_of

router = APIRouter(prefix="/api", tags=["summaries"])
# drafts of one story get consecutive version numbers: one drafting at a time
_draft_lock = threading.Lock()


def _summary(request: Request, summary_id: str):
    summary_id = q.clean(summary_id)
    return store_of(request).reviews.get(summary_id) if len(summary_id) <= 64 else None


@router.get("/stories/{story_id}/summaries", response_model=list[m.Summary], responses={404: {"model": m.ErrorOut}},
            dependencies=[can_read])
def story_summaries(request: Request, story_id: str):
    """All versions of the story's summary, newest first."""
    with store_of(request).db.connect() as conn:
        if q.story_row(conn, story_id) is None:
            raise not_found("story", story_id)
    return list(reversed(store_of(request).reviews.list(story_id=q.clean(story_id))))


def draft(request: Request, story_id: str, opts: m.SummarizeIn, actor: str):
    """A new machine draft of the story's summary (lagebild.tell through the Engine); None when
    the story does not exist. Earlier versions, reviewed or not, stay as they are."""
    from lagebild.tell.llm import LLMError
    from lagebild.tell.service import StoryNotFound

    with store_of(request).db.connect() as conn:
        row = q.story_row(conn, story_id)
    if row is None:
        return None
    try:
        with _draft_lock:
            return engine_of(request).summarize(row["id"], sentences=opts.sentences, chars=opts.chars, actor=actor)
    except StoryNotFound:
        return None
    except LLMError as exc:  # the configured summary endpoint failed
        raise HTTPException(502, detail=f"the summary endpoint failed: {exc}") from None


@router.post("/stories/{story_id}/summaries", response_model=m.Summary, status_code=201,
             responses={**{k: {"model": m.ErrorOut} for k in (401, 403, 404, 502)}})
def draft_summary(request: Request, story_id: str, body: m.SummarizeIn | None = None, token=can_ingest):
    """Draft a new cited summary version of the story (status ``draft``); an editor then reviews it.
    Needs a token (any role)."""
    summary = draft(request, story_id, body or m.SummarizeIn(), actor=token.name)
    if summary is None:
        raise not_found("story", story_id)
    return summary


def summary_detail(request: Request, summary_id: str) -> m.SummaryDetailOut | None:
    summary = _summary(request, summary_id)
    if summary is None:
        return None
    events = store_of(request).reviews.events(summary_id=summary.id)
    return m.SummaryDetailOut(summary=summary, events=[m.ReviewEventOut(**e) for e in events])


@router.get("/summaries/{summary_id}", response_model=m.SummaryDetailOut, responses={404: {"model": m.ErrorOut}},
            dependencies=[can_read])
def get_summary(request: Request, summary_id: str):
    detail = summary_detail(request, summary_id)
    if detail is None:
        raise not_found("summary", summary_id)
    return detail


ERRORS = {401: {"model": m.ErrorOut}, 403: {"model": m.ErrorOut}, 404: {"model": m.ErrorOut}, 409: {"model": m.ErrorOut}}


@router.post("/summaries/{summary_id}/transitions", response_model=m.SummaryDetailOut, responses=ERRORS)
def move_summary(request: Request, summary_id: str, body: m.TransitionIn, token=can_review):
    """submit (draft -> in_review), approve / reject (in_review), edit (in_review or edited; makes a new
    version whose id is returned). Editor or admin token; 409 when the workflow does not allow it."""
    summary = _summary(request, summary_id)
    if summary is None:
        raise not_found("summary", summary_id)
    try:
        new_id = transition(store_of(request), summary, body.action, actor=token.name, note=body.note,
                            sentences=body.sentences)
    except ReviewRefused as exc:
        raise HTTPException(409, detail=str(exc)) from None
    return summary_detail(request, new_id)


@router.post("/summaries/{summary_id}/publish", response_model=m.PublicationOut, status_code=201, responses=ERRORS)
def publish_summary(request: Request, summary_id: str, token=can_review):
    """Publish an approved or edited summary (editor or admin token)."""
    summary = _summary(request, summary_id)
    if summary is None:
        raise not_found("summary", summary_id)
    try:
        row = publish(store_of(request), summary, actor=token.name)
    except ReviewRefused as exc:
        raise HTTPException(409, detail=str(exc)) from None
    return m.PublicationOut(**{k: row[k] for k in m.PublicationOut.model_fields})
