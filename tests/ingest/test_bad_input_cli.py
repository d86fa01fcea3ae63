"""Issue 2, point 7, through the command line: every kind of bad input in one `lagebild ingest` run.

Each bad input gets exactly one error line on stderr that names it; the good files of the same
batch are stored; the exit code is 1; the document stored before the run is byte-for-byte
unchanged. (tests/test_engine.py checks the same through the Python API.)
"""
from __future__ import annotations

import os
import sqlite3

import pytest
from typer.testing import CliRunner

from lagebild.cli import app

KEPT = (
    "Fähre nach Helgoland fährt wieder\n\n"
    "Nach zwei Wochen in der Werft ist die Fähre am Montag wieder in Cuxhaven abgelegt. "
    "Die Reederei rechnet bis zum Herbst mit rund 90.000 Fahrgästen. Tickets gibt es auch an Bord."
)
GOOD = (
    "Gemeinderat stimmt für neues Feuerwehrhaus\n\n"
    "Der Gemeinderat hat am Dienstag den Bau eines neuen Feuerwehrhauses beschlossen. Das Gebäude soll "
    "am Ortsrand entstehen und 2,4 Millionen Euro kosten. Der Baubeginn ist für das kommende Frühjahr geplant."
)
LATIN1 = ("Die Bürgermeisterin äußerte sich am Donnerstag überraschend deutlich zur Zukunft des Freibads. "
          "Eine Schließung sei für sie keine Lösung, sagte sie vor dem Ausschuss.")


def rows(db) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT * FROM documents ORDER BY id").fetchall()


def test_every_bad_input_fails_alone_with_one_line_naming_it(tmp_path):
    runner = CliRunner()
    db = tmp_path / "lage.db"
    url = f"sqlite:///{db}"
    (tmp_path / "kept.txt").write_text(KEPT, encoding="utf-8")
    first = runner.invoke(app, ["ingest", str(tmp_path / "kept.txt"), "--db", url])
    assert first.exit_code == 0, first.output
    before = rows(db)
    assert len(before) == 1

    batch = tmp_path / "stapel"
    batch.mkdir()
    (batch / "a_gut.txt").write_text(GOOD, encoding="utf-8")
    (batch / "b_leer.txt").write_bytes(b"")
    (batch / "c_binaer.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (batch / "d_latin1.txt").write_bytes(LATIN1.encode("latin-1"))  # not UTF-8 but text: ingested
    with (batch / "e_riesig.txt").open("wb") as fh:  # 50 MB, refused from its size
        fh.truncate(50 * 1024 * 1024 + 1)
    (batch / "f_kaputt.html").write_text("<html><body><div><p>Nur <b>kaputt</div></span></td>", encoding="utf-8")
    (batch / "g_kaputt.xml").write_text('<?xml version="1.0"?><rss version="2.0"><channel><item><title>Halb',
                                        encoding="utf-8")
    (batch / "h_kept_again.txt").write_text(KEPT, encoding="utf-8")  # already stored: present, not changed
    missing = tmp_path / "gibt_es_nicht.txt"
    through_file = tmp_path / "kept.txt" / "darunter.txt"  # a path that cannot exist: unreadable

    result = runner.invoke(app, ["ingest", str(batch), str(missing), str(through_file), "--db", url])

    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    bad = ["b_leer.txt", "c_binaer.txt", "e_riesig.txt", "f_kaputt.html", "g_kaputt.xml",
           "gibt_es_nicht.txt", "darunter.txt"]
    assert len(errors) == len(bad), errors
    for name in bad:  # one line each, naming the document
        assert sum(name in line for line in errors) == 1, (name, errors)
    assert all(line.startswith("error: ") for line in errors)
    assert result.stdout.strip() == f"2 stored, 1 already present, {len(bad)} failed"

    after = rows(db)
    assert len(after) == 3
    assert [r for r in after if r in before] == before  # the stored document is unchanged


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_fails_alone(tmp_path):
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'lage.db'}"
    locked = tmp_path / "gesperrt.txt"
    locked.write_text(KEPT, encoding="utf-8")
    locked.chmod(0)
    (tmp_path / "gut.txt").write_text(GOOD, encoding="utf-8")
    try:
        result = runner.invoke(app, ["ingest", str(locked), str(tmp_path / "gut.txt"), "--db", url])
    finally:
        locked.chmod(0o644)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and "gesperrt.txt" in result.stderr
    assert result.stdout.strip() == "1 stored, 0 already present, 1 failed"
