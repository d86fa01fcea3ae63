"""One time convention on the wire: story and member times are UTC like document times
(they were local times labelled "Z"), and the story filters compare the same instants."""
from __future__ import annotations

from datetime import datetime, timedelta

from tests.api.corpus import make_document


def _z(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def test_story_times_and_document_times_agree_on_the_wire(client, corpus):
    docs = {d["id"]: d for d in client.get("/api/documents").json()["items"]}
    newest, oldest = corpus.docs[2], corpus.docs[0]
    assert docs[newest.id]["published"] == "2026-03-04T08:15:00Z"  # 09:15 in Berlin (CET)
    [story] = client.get("/api/stories").json()["items"]
    assert story["last_time"] == docs[newest.id]["published"]
    assert story["first_time"] == docs[oldest.id]["published"]
    detail = client.get(f"/api/stories/{corpus.story_id}").json()
    assert detail["last_time"] == story["last_time"]
    for member in detail["members"]:
        assert member["time"] == docs[member["doc_id"]]["published"]
        assert member["assigned_at"].endswith("Z")


def test_story_since_and_until_filter_on_the_same_instants(client, corpus):
    [story] = client.get("/api/stories").json()["items"]
    last, first = _z(story["last_time"]), _z(story["first_time"])

    def ids(**params) -> list[str]:
        return [s["id"] for s in client.get("/api/stories", params=params).json()["items"]]

    assert ids(since=_iso(last)) == [corpus.story_id]
    assert ids(since=_iso(last + timedelta(minutes=1))) == []
    assert ids(until=_iso(first)) == [corpus.story_id]
    assert ids(until=_iso(first - timedelta(minutes=1))) == []
    # the same instant written in Berlin time
    assert ids(since="2026-03-04T09:15:00+01:00") == [corpus.story_id]
    assert ids(since="2026-03-04T09:16:00+01:00") == []


def test_documents_say_how_precise_their_publication_time_is(client, store):
    from tests.api import wiring

    doc = make_document("datiert", "Nur ein Datum", "Landesfunk", datetime(2026, 3, 2),
                        "In Grimma ist der Pegel der Mulde über Nacht auf 6,2 Meter gestiegen.")
    doc = doc.model_copy(update={"meta": doc.meta.model_copy(update={"published_precision": "day"})})
    wiring.add_document(store, doc)
    [item] = client.get("/api/documents").json()["items"]
    assert item["published"] == "2026-03-02T00:00:00Z" and item["published_precision"] == "day"
    assert client.get(f"/api/documents/{doc.id}").json()["meta"]["published_precision"] == "day"
