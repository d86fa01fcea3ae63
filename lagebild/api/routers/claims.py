"""Numeric claims across documents, filterable by quantity key, unit and document."""
from __future__ import annotations

from fastapi import APIRouter, Request

from lagebild.api import models as m
from lagebild.api import queries as q
from lagebild.api.auth import can_read
from lagebild.api.routers.common import EntityId, Limit, Offset, ShortText, Since, Until, Source
from lagebild.api.service import store_of

router = APIRouter(prefix="/api/claims", tags=["claims"], dependencies=[can_read])


@router.get("", response_model=m.Page[m.ClaimOut])
def list_claims(request: Request, limit: Limit = 50, offset: Offset = 0, key: ShortText = None,
                unit: ShortText = None, doc_id: ShortText = None, since: Since = None, until: Until = None,
                source: Source = None, entity: EntityId = None):
    """Figures, newest report first. ``source`` is the publishing source of the report (each item's
    ``source`` is whom the figure is attributed to); ``entity``: figures from reports naming it."""
    with store_of(request).db.connect() as conn:
        total, rows = q.list_claims(conn, limit=limit, offset=offset, key=key, unit=unit, doc_id=doc_id,
                                    since=since, until=until, source=source, entity=entity)
    return m.Page(total=total, limit=limit, offset=offset, items=[m.ClaimOut(**r) for r in rows])
