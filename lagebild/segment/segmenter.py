"""Stage "segment": title, teaser, liveblog entries, sub-headlines, paragraphs, sentences.

Reads ``text`` (cleaned), ``meta`` and ``removed``; writes ``segments`` and
``sentences``. All offsets point into ``Document.text``.

Layout rules (hand-written; they model news page layout, which no library does):

* Paragraphs are non-blank lines; lines of a hard-wrapped block are joined.
* A paragraph equal to ``meta.title`` at the top is the ``title``.
* Short lines without sentence punctuation are ``subheadline``s; a headline glued
  into the start of a sentence ("... Peking Für eine ...") is split out as one.
* Liveblogs (``meta.kind == "liveblog"``): the cleaning stage cut the entry time
  lines ("04.11.2024 • 23:36 Uhr") and recorded them as ``Removed`` with reason
  ``entry_timestamp``; each starts a timestamped ``liveblog_entry`` whose first
  headline-like line is its headline. Pages whose entries lost their times are
  split one paragraph = one entry, except paragraphs that plainly continue the
  previous one ("Auch ...", "Dabei ...", "... demnach ..."). The first body
  paragraph before any entry is the ``teaser``. Entry paragraphs point at their
  entry with ``parent``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from lagebild.clean.rules import OffsetMap
from lagebild.config import Settings
from lagebild.document import Document, Removed, Segment, Sentence
from lagebild.pipeline import register_stage
from lagebild.segment.headlines import glued_headlines, is_headline
from lagebild.segment.sentences import SentenceSplitter

# reasons (cleaning rule ids) of the cut entry times; see lagebild/data/cleaning_rules.yaml
ENTRY_TIMESTAMP_REASONS = ("entry_timestamp", "entry_timestamp_prefix")
_DATE_TIME = re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\D+(?P<H>\d{1,2})[:.](?P<M>\d{2})")
_TIME_ONLY = re.compile(r"(?P<H>\d{1,2})[:.](?P<M>\d{2})")
_CONTINUES_START = re.compile(
    r"^(?:Auch|Zudem|Außerdem|Dabei|Damit|Demnach|Darüber hinaus|Zugleich|Gleichzeitig|Allerdings|Dennoch|"
    r"Trotzdem|Daraufhin|Ferner|Deshalb|Daher|Dort|Dies|Diese[rsmn]?|Er|Ihm|Ihr|Es|Thematisiert)\b"
)
# "Aus der Delegation hieß es, man sei ...": unnamed reported speech adds to the entry above
_CONTINUES_EARLY = re.compile(r"\b(?:auch|zudem|außerdem|ebenfalls|trotzdem|demnach|dabei|hieß es)\b")
# a lower-case pronoun / possessive near the start refers back: "Nach seinen Worten ..."
_CONTINUES_ANAPHOR = re.compile(r"\b(?:er|sie|ihm|ihn|ihr|ihre[nmrs]?|sein|seine[nmrs]?|dessen|deren)\b")
_QUOTE_OPENERS = "„\"»«‚'"


@dataclass
class Para:
    start: int
    end: int
    text: str


def paragraphs(text: str) -> list[Para]:
    """Non-blank lines, with hard-wrapped blocks (every line but the last unfinished) joined."""
    blocks: list[list[tuple[int, int]]] = [[]]
    pos = 0
    for line in text.split("\n"):  # plain line scan: no regex backtracking on long blank runs
        if line.strip():
            blocks[-1].append((pos, pos + len(line)))
        elif blocks[-1]:
            blocks.append([])
        pos += len(line) + 1
    out: list[Para] = []
    for lines in blocks:
        if not lines:
            continue
        spans = [(lines[0][0], lines[-1][1])] if _hard_wrapped([text[s:e] for s, e in lines]) else lines
        for s, e in spans:
            chunk = text[s:e]
            start = s + len(chunk) - len(chunk.lstrip())
            end = e - (len(chunk) - len(chunk.rstrip()))
            out.append(Para(start, end, text[start:end]))
    return out


def _hard_wrapped(lines: list[str]) -> bool:
    if len(lines) < 3:
        return False
    body = [ln.rstrip() for ln in lines[:-1]]
    unfinished = sum(1 for ln in body if ln and ln[-1] not in ".!?:\"“”»")
    return unfinished >= 0.7 * len(body) and max(len(ln) for ln in body) <= 100 and min(len(ln) for ln in body) >= 30


def entry_times(doc: Document, omap: OffsetMap) -> dict[int, datetime | None]:
    """Text offset -> time of each liveblog entry time line that cleaning cut."""
    times: dict[int, datetime | None] = {}
    for r in doc.removed:
        if r.reason in ENTRY_TIMESTAMP_REASONS:
            times[omap(r.start)] = _parse_entry_time(r, doc)
    return times


def _parse_entry_time(r: Removed, doc: Document) -> datetime | None:
    match = _DATE_TIME.search(r.text)
    try:
        if match:
            g = match.groupdict()
            return datetime(int(g["y"]), int(g["m"]), int(g["d"]), int(g["H"]), int(g["M"]))
        match = _TIME_ONLY.search(r.text)
        if match and doc.meta.published is not None:  # "23:36 Uhr" on a page dated by its Stand line
            return doc.meta.published.replace(hour=int(match["H"]), minute=int(match["M"]), second=0, microsecond=0)
    except ValueError:
        pass
    return None


def continues_previous(paragraph: str) -> bool:
    if _CONTINUES_START.match(paragraph):
        return True
    if paragraph[:1] in _QUOTE_OPENERS:  # a quote paragraph quotes the actor of the entry before
        return True
    words = paragraph.split()
    return bool(_CONTINUES_EARLY.search(" ".join(words[:6])) or _CONTINUES_ANAPHOR.search(" ".join(words[:4])))


class _Builder:
    def __init__(self):
        self.segments: list[Segment] = []

    def add(self, kind: str, start: int, end: int, parent: int | None = None, **extra) -> int:
        index = len(self.segments)
        self.segments.append(Segment(index=index, kind=kind, start=start, end=end, parent=parent, **extra))
        return index

    def extend(self, index: int, end: int, **extra) -> None:
        seg = self.segments[index]
        self.segments[index] = seg.model_copy(update={"end": max(seg.end, end), **extra})


def _add_body(b: _Builder, para: Para, kind: str, parent: int | None, section: str | None = None) -> None:
    """A body paragraph, with any glued-in headlines split out as sub-headlines.

    Paragraphs under a sub-headline carry it in ``headline``, so later stages know the section.
    """
    pos = 0  # offsets relative to the paragraph from here on
    for h_start, h_end, body_start in glued_headlines(para.text):
        before = para.text[pos:h_start].rstrip()
        if before.strip():
            b.add(kind, para.start + pos, para.start + pos + len(before), parent,
                  headline=section if kind == "paragraph" else None)
            kind = "paragraph"
        b.add("subheadline", para.start + h_start, para.start + h_end, parent)
        section = para.text[h_start:h_end]
        pos = body_start
    b.add(kind, para.start + pos, para.end, parent, headline=section if kind == "paragraph" else None)


def segment_text(doc: Document) -> list[Segment]:
    text = doc.text
    paras = paragraphs(text)
    b = _Builder()
    i = 0
    # the title may follow a kicker line ("Sanktionen gegen Russland"), which is a sub-headline
    title_at = next((n for n, p in enumerate(paras[:3]) if doc.meta.title and _norm(p.text) == _norm(doc.meta.title)), None)
    if title_at is not None:
        for kicker in paras[:title_at]:
            b.add("subheadline", kicker.start, kicker.end)
        b.add("title", paras[title_at].start, paras[title_at].end)
        i = title_at + 1
    if doc.meta.kind == "liveblog":
        _segment_liveblog(doc, paras[i:], b)
    else:
        section: str | None = None
        for n, para in enumerate(paras[i:], start=i):
            if is_headline(para.text) and n + 1 < len(paras):
                b.add("subheadline", para.start, para.end)
                section = para.text
            else:
                _add_body(b, para, "paragraph", None, section)
    return b.segments


def _segment_liveblog(doc: Document, paras: list[Para], b: _Builder) -> None:
    omap = OffsetMap(doc.removed)
    times = entry_times(doc, omap)
    time_starts = sorted(times)
    # paragraph index -> entry time, for the first paragraph after each cut time line
    timed: dict[int, datetime | None] = {}
    for offset in time_starts:
        for n, para in enumerate(paras):
            if para.start >= offset:
                timed.setdefault(n, times[offset])
                break
    first_timed = min(timed) if timed else None

    entry: int | None = None
    entry_body = False  # the current entry has a body paragraph already
    teaser_done = False
    for n, para in enumerate(paras):
        headline_like = is_headline(para.text) and n + 1 < len(paras)
        in_intro = first_timed is not None and n < first_timed
        if n in timed:
            entry = b.add("liveblog_entry", para.start, para.end, time=timed[n])
            entry_body = False
            if headline_like:
                b.add("subheadline", para.start, para.end, entry)
                b.extend(entry, para.end, headline=para.text)
                continue
        elif in_intro or (entry is None and not teaser_done):
            if headline_like:
                b.add("subheadline", para.start, para.end)
            elif not teaser_done:
                _add_body(b, para, "teaser", None)
                teaser_done = True
            else:
                _add_body(b, para, "paragraph", None)
            continue
        elif headline_like:
            entry = b.add("liveblog_entry", para.start, para.end, headline=para.text)
            b.add("subheadline", para.start, para.end, entry)
            entry_body = False
            continue
        elif entry is None or (entry_body and not continues_previous(para.text)):
            entry = b.add("liveblog_entry", para.start, para.end)
            entry_body = False
        _add_body(b, para, "paragraph", entry)
        b.extend(entry, para.end)
        entry_body = True


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


@register_stage("segment", reads=("text", "meta", "removed"), writes=("segments", "sentences"))
class SegmentStage:
    def __init__(self, settings: Settings):
        self.splitter = SentenceSplitter()

    def __call__(self, doc: Document) -> Document:
        segments = segment_text(doc)
        sentences: list[Sentence] = []
        for seg in segments:
            if seg.kind == "liveblog_entry":
                continue  # an entry's sentences belong to its child segments (headline, paragraphs)
            for start, end in self.splitter.split(doc.text[seg.start : seg.end], seg.start):
                sentences.append(Sentence(index=len(sentences), start=start, end=end, segment=seg.index))
        return doc.model_copy(update={"segments": segments, "sentences": sentences})
