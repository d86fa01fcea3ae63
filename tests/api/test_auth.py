"""Who may do what: tokens are hashed, writes need a token, only editors review."""
from __future__ import annotations

from sqlalchemy import select

from lagebild.api.app import create_app
from lagebild.config import Settings
from lagebild.store.schema import api_tokens, documents, summaries
from lagebild.store.tokens import hash_secret
from tests.api.conftest import bearer

UPLOAD = {"file": ("notiz.txt", "Kurze Meldung: In Grimma wurde der Katastrophenfall aufgehoben. Die Feuerwehr "
                   "rückte am Abend ab.".encode(), "text/plain")}


def _count(store, table) -> int:
    with store.db.connect() as conn:
        return len(conn.execute(select(table.c.id)).all())


def test_tokens_are_stored_hashed(store):
    secret, info = store.tokens.create("anna", "editor")
    with store.db.connect() as conn:
        row = conn.execute(select(api_tokens).where(api_tokens.c.name == "anna")).mappings().one()
    assert row["token_hash"] == hash_secret(secret) and secret not in str(dict(row))
    assert store.tokens.verify(secret).role == "editor"
    assert store.tokens.verify(secret + "x") is None
    assert store.tokens.revoke("anna") and store.tokens.verify(secret) is None


def test_ingest_without_or_with_a_wrong_token_changes_nothing(client, store, corpus):
    before = _count(store, documents)
    r = client.post("/api/documents", files=UPLOAD)
    assert r.status_code == 401 and "token" in r.json()["detail"]
    assert r.headers["www-authenticate"] == "Bearer"
    r = client.post("/api/documents", files=UPLOAD, headers=bearer("lgb_wrong"))
    assert r.status_code == 401 and r.json()["detail"] == "invalid or revoked token"
    r = client.post("/api/documents", files=UPLOAD, headers={"Authorization": "Basic abc"})
    assert r.status_code == 401 and "Bearer" in r.json()["detail"]
    r = client.post("/api/documents/url", json={"url": "http://127.0.0.1:9/x"})
    assert r.status_code == 401
    assert _count(store, documents) == before


def test_review_needs_an_editor(client, store, corpus, secrets_by_role):
    url = f"/api/summaries/{corpus.summary_id}/transitions"
    r = client.post(url, json={"action": "approve"})
    assert r.status_code == 401
    r = client.post(url, json={"action": "approve"}, headers=bearer(secrets_by_role["analyst"]))
    assert r.status_code == 403 and "analyst" in r.json()["detail"] and "editor" in r.json()["detail"]
    r = client.post(f"/api/summaries/{corpus.summary_id}/publish", headers=bearer(secrets_by_role["analyst"]))
    assert r.status_code == 403
    with store.db.connect() as conn:
        status = conn.execute(select(summaries.c.status).where(summaries.c.id == corpus.summary_id)).scalar()
    assert status == "draft"
    r = client.post(url, json={"action": "submit"}, headers=bearer(secrets_by_role["editor"]))
    assert r.status_code == 200, r.text
    r = client.post(url, json={"action": "approve"}, headers=bearer(secrets_by_role["admin"]))
    assert r.status_code == 200 and r.json()["summary"]["status"] == "approved"


def test_revoked_token_is_refused(client, store, corpus):
    secret, _ = store.tokens.create("temp", "editor")
    store.tokens.revoke("temp")
    r = client.post(f"/api/summaries/{corpus.summary_id}/transitions", json={"action": "approve"},
                    headers=bearer(secret))
    assert r.status_code == 401


def test_closed_reads_need_a_token(api_db_url, store, corpus, secrets_by_role):
    from fastapi.testclient import TestClient

    with TestClient(create_app(Settings(db_url=api_db_url, read_open=False), store)) as closed:
        assert closed.get("/api/documents").status_code == 401
        assert closed.get("/api/documents", headers=bearer(secrets_by_role["analyst"])).status_code == 200
        # the web UI sends people to the login form instead
        r = closed.get("/", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_unknown_role_is_refused(store):
    import pytest

    with pytest.raises(ValueError, match="role"):
        store.tokens.create("x", "superuser")


def test_whoami_and_token_management_by_admins(client, store, secrets_by_role):
    assert client.get("/api/whoami").status_code == 401
    me = client.get("/api/whoami", headers=bearer(secrets_by_role["analyst"])).json()
    assert me == {"name": "test-analyst", "role": "analyst"}
    # editors review, only admins manage tokens
    r = client.post("/api/tokens", json={"name": "anna", "role": "editor"}, headers=bearer(secrets_by_role["editor"]))
    assert r.status_code == 403 and "admin" in r.json()["detail"]
    assert [t.name for t in store.tokens.list()] == [
        "test-analyst", "test-editor", "test-admin"]
    admin = bearer(secrets_by_role["admin"])
    r = client.post("/api/tokens", json={"name": "anna", "role": "editor"}, headers=admin)
    assert r.status_code == 201
    secret = r.json()["secret"]
    assert client.get("/api/whoami", headers=bearer(secret)).json() == {"name": "anna", "role": "editor"}
    listed = client.get("/api/tokens", headers=admin).json()
    assert "anna" in [t["name"] for t in listed] and secret not in str(listed)
    assert client.post("/api/tokens", json={"name": "anna"}, headers=admin).status_code == 409
    assert client.post("/api/tokens", json={"name": "x", "role": "chef"}, headers=admin).status_code == 422
    assert client.delete("/api/tokens/anna", headers=bearer(secrets_by_role["editor"])).status_code == 403
    assert client.delete("/api/tokens/anna", headers=admin).status_code == 204
    assert client.get("/api/whoami", headers=bearer(secret)).status_code == 401
    assert client.delete("/api/tokens/anna", headers=admin).status_code == 404
