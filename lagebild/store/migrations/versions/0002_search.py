"""Full-text search: SQLite FTS5 over Snowball-stemmed text; PostgreSQL 'german' GIN index.

Revision ID: 0002_search
Revises: 0001_initial
"""
from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0002_search"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        # FTS5 has no German stemmer: lagebild.store.search stores stems, and stems queries alike
        op.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
            "doc_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
        _index_existing(bind)
    elif bind.dialect.name == "postgresql":
        # must be the very expression lagebild.store.search queries, or the index is not used
        op.execute(
            "CREATE INDEX IF NOT EXISTS ix_documents_fulltext ON documents "
            "USING gin (to_tsvector('german', coalesce(title, '') || ' ' || text))"
        )


def _index_existing(bind) -> None:
    """Index documents stored before this revision, the way lagebild.store.search does
    (a frozen copy: migrations do not import live modules)."""
    import Stemmer

    stem = Stemmer.Stemmer("german").stemWords
    word = re.compile(r"\w+", re.UNICODE)

    def stems(value: str | None) -> str:
        return " ".join(stem([w.lower() for w in word.findall(value or "")]))

    rows = bind.execute(sa.text("SELECT id, title, text FROM documents")).all()
    for doc_id, title, body in rows:
        bind.execute(
            sa.text("INSERT INTO documents_fts (doc_id, title, body) VALUES (:id, :title, :body)"),
            {"id": doc_id, "title": stems(title), "body": stems(body)},
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS documents_fts")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_documents_fulltext")
