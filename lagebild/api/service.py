"""Glue between HTTP handlers and the rest of lagebild: loads stored objects through
the repositories and runs writes through the Engine / repositories (never re-implemented here)."""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from fastapi import HTTPException, Request

from lagebild.api import models as m
from lagebild.document import Document
from lagebild.story import TimelineEvent

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


HEADLINE_CACHE_SIZE = 4096
_headline_lock = threading.Lock()


def add_headlines(request: Request, conn, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sets ``headline`` on story rows (queries.headlines). A story's newest titled report only
    changes when the story gains reports, so results are kept per (id, size, last report time):
    looking them up reads every member row, which a story list should not pay for each time."""
    from lagebild.api import queries as q

    cache: OrderedDict = request.app.state.__dict__.setdefault("headline_cache", OrderedDict())
    keys = {r["id"]: (r["id"], r["size"], r["last_time"]) for r in rows}
    with _headline_lock:
        found = {sid: cache[k] for sid, k in keys.items() if k in cache}
    missing = [sid for sid in keys if sid not in found]
    if missing:
        fresh = q.headlines(conn, missing)
        with _headline_lock:
            for sid in missing:
                found[sid] = cache[keys[sid]] = fresh.get(sid)
            while len(cache) > HEADLINE_CACHE_SIZE:
                cache.popitem(last=False)
    for r in rows:
        r["headline"] = found.get(r["id"])
    return rows


# Computing a timeline loads every member document (about 2-3 ms each: JSON layers and
# validation), the largest cost of a story page's first view. A story's members change its
# version key at once; only re-analysis (rare, an operator's command) waits for the TTL.
TIMELINE_TTL_S = 600.0
TIMELINE_CACHE_SIZE = 1024
_timeline_lock = threading.Lock()


def story_timeline(request: Request, story_id: str, version: tuple = ()) -> list[TimelineEvent]:
    """The story's timeline, computed by the StoryRepo from the stored member documents.

    Results are kept per (story, ``version``), where ``version`` (size, last report time)
    changes whenever the story gains a member; re-analysed documents show up after at most
    TIMELINE_TTL_S."""
    cache: OrderedDict = request.app.state.__dict__.setdefault("timeline_cache", OrderedDict())
    key = (story_id, version)
    now = time.monotonic()
    with _timeline_lock:
        hit = cache.get(key)
        if hit is not None and now - hit[0] < TIMELINE_TTL_S:
            cache.move_to_end(key)
            return hit[1]
    try:
        events = store_of(request).stories.timeline(story_id)
    except KeyError:
        return []
    with _timeline_lock:
        cache[key] = (now, events)
        while len(cache) > TIMELINE_CACHE_SIZE:
            cache.popitem(last=False)
    return events
