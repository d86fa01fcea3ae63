"""Relational schema shared by SQLite and PostgreSQL (SQLAlchemy Core).

Alembic migrations under ``lagebild/store/migrations`` create exactly these
tables; change the schema only through a new migration revision.
"""
from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(32), primary_key=True),  # sha256(raw)[:16]
    Column("name", String(512), nullable=False, index=True),
    Column("origin", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("url", Text),
    Column("source", String(256), index=True),
    Column("published", DateTime, index=True),
    Column("kind", String(32), nullable=False),
    Column("title", Text),
    Column("raw", LargeBinary, nullable=False),
    Column("encoding", String(64), nullable=False),
    Column("original_text", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("meta", JSON, nullable=False),
    Column("layers", JSON, nullable=False),  # removed, segments, sentences, mentions, quotes, claims, times, stages
    Column("ingested_at", DateTime, nullable=False, index=True),
)

entities = Table(
    "entities",
    metadata,
    Column("id", String(256), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(8), nullable=False, index=True),
    Column("aliases", JSON, nullable=False),
    Column("roles", JSON, nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("entity_id", String(256), index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("label", String(8), nullable=False),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("speaker", Text),
    Column("speaker_entity_id", String(256), index=True),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", Float, nullable=False),
    Column("value_high", Float),
    Column("unit", Text),
    Column("qualifier", String(64)),
    Column("event", String(64)),
    Column("source", Text),
    Column("as_of", String(32)),
    Column("key", String(256), index=True),
)

# Story times (first_time, last_time, story_members.report_time) are naive UTC like
# documents.published; a local midnight (a report dated by day only) stays 00:00 unshifted.
# lagebild.store.stories converts from and to the clusterer's naive local time.
stories = Table(
    "stories",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("label", Text),
    Column("first_time", DateTime, index=True),
    Column("last_time", DateTime, index=True),
    Column("size", Integer, nullable=False, default=0),
    Column("state", JSON, nullable=False),  # clustering state (centroids, entity counts)
    Column("created_at", DateTime, nullable=False),
)

story_members = Table(
    "story_members",
    metadata,
    Column("story_id", String(64), ForeignKey("stories.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, primary_key=True),
    Column("segment", Integer, nullable=False, primary_key=True),  # -1: whole document; else liveblog entry index
    Column("score", Float),
    Column("assigned_at", DateTime, nullable=False),  # when it joined the story (naive UTC)
    Column("report_time", DateTime),  # the report's own time (naive UTC); NULL: the report has none
)

duplicates = Table(
    "duplicates",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("level", String(16), nullable=False),  # "exact" | "document" | "passage"
    Column("a_doc", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("a_start", Integer),
    Column("a_end", Integer),
    Column("b_doc", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("b_start", Integer),
    Column("b_end", Integer),
    Column("score", Float, nullable=False),
    UniqueConstraint("level", "a_doc", "a_start", "b_doc", "b_start", name="uq_duplicate_link"),
)

claim_groups = Table(
    "claim_groups",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("story_id", String(64), index=True),
    Column("key", String(256), nullable=False, index=True),
    Column("label", Text),
    Column("data", JSON, nullable=False),  # members with readings (update / consistent / contradiction) + reasoning
    Column("updated_at", DateTime, nullable=False),
)

summaries = Table(
    "summaries",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("story_id", String(64), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("status", String(16), nullable=False, index=True),  # draft|in_review|approved|edited|rejected|published
    Column("method", String(32), nullable=False),
    Column("content", JSON, nullable=False),  # sentences with citations
    Column("parent_id", String(64)),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(128), nullable=False),
    UniqueConstraint("story_id", "version", name="uq_summary_version"),
)

review_events = Table(  # append-only audit log (triggers refuse UPDATE/DELETE)
    "review_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("summary_id", String(64), nullable=False, index=True),
    Column("from_status", String(16)),
    Column("to_status", String(16), nullable=False),
    Column("actor", String(128), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("diff", Text),
    Column("note", Text),
)

publications = Table(
    "publications",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("story_id", String(64), nullable=False, index=True),
    Column("summary_id", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("markdown", Text, nullable=False),
    Column("json", JSON, nullable=False),
    Column("published_at", DateTime, nullable=False),
    Column("published_by", String(128), nullable=False),
    UniqueConstraint("story_id", "version", name="uq_publication_version"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(128), nullable=False, unique=True),
    Column("role", String(16), nullable=False),  # analyst | editor | admin
    Column("token_hash", String(128), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
    Column("revoked_at", DateTime),
)

Index("ix_mentions_doc_entity", mentions.c.doc_id, mentions.c.entity_id)
