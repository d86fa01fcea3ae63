"""Stage "times": German temporal expressions, resolved against the publication or entry time.

The anchor of a sentence is the time of the liveblog entry holding it (``Segment.time``, anchor
"entry"), else the document's publication time (anchor "publication"). Absolute expressions
("04.11.2024", "im Juni 2024", "2019") need no anchor (anchor "absolute"). Relative ones
("am Dienstag", "gestern", "im April", "vor rund 14 Jahren") stay unresolved (value None,
anchor "unresolved") when no anchor is known: a date is never guessed.

Numeric and written-out full dates go through dateparser with ``DATE_ORDER=DMY`` (without it
02.09.2025 is read as 9 February); dateparser parses none of the relative German forms news uses
("am Dienstag", "im vergangenen Jahr", "Anfang März"), so those are German rules below.
Durations ("14 Jahren Herrschaft", "24 Stunden", "1000 Tage"), ages ("mit 94 Jahren") and
anniversaries ("80. Jahrestag") are not time expressions and are not matched.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from lagebild.config import Settings
from lagebild.document import Document, Granularity, Segment, Sentence, TimeExpression
from lagebild.pipeline import register_stage

MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}
WEEKDAYS = {"montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5, "sonntag": 6}
NUMBER_WORDS = {
    "einem": 1, "einer": 1, "ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
    "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "zwanzig": 20, "dreißig": 30,
}
_MONTH = r"(?P<month>Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)"
_DAYNAME = r"(?P<wd>Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PART = r"(?:(?:Anfang|Mitte|Ende)\s+)"
_TIME_OF_DAY = r"(?:\s+um\s+\d{1,2}[:.]\d\d\s+Uhr)?"

# Order matters: longer, more specific patterns first; matches never overlap.
PATTERNS: list[tuple[str, re.Pattern]] = [
    ("numeric_date", re.compile(rf"\b(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.{_YEAR}\b{_TIME_OF_DAY}")),
    ("written_date", re.compile(rf"\b(?P<d>\d{{1,2}})\.\s?{_MONTH}\s+{_YEAR}\b{_TIME_OF_DAY}")),
    ("day_month", re.compile(rf"(?<![\d.])(?:(?i:am|vom|bis\s+zum|seit\s+dem)\s+)?(?P<d>\d{{1,2}})\.\s?{_MONTH}\b(?!\s+\d)")),
    ("century", re.compile(r"\b(?P<c>\d{1,2})\.\s+Jahrhunderts?\b")),
    ("season_year", re.compile(rf"\b(?:(?i:im|seit|bis|ab)\s+)?(?:Frühjahr|Frühling|Sommer|Herbst|Winter)\s+{_YEAR}\b")),
    ("month_year", re.compile(rf"\b(?:(?i:im|seit|bis|ab)\s+)?{_PART}?{_MONTH}\s+{_YEAR}\b")),
    ("month", re.compile(rf"\b(?:(?i:im|seit|bis|ab|Anfang|Mitte|Ende|bis\s+Ende|seit\s+Anfang)\s+){_MONTH}\b(?!\s+\d)")),
    ("relative_year", re.compile(
        r"\b(?:(?:im|in\s+dem)\s+(?P<dir1>vergangenen|letzten|vorigen|kommenden|nächsten|laufenden)\s+Jahr"
        r"|(?P<dir2>vergangenes|letztes|voriges|kommendes|nächstes|dieses)\s+Jahr"
        r"|im\s+Vorjahr|in\s+diesem\s+Jahr|(?:bis\s+)?Ende\s+des\s+Jahres|Anfang\s+des\s+Jahres)\b", re.I)),
    ("relative_week", re.compile(
        r"\b(?:(?:in\s+der\s+)?(?P<dir>vergangenen|letzten|vorigen|kommenden|nächsten)\s+Woche"
        r"|(?P<dir2>vergangene|letzte|vorige|kommende|nächste|diese)\s+Woche|in\s+dieser\s+Woche)\b", re.I)),
    ("ago", re.compile(
        r"\bvor\s+(?:(?:rund|etwa|gut|knapp|fast|mehr\s+als|über|zirka|circa)\s+)?"
        r"(?P<n>\d{1,3}|einem|einer|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig)\s+"
        r"(?P<unit>Jahren|Jahr|Monaten|Monat|Wochen|Woche|Tagen|Tag)\b")),
    ("weekday", re.compile(
        rf"\b(?:(?P<prep>am|vom|seit|bis|ab)\s+)?(?:(?P<dir>vergangenen|letzten|vorigen|kommenden|nächsten|diesen)\s+)?"
        rf"{_DAYNAME}(?P<daypart>abend|morgen|nachmittag|vormittag|mittag)?\b", re.I)),
    ("deictic", re.compile(r"\b(?P<word>heute|gestern|vorgestern|übermorgen|morgen|heute\s+Nacht|in\s+der\s+Nacht|am\s+Morgen|am\s+Abend|am\s+Vormittag|am\s+Nachmittag)\b", re.I)),
    ("year", re.compile(rf"\b(?P<prep>(?i:im\s+Jahr(?:e)?|seit|bis|ab|von|nach|vor|Anfang|Mitte|Ende|Frühjahr|Sommer|Herbst|Winter)\s+)?{_YEAR}\b(?![.,]\d)")),
]
PAST_MARKERS = re.compile(
    r"\b(?:hat|hatte|hatten|haben|war|waren|wurde|wurden|sagte|erklärte|teilte|berichtete|meldete|gab|ging|kam|"
    r"traf|begann|nahm|[a-zäöüß]+ierte|mitteilte|bekanntgab|bestätigte|betonte|"
    r"konnte|konnten|musste|mussten|wollte|wollten|durfte|durften|(?:ab|an|auf|aus|ein|mit|vor|zu|zusammen|zurück|fest|teil)?ge[a-zäöüß]{3,}(?:t|en))\b"
)
FUTURE_MARKERS = re.compile(r"\b(?:wird|werden|werde|soll|sollen|solle|will|wollen|wolle|plant|geplant|erwartet|kommenden|nächsten|bevor)\b", re.I)
NOT_YEAR_AFTER = re.compile(r"[ \t]*(?:[A-ZÄÖÜ]\w*|Prozent|Euro|Dollar|Mal|Kilometer|Meter|Tage|Jahre)")


@dataclass(frozen=True)
class Anchor:
    when: date | None
    kind: str  # "entry", "publication" or "unresolved"


def anchor_for(doc: Document, sentence: Sentence | None) -> Anchor:
    """Entry time of the liveblog entry holding the sentence, else the publication time."""
    if sentence is not None and doc.segments:
        by_index = {s.index: s for s in doc.segments}
        seg: Segment | None = by_index.get(sentence.segment)
        while seg is not None:
            if seg.kind == "liveblog_entry" and seg.time is not None:
                return Anchor(seg.time.date(), "entry")
            seg = by_index.get(seg.parent) if seg.parent is not None else None
    if doc.meta.published is not None:
        return Anchor(doc.meta.published.date(), "publication")
    return Anchor(None, "unresolved")


@lru_cache(maxsize=4096)
def _dateparser_day(text: str) -> date | None:
    import dateparser

    parsed = dateparser.parse(
        text, languages=["de"], settings={"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]}
    )
    return parsed.date() if parsed else None


def _tense(sentence_text: str) -> str:
    if FUTURE_MARKERS.search(sentence_text):
        return "future"
    if PAST_MARKERS.search(sentence_text):
        return "past"
    return "present"


PRETERITE = re.compile(r"\b(?:war|waren|hatte|hatten|wurde|wurden)\b")


def _clause_tense(s_text: str, m: re.Match, sentence_tense: str) -> str:
    """Tense of the comma clause holding the expression, else of the sentence: in "Menschen sollen geholt
    werden, die am Dienstag nicht fliehen konnten" Tuesday is past. "bis/ab Donnerstag" in a present or
    perfect clause looks ahead ("hat die Warnung bis Donnerstagmittag verlängert")."""
    lo = s_text.rfind(", ", 0, m.start())
    hi = s_text.find(", ", m.end())
    clause = s_text[lo + 2 if lo >= 0 else 0 : hi if hi >= 0 else len(s_text)]
    if FUTURE_MARKERS.search(clause) or PAST_MARKERS.search(clause):
        tense = _tense(clause)
    elif re.search(r"\bzu\s+[a-zäöüß]+en\W*$", clause):
        tense = "future"  # "kündigte an, am Mittwoch in die Gebiete zu reisen": an intention
    else:
        tense = sentence_tense
    prep = (m.groupdict().get("prep") or "").lower()
    if prep in ("bis", "ab") and not PRETERITE.search(clause):
        return "future"
    return tense


def _weekday(anchor: date, weekday: int, direction: str | None, tense: str) -> date:
    back = (anchor.weekday() - weekday) % 7  # days back to the latest such day on or before the anchor
    before = anchor - timedelta(days=back)
    after = anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7)
    direction = (direction or "").lower()
    if direction in ("vergangenen", "letzten", "vorigen"):
        return before if back else anchor - timedelta(days=7)
    if direction in ("kommenden", "nächsten"):
        return after
    if tense == "future" and back:
        return after
    if tense == "past" or not back:
        return before
    # present tense in news often announces the coming days ("nehmen am Mittwoch teil"): nearest day
    return after if (after - anchor).days < back else before


def _month(anchor: date, month: int, tense: str) -> tuple[int, int]:
    if tense == "future":
        return (anchor.year if month >= anchor.month else anchor.year + 1, month)
    return (anchor.year if month <= anchor.month else anchor.year - 1, month)


def _shift_months(d: date, months: int) -> tuple[int, int]:
    total = d.year * 12 + d.month - 1 - months
    return total // 12, total % 12 + 1


def _resolve(kind: str, m: re.Match, anchor: Anchor, tense: str) -> tuple[str | None, Granularity | None, bool]:
    """(value, granularity, needs_anchor) for one match."""
    g = m.groupdict()
    a = anchor.when
    if kind in ("numeric_date", "written_date"):
        day = _dateparser_day(m.group(0).split(" um ")[0])
        if day is None:  # dateparser refused: trust the digits
            month = int(g["m"]) if kind == "numeric_date" else MONTHS[g["month"].lower()]
            try:
                day = date(int(g["year"]), month, int(g["d"]))
            except ValueError:
                return None, None, False
        return day.isoformat(), "day", False
    if kind == "month_year":
        return f"{int(g['year']):04d}-{MONTHS[g['month'].lower()]:02d}", "month", False
    if kind in ("year", "season_year"):
        return g["year"], "year", False
    if kind == "century":  # TIMEX2 style: the 20th century is "19"
        return f"{int(g['c']) - 1:02d}", None, False
    if a is None:
        return None, _granularity_of(kind), True
    if kind == "day_month":
        month = MONTHS[g["month"].lower()]
        y, _ = _month(a, month, tense)
        try:
            return date(y, month, int(g["d"])).isoformat(), "day", True
        except ValueError:
            return None, None, True
    if kind == "month":
        y, mo = _month(a, MONTHS[g["month"].lower()], tense)
        return f"{y:04d}-{mo:02d}", "month", True
    if kind == "relative_year":
        words = m.group(0).lower()
        delta = -1 if re.search(r"vergangen|letzt|vorig|vorjahr", words) else 1 if re.search(r"kommend|nächst", words) else 0
        return str(a.year + delta), "year", True
    if kind == "relative_week":
        words = m.group(0).lower()
        delta = -7 if re.search(r"vergangen|letzt|vorig", words) else 7 if re.search(r"kommend|nächst", words) else 0
        iso = (a + timedelta(days=delta)).isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}", None, True
    if kind == "ago":
        n = int(g["n"]) if g["n"].isdigit() else NUMBER_WORDS[g["n"].lower()]
        unit = g["unit"].lower()
        if unit.startswith("jahr"):
            return str(a.year - n), "year", True
        if unit.startswith("monat"):
            y, mo = _shift_months(a, n)
            return f"{y:04d}-{mo:02d}", "month", True
        days = n * 7 if unit.startswith("woche") else n
        return (a - timedelta(days=days)).isoformat(), "day", True
    if kind == "weekday":
        return _weekday(a, WEEKDAYS[g["wd"].lower()], g.get("dir"), tense).isoformat(), "day", True
    if kind == "deictic":
        word = " ".join(m.group(0).lower().split())
        offset = {"gestern": -1, "vorgestern": -2, "morgen": 1, "übermorgen": 2}.get(word, 0)
        return (a + timedelta(days=offset)).isoformat(), "day", True
    return None, None, True


def _granularity_of(kind: str) -> Granularity | None:
    return {"month": "month", "relative_year": "year", "ago": "year"}.get(kind, "day" if kind != "relative_week" else None)


def _is_year(text: str, m: re.Match) -> bool:
    """A bare 19xx/20xx is a year unless it counts something ("2000 Soldaten") or is part of a number."""
    if m.group("prep"):
        return True
    before = text[max(0, m.start() - 1) : m.start()]
    if before and before in "-–/" and re.search(r"\b(?:19|20)\d\d[-–/]$", text[max(0, m.start() - 5) : m.start()]):
        return True  # second year of a range "1939/1940", "1940–1943"
    if before and (before.isdigit() or before in ".,-–/"):
        return False
    return not NOT_YEAR_AFTER.match(text, m.end())


def _is_morning_noun(text: str, m: re.Match) -> bool:
    """"Morgen gehört er zu den Gästen" is tomorrow; "den Morgen", "jeden Morgen" are a time of day."""
    before = text[max(0, m.start() - 8) : m.start()].lower().split()
    return bool(before) and before[-1] in ("den", "der", "jeden", "diesen", "heute", "gestern", "dem", "bis")


def find_times(doc: Document) -> list[TimeExpression]:
    text = doc.text
    sentences = doc.sentences or [Sentence(index=0, start=0, end=len(text), segment=-1)]
    taken: list[tuple[int, int]] = []
    out: list[TimeExpression] = []
    for sentence in sentences:
        s_text = text[sentence.start : sentence.end]
        anchor = anchor_for(doc, sentence if doc.sentences else None)
        sentence_tense = _tense(s_text)
        for kind, pattern in PATTERNS:
            for m in pattern.finditer(s_text):
                start, end = sentence.start + m.start(), sentence.start + m.end()
                if any(start < b and a < end for a, b in taken):
                    continue
                if kind == "year" and not _is_year(s_text, m):
                    continue
                if kind == "deictic" and m.group(0).lower() == "morgen" and _is_morning_noun(s_text, m):
                    continue
                tense = _clause_tense(s_text, m, sentence_tense)
                value, granularity, needs_anchor = _resolve(kind, m, anchor, tense)
                if value is None and not needs_anchor:
                    continue
                taken.append((start, end))
                out.append(TimeExpression(
                    start=start, end=end, text=m.group(0), value=value, granularity=granularity,
                    anchor=("absolute" if not needs_anchor else anchor.kind if value else "unresolved"),
                    sentence=sentence.index if doc.sentences else None,
                ))
    out.sort(key=lambda t: t.start)
    return out


@register_stage("times", reads=("text", "sentences", "meta", "segments"), writes=("times",))
class TimesStage:
    def __init__(self, settings: Settings):
        self.settings = settings

    def __call__(self, doc: Document) -> Document:
        return doc.model_copy(update={"times": find_times(doc)})
