"""Summaries and their review workflow: draft -> in_review -> approved/edited/rejected -> published.
Only editors and admins move summaries; every move is recorded by the ReviewRepo."""
from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from lagebild.api import models as m
from lagebild.api import queries as q
from lagebild.api.auth import can_read, can_review
from lagebild.api.review import ReviewRefused, publish, transition
from lagebild.api.service import not_found, store_of, summary_from_row

router = APIRouter(prefix="/api", tags=["summaries"])


@router.get("/stories/{story_id}/summaries", response_model=list[m.Summary], responses={404: {"model": m.ErrorOut}},
            dependencies=[can_read])
def story_summaries(request: Request, story_id: str):
    with store_of(request).db.connect() as conn:
        if q.story_row(conn, story_id) is None:
            raise not_found("story", story_id)
        return [summary_from_row(r) for r in q.summary_rows(conn, story_id)]


def summary_detail(request: Request, summary_id: str) -> m.SummaryDetailOut | None:
    with store_of(request).db.connect() as conn:
        row = q.summary_row(conn, summary_id)
        if row is None:
            return None
        events = q.review_events(conn, row["id"])
    return m.SummaryDetailOut(summary=summary_from_row(row), events=[m.ReviewEventOut(**e) for e in events])


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
    """submit / approve / edit / reject a summary (editor or admin token)."""
    store = store_of(request)
    with store.db.connect() as conn:
        row = q.summary_row(conn, summary_id)
    if row is None:
        raise not_found("summary", summary_id)
    try:
        new_id = transition(store, summary_from_row(row), body.action, actor=token.name, note=body.note,
                            sentences=body.sentences)
    except ReviewRefused as exc:
        raise HTTPException(409, detail=str(exc)) from None
    return summary_detail(request, new_id)


@router.post("/summaries/{summary_id}/publish", response_model=m.PublicationOut, status_code=201, responses=ERRORS)
def publish_summary(request: Request, summary_id: str, token=can_review):
    """Publish an approved (or edited) summary (editor or admin token)."""
    store = store_of(request)
    with store.db.connect() as conn:
        row = q.summary_row(conn, summary_id)
    if row is None:
        raise not_found("summary", summary_id)
    try:
        publish(store, summary_from_row(row), actor=token.name)
    except ReviewRefused as exc:
        raise HTTPException(409, detail=str(exc)) from None
    with store.db.connect() as conn:
        pubs = [p for p in q.publications(conn, row["story_id"]) if p["summary_id"] == row["id"]]
    if not pubs:
        raise HTTPException(409, detail="publishing did not produce a publication")
    return m.PublicationOut(**pubs[0])
