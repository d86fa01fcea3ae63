"""Full-text search with German stemming (SQLite FTS5 over Snowball stems / PostgreSQL 'german')."""
from __future__ import annotations

from lagebild.store.search import fts_query, stem_words


def test_query_is_stemmed_and_quoted():
    assert stem_words("Helfern Deiche") == stem_words("Helfer Deich")
    # FTS5 syntax in user input stays literal text
    assert fts_query('Pegel" OR NEAR(') == '"pegel" "or" "near"'
    assert fts_query("  ...  ") is None


def test_inflected_forms_find_each_other(client, corpus):
    # the documents say "Deiche", "Helfer", "gestiegen"; the query uses other forms
    r = client.get("/api/search", params={"q": "Deich"})
    assert r.status_code == 200
    assert [h["doc_id"] for h in r.json()["items"]] == [corpus.docs[1].id]
    hits = client.get("/api/search", params={"q": "Helfern"}).json()
    assert hits["total"] == 3
    both = client.get("/api/search", params={"q": "Pegel Mulde"}).json()
    assert {h["doc_id"] for h in both["items"]} == {corpus.docs[0].id, corpus.docs[2].id}
    assert "Mulde" in both["items"][0]["snippet"]


def test_search_edge_cases_never_fail(client, corpus):
    for q in ("\"", "*", "NEAR(a b)", "AND", "ä" * 400, "\u0000x", "-"):
        r = client.get("/api/search", params={"q": q})
        assert r.status_code == 200, q
    assert client.get("/api/search", params={"q": ""}).status_code == 422


def test_no_document_with_every_word_falls_back_to_any_word(client, corpus):
    # "Deiche" occurs only in report 2, "Entwarnung" only in report 3
    r = client.get("/api/search", params={"q": "Deiche Entwarnung"}).json()
    assert r["any_word"] is True
    assert {h["doc_id"] for h in r["items"]} == {corpus.docs[1].id, corpus.docs[2].id}
    exact = client.get("/api/search", params={"q": "Pegel Mulde"}).json()
    assert exact["any_word"] is False
