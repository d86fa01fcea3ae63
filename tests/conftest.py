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


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A fresh, empty database per test: a SQLite file, and PostgreSQL when LAGEBILD_TEST_PG is set."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'lagebild.db'}"
        return
    if not os.environ.get(PG_ENV):
        pytest.skip(f"PostgreSQL tests skipped: {PG_ENV} is not set (.ci/run starts a server and sets it)")
    url = create_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(url)
