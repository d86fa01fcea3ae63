"""DocumentRepo and migrations on SQLite and (with LAGEBILD_TEST_PG) PostgreSQL."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from lagebild.document import (
    Claim, Document, DocumentMeta, Entity, Mention, Quote, Removed, Segment, Sentence, TimeExpression,
)
from lagebild.store import Store
from lagebild.store.migrate import current_revision, head_revision, upgrade
from lagebild.store.schema import metadata

CET = timezone(timedelta(hours=1))
TEXT = (
    "Sturm über der Küste\n\n"
    "Innenministerin Petra Lindqvist sagte am Montag in Kiel: \u201eWir haben rund 2.400 Helfer im Einsatz.\u201c "
    "Nach Angaben der Feuerwehr sind mindestens 35 Häuser beschädigt."
)


def make_doc(text: str = TEXT, *, doc_id: str = "a1b2c3d4e5f60718", name: str = "sturm_kiel", source: str = "Nordbote",
             kind: str = "article", published: datetime | None = datetime(2025, 11, 3, 9, 30, tzinfo=CET),
             with_layers: bool = True) -> Document:
    def span(needle: str) -> tuple[int, int]:
        start = text.index(needle)
        return start, start + len(needle)

    layers: dict = {}
    if with_layers:
        s_quote, e_quote = span("Wir haben rund 2.400 Helfer im Einsatz.")
        s_per, e_per = span("Petra Lindqvist")
        s_loc, e_loc = span("Kiel")
        s_num, e_num = span("rund 2.400 Helfer")
        s_mon, e_mon = span("am Montag")
        layers = dict(
            removed=[Removed(text="Teilen auf X", reason="share_buttons", start=0, end=12)],
            segments=[Segment(index=0, kind="title", start=0, end=20),
                      Segment(index=1, kind="paragraph", start=22, end=len(text))],
            sentences=[Sentence(index=0, start=0, end=20, segment=0), Sentence(index=1, start=22, end=len(text), segment=1)],
            mentions=[
                Mention(start=s_per, end=e_per, text="Petra Lindqvist", label="PER", base="Petra Lindqvist",
                        entity_id="per:petra-lindqvist"),
                Mention(start=s_loc, end=e_loc, text="Kiel", label="LOC", base="Kiel", entity_id="loc:kiel", origin="gazetteer"),
            ],
            quotes=[Quote(start=s_quote, end=e_quote, text=text[s_quote:e_quote], kind="direct",
                          speaker="Innenministerin Petra Lindqvist", speaker_entity_id="per:petra-lindqvist", cue="sagte")],
            claims=[Claim(start=s_num, end=e_num, text="rund 2.400 Helfer", value=2400, unit="Helfer", qualifier="rund",
                          source="Petra Lindqvist", key="helfer")],
            times=[TimeExpression(start=s_mon, end=e_mon, text="am Montag", value="2025-11-03", granularity="day",
                                  anchor="publication", sentence=1)],
            stages=["metadata", "clean", "segment", "entities"],
        )
    return Document(
        id=doc_id, name=name, origin=f"/data/{name}.txt", format="text",
        raw=text.encode("cp1252", errors="replace") + b"\x81\xff",  # not UTF-8: must survive byte for byte
        encoding="cp1252", original_text="Teilen auf X\n" + text, text=text,
        meta=DocumentMeta(title="Sturm über der Küste", published=published, published_from="caller",
                          published_precision="minute" if published else None, source=source, kind=kind,
                          agency="dpa", dateline=["KIEL"], source_chain=["nordbote.example", "dpa"]),
        **layers,
    )


@pytest.fixture
def store(db_url):
    st = Store(db_url)
    yield st
    st.close()


def _count(store: Store, table: str) -> int:
    with store.db.connect() as conn:
        return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


# --------------------------------------------------------------------------- migrations
def test_migrations_create_exactly_the_schema(store):
    with store.db.connect() as conn:
        # later revisions may add search helpers of their own (FTS5 tables, an expression index):
        # only the tables and indexes of schema.py are compared, and each must match it exactly
        known = {"table": set(metadata.tables), "index": {i.name for t in metadata.tables.values() for i in t.indexes}}
        opts = {"compare_type": True, "include_name": lambda name, kind, _p: name in known.get(kind, {name})}
        diff = compare_metadata(MigrationContext.configure(conn, opts=opts), metadata)
        tables = set(sa.inspect(conn).get_table_names())
    assert diff == []
    assert set(metadata.tables) <= tables
    assert current_revision(store.db) == head_revision()


def test_upgrade_twice_is_a_no_op(store):
    store.documents.add(make_doc())
    upgrade(store.db)
    assert store.documents.get("a1b2c3d4e5f60718") == make_doc()


def test_several_processes_may_open_a_new_database_at_once(new_db_url):
    """Server workers starting together: one migrates, the others wait and find nothing to do."""
    import threading

    barrier, outcomes = threading.Barrier(4), []

    def open_store() -> None:
        barrier.wait()
        try:
            Store(new_db_url).close()
            outcomes.append("ok")
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            outcomes.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes == ["ok"] * 4
    st = Store(new_db_url)
    assert current_revision(st.db) == head_revision()
    st.close()


@pytest.mark.parametrize("statement", ["UPDATE review_events SET actor = 'mallory'", "DELETE FROM review_events"])
def test_review_events_are_append_only(store, statement):
    with store.db.begin() as conn:
        conn.execute(sa.text("INSERT INTO review_events (summary_id, to_status, actor, at) VALUES ('s1', 'draft', 'anna', :at)"),
                     {"at": datetime(2025, 11, 3, 10, 0)})
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        with store.db.begin() as conn:
            conn.execute(sa.text(statement))
    with store.db.connect() as conn:
        assert conn.execute(sa.text("SELECT actor FROM review_events")).scalars().all() == ["anna"]


# --------------------------------------------------------------------------- add / get
def test_round_trip_keeps_every_field_and_the_raw_bytes(store):
    doc = make_doc()
    assert store.documents.add(doc) == (doc.id, True)
    back = store.documents.get(doc.id)
    assert back == doc
    assert back.raw.endswith(b"\x81\xff")
    assert back.meta.published == datetime(2025, 11, 3, 9, 30, tzinfo=CET)
    assert _count(store, "mentions") == 2 and _count(store, "quotes") == 1 and _count(store, "claims") == 1


def test_re_adding_the_same_id_stores_it_once_and_rewrites_nothing(store):
    doc = make_doc()
    store.documents.add(doc)
    changed = make_doc(source="Anderes Blatt", with_layers=False)
    assert store.documents.add(changed) == (doc.id, False)
    assert store.documents.count() == 1
    assert store.documents.get(doc.id) == doc
    assert _count(store, "mentions") == 2


def test_failed_insert_rolls_back_the_whole_document(store, monkeypatch):
    first = make_doc()
    store.documents.add(first)
    repo = store.documents

    def broken(conn, doc):
        raise RuntimeError("disk full while writing index rows")

    monkeypatch.setattr(repo, "_write_index_rows", broken)
    with pytest.raises(RuntimeError):
        repo.add(make_doc(TEXT + " Zusatz.", doc_id="ffff000011112222", name="zweiter"))
    monkeypatch.undo()
    assert repo.count() == 1 and repo.get("ffff000011112222") is None
    assert repo.get(first.id) == first
    assert _count(store, "mentions") == 2


def test_get_by_name_and_unique_prefix(store):
    store.documents.add(make_doc())
    store.documents.add(make_doc(TEXT + " B.", doc_id="a1b2ffff00000000", name="zweiter"))
    assert store.documents.get("sturm_kiel").id == "a1b2c3d4e5f60718"
    assert store.documents.get("a1b2c3").id == "a1b2c3d4e5f60718"
    assert store.documents.get("a1b2") is None  # ambiguous
    assert store.documents.get("a1b") is None  # too short to mean anything
    assert store.documents.get("nothing-like-this") is None
    assert store.documents.get("") is None


def test_update_layers_replaces_analysis_but_keeps_raw(store):
    doc = make_doc()
    store.documents.add(doc)
    fewer = doc.model_copy(update={"mentions": doc.mentions[:1], "claims": [], "stages": ["metadata"]})
    store.documents.update_layers(fewer)
    back = store.documents.get(doc.id)
    assert back == fewer and back.raw == doc.raw
    assert _count(store, "mentions") == 1 and _count(store, "claims") == 0
    with pytest.raises(KeyError):
        store.documents.update_layers(make_doc(doc_id="0000000000000000"))


# --------------------------------------------------------------------------- list / filters
@pytest.fixture
def three(store):
    docs = [
        make_doc(doc_id="1000000000000000", name="a", source="Nordbote", kind="article",
                 published=datetime(2025, 11, 1, 8, 0, tzinfo=timezone.utc)),
        make_doc(TEXT + " 2", doc_id="2000000000000000", name="b", source="Südkurier", kind="liveblog",
                 published=datetime(2025, 11, 2, 8, 0, tzinfo=CET), with_layers=False),
        make_doc(TEXT + " 3", doc_id="3000000000000000", name="c", source="Nordbote", kind="agency_wire", published=None),
    ]
    for d in docs:
        store.documents.add(d)
    return docs


def test_list_filters_and_paging(store, three):
    repo = store.documents
    assert [r.id for r in repo.list(since=datetime(2025, 11, 1))] == ["2000000000000000", "1000000000000000"]
    assert [r.name for r in repo.list(source="Nordbote")] == ["c", "a"]  # unknown time sorts by ingest time (now)
    assert [r.name for r in repo.list(kind="liveblog")] == ["b"]
    assert [r.name for r in repo.list(entity_id="per:petra-lindqvist")] == ["c", "a"]  # b has no layers
    # CET 08:00 is 07:00 UTC: an aware bound is compared in UTC
    assert [r.name for r in repo.list(until=datetime(2025, 11, 2, 7, 30, tzinfo=timezone.utc))] == ["b", "a"]
    assert [r.name for r in repo.list(until=datetime(2025, 11, 2, 6, 30, tzinfo=timezone.utc))] == ["a"]
    assert repo.count() == 3 and repo.count(source="Nordbote") == 2 and repo.count(kind="liveblog") == 1
    assert len(repo.list(limit=2)) == 2 and [r.name for r in repo.list(limit=2, offset=2)] == ["a"]
    row = repo.list(kind="liveblog")[0]
    assert row.published == datetime(2025, 11, 2, 7, 0) and row.title == "Sturm über der Küste"


def test_iter_all_is_oldest_first(store, three):
    assert [d.name for d in store.documents.iter_all()] == ["a", "b", "c"]
    assert [d.name for d in store.documents.iter_all(["3000000000000000", "1000000000000000"])] == ["c", "a"]


# --------------------------------------------------------------------------- entities
def test_entities_from_mentions_then_canonical_upsert(store, three):
    repo = store.documents
    assert repo.get_entity("per:petra-lindqvist") == Entity(id="per:petra-lindqvist", name="Petra Lindqvist", type="PER")
    repo.upsert_entities([Entity(id="per:petra-lindqvist", name="Petra Lindqvist", type="PER", aliases=["Lindqvist"],
                                 roles=["Innenministerin"])])
    repo.upsert_entities([Entity(id="per:petra-lindqvist", name="Petra Lindqvist", type="PER", aliases=["Lindqvists"])])
    ent = repo.get_entity("per:petra-lindqvist")
    assert ent.aliases == ["Lindqvist", "Lindqvists"] and ent.roles == ["Innenministerin"]
    # re-adding a document must not overwrite the canonical entry with the minimal one
    repo.add(make_doc(TEXT + " 4", doc_id="4000000000000000", name="d"))
    assert repo.get_entity("per:petra-lindqvist").roles == ["Innenministerin"]
    assert [e.id for e in repo.list_entities(type="LOC")] == ["loc:kiel"]
    mentions = repo.mentions_of("loc:kiel")
    assert [m.doc_id for m in mentions] == ["1000000000000000", "3000000000000000", "4000000000000000"]
    assert mentions[0].text == "Kiel" and TEXT[mentions[0].start : mentions[0].end] == "Kiel"
    assert repo.entity_counts(limit=5) == [("loc:kiel", 3), ("per:petra-lindqvist", 3)]


def test_published_column_is_utc_and_keeps_bare_dates(store):
    from lagebild.store.documents import published_column

    local = DocumentMeta(published=datetime(2025, 10, 15, 22, 40), published_precision="minute")  # "Stand: ... Uhr"
    assert published_column(local) == datetime(2025, 10, 15, 20, 40)  # CEST = UTC+2
    winter = DocumentMeta(published=datetime(2025, 11, 15, 22, 40), published_precision="minute")
    assert published_column(winter) == datetime(2025, 11, 15, 21, 40)
    day = DocumentMeta(published=datetime(2025, 10, 14), published_precision="day")
    assert published_column(day) == datetime(2025, 10, 14)
    aware = DocumentMeta(published=datetime(2025, 10, 21, 14, 30, tzinfo=timezone.utc), published_precision="minute")
    assert published_column(aware) == datetime(2025, 10, 21, 14, 30)
    # the stored document keeps the time exactly as the source gave it
    doc = make_doc(published=datetime(2025, 10, 15, 22, 40))
    store.documents.add(doc)
    assert store.documents.get(doc.id).meta.published == datetime(2025, 10, 15, 22, 40)
    assert store.documents.list()[0].published == datetime(2025, 10, 15, 20, 40)


def test_a_place_first_seen_in_a_capitalised_dateline_is_named_in_normal_case(store):
    def wire(doc_id: str, text: str, surface: str) -> Document:
        doc = make_doc(text, doc_id=doc_id, name=f"wire_{doc_id[:4]}", with_layers=False)
        mention = Mention(start=0, end=len(surface), text=surface, label="LOC", base=surface, entity_id="loc:guetersloh")
        return doc.model_copy(update={"mentions": [mention]})

    store.documents.add(wire("2000000000000000", "GÜTERSLOH (dpa) - Die Stadtwerke erhöhen die Preise.", "GÜTERSLOH"))
    assert store.documents.get_entity("loc:guetersloh").name == "Gütersloh"
    # a row written by an older version in capitals is renamed by the first report in normal case
    with store.db.begin() as conn:
        conn.execute(sa.text("UPDATE entities SET name = 'GÜTERSLOH' WHERE id = 'loc:guetersloh'"))
    store.documents.add(wire("3000000000000000", "Gütersloh erhöht die Preise für Fernwärme.", "Gütersloh"))
    assert store.documents.get_entity("loc:guetersloh").name == "Gütersloh"
