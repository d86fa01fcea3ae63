"""Canonical entities with mention counts."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from lagebild.api import models as m
from lagebild.api import queries as q
from lagebild.api.auth import can_read
from lagebild.api.routers.common import Limit, Offset, Since, Source, Until
from lagebild.api.service import doc_summary, not_found, store_of
from lagebild.document import EntityType

router = APIRouter(prefix="/api/entities", tags=["entities"], dependencies=[can_read])


@router.get("", response_model=m.Page[m.EntityOut])
def list_entities(request: Request, limit: Limit = 50, offset: Offset = 0, type: EntityType | None = None,
                  name: Annotated[str | None, Query(alias="q", max_length=256, description="part of the name")] = None,
                  source: Source = None, since: Since = None, until: Until = None):
    """Entities, most mentioned first. With ``source`` / ``since`` / ``until``: the entities named in
    those reports, counted there."""
    with store_of(request).db.connect() as conn:
        total, rows = q.list_entities(conn, limit=limit, offset=offset, type=type, q=name, source=source,
                                      since=since, until=until)
    return m.Page(total=total, limit=limit, offset=offset, items=[m.EntityOut(**r) for r in rows])


@router.get("/{entity_id}", response_model=m.EntityDetailOut, responses={404: {"model": m.ErrorOut}})
def get_entity(request: Request, entity_id: str):
    with store_of(request).db.connect() as conn:
        row = q.entity_row(conn, entity_id)
        if row is None:
            raise not_found("entity", entity_id)
        _, docs = q.list_documents(conn, limit=20, offset=0, entity=row["id"])
        _, quotes = q.list_quotes(conn, limit=50, offset=0, speaker=row["id"])
    return m.EntityDetailOut(
        **row, recent_documents=[doc_summary(d) for d in docs], quotes=[m.QuoteOut(**x) for x in quotes]
    )
