"""Story timeline data: dated events from resolved time expressions (the sentence that
holds them), liveblog entry times (their headlines), document times (titles) and, in a
liveblog entry, the lead sentence of a paragraph that reports a counted event without a date
of its own ("In Kursk sind nach ukrainischen Angaben 11.000 Soldaten eingetroffen": dated by
the entry), merged across documents: sentences on the same date that say much the same thing,
or name the same happening ("Militärparade") and share a named entity, become one event with
all their sources. An undated sentence of another story document that names the happening of
exactly one dated event and shares an entity with it becomes one more source of that event
("Kim wird an einer Militärparade in Peking teilnehmen" for the parade dated elsewhere)."""
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
# counted events that happened (a claim's event lemma); "erwarten" looks ahead, so it dates nothing
_DONE = {"töten", "sterben", "entsenden", "eintreffen", "verletzen", "evakuieren", "abschießen", "abfangen",
         "befreien", "einsetzen", "beschädigen", "festnehmen", "vermissen", "zusichern", "steigen", "vorrücken"}
# nouns naming a happening, by their head: "Militärparade" and "Parade" name the same one,
# "Luftangriff" and "Drohnenangriff" do not
_HAPPENING = re.compile(
    r"(parade|gipfel|gipfeltreffen|konferenz|zeremonie|feier|wahl|anschlag|angriff|explosion|erdbeben|"
    r"unterzeichnung|staatsbesuch|demonstration|streik|manöver)(?:n|en|s|es|e)?$"
)
# intent, plan or expectation ("will weitere 6000 Soldaten entsenden"): nothing has happened yet
_NOT_DONE = re.compile(r"\b(?:will|wollen|wolle|soll|sollen|solle|wird|werden|werde|würde|würden|könnte|könnten|plant|planen|plane)\b")
# the liveblog talking about itself ("Ende des Liveblogs", "Die Entwicklungen vom Montag zum Nachlesen",
# "Morgen früh sind wir wieder für Sie da") dates no event
_FURNITURE = re.compile(r"\bLiveblogs?\b|\bzum\s+Nachlesen\b|\bwieder\s+für\s+Sie\s+da\b|\bIhr(?:em)?\s+Interesse\b", re.I)
SAME_PLACE_DAYS = 7  # an undated mention counts only in a document published this close to the event


@dataclass
class _Event:
    date: str
    granularity: Granularity
    text: str
    stems: set[str]
    sources: list[Source] = field(default_factory=list)
    happenings: set[tuple[str, str]] = field(default_factory=set)
    entities: set[str] = field(default_factory=set)


def _stems(text: str) -> set[str]:
    return {_STEM.stemWord(w.lower()) for w in _WORD.findall(text)}


def _happenings(text: str) -> set[tuple[str, str]]:
    """(head, compound) of each noun naming a happening: ("parade", "militärparade")."""
    out = set()
    for word in re.findall(r"\b[A-ZÄÖÜ][\w\-]{3,}", text):
        m = _HAPPENING.search(word.lower())
        if m:
            out.add((m.group(1), word.lower()[: m.end(1)]))
    return out


def _same_happening(a: set[tuple[str, str]], b: set[tuple[str, str]]) -> bool:
    return any(ha == hb and (ca == cb or ca == ha or cb == hb) for ha, ca in a for hb, cb in b)


def _entities(doc: Document, start: int, end: int) -> set[str]:
    return {m.entity_id or m.base.lower() for m in doc.mentions if start <= m.start < end and m.label in ("PER", "ORG", "LOC")}


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
    out.extend(_entry_events(doc))
    return out


def _entry_time(doc: Document, segment: int):
    """The time of the liveblog entry holding a segment; an entry without its own time marker
    continues the timed entry before it (the page gives the time once); None outside entries."""
    by_index = {s.index: s for s in doc.segments}
    seg = by_index.get(segment)
    while seg is not None and seg.kind != "liveblog_entry":
        seg = by_index.get(seg.parent) if seg.parent is not None else None
    if seg is None:
        return None
    if seg.time is not None:
        return seg.time
    before = [s for s in doc.segments if s.kind == "liveblog_entry" and s.time is not None and s.start < seg.start]
    if before:
        return max(before, key=lambda s: s.start).time
    return doc.meta.published


def _entry_events(doc: Document) -> list[tuple[str, Granularity, int, int]]:
    """Liveblog entries report what happened at their time: per paragraph, the first sentence that
    carries a claim about a done, counted event ("11.000 Soldaten eingetroffen") and has no time
    expression of its own is an event of the entry's day. One per paragraph keeps the details
    ("darunter vier Mitarbeiter") out of the timeline."""
    if not doc.sentences or not doc.claims:
        return []
    timed = {te.sentence for te in doc.times if te.value and te.sentence is not None}
    timed |= {s.index for s in doc.sentences for te in doc.times if te.value and s.start <= te.start < s.end}
    by_sentence = {s.index: s for s in doc.sentences}
    out, paragraphs = [], set()
    for claim in sorted(doc.claims, key=lambda c: c.start):
        s = by_sentence.get(claim.sentence) if claim.sentence is not None else None
        if s is None or claim.event not in _DONE or s.index in timed or s.segment in paragraphs:
            continue
        if _NOT_DONE.search(doc_text(doc)[s.start : s.end]):
            continue
        when = _entry_time(doc, s.segment)
        if when is None:
            continue
        paragraphs.add(s.segment)
        out.append((when.date().isoformat(), "day", s.start, s.end))
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
            if _FURNITURE.search(sentence):
                continue
            stems, happenings, entities = _stems(sentence), _happenings(sentence), _entities(doc, s0, s1)
            src = Source(doc_id=doc.id, start=s0, end=s1, text=sentence)
            for ev in events:
                if ev.date == date and (_jaccard(ev.stems, stems) >= SAME_EVENT
                                        or _same_happening(ev.happenings, happenings) and ev.entities & entities):
                    if all(s.doc_id != doc.id or s.start != s0 for s in ev.sources):
                        ev.sources.append(src)
                    ev.stems |= stems
                    ev.happenings |= happenings
                    ev.entities |= entities
                    break
            else:
                events.append(_Event(date, gran, sentence, stems, [src], happenings, entities))
    _attach_undated_mentions(docs, events)
    events.sort(key=lambda e: (e.date, -len(e.sources)))
    return [TimelineEvent(date=e.date, granularity=e.granularity, text=e.text, sources=e.sources) for e in events]


def _attach_undated_mentions(docs: list[Document], events: list[_Event]) -> None:
    """A sentence without a date that names the happening of dated events of one single date and
    shares a named entity with them is one more source of that event, when its document is not
    already a source and was published within SAME_PLACE_DAYS of it (or carries no time)."""
    from datetime import date as _date

    used = {(s.doc_id, s.start) for ev in events for s in ev.sources}
    candidates = [ev for ev in events if ev.happenings and ev.granularity == "day"]
    if not candidates:
        return
    for doc in docs:
        text = doc_text(doc)
        for s0, s1 in sentence_spans(doc):
            if (doc.id, s0) in used:
                continue
            sentence = " ".join(text[s0:s1].split())
            happenings = _happenings(sentence)
            if not happenings:
                continue
            entities = _entities(doc, s0, s1)
            hits = [ev for ev in candidates if _same_happening(ev.happenings, happenings) and ev.entities & entities
                    and all(src.doc_id != doc.id for src in ev.sources)]
            if not hits or len({ev.date for ev in hits}) != 1:
                continue  # unnamed or ambiguous: two parades on two days leave the mention undated
            published = doc.meta.published
            if published is not None and abs((published.date() - _date.fromisoformat(hits[0].date)).days) > SAME_PLACE_DAYS:
                continue
            ev = max(hits, key=lambda e: len(e.sources))
            ev.sources.append(Source(doc_id=doc.id, start=s0, end=s1, text=sentence))
            used.add((doc.id, s0))


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
