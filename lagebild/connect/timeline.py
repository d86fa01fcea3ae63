"""Story timeline data: dated events from resolved time expressions (the sentence that
holds them), liveblog entry times (their headlines) and document times (titles), merged
across documents: sentences on the same date that say much the same thing become one
event with all their sources."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import Stemmer

from lagebild.connect.text import doc_text, sentence_spans
from lagebild.document import Document, Granularity
from lagebild.story import Source, TimelineEvent

_STEM = Stemmer.Stemmer("german")
_WORD = re.compile(r"[^\W\d_]{3,}")
SAME_EVENT = 0.3  # Jaccard of content-word stems above which two same-date sentences are one event
_PRECISION = {"minute": "day", "day": "day", "month": "month", "year": "year"}


@dataclass
class _Event:
    date: str
    granularity: Granularity
    text: str
    stems: set[str]
    sources: list[Source] = field(default_factory=list)


def _stems(text: str) -> set[str]:
    return {_STEM.stemWord(w.lower()) for w in _WORD.findall(text)}


def _sentence_around(doc: Document, start: int, end: int) -> tuple[int, int]:
    for s0, s1 in sentence_spans(doc):
        if s0 <= start < s1:
            return s0, max(s1, end)
    return start, end


def dated_mentions(doc: Document) -> list[tuple[str, Granularity, int, int]]:
    """(ISO date, granularity, span start, span end) for every dated statement of one document."""
    out = []
    for te in doc.times:
        if not te.value or te.anchor == "unresolved" or not te.granularity:
            continue
        gran = _PRECISION[te.granularity]
        date = te.value[: {"day": 10, "month": 7, "year": 4}[gran]]
        s0, s1 = _sentence_around(doc, te.start, te.end)
        out.append((date, gran, s0, s1))
    for seg in doc.segments:
        if seg.kind == "liveblog_entry" and seg.time is not None and seg.headline:
            start = doc_text(doc).find(seg.headline, seg.start)
            s0, s1 = (start, start + len(seg.headline)) if start >= 0 else (seg.start, seg.end)
            out.append((seg.time.date().isoformat(), "day", s0, s1))
    if doc.meta.published is not None and doc.meta.title:
        title = doc_text(doc).find(doc.meta.title)
        if title >= 0:
            out.append((doc.meta.published.date().isoformat(), "day", title, title + len(doc.meta.title)))
    return out


def build_timeline(docs: list[Document]) -> list[TimelineEvent]:
    """Merged, dated events of the given documents (a story's members), oldest first."""
    events: list[_Event] = []
    for doc in docs:
        text = doc_text(doc)
        seen: set[tuple[str, int]] = set()
        for date, gran, s0, s1 in dated_mentions(doc):
            if (date, s0) in seen:
                continue
            seen.add((date, s0))
            sentence = " ".join(text[s0:s1].split())
            stems = _stems(sentence)
            src = Source(doc_id=doc.id, start=s0, end=s1, text=sentence)
            for ev in events:
                if ev.date == date and _jaccard(ev.stems, stems) >= SAME_EVENT:
                    if all(s.doc_id != doc.id or s.start != s0 for s in ev.sources):
                        ev.sources.append(src)
                    ev.stems |= stems
                    break
            else:
                events.append(_Event(date, gran, sentence, stems, [src]))
    events.sort(key=lambda e: (e.date, -len(e.sources)))
    return [TimelineEvent(date=e.date, granularity=e.granularity, text=e.text, sources=e.sources) for e in events]


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
