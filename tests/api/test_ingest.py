"""Ingest over HTTP runs the real Engine (pipeline + DocumentRepo)."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from tests.api.conftest import bearer

TEXT = ("Grimma, 5. März 2026. Nach dem Hochwasser an der Mulde hat die Stadtverwaltung am Donnerstag eine erste "
        "Bilanz gezogen. Bürgermeisterin Katrin Albers sagte, die Schäden lägen bei etwa zwölf Millionen Euro. "
        "Rund 200 Keller seien noch überflutet.")


@pytest.fixture
def page_server():
    """A loopback HTTP server with one German article."""
    body = f"<html><head><title>Bilanz nach dem Hochwasser</title></head><body><article><h1>Bilanz nach dem " \
           f"Hochwasser</h1><p>{TEXT}</p></article></body></html>".encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            if self.path == "/artikel":
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_error(404)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_upload_ingests_and_is_idempotent(client, secrets_by_role):
    files = {"file": ("bilanz.txt", TEXT.encode(), "text/plain")}
    r = client.post("/api/documents", files=files, data={"source": "Stadtanzeiger"},
                    headers=bearer(secrets_by_role["analyst"]))
    assert r.status_code == 201, r.text
    [doc] = r.json()["documents"]
    assert doc["stored"] and doc["source"] == "Stadtanzeiger" and doc["name"] == "bilanz"
    stored = client.get(f"/api/documents/{doc['id']}").json()
    assert "zwölf Millionen Euro" in stored["text"] and stored["sentences"]
    again = client.post("/api/documents", files=files, headers=bearer(secrets_by_role["analyst"])).json()
    assert again["documents"][0]["id"] == doc["id"] and again["documents"][0]["stored"] is False
    assert client.get("/api/documents").json()["total"] == 1
    # search finds it through the index the repo keeps in sync
    assert client.get("/api/search", params={"q": "Kellern"}).json()["total"] == 1


def test_upload_refuses_empty_and_too_large(client, settings, secrets_by_role):
    h = bearer(secrets_by_role["analyst"])
    r = client.post("/api/documents", files={"file": ("leer.txt", b"  \n", "text/plain")}, headers=h)
    assert r.status_code == 422 and "empty" in r.json()["detail"]
    big = b"x" * (settings.max_document_bytes + 10)
    r = client.post("/api/documents", files={"file": ("gross.txt", big, "text/plain")}, headers=h)
    assert r.status_code == 413
    assert client.get("/api/documents").json()["total"] == 0


def test_ingest_by_url(client, page_server, secrets_by_role):
    h = bearer(secrets_by_role["analyst"])
    r = client.post("/api/documents/url", json={"url": page_server + "/artikel", "source": "Testseite"}, headers=h)
    assert r.status_code == 201, r.text
    [doc] = r.json()["documents"]
    assert doc["url"] == page_server + "/artikel"
    assert "Keller" in client.get(f"/api/documents/{doc['id']}").json()["text"]
    r = client.post("/api/documents/url", json={"url": page_server + "/fehlt"}, headers=h)
    assert r.status_code == 422 and "404" in r.json()["detail"]
    r = client.post("/api/documents/url", json={"url": "ftp://example.org/x"}, headers=h)
    assert r.status_code == 422


def test_unreachable_addresses_fail_with_the_reason(client, secrets_by_role):
    """No network here: an unknown host and a closed port are refused with a message, nothing stored."""
    import socket

    h = bearer(secrets_by_role["analyst"])
    r = client.post("/api/documents/url", json={"url": "http://lagebild-test.invalid/artikel"}, headers=h)
    assert r.status_code == 422
    assert "lagebild-test.invalid" in r.json()["detail"] and "cannot fetch" in r.json()["detail"]
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    r = client.post("/api/documents/url", json={"url": f"http://127.0.0.1:{closed}/x"}, headers=h)
    assert r.status_code == 422 and "cannot fetch" in r.json()["detail"]
    assert client.get("/api/documents").json()["total"] == 0


def test_ingested_documents_join_stories(client, page_server, secrets_by_role):
    h = bearer(secrets_by_role["analyst"])
    r = client.post("/api/documents/url", json={"url": page_server + "/artikel"}, headers=h)
    assert r.status_code == 201, r.text
    [story_id] = r.json()["stories"]
    story = client.get(f"/api/stories/{story_id}").json()
    assert [d["id"] for d in story["documents"]] == [r.json()["documents"][0]["id"]]
    # the same text again is "present": no new story work
    again = client.post("/api/documents/url", json={"url": page_server + "/artikel"}, headers=h).json()
    assert again["documents"][0]["stored"] is False and again["stories"] == []
    # connect=false stores without assigning
    files = {"file": ("bilanz.txt", TEXT.encode(), "text/plain")}
    r = client.post("/api/documents", files=files, data={"connect": "false"}, headers=h)
    assert r.status_code == 201 and r.json()["stories"] == []
    assert client.get("/api/stories").json()["total"] == 1


def test_a_caller_time_with_an_offset_still_joins_stories(client, page_server, secrets_by_role):
    """The page's time comes from its text (naive local time), the upload's from the caller with
    an offset: both reach connect, which cannot compare the two kinds unless they are made alike."""
    h = bearer(secrets_by_role["analyst"])
    first = client.post("/api/documents/url", json={"url": page_server + "/artikel"}, headers=h).json()
    assert first["stories"] and not first["errors"]
    files = {"file": ("nachtrag.txt", ("Grimma. Die Stadt Grimma beziffert die Schäden an der Mulde nun auf "
                                       "etwa 15 Millionen Euro. Noch immer sind Keller überflutet.").encode(), "text/plain")}
    r = client.post("/api/documents", files=files, data={"published": "2026-03-06T09:00:00+01:00"}, headers=h)
    assert r.status_code == 201 and r.json()["errors"] == [] and r.json()["stories"], r.text
    # stored as given (08:00 UTC)
    assert r.json()["documents"][0]["published"] == "2026-03-06T08:00:00Z"
