"""Response and request models of the HTTP API (what /openapi.json publishes).

Layer objects (Mention, Quote, Claim, ...) are the pipeline's own frozen types, so the
API shows exactly what the pipeline produced; only envelopes and pages are defined here.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, Field

from lagebild.document import (
    Claim,
    DocumentMeta,
    Entity,
    InputFormat,
    Mention,
    Quote,
    Removed,
    Segment,
    Sentence,
    TimeExpression,
)
from lagebild.story import ClaimGroup, DuplicateLink, Summary, TimelineEvent

T = TypeVar("T")


def _as_utc(value: datetime | None) -> datetime | None:
    # the database keeps naive UTC; say so on the wire (RFC 3339 needs an offset). Every time the
    # API sends is UTC: story and member times are stored as naive UTC too (lagebild.store.stories,
    # converted from the clusterer's local time), and the routers hand over stored values only.
    # A bare date (published_precision day/month/year) is sent as 00:00Z of that date.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]


class Page(BaseModel, Generic[T]):
    total: int
    limit: int
    offset: int
    items: list[T]


class ErrorOut(BaseModel):
    detail: str


class DocumentSummaryOut(BaseModel):
    id: str
    name: str
    title: str | None = None
    source: str | None = None
    kind: str
    published: UtcDatetime | None = None
    # "minute", or "day"/"month"/"year": a bare date, sent as 00:00Z of that date (not shifted to
    # UTC); show the date only, never the midnight
    published_precision: Literal["minute", "day", "month", "year"] | None = None
    url: str | None = None
    ingested_at: UtcDatetime | None = None


class DocumentOut(BaseModel):
    id: str
    name: str
    origin: str
    format: InputFormat
    encoding: str
    meta: DocumentMeta
    text: str
    removed: list[Removed] = Field(default_factory=list)
    segments: list[Segment] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    times: list[TimeExpression] = Field(default_factory=list)
    stages: list[str] = Field(default_factory=list)


class IngestedDocumentOut(DocumentSummaryOut):
    stored: bool = True  # False: the same text was stored before and was left unchanged


class IngestOut(BaseModel):
    documents: list[IngestedDocumentOut]
    errors: list[str] = Field(default_factory=list)
    stories: list[str] = Field(default_factory=list)  # stories the new documents joined or opened


class IngestUrlIn(BaseModel):
    url: str = Field(min_length=8, max_length=2048, pattern=r"^https?://")
    source: str | None = Field(default=None, max_length=256)
    connect: bool = Field(default=True, description="assign the new documents to stories right away")


class SummarizeIn(BaseModel):
    sentences: int | None = Field(default=6, ge=1, le=30, description="at most this many sentences")
    chars: int | None = Field(default=None, ge=80, le=20_000, description="and/or at most this many characters")


class EntityOut(BaseModel):
    id: str
    name: str
    type: str
    aliases: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    mentions: int = 0
    documents: int = 0


class EntityDetailOut(EntityOut):
    recent_documents: list[DocumentSummaryOut] = Field(default_factory=list)
    quotes: list["QuoteOut"] = Field(default_factory=list)


class QuoteOut(BaseModel):
    doc_id: str
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None = None
    speaker_entity_id: str | None = None
    speaker_name: str | None = None  # canonical name of the speaker entity ("sie" -> "Helena Marquardt")
    published: UtcDatetime | None = None
    source: str | None = None
    doc_title: str | None = None  # title (else name) of the report


class ClaimOut(BaseModel):
    doc_id: str
    start: int
    end: int
    text: str
    value: float
    value_high: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    event: str | None = None
    source: str | None = None
    as_of: str | None = None
    key: str | None = None
    published: UtcDatetime | None = None
    doc_source: str | None = None


class StoryOut(BaseModel):
    id: str
    label: str | None = None
    headline: str | None = None  # title of the newest titled report
    size: int
    first_time: UtcDatetime | None = None
    last_time: UtcDatetime | None = None


class StoryMemberOut(BaseModel):
    doc_id: str
    segment: int = -1  # -1: the whole document; otherwise a liveblog entry's Segment.index
    score: float | None = None
    time: UtcDatetime | None = None  # the report's own time; null when the report has none
    assigned_at: UtcDatetime | None = None  # when it joined the story (arrival, not a report time)


class StoryDetailOut(StoryOut):
    members: list[StoryMemberOut] = Field(default_factory=list)
    documents: list[DocumentSummaryOut] = Field(default_factory=list)
    duplicates: list[DuplicateLink] = Field(default_factory=list)
    claim_groups: list[ClaimGroup] = Field(default_factory=list)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    summaries: list[Summary] = Field(default_factory=list)


class ReviewEventOut(BaseModel):
    summary_id: str
    from_status: str | None = None
    to_status: str
    actor: str
    at: UtcDatetime
    diff: str | None = None
    note: str | None = None


class SummaryDetailOut(BaseModel):
    summary: Summary
    events: list[ReviewEventOut] = Field(default_factory=list)


ReviewAction = Literal["submit", "approve", "edit", "reject"]


class TransitionIn(BaseModel):
    action: ReviewAction
    note: str | None = Field(default=None, max_length=4000)
    # for "edit": the full new list of sentence texts (same order as the summary's sentences)
    sentences: list[str] | None = Field(default=None, max_length=200)


class PublicationOut(BaseModel):
    id: str
    story_id: str
    summary_id: str
    version: int
    markdown: str
    published_at: UtcDatetime
    published_by: str


class SearchHitOut(BaseModel):
    doc_id: str
    score: float
    title: str | None = None
    name: str
    source: str | None = None
    published: UtcDatetime | None = None
    snippet: str


class SearchPage(Page[SearchHitOut]):
    any_word: bool = False  # True: no document had every word; these have some of them


class WhoAmIOut(BaseModel):
    name: str
    role: str


class TokenOut(BaseModel):
    name: str
    role: str
    created_at: UtcDatetime
    revoked_at: UtcDatetime | None = None


class NewTokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=128, pattern=r"\S")
    role: Literal["analyst", "editor", "admin"] = "analyst"


class NewTokenOut(TokenOut):
    secret: str  # shown only in this answer


EntityDetailOut.model_rebuild()
