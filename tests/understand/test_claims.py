"""Numeric claims on sentences we wrote: numbers, units, qualifiers, events, sources, reference times."""
from __future__ import annotations

from datetime import datetime

import pytest

from lagebild.document import Segment
from lagebild.understand.claims import find_claims
from lagebild.understand.numbers import find_numbers, parse_digits, parse_word
from lagebild.understand.quotes import find_quotes
from lagebild.understand.temporal import find_times
from understand_support import make_doc

PUB = datetime(2026, 3, 12, 9, 30)  # a Thursday


def claims(text: str, published=PUB, persons=(), orgs=()):
    doc = make_doc(text, published, persons=persons, orgs=orgs)
    doc = doc.model_copy(update={"times": find_times(doc)})
    doc = doc.model_copy(update={"quotes": find_quotes(doc)})
    return find_claims(doc)


def one(text: str, **kw):
    found = claims(text, **kw)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, value", [("2.000", 2000), ("6000", 6000), ("1,5", 1.5), ("12.500,75", 12500.75)])
def test_german_digit_formats(text, value):
    assert parse_digits(text) == value


@pytest.mark.parametrize("word, value", [("zehntausend", 10000), ("zweihundertfünfzig", 250), ("drei", 3)])
def test_number_words(word, value):
    assert parse_word(word) == value


@pytest.mark.parametrize("word", ["tausende", "Hunderte", "ein", "eins"])
def test_quantity_nouns_and_articles_are_not_figures(word):
    assert parse_word(word) is None


def test_scale_words_multiply():
    assert [n.value for n in find_numbers("1,5 Millionen Menschen und 3,2 Mrd. Euro")] == [1_500_000, 3_200_000_000]


def test_point_claim_with_unit_subject_qualifier_event():
    c = one("An der Küste wurden rund 1.200 ukrainische Soldaten verletzt.")
    assert (c.value, c.unit, c.subject, c.qualifier, c.event) == (1200, "Soldaten", "ukrainische", "rund", "verletzen")
    assert c.text == "rund 1.200 ukrainische Soldaten"


@pytest.mark.parametrize("qualifier", [
    "etwa", "mehr als", "über", "mindestens", "bis zu", "schätzungsweise", "fast", "knapp", "gut", "bereits",
    "durchschnittlich",
])
def test_qualifiers(qualifier):
    c = one(f"Im Hafen lagen {qualifier} 40 Frachter.")
    assert c.qualifier == qualifier and c.value == 40 and c.unit == "Frachter"


def test_range_and_of():
    r = one("Die Einheiten kamen täglich 30 bis 120 Meter voran.")
    assert (r.value, r.value_high, r.relation, r.unit) == (30, 120, "range", "Meter")
    o = one("Die Abwehr hat 35 von 60 Raketen abgefangen.")
    assert (o.value, o.value_high, o.relation, o.event) == (35, 60, "of", "abfangen")


def test_number_word_claim_and_money():
    w = one("Das Land hat über zehntausend Helfer entsandt.")
    assert (w.value, w.qualifier, w.unit, w.event) == (10000, "über", "Helfer", "entsenden")
    m = one("Die Regierung hat Hilfen in Höhe von 300 Millionen Euro zugesichert.")
    assert (m.value, m.unit, m.event) == (300_000_000, "Euro", "zusichern")


@pytest.mark.parametrize("text", [
    "Die Stadt feiert den 75. Jahrestag ihrer Gründung.",
    "Am 14.05.2023 begann die Messe.",
    "Der Politiker ist mit 61 Jahren zurückgetreten.",
    "Nach 12 Jahren Herrschaft trat er ab.",
    "In den letzten 24 Stunden blieb es ruhig.",
    "Fast 900 Tage dauert die Blockade schon.",
    "Die Hersteller bekommen drei- bis fünfjährige Verträge.",
    "Die Anlage vom Typ SA-22 steht am Stadtrand.",
    "Das Treffen begann um 08:00 Uhr.",
    "Im Jahr 2019 war er zuletzt dort.",
    "Zuletzt war sie 2017 in Tokio.",
    "Er kam als 3. Redner an die Reihe.",
    "Hunderte Menschen demonstrierten, tausende sahen zu.",
    "Das Bild der vier Minister ging um die Welt.",
    "Die Stadt liegt etwa 40 Kilometer südlich der Grenze.",
    "Sie erreichen Tempo bis zu 60 Kilometer pro Stunde.",
    "Die Hotline ist unter 030 1234 5678 erreichbar.",
    "Das Kommando erklärte, dass drei verschiedene Brigaden vorgerückt seien.",
    "Die Polizei fand in fünf unterschiedlichen Wohnungen Munition.",
    "Mehrere Hundert Beschäftigte versammelten sich vor der Zentrale.",
])
def test_not_claims(text):
    assert claims(text) == []


@pytest.mark.parametrize("text, source", [
    ("Nach französischen Angaben wurden 40 Kämpfer getötet.", "französischen Angaben"),
    ("Nach Erkenntnissen britischer und polnischer Dienste wurden 500 Soldaten entsandt.",
     "Erkenntnissen britischer und polnischer Dienste"),
    ("Bei dem Brand wurden den Behörden zufolge zwölf Menschen verletzt.", "den Behörden"),
    ("Nach Angaben von örtlichen Rettern wurden 80 Menschen evakuiert.", "Angaben von örtlichen Rettern"),
    ("Die Zahl der Toten ist auf 17 gestiegen, wie der Bürgermeister der Stadt mitteilte.", "der Bürgermeister der Stadt"),
])
def test_explicit_sources(text, source):
    assert one(text).source == source


def test_source_from_reporting_verb_and_quote_speaker():
    c = one("Die Feuerwehr teilte mit, es seien 14 Menschen gerettet worden.")
    assert c.source == "Die Feuerwehr"
    q = one("„Wir haben 25 Drohnen abgeschossen“, sagte General Piet Laan.", persons=("Piet Laan",))
    assert q.source_entity_id == "per:piet-laan"
    s = one("Premier Olga Brandt meldet mehr als 70 Angriffe.", persons=("Olga Brandt",))
    assert s.source_entity_id == "per:olga-brandt"


def test_reported_speech_inherits_the_source_of_the_sentence_before():
    text = ("Wie der Abgeordnete Park sagte, will das Land weitere 3000 Arbeiter entsenden. "
            "500 dieser Arbeiter seien bereits eingetroffen.")
    first, second = claims(text, persons=("Park",))
    assert first.subject == "weitere" and second.subject == "dieser"
    assert second.source == first.source
    assert second.event == "eintreffen"


def test_as_of_from_the_sentence_else_the_publication_day():
    april, last_year, plain = claims(
        "Im April waren mindestens 300 Gefangene gemeldet worden. "
        "Im vergangenen Jahr wurden 900 Soldaten entsandt. "
        "Nun wurden 120 Häuser evakuiert."
    )
    assert april.as_of == "2025-04"  # the most recent April before a March anchor
    assert last_year.as_of == "2025"
    assert plain.as_of == "2026-03-12"


def test_since_is_not_as_of():
    c = one("Das Land hat seit 2023 rund 8.000 Soldaten entsandt.")
    assert c.since == "2023" and c.as_of == "2026-03-12"


def test_unknown_publication_leaves_as_of_open():
    c = one("Am Montag wurden 45 Menschen evakuiert.", published=None)
    assert c.as_of is None


def test_same_quantity_gets_the_same_key_across_wordings():
    a = one("Nordkorea hat rund 9.000 Soldaten nach Russland entsandt.")
    b = one("Nach Angaben aus Seoul wurden 9000 nordkoreanische Soldaten nach Russland entsandt.")
    assert a.key == b.key == "soldaten|nordkoreanisch|entsenden"


def test_claim_spans_point_into_the_text():
    doc_text = "Nach Angaben der Polizei wurden mehr als 60 Menschen verletzt."
    c = one(doc_text)
    assert doc_text[c.start : c.end] == c.text == "mehr als 60 Menschen"


def test_killed_from_participle_and_adjective():
    a = one("Bei dem Angriff wurden nach Polizeiangaben 14 Zivilisten getötet.")
    assert (a.event, a.unit) == ("töten", "Zivilisten")
    b = one("Die Behörden gingen von mindestens 90 getöteten Kämpfern aus.")
    assert (b.event, b.qualifier, b.subject) == ("töten", "mindestens", "getöteten")


def _paragraphs(text: str) -> list[Segment]:
    out, pos = [], 0
    for i, para in enumerate(text.split("\n\n")):
        out.append(Segment(index=i, kind="paragraph", start=pos, end=pos + len(para)))
        pos += len(para) + 2
    return out


@pytest.mark.parametrize("intro", [
    "Gouverneur Oleh Brenko besuchte am Morgen die Klinik.",
    "Oleh Brenko, der Gouverneur der Region, besuchte am Morgen die Klinik.",
])
def test_role_source_binds_to_the_named_holder(intro):
    text = intro + " Die Zahl der Verletzten ist auf 23 gestiegen, wie der Gouverneur der Region mitteilte."
    c = one(text, persons=("Oleh Brenko",))
    assert (c.value, c.source, c.source_entity_id) == (23, "der Gouverneur der Region", "per:oleh-brenko")


def test_unnamed_role_source_is_not_the_last_person_of_another_paragraph():
    text = ("Verteidigungsministerin Ada Roth traf in Prag ihren Amtskollegen.\n\n"
            "Die Zahl der Verletzten ist auf 23 gestiegen, wie der Gouverneur der Region mitteilte. "
            "Unter den Verletzten seien auch zwei Feuerwehrleute, so der Gouverneur.")
    doc = make_doc(text, PUB, persons=("Ada Roth",), segments=_paragraphs(text))
    doc = doc.model_copy(update={"times": find_times(doc)})
    doc = doc.model_copy(update={"quotes": find_quotes(doc)})
    injured, firefighters = find_claims(doc)
    assert injured.source == "der Gouverneur der Region" and firefighters.source == "der Gouverneur"
    assert injured.source_entity_id is None and firefighters.source_entity_id is None


def test_two_sources_in_one_sentence_each_keep_their_figure():
    police, county = claims("Während die Polizei am Mittwoch von 31 Toten sprach, bestätigte der Landkreis lediglich 27 Todesfälle.")
    assert (police.value, police.source) == (31, "die Polizei")
    assert (county.value, county.source) == (27, "der Landkreis")


def test_time_of_the_figures_own_clause():
    # published on a Thursday: Tuesday evening is 2026-03-10, Wednesday morning 2026-03-11
    first = claims("Am Dienstagabend hatte die Polizei noch mindestens acht Tote gemeldet, am Mittwochmorgen dann "
                   "mindestens zwölf Tote.", orgs=("Polizei",))
    assert [(c.value, c.as_of) for c in first] == [(8, "2026-03-10"), (12, "2026-03-11")]
    assert "Polizei" in first[0].source


def test_source_from_the_next_sentence_demnach_and_possessive_worten():
    heli = one("Die Armee hilft mit sechs Hubschraubern. Das teilte das Innenministerium in Kiel mit.", orgs=("Armee",))
    assert heli.source == "das Innenministerium in Kiel"
    dead = one("Der Krisenstab legte am Morgen einen Bericht vor, teilte der Landkreis mit. "
               "Demnach sind 17 Menschen gestorben.", orgs=("Landkreis",))
    assert dead.value == 17 and dead.source == "der Landkreis"
    w = one("Einsatzleiter Paul Brandt war am Morgen vor Ort. Nach seinen Worten gelten noch 30 Menschen als vermisst.",
            persons=("Paul Brandt",))
    assert (w.value, w.source_entity_id) == (30, "per:paul-brandt")


def test_a_count_of_places_is_no_ordinal():
    c = claims("„Erst waren es 1.200 Stellen, jetzt sind es 1.800“, rief Jens Oltmann.", persons=("Jens Oltmann",))
    assert [(x.value, x.unit) for x in c] == [(1200, "Stellen"), (1800, None)]
    assert {x.source_entity_id for x in c} == {"per:jens-oltmann"}


def test_statements_of_nobody_are_no_source_and_names_run_to_their_end():
    c = one("Nach tagelangen widersprüchlichen Angaben sind an der Küste 21 Menschen gestorben.")
    assert c.value == 21 and c.source is None
    ig = one("Nach Angaben der IG Metall nahmen rund 600 Menschen teil.", orgs=("IG Metall",))
    assert ig.source == "Angaben der IG Metall"


def test_a_time_ahead_in_another_clause_does_not_date_todays_figure():
    staff, raise_, second = claims("Die rund 12.000 Beschäftigten in Kiel, Lübeck und Rostock erhalten ab Januar 2,20 Euro "
                                   "mehr pro Stunde, im Oktober 2026 folgt eine zweite Stufe von 3,1 Prozent.")
    assert staff.as_of == raise_.as_of == "2026-03-12"  # the publication day
    assert second.as_of == "2026-10"


def test_demnach_after_a_named_statement():
    c = one("Die Ministerin Vera Lind hat Einzelheiten des Plans genannt. Demnach sollen 80 weitere Busse fahren.",
            persons=("Vera Lind",))
    assert c.value == 80 and c.source_entity_id == "per:vera-lind"
