"""Schema migrations with Alembic, configured in code.

The migration scripts ship inside the package (``lagebild/store/migrations``), so
``upgrade`` works from a source checkout and from an installed wheel alike, for
SQLite and PostgreSQL. No ``alembic.ini`` is needed: the config is built here and
the open connection is handed to ``env.py`` through ``Config.attributes``.
"""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from lagebild.store.db import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# any constant; serialises concurrent upgrades of one PostgreSQL database (several workers starting)
_PG_LOCK_KEY = 7_402_113_355


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(db: Database) -> str | None:
    with db.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db: Database, revision: str = "head") -> None:
    """Bring the database to ``revision`` (default: the newest) in one transaction.

    Several processes may open a new database at once (server workers, a CLI beside the
    server): the first takes a write lock, the others wait for it and then find nothing to do.
    """
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # pysqlite would run each CREATE outside any transaction; BEGIN IMMEDIATE makes the
            # whole migration atomic and holds the write lock from the start (others wait: busy_timeout)
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
        command.upgrade(alembic_config(conn), revision)
        conn.commit()


def downgrade(db: Database, revision: str) -> None:
    with db.begin() as conn:
        command.downgrade(alembic_config(conn), revision)
