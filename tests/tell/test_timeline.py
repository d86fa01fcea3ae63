"""Story timeline on reports we wrote: liveblog figures dated by their entry, undated mentions of a
dated happening attached as sources. The understand stages (times, quotes, claims) run for real;
names are marked by hand so the test does not depend on the NER model."""
from __future__ import annotations

import hashlib
import re
from datetime import datetime

from lagebild.document import Document, DocumentMeta, Mention, Segment, Sentence
from lagebild.tell.timeline import story_timeline
from lagebild.understand.claims import find_claims
from lagebild.understand.quotes import find_quotes
from lagebild.understand.temporal import find_times

PLACES = ("Passau", "Wien", "Graz")


def _doc(name: str, paragraphs: list[str], published: datetime | None,
         entries: list[tuple[datetime | None, str | None, int]] | None = None) -> Document:
    """Paragraph segments; ``entries`` groups them into liveblog entries: (time, headline, number of
    paragraphs), an entry's headline its first paragraph, as the segment stage lays out a liveblog."""
    text, segments, sentences = "", [], []
    groups = iter(entries or [])
    entry, left = None, 0
    for body in paragraphs:
        start = len(text)
        if entries and left == 0:
            when, headline, left = next(groups)
            entry = len(segments)
            segments.append(Segment(index=entry, kind="liveblog_entry", start=start, end=start, time=when, headline=headline))
        text += body + "\n\n"
        segments.append(Segment(index=len(segments), kind="paragraph", start=start, end=start + len(body),
                                parent=entry if entries else None))
        if entries:
            left -= 1
            segments[entry] = segments[entry].model_copy(update={"end": start + len(body)})
        for m in re.finditer(r"[^.!?]+[.!?]?", body):
            lead = len(m.group()) - len(m.group().lstrip())
            sentences.append(Sentence(index=len(sentences), start=start + m.start() + lead, end=start + m.end(),
                                      segment=len(segments) - 1))
    mentions = [Mention(start=m.start(), end=m.end(), text=m.group(), label="LOC", base=m.group(),
                        entity_id=f"loc:{m.group().lower()}", origin="rule")
                for place in PLACES for m in re.finditer(place, text)]
    doc = Document(id=hashlib.sha256(text.encode()).hexdigest()[:16], name=name, origin=f"test:{name}", format="text",
                   raw=text.encode(), original_text=text, text=text, sentences=sentences, segments=segments,
                   mentions=sorted(mentions, key=lambda m: m.start),
                   meta=DocumentMeta(published=published, kind="liveblog" if entries else "article"))
    for stage in (find_times, find_quotes, find_claims):
        doc = doc.model_copy(update={stage.__name__.removeprefix("find_"): stage(doc)})
    return doc


def test_liveblog_figure_without_a_date_is_an_event_of_its_entry_day():
    blog = _doc("blog", [
        "Hochwasser an der Donau",
        "In Passau sind nach Angaben der Stadt 400 Menschen evakuiert worden. "
        "Unter den Evakuierten seien auch 30 Kinder, so ein Sprecher.",
        "Die Stadt will weitere 200 Menschen in Sicherheit bringen. Der Regen hält an.",
        # an entry without a time marker of its own continues the timed entry before it
        "Bei einem Erdrutsch nahe Passau wurden zwei Menschen verletzt.",
    ], published=datetime(2026, 3, 6, 22, 0), entries=[(datetime(2026, 3, 5, 9, 0), "Hochwasser an der Donau", 3),
                                                       (None, None, 1)])
    texts = {e.text: e.date for e in story_timeline([blog])}
    assert texts.get("In Passau sind nach Angaben der Stadt 400 Menschen evakuiert worden.") == "2026-03-05"
    assert texts.get("Bei einem Erdrutsch nahe Passau wurden zwei Menschen verletzt.") == "2026-03-05"
    # one figure per paragraph; an intent ("will … in Sicherheit bringen") and plain sentences date nothing
    assert not any("30 Kinder" in t or "200 Menschen" in t or "Regen" in t for t in texts)


def test_figures_of_an_ordinary_article_stay_off_the_timeline():
    article = _doc("article", ["In Passau sind nach Angaben der Stadt 400 Menschen evakuiert worden."],
                   published=datetime(2026, 3, 5, 22, 0))
    assert not any("400" in e.text for e in story_timeline([article]))


def test_undated_mention_of_a_dated_happening_becomes_one_more_source():
    report = _doc("report", ["Am Samstag zog eine große Militärparade durch Wien."],
                  published=datetime(2026, 6, 14, 10, 0))
    preview = _doc("preview", ["Zur Militärparade in Wien werden zahlreiche Gäste erwartet."],
                   published=datetime(2026, 6, 12, 8, 0))
    elsewhere = _doc("elsewhere", ["Auch in Graz zog eine Parade durch die Stadt."],
                     published=datetime(2026, 6, 14, 9, 0))
    old = _doc("old", ["Die Militärparade in Wien war ein Erfolg für die Veranstalter."],
               published=datetime(2025, 1, 2, 8, 0))
    events = story_timeline([report, preview, elsewhere, old])
    parade = [e for e in events if e.date == "2026-06-13"]
    assert len(parade) == 1
    assert {s.doc_id for s in parade[0].sources} == {report.id, preview.id}
    src = next(s for s in parade[0].sources if s.doc_id == preview.id)
    assert preview.text[src.start:src.end] == "Zur Militärparade in Wien werden zahlreiche Gäste erwartet."


def test_mention_of_a_happening_on_two_dates_stays_unattached():
    first = _doc("first", ["Am Samstag zog eine Militärparade durch Wien."],
                 published=datetime(2026, 6, 14, 10, 0))
    second = _doc("second", ["Am Montag zog erneut eine Militärparade durch Wien."],
                  published=datetime(2026, 6, 16, 10, 0))
    vague = _doc("vague", ["Die Militärparade in Wien kostete viel Geld."],
                 published=datetime(2026, 6, 17, 10, 0))
    events = story_timeline([first, second, vague])
    assert sorted(e.date for e in events) == ["2026-06-13", "2026-06-15"]
    assert all(s.doc_id != vague.id for e in events for s in e.sources)


def test_the_liveblog_talking_about_itself_is_no_event():
    blog = _doc("blog", ["Ende des Liveblogs", "Für heute beenden wir den Liveblog. Morgen früh sind wir wieder für Sie da.",
                         "Fähren fahren wieder", "Am Morgen legte die erste Fähre in Kiel ab."],
                published=datetime(2026, 3, 6, 22, 0),
                entries=[(datetime(2026, 3, 6, 22, 0), "Ende des Liveblogs", 2), (datetime(2026, 3, 6, 8, 0), "Fähren fahren wieder", 2)])
    texts = [e.text for e in story_timeline([blog])]
    assert "Fähren fahren wieder" in texts
    assert not any("Liveblog" in t or "für Sie da" in t for t in texts), texts
