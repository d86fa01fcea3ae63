"""Full-text search (SQLite FTS5 over Snowball stems, or PostgreSQL 'german' full text)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from lagebild.api import models as m
from lagebild.api import queries as q
from lagebild.api.auth import can_read
from lagebild.api.routers.common import EntityId, Limit, Offset, Since, Source, Until
from lagebild.api.service import store_of
from lagebild.store import search as fts

router = APIRouter(prefix="/api/search", tags=["search"], dependencies=[can_read])


def run_search(request: Request, query: str, limit: int, offset: int, any_word: bool = False,
               filters: fts.DocFilter | None = None) -> m.SearchPage:
    with store_of(request).db.connect() as conn:
        total, hits = fts.search(conn, query, limit=limit, offset=offset, any_word=any_word, filters=filters)
        if total == 0 and not any_word and len(fts.WORD.findall(query)) > 1:
            # nothing has every word: show what has some of them, and say so
            any_word = True
            total, hits = fts.search(conn, query, limit=limit, offset=offset, any_word=True, filters=filters)
        rows = {}
        for h in hits:
            row = q.document_row(conn, h.doc_id)
            if row:
                rows[h.doc_id] = row
    items = [
        m.SearchHitOut(
            doc_id=h.doc_id, score=h.score, title=rows[h.doc_id]["title"], name=rows[h.doc_id]["name"],
            source=rows[h.doc_id]["source"], published=rows[h.doc_id]["published"],
            snippet=fts.snippet(rows[h.doc_id]["text"], query),
        )
        for h in hits
        if h.doc_id in rows
    ]
    return m.SearchPage(total=total, limit=limit, offset=offset, items=items, any_word=any_word)


@router.get("", response_model=m.SearchPage)
def search(request: Request, q_: Annotated[str, Query(alias="q", min_length=1, max_length=500)],
           limit: Limit = 20, offset: Offset = 0,
           any_word: Annotated[bool, Query(description="match documents with any of the words")] = False,
           source: Source = None, since: Since = None, until: Until = None, entity: EntityId = None):
    """Full text with German stemming. All words must occur; when no document has all of them,
    documents with some are returned and ``any_word`` is true in the answer. ``source``,
    ``since`` / ``until`` (publication, else ingest time) and ``entity`` narrow the reports."""
    filters = fts.DocFilter(source=q.clean(source), since=q.naive_utc(since), until=q.naive_utc(until),
                            entity=q.clean(entity))
    return run_search(request, q_, limit, offset, any_word, filters)
