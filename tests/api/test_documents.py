"""Documents, entities, quotes and claims through the real app on real storage."""
from __future__ import annotations


def test_list_pages_and_orders_newest_first(client, corpus):
    r = client.get("/api/documents", params={"limit": 2})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 3 and len(body["items"]) == 2
    assert [d["name"] for d in body["items"]] == ["hochwasser-3", "hochwasser-2"]
    nxt = client.get("/api/documents", params={"limit": 2, "offset": 2}).json()
    assert [d["name"] for d in nxt["items"]] == ["hochwasser-1"]


def test_filters_by_time_source_and_entity(client, corpus):
    since = client.get("/api/documents", params={"since": "2026-03-03T00:00:00"}).json()
    assert {d["name"] for d in since["items"]} == {"hochwasser-2", "hochwasser-3"}
    until = client.get("/api/documents", params={"until": "2026-03-02T23:59:00"}).json()
    assert [d["name"] for d in until["items"]] == ["hochwasser-1"]
    src = client.get("/api/documents", params={"source": "Landesfunk"}).json()
    assert {d["name"] for d in src["items"]} == {"hochwasser-1", "hochwasser-3"}
    # "Mulde" is named in documents 1 and 3 only
    ent = client.get("/api/documents", params={"entity": "loc-mulde"}).json()
    assert {d["name"] for d in ent["items"]} == {"hochwasser-1", "hochwasser-3"}
    assert client.get("/api/documents", params={"entity": "per-niemand"}).json()["total"] == 0


def test_one_document_with_all_layers(client, corpus):
    doc = corpus.docs[0]
    r = client.get(f"/api/documents/{doc.id}")
    assert r.status_code == 200
    body = r.json()
    assert body["text"] == doc.text
    assert body["meta"]["source"] == "Landesfunk"
    assert len(body["sentences"]) == 3
    quote = body["quotes"][0]
    assert body["text"][quote["start"]:quote["end"]] == "Wir evakuieren die Altstadt vorsorglich."
    claim = body["claims"][0]
    assert claim["value"] == 400 and body["text"][claim["start"]:claim["end"]] == "rund 400 Helfer"
    assert {m["entity_id"] for m in body["mentions"]} >= {"loc-grimma", "per-katrin-albers"}
    assert "raw" not in body


def test_missing_things_are_404_with_a_message(client, corpus):
    for path in ("/api/documents/0000000000000000", "/api/stories/nope", "/api/summaries/nope",
                 "/api/entities/nope", "/api/stories/nope/timeline"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "not found" in r.json()["detail"]


def test_bad_parameters_are_422_with_a_message(client, corpus):
    r = client.get("/api/documents", params={"limit": 0})
    assert r.status_code == 422 and "limit" in r.json()["detail"]
    r = client.get("/api/documents", params={"since": "gestern"})
    assert r.status_code == 422 and "since" in r.json()["detail"]
    r = client.get("/api/documents", params={"kind": "roman"})
    assert r.status_code == 422


def test_entities_quotes_claims(client, corpus):
    ents = client.get("/api/entities").json()
    by_id = {e["id"]: e for e in ents["items"]}
    assert by_id["loc-grimma"]["documents"] == 3
    assert by_id["per-katrin-albers"]["mentions"] == 3
    assert client.get("/api/entities", params={"type": "PER"}).json()["total"] == 1
    detail = client.get("/api/entities/per-katrin-albers").json()
    assert detail["name"] == "Katrin Albers" and len(detail["quotes"]) == 2

    quotes = client.get("/api/quotes", params={"speaker": "Albers"}).json()
    assert quotes["total"] == 2
    assert {q["text"] for q in quotes["items"]} == {"Wir evakuieren die Altstadt vorsorglich.", "Das Schlimmste ist überstanden"}

    claims = client.get("/api/claims", params={"key": "helfer|einsatz"}).json()
    assert [c["value"] for c in claims["items"]] == [300, 650, 400]  # newest report first
    assert claims["items"][0]["doc_source"] == "Landesfunk"


def test_openapi_is_published(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/stories/{story_id}", "/api/search",
                 "/api/summaries/{summary_id}/transitions", "/api/summaries/{summary_id}/publish"):
        assert path in spec["paths"], path
