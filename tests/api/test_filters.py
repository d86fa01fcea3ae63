"""Filtering by time range, source and entity on every list endpoint where it makes sense
(documents are covered in test_documents.py). Corpus: three flood reports, see corpus.py."""
from __future__ import annotations

from datetime import datetime

from tests.api import wiring
from tests.api.corpus import ENTITIES, make_document


def _other_story(store) -> str:
    """A second story from another source about another place, so filters have something to exclude."""
    doc = make_document("brand-1", "Großbrand in Lagerhalle", "Stadtportal", datetime(2026, 2, 20, 7, 0),
                        "In einer Lagerhalle in Wurzen ist in der Nacht ein Feuer ausgebrochen. Die Feuerwehr war "
                        "mit rund 400 Helfer im Einsatz.")
    wiring.add_document(store, doc, ENTITIES)
    story_id, _ = wiring.story_and_draft(store, [doc])
    return story_id


def test_stories_by_source_entity_and_time(client, store, corpus):
    fire = _other_story(store)
    assert client.get("/api/stories").json()["total"] == 2
    ids = lambda **p: [s["id"] for s in client.get("/api/stories", params=p).json()["items"]]  # noqa: E731
    assert ids(source="Landesfunk") == [corpus.story_id]
    assert ids(source="Stadtportal") == [fire]
    assert ids(source="Niemand") == []
    # "Mulde" is named only in the flood reports; the fire report names the Feuerwehr too
    assert ids(entity="loc-mulde") == [corpus.story_id]
    assert set(ids(entity="org-feuerwehr")) == {corpus.story_id, fire}
    assert ids(until="2026-02-28T00:00:00") == [fire]
    assert ids(since="2026-03-01T00:00:00", source="Stadtportal") == []


def test_story_list_carries_the_newest_headline(client, corpus):
    [story] = client.get("/api/stories").json()["items"]
    assert story["headline"] == "Entwarnung an der Mulde"  # report 3 is the newest
    assert client.get(f"/api/stories/{corpus.story_id}").json()["headline"] == "Entwarnung an der Mulde"


def test_quotes_by_source_entity_and_time(client, corpus):
    get = lambda **p: client.get("/api/quotes", params=p).json()  # noqa: E731
    assert get(source="Landesfunk")["total"] == 2
    assert get(source="Tageszeitung Nord")["total"] == 0
    assert get(entity="per-katrin-albers")["total"] == 2
    assert get(entity="loc-grimma")["total"] == 0  # a place says nothing
    [late] = get(since="2026-03-04T00:00:00")["items"]
    assert late["text"] == "Das Schlimmste ist überstanden"


def test_claims_by_source_entity_and_time(client, store, corpus):
    _other_story(store)
    get = lambda **p: client.get("/api/claims", params=p).json()  # noqa: E731
    assert [c["value"] for c in get(source="Landesfunk")["items"]] == [300, 400]
    assert [c["value"] for c in get(source="Stadtportal")["items"]] == [400]
    # figures from reports that name the Mulde: reports 1 and 3, not the fire
    assert [c["value"] for c in get(entity="loc-mulde")["items"]] == [300, 400]
    assert [c["value"] for c in get(until="2026-03-01T00:00:00")["items"]] == [400]
    assert get(since="2026-03-03T00:00:00", source="Landesfunk")["total"] == 1


def test_entities_by_source_and_time(client, corpus):
    def counts(**p):
        return {e["id"]: e["mentions"] for e in client.get("/api/entities", params=p).json()["items"]}

    assert counts()["loc-mulde"] == 2
    # report 2 (Tageszeitung Nord) names Grimma, the Feuerwehr and Katrin Albers, not the Mulde
    assert counts(source="Tageszeitung Nord") == {"loc-grimma": 1, "org-feuerwehr": 1, "per-katrin-albers": 1}
    assert counts(since="2026-03-04T00:00:00") == {"loc-mulde": 1, "org-feuerwehr": 1, "loc-grimma": 1,
                                                   "per-katrin-albers": 1}
    assert client.get("/api/entities", params={"source": "Niemand"}).json() == {"total": 0, "limit": 50,
                                                                               "offset": 0, "items": []}


def test_search_by_source_entity_and_time(client, store, corpus):
    _other_story(store)
    get = lambda **p: client.get("/api/search", params=p).json()  # noqa: E731
    assert get(q="Helfer")["total"] == 4
    assert {h["doc_id"] for h in get(q="Helfer", source="Landesfunk")["items"]} == {corpus.docs[0].id,
                                                                                    corpus.docs[2].id}
    assert get(q="Helfer", entity="loc-mulde")["total"] == 2
    assert [h["source"] for h in get(q="Helfer", until="2026-02-28T00:00:00Z")["items"]] == ["Stadtportal"]
    narrowed = get(q="Helfer", source="Tageszeitung Nord", since="2026-03-03T00:00:00+01:00")
    assert [h["doc_id"] for h in narrowed["items"]] == [corpus.docs[1].id] and narrowed["total"] == 1
    # the any-word fallback keeps the filters
    fallback = get(q="Deiche Lagerhalle", source="Stadtportal")
    assert fallback["any_word"] is True and [h["source"] for h in fallback["items"]] == ["Stadtportal"]
