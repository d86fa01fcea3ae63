"""Readers: files, folders, stdin, JSONL and feeds become RawDocuments or IngestErrors."""
from __future__ import annotations

import io
import json
import os
import sys
from datetime import datetime, timezone

import pytest

from lagebild.config import Settings
from lagebild.document import IngestError, RawDocument
from lagebild.ingest.readers import iter_raw_documents, sniff_format

GERMAN = "Der Stadtrat hat am Abend einen neuen Haushalt beschlossen. Die Opposition stimmte dagegen.\n"

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Beispielzeitung</title><link>https://beispiel.invalid/</link>
<item><title>Brücke wird gesperrt</title><link>https://beispiel.invalid/a/1</link>
<guid>https://beispiel.invalid/a/1</guid><pubDate>Tue, 02 Sep 2025 08:30:00 +0000</pubDate>
<description>&lt;p&gt;Die Brücke über den Fluss wird ab Montag für drei Wochen gesperrt.&lt;/p&gt;</description></item>
<item><title>Neue Buslinie</title><link>https://beispiel.invalid/a/2</link>
<description>Eine neue Buslinie verbindet künftig den Bahnhof mit dem Klinikum.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Lokalnachrichten</title>
<entry><title>Markt eröffnet</title><link href="https://lokal.invalid/markt"/><id>tag:lokal,1</id>
<updated>2025-03-01T10:00:00Z</updated>
<content type="html">&lt;p&gt;Der Wochenmarkt eröffnet am Samstag wieder auf dem Rathausplatz.&lt;/p&gt;</content></entry>
</feed>"""


@pytest.fixture
def settings() -> Settings:
    return Settings()


def collect(inputs, settings, **kw):
    items = list(iter_raw_documents(inputs, settings, **kw))
    return [i for i in items if isinstance(i, RawDocument)], [i for i in items if isinstance(i, IngestError)]


def test_text_file_name_is_stem_and_caller_values_apply(tmp_path, settings):
    path = tmp_path / "000_abc.txt"
    path.write_text(GERMAN, encoding="utf-8")
    when = datetime(2025, 9, 2, 10, 0)
    docs, errors = collect([path], settings, published=when, source="Stadtanzeiger")
    assert errors == []
    (doc,) = docs
    assert (doc.name, doc.format, doc.origin) == ("000_abc", "text", str(path))
    assert doc.content == GERMAN.encode()
    assert (doc.published, doc.published_from, doc.source) == (when, "caller", "Stadtanzeiger")


def test_folder_is_walked_recursively_and_sorted_known_extensions_only(tmp_path, settings):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "a.html").write_text("<html><body><p>" + GERMAN + "</p></body></html>", encoding="utf-8")
    (tmp_path / "README.md").write_text("# notes", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(GERMAN, encoding="utf-8")
    docs, errors = collect([tmp_path], settings)
    assert errors == []
    assert [(d.name, d.format) for d in docs] == [("a", "html"), ("2", "text")]


def test_missing_file_is_an_error_naming_it(tmp_path, settings):
    docs, errors = collect([tmp_path / "fehlt.txt"], settings)
    assert docs == []
    assert len(errors) == 1 and "fehlt.txt" in str(errors[0]) and "no such file" in str(errors[0])


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_is_an_error_and_the_rest_continues(tmp_path, settings):
    locked = tmp_path / "locked.txt"
    locked.write_text(GERMAN, encoding="utf-8")
    locked.chmod(0)
    fine = tmp_path / "fine.txt"
    fine.write_text(GERMAN, encoding="utf-8")
    try:
        docs, errors = collect([locked, fine], settings)
    finally:
        locked.chmod(0o644)
    assert [d.name for d in docs] == ["fine"]
    assert len(errors) == 1 and "locked.txt" in str(errors[0]) and "cannot read" in str(errors[0])


def test_too_large_file_is_refused_from_its_size(tmp_path):
    settings = Settings(max_document_bytes=1000)
    big = tmp_path / "gross.txt"
    big.write_bytes(GERMAN.encode() * 50)
    docs, errors = collect([big], settings)
    assert docs == [] and "too large" in str(errors[0]) and "gross.txt" in str(errors[0])


def test_jsonl_lines_become_documents_and_a_broken_line_an_error(tmp_path, settings):
    path = tmp_path / "stapel.jsonl"
    lines = [
        json.dumps({"id": "m1", "text": GERMAN, "url": "https://x.invalid/1", "source": "Kreisblatt",
                    "published": "2025-09-02T07:15:00", "title": "Haushalt"}),
        '{"text": "kaputt",',
        json.dumps({"html": "<p>" + GERMAN + "</p>"}),
        json.dumps({"title": "ohne Text"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, errors = collect([path], settings, source="Aufrufer")
    assert [d.origin for d in docs] == [f"{path}:1", f"{path}:3"]
    first, second = docs
    assert (first.name, first.url, first.source, first.title) == ("m1", "https://x.invalid/1", "Kreisblatt", "Haushalt")
    assert (first.published, first.published_from) == (datetime(2025, 9, 2, 7, 15), "jsonl")
    assert (second.format, second.source, second.published) == ("html", "Aufrufer", None)
    assert [e.origin for e in errors] == [f"{path}:2", f"{path}:4"]
    assert "malformed JSON" in str(errors[0])


def test_jsonl_bad_published_is_an_error_for_that_line(tmp_path, settings):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": GERMAN, "published": "gestern"}) + "\n", encoding="utf-8")
    docs, errors = collect([path], settings)
    assert docs == [] and "published" in str(errors[0]) and str(errors[0]).startswith(f"{path}:1")


def test_rss_entries_carry_link_date_title_and_feed_source(tmp_path, settings):
    path = tmp_path / "feed.rss"
    path.write_text(RSS, encoding="utf-8")
    docs, errors = collect([path], settings)
    assert errors == []
    assert [d.origin for d in docs] == [f"{path}#1", f"{path}#2"]
    first, second = docs
    assert first.format == "feed" and first.source == "Beispielzeitung" and first.title == "Brücke wird gesperrt"
    assert first.name == first.url == "https://beispiel.invalid/a/1"
    assert first.published == datetime(2025, 9, 2, 8, 30, tzinfo=timezone.utc) and first.published_from == "feed"
    assert b"Br\xc3\xbccke" in first.content
    assert second.published is None and second.published_from is None


def test_atom_feed_is_sniffed_from_xml_extension(tmp_path, settings):
    path = tmp_path / "lokal.xml"
    path.write_text(ATOM, encoding="utf-8")
    docs, errors = collect([path], settings)
    assert errors == [] and len(docs) == 1
    assert docs[0].url == "https://lokal.invalid/markt" and docs[0].source == "Lokalnachrichten"
    assert docs[0].published == datetime(2025, 3, 1, 10, 0, tzinfo=timezone.utc)


def test_malformed_feed_is_one_error_naming_the_file(tmp_path, settings):
    path = tmp_path / "kaputt.rss"
    path.write_text("<?xml version='1.0'?><rss><channel><title>x</title><item><title>unterbrochen", encoding="utf-8")
    docs, errors = collect([path], settings)
    assert docs == [] and len(errors) == 1
    assert str(path) in str(errors[0]) and ("malformed feed" in str(errors[0]) or "no entries" in str(errors[0]))


def test_stdin_is_read_and_sniffed(monkeypatch, settings):
    stdin = io.TextIOWrapper(io.BytesIO(b"<html><body><p>" + GERMAN.encode() + b"</p></body></html>"))
    monkeypatch.setattr(sys, "stdin", stdin)
    docs, errors = collect(["-"], settings)
    assert errors == [] and docs[0].origin == "stdin" and docs[0].format == "html"


def test_unreachable_url_is_an_error_naming_it(settings):
    docs, errors = collect(["http://127.0.0.1:9/nichts"], settings)
    assert docs == [] and errors[0].origin == "http://127.0.0.1:9/nichts"


@pytest.mark.parametrize(
    "content, fmt",
    [
        (b"<?xml version='1.0'?><rss version='2.0'><channel></channel></rss>", "feed"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        (b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        (b"Nur ein Text.", "text"),
    ],
)
def test_sniff_format(content, fmt):
    assert sniff_format(content) == fmt


def test_path_through_a_file_is_an_unreadable_path_error(tmp_path, settings):
    blocker = tmp_path / "datei.txt"
    blocker.write_text(GERMAN, encoding="utf-8")
    docs, errors = collect([blocker / "darunter.txt", blocker], settings)
    assert [d.name for d in docs] == ["datei"]
    assert len(errors) == 1 and "darunter.txt" in str(errors[0]) and "cannot read" in str(errors[0])


@pytest.fixture
def web_server():
    """A local HTTP server with one HTML page and one RSS feed (no internet needed)."""
    import http.server
    import threading

    pages = {
        "/artikel": ("text/html; charset=utf-8", "<html><body><p>" + GERMAN + "</p></body></html>"),
        "/feed": ("application/rss+xml", RSS),
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            if self.path not in pages:
                self.send_error(404)
                return
            kind, body = pages[self.path]
            data = body.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_urls_html_page_feed_and_404(web_server, settings):
    docs, errors = collect([f"{web_server}/artikel", f"{web_server}/feed", f"{web_server}/fehlt"], settings)
    assert [d.format for d in docs] == ["html", "feed", "feed"]
    assert docs[0].url == docs[0].origin == f"{web_server}/artikel"
    assert docs[1].origin == f"{web_server}/feed#1" and docs[1].url == "https://beispiel.invalid/a/1"
    assert len(errors) == 1 and errors[0].origin == f"{web_server}/fehlt" and "404" in errors[0].reason
