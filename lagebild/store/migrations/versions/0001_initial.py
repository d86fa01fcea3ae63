"""Initial schema: documents with their index rows, entities, stories, duplicates,
claim groups, summaries, the append-only review log, publications and API tokens.

A frozen copy of ``lagebild/store/schema.py`` as it was at this revision (migrations
never import the live schema, so later schema edits need a new revision).

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

APPEND_ONLY_MESSAGE = "review_events is append-only"


def _index(table: str, *columns: str, name: str | None = None, unique: bool = False) -> None:
    op.create_index(name or f"ix_{table}_{'_'.join(columns)}", table, list(columns), unique=unique)


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(512), nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("source", sa.String(256)),
        sa.Column("published", sa.DateTime),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("raw", sa.LargeBinary, nullable=False),
        sa.Column("encoding", sa.String(64), nullable=False),
        sa.Column("original_text", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("meta", sa.JSON, nullable=False),
        sa.Column("layers", sa.JSON, nullable=False),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
    )
    for col in ("name", "source", "published", "ingested_at"):
        _index("documents", col)

    op.create_table(
        "entities",
        sa.Column("id", sa.String(256), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.String(8), nullable=False),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.Column("roles", sa.JSON, nullable=False),
    )
    _index("entities", "type")

    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(32), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("entity_id", sa.String(256)),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("label", sa.String(8), nullable=False),
    )
    _index("mentions", "doc_id")
    _index("mentions", "entity_id")
    _index("mentions", "doc_id", "entity_id", name="ix_mentions_doc_entity")

    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(32), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("speaker", sa.Text),
        sa.Column("speaker_entity_id", sa.String(256)),
    )
    _index("quotes", "doc_id")
    _index("quotes", "speaker_entity_id")

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(32), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("value_high", sa.Float),
        sa.Column("unit", sa.Text),
        sa.Column("qualifier", sa.String(64)),
        sa.Column("event", sa.String(64)),
        sa.Column("source", sa.Text),
        sa.Column("as_of", sa.String(32)),
        sa.Column("key", sa.String(256)),
    )
    _index("claims", "doc_id")
    _index("claims", "key")

    op.create_table(
        "stories",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("label", sa.Text),
        sa.Column("first_time", sa.DateTime),
        sa.Column("last_time", sa.DateTime),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("state", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    _index("stories", "first_time")
    _index("stories", "last_time")

    op.create_table(
        "story_members",
        sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
        sa.Column("doc_id", sa.String(32), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("segment", sa.Integer, nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("assigned_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("doc_id", "segment"),
    )
    _index("story_members", "story_id")

    op.create_table(
        "duplicates",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("a_doc", sa.String(32), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("a_start", sa.Integer),
        sa.Column("a_end", sa.Integer),
        sa.Column("b_doc", sa.String(32), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("b_start", sa.Integer),
        sa.Column("b_end", sa.Integer),
        sa.Column("score", sa.Float, nullable=False),
        sa.UniqueConstraint("level", "a_doc", "a_start", "b_doc", "b_start", name="uq_duplicate_link"),
    )
    _index("duplicates", "a_doc")
    _index("duplicates", "b_doc")

    op.create_table(
        "claim_groups",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("story_id", sa.String(64)),
        sa.Column("key", sa.String(256), nullable=False),
        sa.Column("label", sa.Text),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    _index("claim_groups", "story_id")
    _index("claim_groups", "key")

    op.create_table(
        "summaries",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("story_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("method", sa.String(32), nullable=False),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("parent_id", sa.String(64)),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.UniqueConstraint("story_id", "version", name="uq_summary_version"),
    )
    _index("summaries", "story_id")
    _index("summaries", "status")

    op.create_table(
        "review_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("summary_id", sa.String(64), nullable=False),
        sa.Column("from_status", sa.String(16)),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("diff", sa.Text),
        sa.Column("note", sa.Text),
    )
    _index("review_events", "summary_id")

    op.create_table(
        "publications",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("story_id", sa.String(64), nullable=False),
        sa.Column("summary_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("markdown", sa.Text, nullable=False),
        sa.Column("json", sa.JSON, nullable=False),
        sa.Column("published_at", sa.DateTime, nullable=False),
        sa.Column("published_by", sa.String(128), nullable=False),
        sa.UniqueConstraint("story_id", "version", name="uq_publication_version"),
    )
    _index("publications", "story_id")

    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(128), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("token_hash", sa.String(128), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime),
    )

    _append_only_review_events()


def _append_only_review_events() -> None:
    """The review log is an audit trail: the database itself refuses UPDATE and DELETE."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER review_events_no_{action.lower()} BEFORE {action} ON review_events "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION review_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END $$"
        )
        op.execute(
            "CREATE TRIGGER review_events_no_change BEFORE UPDATE OR DELETE ON review_events "
            "FOR EACH ROW EXECUTE FUNCTION review_events_append_only()"
        )
        op.execute(
            "CREATE TRIGGER review_events_no_truncate BEFORE TRUNCATE ON review_events "
            "FOR EACH STATEMENT EXECUTE FUNCTION review_events_append_only()"
        )
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(f"append-only triggers for {dialect}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS review_events_no_truncate ON review_events")
        op.execute("DROP TRIGGER IF EXISTS review_events_no_change ON review_events")
        op.execute("DROP FUNCTION IF EXISTS review_events_append_only()")
    for table in (
        "api_tokens", "publications", "review_events", "summaries", "claim_groups", "duplicates",
        "story_members", "stories", "claims", "quotes", "mentions", "entities", "documents",
    ):
        op.drop_table(table)
