"""Fixtures for API tests: the real app on real storage (SQLite in a temp dir, and PostgreSQL
when LAGEBILD_TEST_PG is set), tokens of each role, and a few small hand-written documents."""
from __future__ import annotations

import os
import uuid
from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from lagebild.api.app import create_app
from lagebild.config import Settings
from lagebild.store import Store
from tests.api.corpus import store_corpus
from tests.conftest import _require_pg

# PostgreSQL always appears as a parameter: without LAGEBILD_TEST_PG it is a visible skip with
# a reason (as in the store tests), never silently left out
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _pg_url() -> str:
    """A fresh database on the test PostgreSQL server (dropped afterwards by _drop_pg)."""
    import sqlalchemy as sa

    from lagebild.store.db import normalise_url

    base = os.environ["LAGEBILD_TEST_PG"]
    name = "lagebild_api_" + uuid.uuid4().hex[:10]
    admin = sa.create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.rsplit("/", 1)[0] + "/" + name


def _drop_pg(url: str) -> None:
    import sqlalchemy as sa

    from lagebild.store.db import normalise_url

    base = os.environ["LAGEBILD_TEST_PG"]
    name = url.rsplit("/", 1)[1]
    admin = sa.create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def api_db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'api.db'}"
    else:
        _require_pg()
        url = _pg_url()
        yield url
        _drop_pg(url)


@pytest.fixture
def store(api_db_url):
    st = Store(api_db_url)
    yield st
    st.close()


@pytest.fixture
def settings(api_db_url):
    return Settings(db_url=api_db_url)


@pytest.fixture
def client(settings, store):
    with TestClient(create_app(settings, store)) as c:
        yield c


@pytest.fixture
def secrets_by_role(store):
    return {role: store.tokens.create(f"test-{role}", role)[0] for role in ("analyst", "editor", "admin")}


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def corpus(store):
    """Hand-written documents, a story over them and a draft summary (see corpus.py)."""
    return store_corpus(store)


@pytest.fixture
def now():
    return datetime(2026, 3, 4, 12, 0)
