"""Glue between HTTP handlers and the rest of lagebild: loads stored objects through
the repositories and runs writes through the Engine / repositories (never re-implemented here)."""
from __future__ import annotations

import threading
from typing import Any

from fastapi import HTTPException, Request

from lagebild.api import models as m
from lagebild.document import Document
from lagebild.story import ClaimGroup, DuplicateLink, StoryMember, Summary, TimelineEvent

_engine_lock = threading.Lock()


def store_of(request: Request):
    return request.app.state.store


def engine_of(request: Request):
    """The Engine, built on first use (it loads the pipeline's models once)."""
    app = request.app
    with _engine_lock:
        if getattr(app.state, "engine", None) is None:
            from lagebild.engine import Engine

            try:
                app.state.engine = Engine(app.state.settings, store=app.state.store)
            except TypeError:  # an Engine that opens its own store from settings.db_url
                app.state.engine = Engine(app.state.settings)
        return app.state.engine


def not_found(what: str, ident: str) -> HTTPException:
    return HTTPException(404, detail=f"{what} {ident!r} not found")


def load_document(store, doc_id: str) -> Document | None:
    doc_id = doc_id.replace("\x00", "")
    if len(doc_id) > 64:
        return None
    return store.documents.get(doc_id)


def doc_summary(row: dict[str, Any]) -> m.DocumentSummaryOut:
    return m.DocumentSummaryOut(**{k: row.get(k) for k in m.DocumentSummaryOut.model_fields})


def document_out(doc: Document) -> m.DocumentOut:
    data = doc.model_dump(exclude={"raw", "original_text"})
    return m.DocumentOut(**{k: data[k] for k in m.DocumentOut.model_fields})


def summary_from_row(row: dict[str, Any]) -> Summary:
    content = row["content"]
    sentences = content.get("sentences", content) if isinstance(content, dict) else content
    return Summary(
        id=row["id"],
        story_id=row["story_id"],
        version=row["version"],
        status=row["status"],
        method=row["method"],
        sentences=sentences or [],
        parent_id=row.get("parent_id"),
        created_at=row.get("created_at"),
        created_by=row.get("created_by") or "lagebild",
    )


def claim_group_from_row(row: dict[str, Any]) -> ClaimGroup:
    data = row["data"] or {}
    if isinstance(data, dict) and "readings" in data:
        payload = {**data, "id": row["id"], "key": row["key"], "label": row.get("label") or data.get("label") or row["key"]}
        payload["story_id"] = row.get("story_id")
        return ClaimGroup.model_validate({k: v for k, v in payload.items() if k in ClaimGroup.model_fields})
    readings = data if isinstance(data, list) else []
    return ClaimGroup(id=row["id"], key=row["key"], label=row.get("label") or row["key"], readings=readings,
                      story_id=row.get("story_id"))


def member_from_row(row: dict[str, Any]) -> StoryMember:
    return StoryMember(doc_id=row["doc_id"], segment=row["segment"], score=row.get("score"), time=row.get("published"))


def duplicate_from_row(row: dict[str, Any]) -> DuplicateLink:
    return DuplicateLink(**row)


def story_timeline(request: Request, story_id: str) -> list[TimelineEvent]:
    """The story's timeline from the tell module (computed from stored documents)."""
    store = store_of(request)
    for name in ("timeline", "get_timeline"):
        fn = getattr(store.stories, name, None)
        if callable(fn):
            try:
                return list(fn(story_id) or [])
            except KeyError:
                return []
    try:
        from lagebild.tell.timeline import build_timeline  # type: ignore
    except ImportError:
        return []
    story = store.stories.get(story_id)
    if story is None:
        return []
    docs = [d for d in (store.documents.get(mb.doc_id) for mb in story.members) if d is not None]
    return list(build_timeline(story, docs))
