"""Engine: readers -> decoding -> pipeline -> store, one transaction per document."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from lagebild.config import Settings
from lagebild.document import Document, IngestError, RawDocument
from lagebild.engine import Engine
from lagebild.pipeline import Pipeline
from lagebild.store import Store

BASE_STAGES = ["metadata", "clean", "segment"]
GOOD_TEXT = (
    "Gemeinderat beschließt neues Hallenbad\n\n"
    "Der Gemeinderat von Waldbrunn hat am Mittwochabend mit großer Mehrheit den Bau eines neuen Hallenbads "
    "beschlossen. Bürgermeisterin Anja Severin sprach von einem wichtigen Tag für die Vereine. "
    "Die Kosten werden auf rund 14 Millionen Euro geschätzt."
)
OTHER_TEXT = (
    "Fähre fällt wegen Sturm aus\n\n"
    "Die Fähre zwischen Nordstrand und der Hallig Süderoog verkehrt bis Freitag nicht. Die Reederei begründete "
    "den Ausfall mit Windböen von bis zu 110 Kilometern pro Stunde. Ersatzfahrten sind nicht geplant."
)


@pytest.fixture(scope="session")
def base_pipeline() -> Pipeline:
    return Pipeline.from_names(BASE_STAGES, Settings())


@pytest.fixture(scope="session")
def full_pipeline() -> Pipeline:
    """Every configured stage that exists (models load once per session)."""
    engine = Engine(Settings(db_url="sqlite://"))
    try:
        return engine.pipeline
    finally:
        engine.close()


@pytest.fixture
def store(db_url):
    st = Store(db_url)
    yield st
    st.close()


@pytest.fixture
def engine(store, base_pipeline):
    return Engine(Settings(db_url=store.db.url, pipeline=BASE_STAGES), store=store, pipeline=base_pipeline)


def _snapshot(store: Store, doc_ids: list[str]) -> dict:
    """Every stored row that belongs to ``doc_ids`` (documents and index rows), plus all entities."""
    out = {}
    with store.db.connect() as conn:
        for table in ("documents", "mentions", "quotes", "claims"):
            col = "id" if table == "documents" else "doc_id"
            rows = conn.execute(sa.text(f"SELECT * FROM {table} WHERE {col} IN :ids ORDER BY 1")
                                .bindparams(sa.bindparam("ids", expanding=True)), {"ids": doc_ids}).all()
            out[table] = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in rows]
        out["entities"] = conn.execute(sa.text("SELECT * FROM entities ORDER BY id")).all()
    return out


def test_ingest_seeds_end_to_end(shared_dir, db_url, full_pipeline):
    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    assert len(seeds) == 5
    with Engine(Settings(db_url=db_url), pipeline=full_pipeline) as engine:
        report = engine.ingest([shared_dir / "seeds"])
        assert report.errors == []
        assert len(report.stored) == 5 and report.present == []
        for doc_id in report.stored:
            doc = engine.get(doc_id)
            assert doc.raw == next(p.read_bytes() for p in seeds if p.stem == doc.name)
            assert doc.segments and doc.sentences and doc.mentions
            assert doc.stages[:3] == BASE_STAGES
            assert doc == next(d for d in report.documents if d.id == doc_id)
        again = engine.ingest([shared_dir / "seeds"])
        assert again.stored == [] and sorted(again.present) == sorted(report.stored)
        assert engine.count() == 5


def test_reingest_stores_once_and_leaves_rows_alone(engine, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    first = engine.ingest([tmp_path])
    before = _snapshot(engine.store, first.stored)
    # the same text again, under another name and with other caller metadata: the same document
    (tmp_path / "copy.txt").write_text(GOOD_TEXT.replace("\n\n", "\n\n\n"), encoding="utf-8")
    second = engine.ingest([tmp_path], source="Anderes Blatt", published=datetime(2025, 1, 1))
    assert second.stored == [] and second.present == first.stored * 2
    assert engine.count() == 1
    assert _snapshot(engine.store, first.stored) == before


def test_each_bad_input_fails_alone_and_changes_nothing(engine, tmp_path):
    existing = tmp_path / "existing.txt"
    existing.write_text(OTHER_TEXT, encoding="utf-8")
    old = engine.ingest([existing])
    before = _snapshot(engine.store, old.stored)

    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a_good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (batch / "b_empty.txt").write_bytes(b"")
    (batch / "c_binary.txt").write_bytes(bytes(range(256)) * 40)
    latin = "Die Bürgermeisterin äußerte sich am Dienstag überraschend deutlich zur Schließung des Hallenbads."
    (batch / "d_latin1.txt").write_bytes(latin.encode("latin-1"))  # not UTF-8, but text: must be ingested
    with (batch / "e_huge.txt").open("wb") as f:
        f.write(b"Ein ganz gew\xc3\xb6hnlicher Satz ohne Ende. " * (50 * 1024 * 1024 // 40))
    (batch / "f_broken.html").write_text("<html><body><div><p>Nur <b>kaputt</div></span></td>", encoding="utf-8")
    (batch / "g_broken.xml").write_text('<?xml version="1.0"?><rss version="2.0"><channel><item><title>A',
                                        encoding="utf-8")
    (batch / "h_existing_again.txt").write_text(OTHER_TEXT, encoding="utf-8")
    missing = tmp_path / "nowhere" / "missing.txt"

    report = engine.ingest([batch, missing])

    failed = {Path(origin).name: reason for origin, reason in report.errors}
    assert set(failed) == {"b_empty.txt", "c_binary.txt", "e_huge.txt", "f_broken.html", "g_broken.xml", "missing.txt"}
    for name, reason in failed.items():
        assert reason and "\n" not in reason, name
    assert "too large" in failed["e_huge.txt"] and "no such file" in failed["missing.txt"]
    assert "feed" in failed["g_broken.xml"]
    assert sorted(engine.get(i).name for i in report.stored) == ["a_good", "d_latin1"]
    assert engine.get("d_latin1").text.startswith("Die Bürgermeisterin äußerte")
    assert report.present == old.stored
    assert engine.count() == 3
    assert _snapshot(engine.store, old.stored) == before


class _Explodes:
    """A stage that fails on one document (an analysis bug must not stop the batch)."""

    name, reads, writes = "explodes", ("text",), ()

    def __call__(self, doc: Document) -> Document:
        if "Fähre" in doc.text:
            raise ValueError("stage bug\non two lines")
        return doc


def test_failure_in_analysis_or_storage_stores_nothing_of_that_document(store, base_pipeline, monkeypatch):
    pipeline = Pipeline([*base_pipeline.stages, _Explodes()])
    engine = Engine(Settings(db_url=store.db.url), store=store, pipeline=pipeline)
    raws = [
        RawDocument(content=OTHER_TEXT.encode(), origin="upload:faehre"),
        IngestError("feed.xml#2", "feed entry has no content"),
        RawDocument(content=GOOD_TEXT.encode(), origin="upload:hallenbad"),
    ]
    report = engine.ingest_raw(raws)
    assert report.errors == [("upload:faehre", "analysis failed: ValueError: stage bug on two lines"),
                             ("feed.xml#2", "feed entry has no content")]
    assert [engine.get(i).origin for i in report.stored] == ["upload:hallenbad"]

    # a storage failure after the documents row was written rolls the whole document back
    def fail_index_rows(conn, doc):
        raise sa.exc.OperationalError("INSERT INTO mentions", {}, Exception("database is locked"))

    monkeypatch.setattr(store.documents, "_write_index_rows", fail_index_rows)
    third = "Neue Radwege für die Innenstadt\n\n" + GOOD_TEXT.split("\n\n", 1)[1].replace("Hallenbads", "Radwegs")
    report = engine.ingest_raw([RawDocument(content=third.encode(), origin="upload:radweg")])
    assert report.stored == [] and report.errors[0][0] == "upload:radweg"
    assert report.errors[0][1].startswith("could not store: OperationalError")
    assert engine.count() == 1


def test_ingest_accepts_raw_documents_and_caller_metadata(engine, tmp_path):
    when = datetime(2025, 11, 5, 7, 45, tzinfo=timezone.utc)
    report = engine.ingest(RawDocument(content=GOOD_TEXT.encode(), origin="api-upload", name="hallenbad"),
                           published=when)
    doc = engine.get("hallenbad")
    assert report.stored == [doc.id]
    # published / source given to ingest() apply to what the readers find, not to ready RawDocuments
    assert doc.meta.published is None
    (tmp_path / "faehre.txt").write_text(OTHER_TEXT, encoding="utf-8")
    report = engine.ingest([tmp_path / "faehre.txt"], published=when, source="Inselbote")
    doc = engine.get(report.stored[0])
    # the caller's zoned time is stored as the same instant on the newsroom's clock (Europe/Berlin)
    assert doc.meta.published == datetime(2025, 11, 5, 8, 45) and doc.meta.published_from == "caller"
    assert doc.meta.source == "Inselbote"
    assert [r.id for r in engine.list(source="Inselbote")] == [doc.id]


def test_reanalyse_fills_new_layers_and_keeps_raw(engine, full_pipeline, tmp_path):
    (tmp_path / "hallenbad.txt").write_text(GOOD_TEXT, encoding="utf-8")
    report = engine.ingest([tmp_path], source="Kreisblatt")
    before = engine.get(report.stored[0])
    assert before.mentions == [] and before.stages == BASE_STAGES
    fuller = Engine(engine.settings, store=engine.store, pipeline=full_pipeline)
    result = fuller.reanalyse()
    assert result.updated == report.stored and result.errors == []
    after = fuller.get(before.id)
    assert after.raw == before.raw and after.meta.source == "Kreisblatt"
    assert "entities" in after.stages
    severin = next(m for m in after.mentions if m.text == "Anja Severin")
    assert after.span(severin.start, severin.end) == "Anja Severin" and severin.label == "PER"
    assert [r.id for r in fuller.list(entity_id=severin.entity_id)] == [after.id]
