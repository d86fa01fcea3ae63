"""Temporal expressions on sentences we wrote, resolved against a publication or entry time."""
from __future__ import annotations

from datetime import datetime

import pytest

from lagebild.document import Segment
from lagebild.understand.temporal import find_times
from understand_support import make_doc

# Thursday, 2026-03-12
PUB = datetime(2026, 3, 12, 9, 30)


def times(text: str, published: datetime | None = PUB) -> dict[str, tuple]:
    return {t.text: (t.value, t.granularity, t.anchor) for t in find_times(make_doc(text, published))}


@pytest.mark.parametrize("text, surface, value, granularity", [
    ("Das Abkommen wurde am 07.02.2021 unterzeichnet.", "07.02.2021", "2021-02-07", "day"),  # DMY, not July
    ("Die Wahl fand am 5. Oktober 2022 statt.", "5. Oktober 2022", "2022-10-05", "day"),
    ("Die Brücke wurde im Juli 2019 gesperrt.", "im Juli 2019", "2019-07", "month"),
    ("Anfang Mai 2020 kamen die ersten Lieferungen an.", "Anfang Mai 2020", "2020-05", "month"),
    ("Zuletzt war die Ministerin 2017 in Tokio.", "2017", "2017", "year"),
    ("Die Truppen stehen seit 2021 an der Grenze.", "seit 2021", "2021", "year"),
])
def test_absolute_dates_need_no_anchor(text, surface, value, granularity):
    got = times(text, published=None)
    assert got[surface] == (value, granularity, "absolute")


@pytest.mark.parametrize("text, surface, value", [
    ("Der Minister war am Montag in Riga eingetroffen.", "am Montag", "2026-03-09"),  # past: most recent Monday
    ("Die Regierung hat am Donnerstag beraten.", "am Donnerstag", "2026-03-12"),  # the anchor day itself
    ("Die Gespräche sollen am kommenden Dienstag beginnen.", "am kommenden Dienstag", "2026-03-17"),
    ("Am Samstag wird der Gipfel eröffnet.", "Am Samstag", "2026-03-14"),  # future tense
    ("Die Minister treffen sich am Freitag in Wien.", "am Freitag", "2026-03-13"),  # present tense: nearest day
    ("Vergangenen Donnerstag hatte er noch gewarnt.", "Vergangenen Donnerstag", "2026-03-05"),
])
def test_weekdays_follow_tense(text, surface, value):
    assert times(text)[surface][0] == value


@pytest.mark.parametrize("text, surface, value, granularity", [
    ("Heute berät der Rat.", "Heute", "2026-03-12", "day"),
    ("Die Bahn hatte gestern gestreikt.", "gestern", "2026-03-11", "day"),
    ("Morgen entscheidet das Gericht.", "Morgen", "2026-03-13", "day"),
    ("Der Angriff erfolgte in der Nacht.", "in der Nacht", "2026-03-12", "day"),
    ("Der Umsatz war im vergangenen Jahr gesunken.", "im vergangenen Jahr", "2025", "year"),
    ("Die Fabrik wurde vor rund 30 Jahren gebaut.", "vor rund 30 Jahren", "1996", "year"),
    ("Die Partei hatte vergangene Woche getagt.", "vergangene Woche", "2026-W10", None),
    ("Im Oktober war die Lage noch ruhig.", "Im Oktober", "2025-10", "month"),  # most recent October
    ("Im Februar hatte es geschneit.", "Im Februar", "2026-02", "month"),
    ("Im Juni wird gewählt.", "Im Juni", "2026-06", "month"),  # future tense: the coming June
])
def test_relative_expressions(text, surface, value, granularity):
    got = times(text)[surface]
    assert got[:2] == (value, granularity)
    assert got[2] == "publication"


def test_year_ranges_headline_years_centuries_and_seasons():
    got = times("Der Konflikt 1992/1993\n\nEr dauerte von 1994–1996. Im Herbst 2001 endete das 20. Jahrhundert endgültig.",
                published=None)
    assert got["1992"][0] == "1992" and got["1993"][0] == "1993"  # a headline year before a new line
    assert got["1996"][0] == "1996"
    assert got["Im Herbst 2001"][0] == "2001"
    assert got["20. Jahrhundert"][0] == "19"


def test_day_and_month_without_year_take_the_anchor_year():
    got = times("Die Stadt fiel (3. Februar) nach kurzer Belagerung.")
    assert got["3. Februar"][:2] == ("2026-02-03", "day")


def test_morning_as_time_of_day_is_not_tomorrow():
    got = times("Der Zug fuhr am Morgen ab. Den Morgen verbrachte sie im Büro.")
    assert got["am Morgen"][0] == "2026-03-12"
    assert "Morgen" not in got


def test_relative_expressions_stay_unresolved_without_anchor():
    got = times("Der Minister war am Montag in Riga eingetroffen. Im April hatte er Oslo besucht.", published=None)
    assert got["am Montag"] == (None, "day", "unresolved")
    assert got["Im April"][0] is None and got["Im April"][2] == "unresolved"


def test_liveblog_entry_time_is_the_anchor():
    text = "Lage am Abend\n\nAm Sonntag hatte es Alarm gegeben."
    entry = Segment(index=0, kind="liveblog_entry", start=0, end=len(text), time=datetime(2026, 2, 3, 20, 0))
    para = Segment(index=1, kind="paragraph", start=15, end=len(text), parent=0)
    doc = make_doc(text, published=PUB, segments=[entry, para])
    got = {t.text: t for t in find_times(doc)}
    assert got["Am Sonntag"].value == "2026-02-01"
    assert got["Am Sonntag"].anchor == "entry"


@pytest.mark.parametrize("text", [
    "Die Stadt feiert den 75. Jahrestag ihrer Gründung.",
    "Nach 12 Jahren Regierung trat er zurück.",
    "Der Dirigent starb mit 88 Jahren.",
    "In den letzten 48 Stunden fielen 2000 Granaten.",
    "Seit fast 900 Tagen dauert die Belagerung.",
])
def test_non_time_numbers_are_not_times(text):
    assert find_times(make_doc(text, PUB)) == []


def test_spans_point_into_the_text():
    doc = make_doc("Die Delegation reist am Mittwoch ab. Im Jahr 2024 war sie schon einmal dort.", PUB)
    for t in find_times(doc):
        assert doc.text[t.start : t.end] == t.text
        assert t.sentence is not None


@pytest.mark.parametrize("text, surface, value", [
    # the clause holding the weekday decides: a relative clause in the past inside a sentence about plans
    ("Helfer sollen Menschen holen, die am Dienstag nicht mehr fliehen konnten.", "am Dienstag", "2026-03-10"),
    ("Wie das Amt am Montag mitteilte, wird die Brücke erneuert.", "am Montag", "2026-03-09"),
    # "bis/ab <weekday>" in a present or perfect clause looks ahead; in the preterite it looks back
    ("Der Wetterdienst hat die Warnung bis Samstagmittag verlängert.", "bis Samstagmittag", "2026-03-14"),
    ("Die Fähren fahren ab Montag wieder.", "ab Montag", "2026-03-16"),
    ("Die Straße war bis Dienstag gesperrt.", "bis Dienstag", "2026-03-10"),
])
def test_weekday_by_clause_tense_and_until(text, surface, value):
    assert times(text)[surface][0] == value


def test_announced_trip_looks_ahead():
    assert times("Die Ministerin kündigte an, am Samstag in die Region zu reisen.")["am Samstag"][0] == "2026-03-14"
