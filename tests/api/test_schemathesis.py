"""Property-based tests of the whole API from its own /openapi.json: no generated request,
valid or not, may produce a server error; valid responses must match the published schema."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance
from starlette.testclient import TestClient

from lagebild.api.app import create_app
from lagebild.config import Settings
from lagebild.store import Store
from tests.api.corpus import store_corpus


@pytest.fixture(scope="module")
def fuzz_env(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}"
    store = Store(url)
    corpus = store_corpus(store)
    editor = store.tokens.create("fuzz-editor", "editor")[0]
    app = create_app(Settings(db_url=url), store)
    yield app, corpus, editor
    store.close()


@pytest.fixture(scope="module")
def api_schema(fuzz_env):
    app, _, _ = fuzz_env
    with TestClient(app):  # runs startup
        pass
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error_anonymous(case):
    # URL ingest would try the network; it is covered by its own tests
    if case.path == "/api/documents/url":
        pytest.skip("needs the network")
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])
    if response.status_code < 400:
        case.validate_response(response, checks=[response_schema_conformance])


@schema.include(method="POST").parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error_as_editor(case, fuzz_env):
    _, _, editor = fuzz_env
    if case.path == "/api/documents/url":
        pytest.skip("needs the network")
    response = case.call(headers={"Authorization": f"Bearer {editor}"})
    case.validate_response(response, checks=[not_a_server_error])
