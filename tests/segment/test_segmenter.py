"""Stage "segment": title, teaser, liveblog entries, sub-headlines, paragraphs, sentences."""
from __future__ import annotations

from datetime import datetime

import pytest

from lagebild.clean.rules import CleanStage
from lagebild.config import Settings
from lagebild.document import Document
from lagebild.ingest.metadata import MetadataStage
from lagebild.segment.headlines import glued_headline, is_headline
from lagebild.segment.segmenter import SegmentStage, paragraphs


@pytest.fixture(scope="module")
def run():
    settings = Settings()
    stages = [MetadataStage(settings), CleanStage(settings), SegmentStage(settings)]

    def _run(text: str) -> Document:
        doc = Document(id="x", name="x", origin="x", format="text", raw=text.encode(), original_text=text)
        for st in stages:
            doc = st(doc)
        return doc

    return _run


def texts(doc: Document, kind: str) -> list[str]:
    return [doc.text[s.start : s.end] for s in doc.segments if s.kind == kind]


def sentences(doc: Document) -> list[str]:
    return [doc.text[s.start : s.end] for s in doc.sentences]


def check_offsets(doc: Document) -> None:
    for seg in doc.segments:
        span = doc.text[seg.start : seg.end]
        assert span == span.strip() and span, seg
        if seg.parent is not None:
            parent = doc.segments[seg.parent]
            assert parent.kind == "liveblog_entry" and parent.start <= seg.start <= seg.end <= parent.end
    for sent in doc.sentences:
        seg = doc.segments[sent.segment]
        assert seg.start <= sent.start < sent.end <= seg.end and seg.kind != "liveblog_entry"
    assert [s.index for s in doc.segments] == list(range(len(doc.segments)))


WIRE = """HAMBURG (dpa) - Der Hafen meldet für das erste Halbjahr einen Rekordumschlag. Rund 2.000 Schiffe legten an.

Reedereien zufrieden

Die großen Reedereien sprachen von einem guten Jahr. "Wir sind zufrieden", sagte Dr. Anna Beispiel, die Sprecherin des Verbands.

Kritik von Umweltschützern

Umweltverbände warnten dagegen vor mehr Abgasen. Die Behörde will am 3. Sept. neue Zahlen vorlegen./ab/DP/cd"""


def test_wire_subheadlines_and_sections(run):
    doc = run(WIRE)
    check_offsets(doc)
    assert texts(doc, "subheadline") == ["Reedereien zufrieden", "Kritik von Umweltschützern"]
    paras = [s for s in doc.segments if s.kind == "paragraph"]
    assert [p.headline for p in paras] == [None, "Reedereien zufrieden", "Kritik von Umweltschützern"]
    assert doc.text.startswith("HAMBURG (dpa) - ")  # the dateline is content


def test_sentences_survive_numbers_dates_abbreviations_and_quotes(run):
    doc = run(WIRE)
    assert sentences(doc) == [
        "HAMBURG (dpa) - Der Hafen meldet für das erste Halbjahr einen Rekordumschlag.",
        "Rund 2.000 Schiffe legten an.",
        "Reedereien zufrieden",
        "Die großen Reedereien sprachen von einem guten Jahr.",
        '"Wir sind zufrieden", sagte Dr. Anna Beispiel, die Sprecherin des Verbands.',
        "Kritik von Umweltschützern",
        "Umweltverbände warnten dagegen vor mehr Abgasen.",
        "Die Behörde will am 3. Sept. neue Zahlen vorlegen.",
    ]


def test_quote_spanning_two_sentences_keeps_its_marks(run):
    doc = run("Die Ministerin sagte am 04.11.2024 in Bonn: „Wir haben viel erreicht. Aber es bleibt viel zu tun.“ Dann ging sie.")
    assert sentences(doc) == [
        "Die Ministerin sagte am 04.11.2024 in Bonn: „Wir haben viel erreicht.",
        "Aber es bleibt viel zu tun.“",
        "Dann ging sie.",
    ]


def test_glued_subheadline_at_paragraph_start_and_after_a_sentence(run):
    text = (
        "Die Stadt plant einen neuen Radweg entlang des Flusses. Die Bauarbeiten sollen im Frühjahr beginnen.\n\n"
        "Radweg kostet drei Millionen Euro Nach Angaben der Verwaltung übernimmt das Land die Hälfte der Kosten. "
        "Der Rest kommt aus dem städtischen Haushalt. Anwohner fordern mehr Parkplätze In einer Petition verlangen "
        "rund 500 Menschen zusätzliche Stellflächen am Ufer."
    )
    doc = run(text)
    check_offsets(doc)
    assert texts(doc, "subheadline") == ["Radweg kostet drei Millionen Euro", "Anwohner fordern mehr Parkplätze"]
    assert "Nach Angaben der Verwaltung übernimmt das Land die Hälfte der Kosten." in sentences(doc)
    assert "In einer Petition verlangen rund 500 Menschen zusätzliche Stellflächen am Ufer." in sentences(doc)


def test_glued_subheadline_after_a_verb_particle(run):
    doc = run("Umsatz bricht ein Im Sommer verkaufte der Händler deutlich weniger Räder als im Vorjahr.")
    assert texts(doc, "subheadline") == ["Umsatz bricht ein"]


@pytest.mark.parametrize(
    "text",
    [
        "Das berichtete Der Spiegel am Montag unter Berufung auf Regierungskreise in Berlin.",
        "Der Kanzler sagte: „Die Lage ist ernst, aber beherrschbar.“",
        "Wir danken für Ihr Interesse und bitten Sie um Geduld bei der Anreise.",
        "Die Stadt dankt allen Helfern für Ihre Unterstützung während der langen Nacht.",
        "Bad Neuenahr – Die Aufräumarbeiten an der Ahr dauern auch eine Woche später noch an.",
        "Bekannt wurde die Schauspielerin durch den Film Die stille Grenze aus dem Jahr 1998.",
        "Am Abend läuft im Stadttheater wieder das Stück Der kleine Prinz vor vollem Haus.",
        "Die Band spielte Lieder wie Der Mond ist aufgegangen und weitere Volkslieder zum Mitsingen.",
        "Ihr Verhalten wurde zum Gegenstand Ihrer eigenen Untersuchung, sagte die Ministerin.",
        "Am Montag trafen sich die Minister in Brüssel zu Gesprächen über den Haushalt.",
    ],
)
def test_no_false_glued_headlines(text):
    assert glued_headline(text) is None


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Putin bestreitet Erfolge der Gegenoffensive", True),
        ("Scholz: Frieden braucht Rückzug", True),
        ("Die Lage ist ruhig.", False),
        ("Er sagte:", False),
        ("Ja", False),
        ("Der Rat tagt. Die Presse wartet", False),
    ],
)
def test_is_headline(line, expected):
    assert is_headline(line) is expected


LIVEBLOG = """Hochwasser an der Nahe: Pegel steigen weiter
liveblog

Stand: 10.06.2025 14:20 Uhr

Die Lage an der Nahe bleibt angespannt. Mehrere Orte sind ohne Strom.

10.06.2025 • 14:20 Uhr

Bahnstrecke wieder frei

Die Strecke zwischen Talheim und Bergdorf ist wieder befahrbar, teilte die Bahn mit.

Auch die Landstraße nach Bergdorf soll am Abend freigegeben werden.

Im Nachbarkreis wurden 200 Menschen in Sicherheit gebracht. Die Turnhalle dient als Notquartier.

10.06.2025 • 09:05 Uhr

Schulen bleiben geschlossen

Wegen umgestürzter Bäume fällt in mehreren Gemeinden der Unterricht aus."""


def test_liveblog_with_timestamps(run):
    doc = run(LIVEBLOG)
    check_offsets(doc)
    assert doc.meta.kind == "liveblog" and doc.meta.published == datetime(2025, 6, 10, 14, 20)
    assert texts(doc, "title") == ["Hochwasser an der Nahe: Pegel steigen weiter"]
    assert texts(doc, "teaser") == ["Die Lage an der Nahe bleibt angespannt. Mehrere Orte sind ohne Strom."]
    entries = [s for s in doc.segments if s.kind == "liveblog_entry"]
    assert [(e.time, e.headline) for e in entries] == [
        (datetime(2025, 6, 10, 14, 20), "Bahnstrecke wieder frei"),
        (None, None),  # a paragraph that starts a new topic, without a time of its own
        (datetime(2025, 6, 10, 9, 5), "Schulen bleiben geschlossen"),
    ]
    first = entries[0]
    children = [doc.text[s.start : s.end] for s in doc.segments if s.parent == first.index]
    assert children[0] == "Bahnstrecke wieder frei"
    assert children[2].startswith("Auch die Landstraße")  # continues the entry
    assert "10.06.2025" not in doc.text


def test_liveblog_without_timestamps_one_paragraph_per_entry(run):
    text = ("liveblog\nStand: 01.03.2025 08:00 Uhr\n"
            "Der Überblick am Morgen: Sturm im Norden, Streik bei der Bahn.\n"
            "Ein Sturm hat in Kiel Dächer abgedeckt. Verletzt wurde niemand.\n"
            "Bei der Bahn streiken die Lokführer seit Mitternacht.\n"
            "Dabei sind vor allem Pendler im Fernverkehr betroffen.\n"
            "Die Preise für Heizöl sind erneut gestiegen.")
    doc = run(text)
    check_offsets(doc)
    assert texts(doc, "teaser") == ["Der Überblick am Morgen: Sturm im Norden, Streik bei der Bahn."]
    entries = texts(doc, "liveblog_entry")
    assert len(entries) == 3
    assert entries[1] == ("Bei der Bahn streiken die Lokführer seit Mitternacht.\n"
                          "Dabei sind vor allem Pendler im Fernverkehr betroffen.")


def test_hard_wrapped_block_is_one_paragraph():
    text = ("Der Gemeinderat hat am Dienstagabend nach langer Debatte den\n"
            "Haushalt für das kommende Jahr beschlossen und dabei auch die\n"
            "Gebühren für Kitas leicht angehoben, wie die Verwaltung mitteilte.\n\n"
            "Kurzer zweiter Absatz.")
    paras = paragraphs(text)
    assert len(paras) == 2 and paras[0].text.endswith("mitteilte.") and paras[1].text == "Kurzer zweiter Absatz."


def test_empty_text_has_no_segments(run):
    doc = run("Teilen Sie dies:")
    assert doc.text.strip() == "" and doc.segments == [] and doc.sentences == []


def test_html_liveblog_end_to_end():
    from lagebild.document import RawDocument
    from lagebild.ingest.decode import to_document

    html = """<html><head><title>Liveblog Wahlabend</title>
    <script type="application/ld+json">{"@type":"LiveBlogPosting","headline":"Wahlabend in Neustadt"}</script></head>
    <body><article><h1>Wahlabend in Neustadt</h1><span class="updated">Stand: 14.09.2025 22:10 Uhr</span>
    <p>Die Stimmen sind fast ausgezählt, die Amtsinhaberin liegt deutlich vorn.</p>
    <div class="post"><span class="ts">14.09.2025 • 22:10 Uhr</span><h2>Amtsinhaberin gewinnt</h2>
    <p>Bürgermeisterin Eva Beispiel bleibt mit 58 Prozent der Stimmen im Amt.</p></div>
    <div class="post"><span class="ts">14.09.2025 • 18:00 Uhr</span><h2>Wahllokale geschlossen</h2>
    <p>Um 18 Uhr haben die Wahllokale geschlossen, die Auszählung hat begonnen.</p></div>
    </article></body></html>"""
    settings = Settings()
    doc = to_document(RawDocument(content=html.encode(), origin="wahl.html", format="html"), settings)
    for st in (MetadataStage(settings), CleanStage(settings), SegmentStage(settings)):
        doc = st(doc)
    check_offsets(doc)
    assert doc.meta.kind == "liveblog" and doc.meta.published == datetime(2025, 9, 14, 22, 10)
    assert texts(doc, "title") == ["Wahlabend in Neustadt"]
    entries = [(s.time, s.headline) for s in doc.segments if s.kind == "liveblog_entry"]
    assert entries == [(datetime(2025, 9, 14, 22, 10), "Amtsinhaberin gewinnt"),
                       (datetime(2025, 9, 14, 18, 0), "Wahllokale geschlossen")]


def test_liveblog_time_on_the_headline_line(run):
    text = ("liveblog\nStand: 20.05.2025 18:30 Uhr\n\nDer Tag im Überblick: Streik und Stau.\n\n"
            "18:30 Uhr Verdi beendet den Warnstreik\n\nAm Abend fahren die Busse wieder nach Plan.\n\n"
            "20.05.2025 • 07:10 Uhr – Stau auf der A3\n\nNach einem Unfall staut sich der Verkehr auf zehn Kilometern.")
    doc = run(text)
    check_offsets(doc)
    entries = [(s.time, s.headline) for s in doc.segments if s.kind == "liveblog_entry"]
    assert entries == [(datetime(2025, 5, 20, 18, 30), "Verdi beendet den Warnstreik"),
                       (datetime(2025, 5, 20, 7, 10), "Stau auf der A3")]


def test_time_prefix_in_an_article_stays(run):
    text = "18:30 Uhr ist die Abfahrtszeit des letzten Busses, teilte die Stadt mit. Danach fahren Taxis."
    assert run(text).text == text


def test_two_word_glued_headline(run):
    doc = run("Der Fluss ist über die Ufer getreten. Mehrere Keller stehen unter Wasser.\n\n"
              "Notstand ausgerufen Der Landrat hat am Abend den Katastrophenfall erklärt. Schulen bleiben zu.")
    check_offsets(doc)
    assert texts(doc, "subheadline") == ["Notstand ausgerufen"]
    assert "Der Landrat hat am Abend den Katastrophenfall erklärt." in sentences(doc)


@pytest.mark.parametrize(
    "text",
    [
        "Polizei meldet Die Zahl der Verletzten ist auf vier gestiegen.",  # a verb, no participle
        "Am Ende Die Einigung kam erst am Freitag zustande, sagte er.",  # a sentence opener first
    ],
)
def test_no_two_word_glued_headline(text):
    assert glued_headline(text) is None


def test_unnamed_reported_speech_stays_in_the_entry(run):
    text = ("liveblog\nStand: 12.03.2025 18:00 Uhr\n\nDer Tag im Überblick.\n\n"
            "12.03.2025 • 18:00 Uhr\n\nStreik geht weiter\n\n"
            "Die Gewerkschaft hat den Streik um einen Tag verlängert, teilte sie mit.\n\n"
            "Aus Verhandlungskreisen hieß es, man sei dennoch gesprächsbereit.\n\n"
            "12.03.2025 • 16:00 Uhr\n\nBusse fahren nach Notfahrplan\n\nIn der Innenstadt fahren nur einzelne Linien.")
    doc = run(text)
    check_offsets(doc)
    entries = [s for s in doc.segments if s.kind == "liveblog_entry"]
    assert [e.headline for e in entries] == ["Streik geht weiter", "Busse fahren nach Notfahrplan"]
    assert doc.text[entries[0].start:entries[0].end].endswith("man sei dennoch gesprächsbereit.")
