"""Shared query parameters (paging, time range)."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Query

Limit = Annotated[int, Query(ge=1, le=200, description="page size")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="items to skip")]
Since = Annotated[datetime | None, Query(description="only items at or after this time (ISO 8601)")]
Until = Annotated[datetime | None, Query(description="only items at or before this time (ISO 8601)")]
ShortText = Annotated[str | None, Query(max_length=256)]
Source = Annotated[str | None, Query(max_length=256, description="only reports from this source (exact name)")]
EntityId = Annotated[str | None, Query(max_length=256, description="canonical entity id, e.g. from /api/entities")]
