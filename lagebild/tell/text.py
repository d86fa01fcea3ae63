"""Word-level helpers for the tell modules: German content-word stems, numbers and names,
used for sentence similarity (summary), alignment (LLM output) and support checks."""
from __future__ import annotations

import re

import Stemmer

_STEM = Stemmer.Stemmer("german")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# a figure as written in German text: 11.000 / 2,5 / 6000 / 80.
_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
_NUMBER_WORDS = {
    "zwei": "2", "drei": "3", "vier": "4", "fünf": "5", "sechs": "6", "sieben": "7", "acht": "8",
    "neun": "9", "zehn": "10", "elf": "11", "zwölf": "12", "zwanzig": "20", "hundert": "100",
    "tausend": "1000",
}

# function words that carry no content (closed classes, auxiliaries, reporting verbs)
STOPWORDS = frozenset("""
aber alle allem allen aller alles als also am an ans auch auf aus außer bei beide beiden beim bereits
bin bis bisher bislang bleibt da dabei damit danach dann daran darauf darüber das dass dem demnach den denen
denn der deren des dessen die dies diese diesem diesen dieser dieses doch dort du durch eben ein eine
einem einen einer eines einige er es etwa etwas euch für gegen gewesen hab habe haben hat hatte hatten
hier hin hinter ich ihr ihre ihrem ihren ihrer im immer in indem ins ist ja je jedoch jetzt kann kein
keine können könnte man mehr mit muss nach nachdem nicht nichts noch nun nur ob oder ohne schon sei
seien sein seine seinem seinen seiner seit sich sie sind so sollen soll sollte sowie über um und uns
unter viel vom von vor wann war waren warum was weil weiter weitere weiteren welche wenn wer werde
werden wie wieder wir wird wo wurde wurden zu zum zur zwar zwischen laut zufolge sagte sagt sagten
teilte mit erklärte hieß heißt berichtete berichtet demnach sowohl denn worden wäre wären ab dazu
""".split())


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def stems(text: str) -> list[str]:
    """Snowball stems of the content words (lower-cased, stopwords and 1-letter words dropped)."""
    out = []
    for w in words(text):
        lw = w.lower()
        if len(lw) > 1 and lw not in STOPWORDS:
            out.append(_STEM.stemWord(lw))
    return out


def numbers(text: str) -> set[str]:
    """Figures normalised to digits without separators: "11.000" -> "11000", "2,5" -> "2.5"."""
    out = {m.group().replace(".", "").replace(",", ".") for m in _NUMBER.finditer(text)}
    out |= {_NUMBER_WORDS[w.lower()] for w in words(text) if w.lower() in _NUMBER_WORDS}
    return out


def names(text: str) -> set[str]:
    """Stems of capitalised words that are not sentence-initial function words: a cheap stand-in
    for entities when a text (an LLM sentence) has no mentions."""
    out = set()
    for m in _WORD.finditer(text):
        w = m.group()
        if w[0].isupper() and w.lower() not in STOPWORDS and len(w) > 2:
            out.add(_STEM.stemWord(w.lower()))
    return out


def key_terms(text: str) -> set[str]:
    """What a supporting span must share with a sentence: its names and figures."""
    return names(text) | {"#" + n for n in numbers(text)}


def one_line(text: str) -> str:
    return " ".join(text.split())


_OPENING_MARKS = "„\"»«‚'"
_CLOSING_MARKS = "“\"«»‘'"


def quote_de(text: str) -> str:
    """``text`` in German quotation marks, for citing a source span. A span that already opens or
    closes with quotation marks of its own (a cited sentence that is a direct quote) gets
    guillemets instead, so the reader never sees „„…“ and can still tell where the span ends."""
    if text[:1] in _OPENING_MARKS or text[-1:] in _CLOSING_MARKS or "„" in text:
        return f"»{text}«"
    return f"„{text}“"
