"""The document commands through Typer's CliRunner, on a SQLite file per test module."""
from __future__ import annotations

import base64
import json

import pytest
from typer.testing import CliRunner

from lagebild.cli import app
from lagebild.cli.documents import DEMO_DIR

GOOD_TEXT = (
    "Neue Buslinie verbindet Dörfer im Kreis\n\n"
    "Ab Montag fährt die Linie 512 stündlich zwischen Altenhof, Birkenau und dem Bahnhof der Kreisstadt. "
    "Der Verkehrsverbund rechnet mit etwa 800 Fahrgästen am Tag. Die Fahrpläne hängen an allen Haltestellen aus."
)


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, runner):
    """The bundled demo corpus ingested once by ``lagebild demo``."""
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'demo.db'}"
    result = runner.invoke(app, ["demo", "--db", url])
    return url, result


def test_demo_ingests_the_bundled_corpus_and_reports_it(demo_db, runner):
    url, result = demo_db
    n_files = len([p for p in DEMO_DIR.iterdir() if p.suffix in (".txt", ".html", ".xml", ".jsonl")])
    assert n_files >= 10
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()
    summary = next(line for line in first if "stored" in line)
    stored = int(summary.split()[0])
    assert stored >= n_files and summary.endswith("0 failed")
    for kind in ("liveblog", "agency_wire", "ai_summary", "republished"):
        assert kind in result.stdout
    assert "entities mentioned in most documents" in result.stdout
    again = runner.invoke(app, ["demo", "--db", url])
    assert again.exit_code == 0 and f"0 stored, {stored} already present, 0 failed" in again.stdout


def test_list_filters(demo_db, runner):
    url, _ = demo_db
    result = runner.invoke(app, ["list", "--db", url, "--kind", "liveblog"])
    assert result.exit_code == 0, result.output
    assert "2 of 2 documents" in result.stdout and "liveblog" in result.stdout
    result = runner.invoke(app, ["list", "--db", url, "--since", "2025-10-23", "--until", "2025-10-24T23:59", "--limit", "3"])
    assert result.exit_code == 0 and "3 of 3 documents" in result.stdout
    assert runner.invoke(app, ["list", "--db", url, "--since", "gestern"]).exit_code == 2


def test_show_layers_and_json(demo_db, runner):
    url, _ = demo_db
    result = runner.invoke(app, ["show", "liveblog_hochwasser_nahe", "--db", url, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    raw = (DEMO_DIR / "liveblog_hochwasser_nahe.txt").read_bytes()
    assert base64.b64decode(data["raw_base64"]) == raw
    assert data["meta"]["kind"] == "liveblog" and data["segments"] and data["sentences"]

    result = runner.invoke(app, ["show", data["id"][:8], "--db", url, "--text", "--segments", "--entities", "--removed",
                                 "--quotes", "--claims", "--dates"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert data["id"] in out and "liveblog_entry" in out and "segments (" in out and "entities (" in out
    first_sentence = data["sentences"][1]
    assert data["text"][first_sentence["start"] : first_sentence["end"]] in out

    missing = runner.invoke(app, ["show", "kein-solches-dokument", "--db", url])
    assert missing.exit_code == 1 and "no document 'kein-solches-dokument'" in missing.stderr


def test_export_jsonl_and_json(demo_db, runner, tmp_path):
    url, _ = demo_db
    out = tmp_path / "all.jsonl"
    result = runner.invoke(app, ["export", "--db", url, "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    listed = runner.invoke(app, ["list", "--db", url, "--limit", "500"]).stdout
    assert len(lines) >= 10 and f"{len(lines)} of {len(lines)} documents" in listed
    assert {d["meta"]["kind"] for d in lines} >= {"liveblog", "agency_wire", "ai_summary", "republished"}
    assert all(d["stages"][:3] == ["metadata", "clean", "segment"] for d in lines)
    as_json = runner.invoke(app, ["export", "--db", url, "--format", "json"])
    assert [d["id"] for d in json.loads(as_json.stdout)] == [d["id"] for d in lines]
    assert runner.invoke(app, ["export", "--db", url, "--format", "xml"]).exit_code == 2


def test_ingest_exit_codes_and_one_line_errors(runner, tmp_path):
    url = f"sqlite:///{tmp_path / 'ingest.db'}"
    (tmp_path / "docs").mkdir()
    good = tmp_path / "docs" / "buslinie.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "docs" / "leer.txt").write_bytes(b"")
    missing = tmp_path / "fehlt.txt"

    result = runner.invoke(app, ["ingest", str(tmp_path / "docs"), str(missing), "--db", url,
                                 "--published", "2025-11-04T06:00+01:00", "--source", "Kreisbote"])
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert errors == [f"error: {tmp_path / 'docs' / 'leer.txt'}: empty document", f"error: {missing}: no such file"]
    assert result.stdout.strip() == "1 stored, 0 already present, 2 failed"

    result = runner.invoke(app, ["ingest", str(good), "--db", url])
    assert result.exit_code == 0 and result.stdout.strip() == "0 stored, 1 already present, 0 failed"
    shown = runner.invoke(app, ["show", "buslinie", "--db", url])
    assert "2025-11-04 06:00" in shown.stdout and "Kreisbote" in shown.stdout

    bad_time = runner.invoke(app, ["ingest", str(good), "--db", url, "--published", "Montag"])
    assert bad_time.exit_code == 2 and "ISO" in bad_time.output


def test_default_database_is_lagebild_db_in_the_current_directory(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LAGEBILD_DB", raising=False)
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0 and "0 of 0 documents" in result.stdout
    assert (tmp_path / "lagebild.db").is_file()


def test_caller_time_with_offset_joins_stories_dated_from_the_text(runner, tmp_path):
    # a zoned --published and a naive "Stand: … Uhr" are the same kind of time once stored,
    # so the stream clusterer can compare them (it used to fail on naive vs. aware)
    url = f"sqlite:///{tmp_path / 'zones.db'}"
    first = tmp_path / "buslinie.txt"
    first.write_text(GOOD_TEXT.replace("\n\n", "\n\nStand: 03.11.2025 18:00 Uhr\n\n", 1), encoding="utf-8")
    later = tmp_path / "buslinie_start.txt"
    later.write_text("Buslinie 512 startet mit vollen Bussen\n\nDie neue Linie 512 zwischen Altenhof, Birkenau und "
                     "dem Bahnhof der Kreisstadt ist am Montag gestartet. Der Verkehrsverbund zählte am ersten Tag "
                     "rund 900 Fahrgäste.", encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(first), "--db", url]).exit_code == 0
    result = runner.invoke(app, ["ingest", str(later), "--db", url, "--published", "2025-11-10T17:30+01:00"])
    assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["show", "buslinie_start", "--db", url])
    assert "2025-11-10 17:30" in shown.stdout
    stories = runner.invoke(app, ["stories", "--db", url])
    assert stories.exit_code == 0, stories.output


def test_a_bare_publication_date_is_shown_as_a_date(runner, tmp_path):
    url = f"sqlite:///{tmp_path / 'day.db'}"
    doc = tmp_path / "buslinie.txt"
    doc.write_text("date 2025-11-03\n" + GOOD_TEXT, encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(doc), "--db", url]).exit_code == 0
    shown = runner.invoke(app, ["show", "buslinie", "--db", url]).stdout
    published = next(line for line in shown.splitlines() if line.strip().startswith("published"))
    assert "2025-11-03" in published and "00:00" not in published
