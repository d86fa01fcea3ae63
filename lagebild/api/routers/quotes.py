"""Quotes across documents, filterable by speaker (entity id or part of the name)."""
from __future__ import annotations

from fastapi import APIRouter, Request

from lagebild.api import models as m
from lagebild.api import queries as q
from lagebild.api.auth import can_read
from lagebild.api.routers.common import EntityId, Limit, Offset, ShortText, Since, Until, Source
from lagebild.api.service import store_of

router = APIRouter(prefix="/api/quotes", tags=["quotes"], dependencies=[can_read])


@router.get("", response_model=m.Page[m.QuoteOut])
def list_quotes(request: Request, limit: Limit = 50, offset: Offset = 0, speaker: ShortText = None,
                doc_id: ShortText = None, since: Since = None, until: Until = None, source: Source = None,
                entity: EntityId = None):
    """Quotes, newest report first. ``speaker``: entity id or part of the speaker's name;
    ``entity``: exactly the quotes attributed to this entity."""
    with store_of(request).db.connect() as conn:
        total, rows = q.list_quotes(conn, limit=limit, offset=offset, speaker=speaker, doc_id=doc_id,
                                    since=since, until=until, source=source, entity=entity)
    return m.Page(total=total, limit=limit, offset=offset, items=[m.QuoteOut(**r) for r in rows])
