"""Session-wide fixtures shared by test packages (keep heavy models loaded once)."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PG_ENV = "LAGEBILD_TEST_PG"  # URL of a PostgreSQL server/database the tests may create databases on


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = (REPO / ".." / "shared").resolve()
    if not path.is_dir():
        pytest.skip("../shared reference data is not available")
    return path


@pytest.fixture(scope="session")
def entity_extractor():
    """The entities stage's extractor (NER model, HanTa, gazetteer), loaded once per session."""
    from lagebild.config import Settings
    from lagebild.understand.entities import EntityExtractor

    return EntityExtractor(Settings())


def create_pg_database(prefix: str = "lagebild_test") -> str:
    """A fresh, empty database on the LAGEBILD_TEST_PG server; returns its URL."""
    import sqlalchemy as sa

    from lagebild.store.db import normalise_url

    base = os.environ[PG_ENV]
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.rsplit("/", 1)[0] + "/" + name


def drop_pg_database(url: str) -> None:
    import sqlalchemy as sa

    from lagebild.store.db import normalise_url

    admin = sa.create_engine(normalise_url(os.environ[PG_ENV]), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()


def empty_pg_database(url: str) -> None:
    """Remove every row from every table (but alembic_version) of a PostgreSQL test database.

    ``session_replication_role = replica`` switches triggers off for this session only, so the
    append-only review log can be emptied too."""
    import sqlalchemy as sa

    from lagebild.store.db import normalise_url

    engine = sa.create_engine(normalise_url(url))
    with engine.begin() as conn:
        tables = conn.execute(sa.text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'alembic_version'"
        )).scalars().all()
        if tables:
            conn.execute(sa.text("SET LOCAL session_replication_role = replica"))
            conn.execute(sa.text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
    engine.dispose()


def _require_pg() -> None:
    if not os.environ.get(PG_ENV):
        pytest.skip(f"PostgreSQL tests skipped: {PG_ENV} is not set (.ci/run starts a server and sets it)")


@pytest.fixture(scope="module")
def _pg_module_database():
    """One PostgreSQL database per test module (creating one per test costs about a second)."""
    if not os.environ.get(PG_ENV):
        yield None
        return
    url = create_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """An empty database per test: a new SQLite file, and PostgreSQL when LAGEBILD_TEST_PG is set
    (the module's database, emptied before each test; the schema stays migrated)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'lagebild.db'}"
        return
    _require_pg()
    url = request.getfixturevalue("_pg_module_database")
    empty_pg_database(url)
    yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def new_db_url(request, tmp_path):
    """A database that has never been opened (no schema yet): for migration tests."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'new.db'}"
        return
    _require_pg()
    url = create_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(url)
