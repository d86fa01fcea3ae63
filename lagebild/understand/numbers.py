"""German number expressions: "2.000", "6000", "1,5 Millionen", "zehntausend", "50 bis 200", "50 von 80".

Digit formats are parsed here (text2num reads "1,5 Milliarden" wrongly); written-out numbers go
through text2num. Plural nouns of quantity ("tausende", "Hunderte", "Dutzende") are not figures,
and neither are number words glued to a hyphen ("drei- bis fünfjährige", "Vier-Augen-Gespräch"):
those are attributes of a noun, not counted things.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

SCALES = {
    "tausend": 1e3, "million": 1e6, "millionen": 1e6, "mio.": 1e6, "mio": 1e6,
    "milliarde": 1e9, "milliarden": 1e9, "mrd.": 1e9, "mrd": 1e9, "billion": 1e12, "billionen": 1e12,
}
DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_WORD_PARTS = r"(?:ein|zwei|drei|vier|fünf|sechs|sech|sieben|sieb|acht|neun|zehn|elf|zwölf|zwanzig|zig|ßig|hundert|tausend|und)"
NUMBER_WORD = re.compile(rf"{_WORD_PARTS}+", re.I)
NOT_FIGURES = {"ein", "und", "eins", "einund", "zig"}
SCALE = r"(?:\s+(?P<scale>(?:Tausend|Millionen|Million|Milliarden|Milliarde|Billionen|Billion)\b|Mio\.|Mrd\.))?"
NUMBER = re.compile(
    rf"(?<![\w\-+/.,:])(?P<lo>{DIGITS}|(?i:{_WORD_PARTS})+)(?:\s*(?P<rel>bis|-|–|von)\s*(?P<hi>{DIGITS}|(?i:{_WORD_PARTS})+\b))?{SCALE}"
    rf"(?![\w\-]|[.,:]\d)"
)


@dataclass(frozen=True)
class NumberMatch:
    start: int
    end: int
    text: str
    value: float
    value_high: float | None
    relation: str  # "point", "range", "of"
    from_words: bool


def parse_digits(text: str) -> float:
    """German digit formats: "2.000" -> 2000, "1,5" -> 1.5, "6000" -> 6000."""
    return float(text.replace(".", "").replace(",", "."))


def parse_word(word: str) -> float | None:
    """Written-out number ("zehntausend") or None; quantity nouns ("tausende") are not numbers."""
    w = word.lower()
    if w in NOT_FIGURES or not NUMBER_WORD.fullmatch(w):
        return None
    from text_to_num import text2num

    try:
        return float(text2num(w, "de"))
    except (ValueError, KeyError, IndexError):
        return None


def _value(token: str) -> tuple[float | None, bool]:
    if token[:1].isdigit():
        return parse_digits(token), False
    return parse_word(token), True


def find_numbers(text: str) -> list[NumberMatch]:
    out: list[NumberMatch] = []
    for m in NUMBER.finditer(text):
        lo, words = _value(m.group("lo"))
        if lo is None:
            continue
        lo_end = m.start() + len(m.group("lo"))
        if words and text[lo_end : lo_end + 1] == "-":
            continue  # "drei- bis fünfjährige", "Vier-Augen-Gespräch": part of a compound, not a figure
        hi, _ = _value(m.group("hi")) if m.group("hi") is not None else (None, False)
        if m.group("hi") is not None and hi is None:
            if NUMBER_WORD.fullmatch(m.group("lo").lower()) and m.group("rel") == "-":
                continue
            out.append(NumberMatch(m.start(), lo_end, text[m.start() : lo_end], lo, None, "point", words))
            continue
        relation = "point" if hi is None else "of" if m.group("rel") == "von" else "range"
        if m.group("scale"):
            factor = SCALES[m.group("scale").lower()]
            lo *= factor
            hi = hi * factor if hi is not None else None
        out.append(NumberMatch(m.start(), m.end(), m.group(0), lo, hi, relation, words))
    return out
