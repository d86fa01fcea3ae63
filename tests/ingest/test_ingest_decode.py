"""to_document: decoding, refusals with one-line reasons, HTML extraction, ids."""
from __future__ import annotations

from datetime import datetime

import pytest

from lagebild.config import Settings
from lagebild.document import IngestError, RawDocument
from lagebild.ingest.decode import document_id, to_document
from lagebild.ingest.readers import iter_raw_documents

GERMAN = (
    "Die Gemeinde Obertal bekommt eine neue Grundschule. Der Gemeinderat hat am Dienstag "
    "mit großer Mehrheit für den Neubau gestimmt, der rund 12,5 Millionen Euro kosten soll. "
    "Bürgermeisterin Petra Lang sprach von einem wichtigen Tag für die Familien im Ort."
)

LIVEBLOG_HTML = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Liveblog: Unwetter im Süden | Beispielsender</title>
<meta property="og:site_name" content="Beispielsender">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"LiveBlogPosting",
"headline":"Unwetter im Süden","datePublished":"2025-06-10T06:00:00","dateModified":"2025-06-10T14:20:00",
"author":{"@type":"Person","name":"Jana Beispiel"}}</script></head>
<body><nav><a href="/">Startseite</a><a href="/politik">Politik</a></nav>
<article><h1>Unwetter im Süden</h1><div class="meta-info">Stand: 10.06.2025 14:20 Uhr</div>
<p>Heftige Gewitter haben in der Nacht im Süden des Landes Straßen überflutet und Bäume entwurzelt.</p>
<div class="lb-item"><time class="date">10.06.2025 • 14:20 Uhr</time><h2>Bahnstrecke wieder frei</h2>
<p>Die Strecke zwischen Talheim und Bergdorf ist nach Aufräumarbeiten wieder befahrbar, teilte die Bahn mit.</p></div>
<div class="lb-item"><time class="date">10.06.2025 • 09:05 Uhr</time><h2>Schulen bleiben geschlossen</h2>
<p>Wegen umgestürzter Bäume fällt in mehreren Gemeinden heute der Unterricht aus, wie das Schulamt mitteilte.</p></div>
</article><footer>Impressum · Datenschutz</footer></body></html>"""


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings()


def raw(content: bytes, fmt="text", **kw) -> RawDocument:
    return RawDocument(content=content, origin="probe.txt", format=fmt, name="probe", **kw)


def test_utf8_text_document(settings):
    doc = to_document(raw(GERMAN.encode()), settings)
    assert doc.original_text == GERMAN and doc.encoding == "utf-8" and doc.raw == GERMAN.encode()
    assert doc.meta.language == "de" and doc.name == "probe" and doc.format == "text"


def test_id_ignores_whitespace_differences(settings):
    a = to_document(raw(GERMAN.encode()), settings)
    b = to_document(raw(("  " + GERMAN.replace(". ", ".\n\n") + "\n").encode()), settings)
    assert a.id == b.id == document_id(GERMAN) and len(a.id) == 16
    assert a.id != to_document(raw((GERMAN + " Ende.").encode()), settings).id


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_non_utf8_is_detected_and_recorded(settings, encoding):
    text = GERMAN + " Die Straße wird im Frühjahr gesperrt – so der Plan."
    if encoding == "latin-1":
        text = text.replace("–", "-")
    doc = to_document(raw(text.encode(encoding)), settings)
    assert "Bürgermeisterin" in doc.original_text and "Straße" in doc.original_text
    assert doc.encoding != "utf-8"


def test_crlf_is_normalised(settings):
    doc = to_document(raw(GERMAN.replace(". ", ".\r\n").encode()), settings)
    assert "\r" not in doc.original_text


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" + bytes(range(256)) * 4, "binary"),
        (bytes(range(1, 32)) * 200, "binary"),
        ("Kurz.".encode(), "too short"),
    ],
)
def test_bad_content_is_refused_with_a_one_line_reason(settings, content, reason):
    with pytest.raises(IngestError) as err:
        to_document(raw(content), settings)
    assert err.value.origin == "probe.txt" and reason in err.value.reason and "\n" not in str(err.value)


def test_too_large_is_refused_before_decoding(tmp_path, settings):
    big = tmp_path / "riesig.txt"
    with big.open("wb") as fh:  # just above the default limit of 20 MiB
        fh.write(b"\x00" * (settings.max_document_bytes + 1))
    items = list(iter_raw_documents([big], settings))
    assert len(items) == 1 and isinstance(items[0], IngestError) and "too large" in str(items[0])
    with pytest.raises(IngestError, match="too large"):  # the same limit guards to_document
        to_document(raw(b"a" * (settings.max_document_bytes + 1)), settings)


@pytest.mark.parametrize(
    "text",
    [
        "The city council approved a new budget on Tuesday evening after a long debate. The opposition "
        "voted against it and said the plan would leave schools without enough money next year.",
        "Le conseil municipal a adopté mardi soir un nouveau budget après un long débat. L'opposition a "
        "voté contre et a déclaré que le plan laisserait les écoles sans assez d'argent l'an prochain.",
    ],
)
def test_foreign_language_is_refused(settings, text):
    with pytest.raises(IngestError, match="not German"):
        to_document(raw(text.encode()), settings)


def test_short_german_text_is_not_refused(settings):
    doc = to_document(raw("Bahnstreik: Züge fallen am Montag aus, Pendler sollen umplanen.".encode()), settings)
    assert doc.meta.language == "de"


def test_caller_values_land_in_meta(settings):
    when = datetime(2025, 1, 5, 9, 30)
    doc = to_document(raw(GERMAN.encode(), published=when, published_from="caller", source="Talbote",
                          url="https://talbote.invalid/schule", title="Neue Schule"), settings)
    m = doc.meta
    assert (m.published, m.published_from, m.published_precision) == (when, "caller", "minute")
    assert (m.source, m.url, m.title) == ("Talbote", "https://talbote.invalid/schule", "Neue Schule")


def test_html_main_text_keeps_stand_line_entry_times_and_paragraphs(settings):
    doc = to_document(raw(LIVEBLOG_HTML.encode(), fmt="html"), settings)
    text = doc.original_text
    assert text.startswith("Unwetter im Süden\n\n")
    assert "Startseite" not in text and "Impressum" not in text
    assert "Stand: 10.06.2025 14:20 Uhr" in text
    lines = [p for p in text.split("\n\n")]
    i = lines.index("10.06.2025 • 14:20 Uhr")
    assert lines[i + 1] == "Bahnstrecke wieder frei" and lines[i + 2].startswith("Die Strecke zwischen")
    assert text.index("Bahnstrecke") < text.index("09:05") < text.index("Schulen bleiben geschlossen")
    m = doc.meta
    assert m.kind == "liveblog" and m.title == "Unwetter im Süden" and m.author == "Jana Beispiel"
    assert m.source == "Beispielsender"
    # a liveblog's JSON-LD date is its last modification
    assert m.published == datetime(2025, 6, 10, 14, 20) and m.published_from.startswith("html:json-ld")


def test_malformed_html_still_yields_text(settings):
    broken = "<html><body><p>" + GERMAN + "<p>Der Bau beginnt im Herbst.<div><b>Unvollständig"
    doc = to_document(raw(broken.encode(), fmt="html"), settings)
    assert "Grundschule" in doc.original_text and "<" not in doc.original_text


def test_html_without_text_is_refused(settings):
    with pytest.raises(IngestError, match="no text|too short|empty"):
        to_document(raw(b"<html><head><title></title></head><body><script>var a=1;</script></body></html>", fmt="html"), settings)


def test_feed_entry_html_fragment_becomes_text(settings):
    doc = to_document(raw(("<p>" + GERMAN + "</p><p>Der Bau beginnt im Herbst.</p>").encode(), fmt="feed"), settings)
    assert doc.original_text == GERMAN + "\n\nDer Bau beginnt im Herbst."


def test_utf16_with_bom(settings):
    doc = to_document(raw(GERMAN.encode("utf-16")), settings)
    assert doc.original_text == GERMAN and doc.encoding == "utf-16"


def test_latin1_html_page(settings):
    page = ('<html><head><meta charset="iso-8859-1"><title>Neue Schule</title></head><body><article>'
            f"<h1>Neue Schule für Obertal</h1><p>{GERMAN}</p></article></body></html>")
    doc = to_document(raw(page.encode("latin-1"), fmt="html"), settings)
    assert "Bürgermeisterin" in doc.original_text and doc.encoding != "utf-8"


def test_zone_aware_times_become_local_wall_clock(settings):
    from datetime import timezone

    utc = datetime(2025, 9, 2, 8, 30, tzinfo=timezone.utc)
    doc = to_document(raw(GERMAN.encode(), "feed", published=utc, published_from="feed"), settings)
    assert doc.meta.published == datetime(2025, 9, 2, 10, 30) and doc.meta.published.tzinfo is None
    winter = datetime(2025, 1, 5, 23, 30, tzinfo=timezone.utc)
    doc = to_document(raw(GERMAN.encode(), "jsonl", published=winter, published_from="jsonl"), settings)
    assert doc.meta.published == datetime(2025, 1, 6, 0, 30) and doc.meta.published_precision == "minute"
    # the caller's own zoned time follows the same convention (connect compares all of them)
    given = to_document(raw(GERMAN.encode(), published=winter, published_from="caller"), settings).meta
    assert (given.published, given.published_from) == (datetime(2025, 1, 6, 0, 30), "caller")


@pytest.mark.parametrize("text", [
    "Grüße aus Köln. Der Dom bleibt am Sonntag geschlossen.",
    "Zölle auf Stahl: Brüssel prüft Gegenmaßnahmen gegen die neuen Abgaben.",
    "Überschwemmung in Füssen: Straßen gesperrt, Keller voll Wasser.",
])
def test_short_latin1_german_is_not_misread(settings, text):
    # short texts give a statistical detector little to go on; it read these as CJK encodings
    doc = to_document(raw(text.encode("latin-1")), settings)
    assert doc.original_text == text


def test_other_legacy_encodings_still_go_to_the_detector():
    from lagebild.ingest.decode import decode_bytes

    russian = "Москва сообщила о новых переговорах с Пекином на следующей неделе. " * 3
    text, encoding = decode_bytes(russian.encode("cp1251"), "moskau.txt")
    assert text == russian and encoding != "cp1252"
