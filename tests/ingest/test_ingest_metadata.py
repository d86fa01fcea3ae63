"""Stage "metadata": publication time, agency + dateline, source chain, kind, title."""
from __future__ import annotations

from datetime import datetime

import pytest

from lagebild.config import Settings
from lagebild.document import Document, DocumentMeta
from lagebild.ingest.metadata import MetadataStage, find_dateline, find_source_chain, normalise_outlet

BODY = "Der Landtag hat am Donnerstag über die Zukunft der Kliniken beraten. Eine Entscheidung fiel nicht."


@pytest.fixture(scope="module")
def stage() -> MetadataStage:
    return MetadataStage(Settings())


def doc(text: str, **meta) -> Document:
    return Document(id="x", name="x", origin="x", format="text", raw=text.encode(), original_text=text,
                    meta=DocumentMeta(**meta))


def test_stand_line_is_the_publication_time(stage):
    m = stage(doc(f"Kliniken im Umbau\n\nStand: 07.05.2025 18:45 Uhr\n\n{BODY}")).meta
    assert (m.published, m.published_from, m.published_precision) == (
        datetime(2025, 5, 7, 18, 45), "Stand: 07.05.2025 18:45 Uhr", "minute")
    assert m.title == "Kliniken im Umbau"


def test_stand_line_under_the_text(stage):
    m = stage(doc(f"{BODY}\n\n{BODY}\n\nStand: 08.05.2025 07:00 Uhr\n")).meta
    assert m.published == datetime(2025, 5, 8, 7, 0)


def test_liveblog_entry_time_is_not_the_publication_time(stage):
    text = f"liveblog\nStand: 07.05.2025 18:45 Uhr\n\n07.05.2025 • 20:10 Uhr\n\nNeue Lage\n\n{BODY}"
    m = stage(doc(text)).meta
    assert m.published == datetime(2025, 5, 7, 18, 45) and m.kind == "liveblog"


def test_entry_times_alone_do_not_date_the_page(stage):
    text = f"06.05.2025 • 20:10 Uhr\n\nErste Meldung\n\n{BODY}\n\n06.05.2025 • 18:00 Uhr\n\nZweite\n\n{BODY}"
    m = stage(doc(text)).meta
    assert m.published is None and m.kind == "liveblog"


def test_date_header_gives_day_precision(stage):
    m = stage(doc(f" date 2024-12-01 {BODY}")).meta
    assert (m.published, m.published_from, m.published_precision) == (datetime(2024, 12, 1), " date 2024-12-01", "day")


def test_no_evidence_no_date(stage):
    m = stage(doc(BODY)).meta
    assert m.published is None and m.published_from is None and m.kind == "article" and m.title is None


def test_caller_date_wins_over_the_text(stage):
    given = datetime(2025, 5, 8, 6, 0)
    m = stage(doc(f"Stand: 07.05.2025 18:45 Uhr\n{BODY}", published=given, published_from="caller")).meta
    assert m.published == given and m.published_from == "caller"


def test_text_wins_over_html_metadata(stage):
    m = stage(doc(f"Stand: 07.05.2025 18:45 Uhr\n{BODY}", published=datetime(2025, 5, 7),
                  published_from="html:meta article:published_time")).meta
    assert m.published == datetime(2025, 5, 7, 18, 45)


def test_impossible_stand_date_is_ignored(stage):
    assert stage(doc(f"Stand: 31.02.2025 10:00 Uhr\n{BODY}")).meta.published is None


@pytest.mark.parametrize(
    "text, agency, places",
    [
        ("MÜNCHEN/BERLIN (dpa-AFX) - Der Konzern meldet Gewinne.", "dpa-AFX", ["MÜNCHEN", "BERLIN"]),
        ("Berlin (dpa) - Die Koalition streitet über den Etat.", "dpa", ["Berlin"]),
        ("FRANKFURT (Reuters) – Die Börse schloss leichter.", "Reuters", ["FRANKFURT"]),
        ("Paris (AFP) - Die Regierung plant eine Reform.", "AFP", ["Paris"]),
        ("Wien (APA) - Der Nationalrat tagt.", "APA", ["Wien"]),
        ("Bonn (KNA) - Die Bischöfe treffen sich.", "KNA", ["Bonn"]),
        ("Hannover (epd) - Die Diakonie warnt.", "epd", ["Hannover"]),
        ("WASHINGTON (AP) - Der Kongress stimmt ab.", "AP", ["WASHINGTON"]),
    ],
)
def test_datelines(text, agency, places):
    assert find_dateline(text) == (agency, places)


def test_no_dateline_in_ordinary_parentheses():
    assert find_dateline("Die Partei (SPD) - so heißt es - will zustimmen.") is None


def test_agency_wire_kind_and_fields(stage):
    m = stage(doc("STUTTGART (dpa) - Die Messe beginnt am Montag. Erwartet werden 2.000 Aussteller./ab/DP/xy")).meta
    assert (m.kind, m.agency, m.dateline) == ("agency_wire", "dpa", ["STUTTGART"])


def test_editor_sigils_alone_mark_a_wire(stage):
    m = stage(doc(f"{BODY} Die Beratungen gehen weiter./kb/DP/mis")).meta
    assert m.kind == "agency_wire" and m.agency is None


def test_source_chain_and_republished(stage):
    text = f"{BODY} Darüber berichtet beispielportal.de unter Berufung auf Reuters."
    m = stage(doc(text)).meta
    assert m.source_chain == ["beispielportal.de", "Reuters"] and m.kind == "republished"


def test_ordinary_attribution_is_not_a_source_chain():
    assert find_source_chain("Das meldete die Agentur, wie Tass unter Berufung auf das Ministerium berichtet.") == []


@pytest.mark.parametrize("name", ["APnews", "AP news", "AP News", "apnews.com"])
def test_ap_names_normalise(name):
    assert normalise_outlet(name) == "AP"


def test_ai_summary_kind(stage):
    text = "Diese Zusammenfassung wurde mit Hilfe von KI erstellt. " + BODY
    assert stage(doc(text)).meta.kind == "ai_summary"


def test_does_not_mutate_input(stage):
    original = doc(f"Stand: 07.05.2025 18:45 Uhr\n{BODY}")
    stage(original)
    assert original.meta.published is None


def test_zone_aware_time_is_made_local(stage):
    from datetime import timedelta, timezone

    given = datetime(2025, 5, 8, 6, 0, tzinfo=timezone(timedelta(hours=2)))
    m = stage(doc(BODY, published=given, published_from="feed")).meta
    assert m.published == datetime(2025, 5, 8, 6, 0) and m.published_from == "feed"


# --- regional press datelines: "Ort, TT.MM.JJJJ – " -------------------------------------------

@pytest.mark.parametrize(
    "first, places, day, evidence",
    [
        ("Bad Kreuznach, 16.10.2025 – ", ["Bad Kreuznach"], datetime(2025, 10, 16), "Bad Kreuznach, 16.10.2025 –"),
        ("Berlin, 31.10.2025 - ", ["Berlin"], datetime(2025, 10, 31), "Berlin, 31.10.2025 -"),
        ("Frankfurt am Main, den 3. März 2025 – ", ["Frankfurt am Main"], datetime(2025, 3, 3),
         "Frankfurt am Main, den 3. März 2025 –"),
        ("Halle/Leipzig, 7. Okt. 2024 — ", ["Halle", "Leipzig"], datetime(2024, 10, 7), "Halle/Leipzig, 7. Okt. 2024 —"),
    ],
)
def test_place_date_dateline_dates_the_article_to_the_day(stage, first, places, day, evidence):
    m = stage(doc(f"Neue Brücke für den Stadtteil\n\n{first}{BODY}")).meta
    assert (m.published, m.published_from, m.published_precision) == (day, evidence, "day")
    assert m.dateline == places and m.agency is None
    assert m.kind == "article"  # a place and a date name no agency: no wire
    assert m.title == "Neue Brücke für den Stadtteil"


def test_place_date_dateline_with_agency_is_a_wire(stage):
    m = stage(doc(f"BERLIN, 31.10.2025 (dpa) – {BODY}")).meta
    assert (m.agency, m.dateline, m.kind, m.published) == ("dpa", ["BERLIN"], "agency_wire", datetime(2025, 10, 31))


@pytest.mark.parametrize(
    "text",
    [
        f"Berlin, 31.10.2025. {BODY}",  # no dash: a letterhead or a list, not a dateline
        f"Am Montag, 31.10.2025 – so der Plan – soll der Bau beginnen. {BODY}",  # a weekday is no place
        f"{BODY} {BODY}\n\nBerlin, 31.10.2025 – kein Ort am Anfang, sondern tief im Text.",
    ],
)
def test_no_place_date_dateline(stage, text):
    filler = "\n\n".join([BODY] * 4)
    m = stage(doc(text if "tief im Text" not in text else f"{filler}\n\n{text}")).meta
    assert m.published is None and m.dateline == []


def test_impossible_dateline_date_keeps_the_place_dates_nothing(stage):
    m = stage(doc(f"Kiel, 31.02.2025 – {BODY}")).meta
    assert m.dateline == ["Kiel"] and m.published is None


def test_dateline_day_does_not_replace_a_known_time(stage):
    feed_time = datetime(2025, 10, 30, 17, 40)
    m = stage(doc(f"Kiel, 30.10.2025 – {BODY}", published=feed_time, published_from="feed")).meta
    assert (m.published, m.published_from) == (feed_time, "feed") and m.dateline == ["Kiel"]


def test_stand_line_beats_the_dateline_day(stage):
    m = stage(doc(f"Stand: 16.10.2025 09:12 Uhr\n\nKiel, 16.10.2025 – {BODY}")).meta
    assert (m.published, m.published_precision) == (datetime(2025, 10, 16, 9, 12), "minute")


def test_date_line_at_the_top_of_an_article(stage):
    m = stage(doc(f"Stadtrat beschließt Haushalt\n\n12.11.2025, 17:05 Uhr\n\n{BODY}")).meta
    assert (m.published, m.published_from, m.published_precision) == (
        datetime(2025, 11, 12, 17, 5), "12.11.2025, 17:05 Uhr", "minute")
    assert m.kind == "article"


# --- titles, AI summaries ---------------------------------------------------------------------

def test_liveblog_headline_under_the_marker_is_the_title(stage):
    text = f"liveblog\n\nSturm über Norddeutschland ++ Bahn stellt Fernverkehr ein ++\n\nStand: 05.02.2025 12:00 Uhr\n\n{BODY}"
    m = stage(doc(text)).meta
    assert m.title == "Sturm über Norddeutschland ++ Bahn stellt Fernverkehr ein ++" and m.kind == "liveblog"


@pytest.mark.parametrize(
    "disclaimer",
    [
        "Diesen Text hat eine künstliche Intelligenz als Kurzfassung unseres Artikels geschrieben.",
        "Dieser Beitrag wurde automatisch von einer KI zusammengefasst.",
        "Wir verwenden KI, um unsere Meldungen zu übersetzen.",
    ],
)
def test_ai_disclaimers_mark_an_ai_summary(stage, disclaimer):
    assert stage(doc(f" date 2025-03-01 {disclaimer}\n\n{BODY}")).meta.kind == "ai_summary"


@pytest.mark.parametrize("label", ["Erstellt mit KI", "KI-generierter Text."])
def test_ai_label_line_marks_an_ai_summary(stage, label):
    assert stage(doc(f"{BODY}\n\n{BODY}\n\n{label}")).meta.kind == "ai_summary"


def test_news_about_ai_is_no_ai_summary(stage):
    text = ("Die Polizei warnt vor gefälschten Videos. Das Video des Bürgermeisters wurde nach Angaben der "
            "Ermittler mit künstlicher Intelligenz erstellt. " + BODY)
    assert stage(doc(text)).meta.kind == "article"
