"""Typed objects of the connect and tell stages (stories, duplicates, claim groups,
timelines, summaries). Frozen like everything in lagebild.document."""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from lagebild.document import Claim, Frozen, Granularity


class StoryMember(Frozen):
    doc_id: str
    segment: int = -1  # -1: the whole document; otherwise a liveblog entry's Segment.index
    score: float | None = None  # similarity to the story when it was assigned
    # the report's own time (publication or liveblog entry time; naive local time like
    # Document.meta.published); None when the report has none: never the time it was clustered
    time: datetime | None = None
    # when lagebild put the report into the story (naive UTC, set by the store): when it
    # *arrived*, never when anything happened
    assigned_at: datetime | None = None


class Story(Frozen):
    id: str
    label: str | None = None  # a few key terms / entities, for humans
    members: list[StoryMember] = Field(default_factory=list)
    first_time: datetime | None = None
    last_time: datetime | None = None


class DuplicateLink(Frozen):
    level: Literal["exact", "document", "passage"]
    a_doc: str
    b_doc: str
    score: float  # estimated Jaccard similarity of shingles, 0..1
    a_start: int | None = None  # passage spans in the documents' cleaned text
    a_end: int | None = None
    b_start: int | None = None
    b_end: int | None = None


class ClaimRef(Frozen):
    doc_id: str
    claim: Claim
    time: datetime | None = None  # when the figure was reported (document / entry time)
    # place in the report's own chronology, for figures with the same report time: liveblog
    # entries without a time of their own are ordered by their place on the page
    position: int = 0


ReadingLabel = Literal["first", "update", "consistent", "contradiction"]


class ClaimReading(Frozen):
    ref: ClaimRef
    label: ReadingLabel
    compared_to: int | None = None  # index of the earlier member this one was compared with
    reasoning: str = ""


class ClaimGroup(Frozen):
    id: str
    key: str  # normalised quantity key, e.g. "soldaten|nordkoreanisch|entsenden"
    label: str  # human: "nordkoreanische Soldaten entsandt"
    readings: list[ClaimReading] = Field(default_factory=list)  # in time order
    story_id: str | None = None


class Source(Frozen):
    """A citation: a span of a stored document's cleaned text."""

    doc_id: str
    start: int
    end: int
    text: str | None = None


class TimelineEvent(Frozen):
    date: str  # ISO, as precise as known: "2025-09-03", "2024-06"
    granularity: Granularity
    text: str  # the sentence (or headline) describing the event
    sources: list[Source] = Field(default_factory=list)


class SummarySentence(Frozen):
    text: str
    citations: list[Source] = Field(default_factory=list)
    supported: bool = True  # False: an abstractive sentence no source sentence supports
    note: str | None = None


SummaryStatus = Literal["draft", "in_review", "approved", "edited", "rejected", "published"]


class Summary(Frozen):
    id: str
    story_id: str
    version: int
    status: SummaryStatus = "draft"
    method: str = "extractive"
    sentences: list[SummarySentence] = Field(default_factory=list)
    parent_id: str | None = None
    created_at: datetime | None = None
    created_by: str = "lagebild"
