"""The bundled demo corpus through metadata + clean + segment: what its README promises.

Each row is what a careful reader of the file sees: its kind, its publication time (None where the
text gives none), the evidence, agency and dateline, source chain, the page title, and the
boilerplate that must be gone from the cleaned text.
"""
from __future__ import annotations

from datetime import datetime

import pytest

from lagebild.config import DATA_DIR, Settings
from lagebild.document import Document, IngestError
from lagebild.ingest import iter_raw_documents, to_document
from lagebild.pipeline import Pipeline

DEMO = DATA_DIR / "demo"


@pytest.fixture(scope="module")
def demo() -> dict[str, Document]:
    settings = Settings()
    pipeline = Pipeline.from_names(["metadata", "clean", "segment"], settings)
    docs = {}
    for item in iter_raw_documents([DEMO], settings):
        assert not isinstance(item, IngestError), item
        doc = pipeline(to_document(item, settings))
        docs[doc.origin.replace(str(DEMO) + "/", "")] = doc
    return docs


EXPECTED = {
    # origin: (kind, published, published_from, precision)
    "liveblog_hochwasser_nahe.txt": ("liveblog", datetime(2025, 10, 15, 22, 40), "Stand: 15.10.2025 22:40 Uhr", "minute"),
    "liveblog_eu_gipfel_sanktionen.txt": ("liveblog", datetime(2025, 10, 23, 23, 15), "Stand: 23.10.2025 23:15 Uhr",
                                          "minute"),
    "wire_hafenstreik_dpa.txt": ("agency_wire", None, None, None),
    "wire_eu_sanktionen_reuters.txt": ("agency_wire", None, None, None),
    "wire_datavia_stellenabbau_dpa.txt": ("agency_wire", None, None, None),
    "republished_hochwasser_merz_besuch.txt": ("republished", None, None, None),
    "republished_hafenstreik_verlaengert.txt": ("republished", None, None, None),
    "ai_summary_hochwasser.txt": ("ai_summary", datetime(2025, 10, 14), " date 2025-10-14", "day"),
    "ai_summary_datavia.txt": ("ai_summary", datetime(2025, 10, 30), " date 2025-10-30", "day"),
    "article_hochwasser_opferzahl_landkreis.txt": ("article", datetime(2025, 10, 16), "Bad Kreuznach, 16.10.2025 –",
                                                   "day"),
    "article_hafenstreik_einigung.txt": ("article", datetime(2025, 10, 28), "Bremen, 28.10.2025 –", "day"),
    "article_datavia_betriebsversammlung.txt": ("article", datetime(2025, 10, 31), "Berlin, 31.10.2025 –", "day"),
    "article_eu_gipfel_reaktionen.html": ("article", datetime(2025, 10, 24, 18, 45), "html:json-ld datePublished",
                                          "minute"),
    "reports_regional.jsonl:1": ("article", datetime(2025, 10, 17, 10, 30), "jsonl", "minute"),
    "reports_regional.jsonl:2": ("article", datetime(2025, 10, 23, 8, 5), "jsonl", "minute"),
    "reports_regional.jsonl:3": ("article", datetime(2025, 10, 22, 15, 20), "jsonl", "minute"),
    "feed_tagesbote_wirtschaft.xml#1": ("article", datetime(2025, 10, 30, 17, 40), "feed", "minute"),
    "feed_tagesbote_wirtschaft.xml#2": ("article", datetime(2025, 10, 22, 11, 15), "feed", "minute"),
    "feed_tagesbote_wirtschaft.xml#3": ("article", datetime(2025, 10, 21, 16, 30), "feed", "minute"),
}


def test_every_demo_document_is_read(demo):
    assert sorted(demo) == sorted(EXPECTED)


@pytest.mark.parametrize("origin", sorted(EXPECTED))
def test_kind_and_publication_time(demo, origin):
    m = demo[origin].meta
    assert (m.kind, m.published, m.published_from, m.published_precision) == EXPECTED[origin]


@pytest.mark.parametrize(
    "origin, agency, dateline",
    [
        ("wire_hafenstreik_dpa.txt", "dpa-AFX", ["HAMBURG", "BREMERHAVEN"]),
        ("wire_eu_sanktionen_reuters.txt", "Reuters", ["BRÜSSEL"]),
        ("wire_datavia_stellenabbau_dpa.txt", "dpa-AFX", ["MÜNCHEN", "BERLIN"]),
        ("article_hochwasser_opferzahl_landkreis.txt", None, ["Bad Kreuznach"]),
        ("article_datavia_betriebsversammlung.txt", None, ["Berlin"]),
        ("republished_hafenstreik_verlaengert.txt", None, []),
    ],
)
def test_agency_and_dateline(demo, origin, agency, dateline):
    m = demo[origin].meta
    assert (m.agency, m.dateline) == (agency, dateline)


@pytest.mark.parametrize(
    "origin, chain",
    [
        ("republished_hochwasser_merz_besuch.txt", ["beispiel-news.ch", "Reuters"]),
        ("republished_hafenstreik_verlaengert.txt", ["beispiel-news.ch", "AFP"]),  # "... auf die Nachrichtenagentur AFP"
        ("wire_eu_sanktionen_reuters.txt", []),
    ],
)
def test_source_chain(demo, origin, chain):
    assert demo[origin].meta.source_chain == chain


@pytest.mark.parametrize(
    "origin, title",
    [
        ("liveblog_hochwasser_nahe.txt", "Unwetter im Südwesten ++ Zahl der Todesopfer an der Nahe steigt ++"),
        ("liveblog_eu_gipfel_sanktionen.txt", "EU-Gipfel in Brüssel ++ Ungarn blockiert neues Sanktionspaket ++"),
        ("article_hochwasser_opferzahl_landkreis.txt", "Hochwasser an der Nahe: Landkreis nennt niedrigere Opferzahl"),
        ("wire_hafenstreik_dpa.txt", None),  # a wire starts with its dateline: no headline in the text
        ("republished_hochwasser_merz_besuch.txt", None),
    ],
)
def test_title(demo, origin, title):
    doc = demo[origin]
    assert doc.meta.title == title
    if title:
        assert [doc.text[s.start:s.end] for s in doc.segments if s.kind == "title"] == [title]


@pytest.mark.parametrize(
    "origin, gone, reasons",
    [
        ("ai_summary_hochwasser.txt", ["date 2025-10-14", "mithilfe künstlicher Intelligenz", "Eine Redakteurin hat"],
         ["date_header", "ai_disclaimer", "ai_review_note"]),
        ("ai_summary_datavia.txt", ["date 2025-10-30", "künstliche Intelligenz", "Ein Redakteur hat ihn"],
         ["date_header", "ai_disclaimer", "ai_review_note"]),
        ("wire_eu_sanktionen_reuters.txt", ["(Bericht von", "redigiert von"], ["wire_credit_line"]),
        ("wire_hafenstreik_dpa.txt", ["/kh/DP/mis"], ["editor_sigils"]),
        ("republished_hafenstreik_verlaengert.txt", ["Teilen Sie dies", "Newsletter", "Foto:"],
         ["share_buttons", "newsletter_teaser", "photo_credit", "share_buttons"]),
        ("republished_hochwasser_merz_besuch.txt", ["Teilen Sie dies", "Newsletter", "Lesen Sie auch", "Foto:"],
         ["share_buttons", "newsletter_teaser", "read_more_teaser", "photo_credit", "share_buttons"]),
        ("article_eu_gipfel_reaktionen.html", ["24.10.2025, 18:45 Uhr", "Cookie"], ["date_line"]),
    ],
)
def test_boilerplate_gone_and_recorded(demo, origin, gone, reasons):
    doc = demo[origin]
    for words in gone:
        assert words not in doc.text, words
    assert [r.reason for r in doc.removed] == reasons


def test_content_about_ai_and_datelines_is_kept(demo):
    assert "Anwendungen mit künstlicher Intelligenz" in demo["wire_datavia_stellenabbau_dpa.txt"].text
    assert demo["article_hochwasser_opferzahl_landkreis.txt"].text.split("\n\n")[1].startswith("Bad Kreuznach, 16.10.2025 –")
    assert demo["article_hochwasser_opferzahl_landkreis.txt"].removed == []


def test_liveblog_entries(demo):
    doc = demo["liveblog_eu_gipfel_sanktionen.txt"]
    entries = [(s.time, s.headline) for s in doc.segments if s.kind == "liveblog_entry"]
    assert entries == [
        (datetime(2025, 10, 23, 23, 15), "Keine Einigung in der Nacht"),
        (datetime(2025, 10, 23, 21, 30), "Orbán: „Wir unterschreiben keinen Blankoscheck“"),
        (datetime(2025, 10, 23, 19, 40), "Merz wirbt für Einigung"),
        (datetime(2025, 10, 23, 17, 15), "Kallas: 117 Schiffe auf neuer Liste"),
        (None, "Macron: Russland bezahlt den Krieg mit Öl"),  # the entry without a time
        (datetime(2025, 10, 23, 14, 0), "Gipfel beginnt mit Selenskyj-Schalte"),
    ]
    flood = demo["liveblog_hochwasser_nahe.txt"]
    flood_entries = [s for s in flood.segments if s.kind == "liveblog_entry"]
    assert len(flood_entries) == 8 and flood_entries[0].headline == "Ende des Liveblogs für heute"
    assert [s.headline for s in flood_entries if s.time is None] == ["Dauerregen lässt nicht nach"]


@pytest.mark.parametrize(
    "origin, subheadlines",
    [
        ("wire_hafenstreik_dpa.txt", ['Arbeitgeber sprechen von "Erpressung"', "Folgen für Handel und Industrie"]),
        ("ai_summary_datavia.txt", ["Gewinn bricht ein", "Betriebsrat erwartet bis zu 700 Jobs in Deutschland"]),
        # "Experten sehen Zusammenhang mit Klimawandel Meteorologen zufolge ..." is glued too, but with
        # no function word at the seam nothing on the surface marks it (known miss, see docs/ingest.md)
        ("ai_summary_hochwasser.txt", ["Katastrophenfall ausgerufen"]),
    ],
)
def test_subheadlines(demo, origin, subheadlines):
    doc = demo[origin]
    assert [doc.text[s.start:s.end] for s in doc.segments if s.kind == "subheadline"] == subheadlines
