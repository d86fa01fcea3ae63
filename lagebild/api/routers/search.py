"""Full-text search (SQLite FTS5 over Snowball stems, or PostgreSQL 'german' full text)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from lagebild.api import models as m
from lagebild.api import queries as q
from lagebild.api.auth import can_read
from lagebild.api.routers.common import Limit, Offset
from lagebild.api.service import store_of
from lagebild.store import search as fts

router = APIRouter(prefix="/api/search", tags=["search"], dependencies=[can_read])


def run_search(request: Request, query: str, limit: int, offset: int) -> m.Page[m.SearchHitOut]:
    with store_of(request).db.connect() as conn:
        total, hits = fts.search(conn, query, limit=limit, offset=offset)
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
    return m.Page(total=total, limit=limit, offset=offset, items=items)


@router.get("", response_model=m.Page[m.SearchHitOut])
def search(request: Request, q_: Annotated[str, Query(alias="q", min_length=1, max_length=500)],
           limit: Limit = 20, offset: Offset = 0):
    return run_search(request, q_, limit, offset)
