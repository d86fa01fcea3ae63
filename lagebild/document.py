"""Typed data objects passed between pipeline stages.

Every object is immutable (frozen pydantic models): a stage returns a new
``Document`` via ``doc.model_copy(update=...)`` instead of mutating its input.
All spans are character offsets into ``Document.text`` (the cleaned text)
unless a field says otherwise, so later stages and the UI can cite exact spans.
"""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


DocumentKind = Literal["liveblog", "agency_wire", "ai_summary", "republished", "article"]
InputFormat = Literal["text", "html", "feed", "jsonl"]
EntityType = Literal["PER", "ORG", "LOC", "MISC"]
Granularity = Literal["minute", "day", "month", "year"]


class RawDocument(Frozen):
    """One document as it arrived, before decoding. ``content`` is kept verbatim."""

    content: bytes = Field(repr=False)
    origin: str  # path, URL, "stdin", "feed.xml#3", "batch.jsonl:12": names the document in errors
    format: InputFormat = "text"
    name: str | None = None  # human handle, e.g. the file stem "000_5e518155fb4ba7bc"
    url: str | None = None
    source: str | None = None  # publisher / site as given by the caller or the feed
    published: datetime | None = None  # given by the caller, a feed or a JSONL record
    published_from: str | None = None  # who gave ``published``: "caller", "feed", "jsonl"
    title: str | None = None


class Removed(Frozen):
    """Text that cleaning removed, with the rule that removed it (never silent)."""

    text: str
    reason: str  # rule id from the cleaning rules file, e.g. "share_buttons"
    start: int  # offsets into Document.original_text
    end: int


class DocumentMeta(Frozen):
    title: str | None = None
    published: datetime | None = None  # never invented: None when unknown
    published_from: str | None = None  # the evidence, e.g. "Stand: 02.09.2025 10:10 Uhr" or "caller"
    published_precision: Granularity | None = None
    source: str | None = None
    url: str | None = None
    agency: str | None = None  # "dpa-AFX", "Reuters", "AFP" ...
    dateline: list[str] = Field(default_factory=list)  # ["KIEW", "WLADIWOSTOK"]
    source_chain: list[str] = Field(default_factory=list)  # ["nume.ch", "AP"]: republisher first
    kind: DocumentKind = "article"
    language: str | None = None
    author: str | None = None


SegmentKind = Literal["title", "teaser", "liveblog_entry", "subheadline", "paragraph"]


class Segment(Frozen):
    index: int
    kind: SegmentKind
    start: int
    end: int
    parent: int | None = None  # paragraphs inside a liveblog entry point at the entry
    time: datetime | None = None  # liveblog entry time where the page gives one
    headline: str | None = None  # liveblog entry / wire section headline


class Sentence(Frozen):
    index: int
    start: int
    end: int
    segment: int  # index of the innermost segment (paragraph) holding the sentence


class Mention(Frozen):
    start: int
    end: int
    text: str
    label: EntityType
    base: str  # inflection removed: "Putins" -> "Putin"
    entity_id: str | None = None  # canonical entity after resolution
    origin: str = "model"  # "model", "gazetteer", "rule", "title"


class Entity(Frozen):
    """A canonical real-world entity; ``id`` is stable across runs (slug of type + name)."""

    id: str
    name: str
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)  # "Kremlchef", "Nordkoreas Machthaber"


class Quote(Frozen):
    start: int  # span of the quoted words (without quote marks) or of the indirect clause
    end: int
    text: str
    kind: Literal["direct", "indirect", "partial"]
    speaker: str | None = None  # surface form as written ("Kremlsprecher Dmitri Peskow", "er")
    speaker_entity_id: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None  # reporting verb: "sagte", "teilte ... mit"
    sentence: int | None = None


class TimeExpression(Frozen):
    start: int
    end: int
    text: str
    value: str | None = None  # ISO, as precise as the text: "2025-09-02", "2025-09", "2024"
    granularity: Granularity | None = None
    anchor: Literal["absolute", "publication", "entry", "unresolved"] = "unresolved"
    sentence: int | None = None


class Claim(Frozen):
    start: int  # span of the number expression ("rund 15.000 Soldaten")
    end: int
    text: str
    value: float
    value_high: float | None = None  # ranges "50 bis 200"; "50 von 80" stores 80 here with relation="of"
    relation: Literal["point", "range", "of"] = "point"
    unit: str | None = None  # counted thing or unit: "Soldaten", "Quadratkilometer", "Euro"
    subject: str | None = None  # qualifier of the counted thing: "nordkoreanische"
    qualifier: str | None = None  # "rund", "mehr als", "mindestens", "bis zu", "schätzungsweise"
    event: str | None = None  # lemma of the counted event: "töten", "entsenden", "eintreffen"
    source: str | None = None  # attributed source as written
    source_entity_id: str | None = None
    as_of: str | None = None  # ISO date/month/year the figure refers to
    since: str | None = None  # "seit 2024"
    sentence: int | None = None
    key: str | None = None  # normalised quantity key for tracking across documents


class Document(Frozen):
    id: str  # first 16 hex chars of sha256(whitespace-normalised original_text): same article = same id
    name: str
    origin: str
    format: InputFormat
    raw: bytes = Field(repr=False)  # original bytes, verbatim
    encoding: str = "utf-8"
    original_text: str = Field(repr=False)  # decoded (and, for HTML, extracted) text before cleaning
    text: str = Field(default="", repr=False)  # cleaned text: every span points here
    meta: DocumentMeta = Field(default_factory=DocumentMeta)
    removed: list[Removed] = Field(default_factory=list)
    segments: list[Segment] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    times: list[TimeExpression] = Field(default_factory=list)
    stages: list[str] = Field(default_factory=list)  # names of the stages that ran, in order

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]


class IngestError(Exception):
    """A document could not be ingested; the message names the document."""

    def __init__(self, origin: str, reason: str):
        self.origin = origin
        self.reason = reason
        super().__init__(f"{origin}: {reason}")
