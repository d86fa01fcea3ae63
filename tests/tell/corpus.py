"""A small fictional story written for these tests (our own sentences): a dike breach on the
Oder, told by an agency report, a newspaper article that repeats its key sentence, and a
liveblog with timed entries. Sentences, claims, quotes and mentions are marked by offset."""
from __future__ import annotations

import hashlib
import re
from datetime import datetime

from lagebild.document import Claim, Document, DocumentMeta, Mention, Quote, Segment, Sentence

WIRE = (
    "Deichbruch an der Oder bei Frankfurt\n"
    "An der Oder bei Frankfurt ist in der Nacht zum Montag ein Deich auf einer Länge von 40 Metern gebrochen. "
    "Nach Angaben des Landkreises mussten rund 1.200 Menschen ihre Häuser verlassen. "
    "Landrat Jens Körber sagte: „Wir haben die Lage unter Kontrolle, aber die Nacht wird lang.“ "
    "Das Technische Hilfswerk schickte zusätzliche Pumpen aus Cottbus in das Gebiet."
)
ARTICLE = (
    "Oder-Hochwasser: Bundeswehr hilft beim Sandsackfüllen\n"
    "An der Oder bei Frankfurt ist in der Nacht zum Montag ein Deich auf einer Länge von 40 Metern gebrochen. "
    "Am Montagnachmittag trafen 300 Soldaten der Bundeswehr in Frankfurt ein, um Sandsäcke zu füllen. "
    "Die Feuerwehr meldete, dass inzwischen mehr als 1.500 Menschen in Notunterkünften untergebracht seien. "
    "Der Pegel in Frankfurt stand am Abend bei 5,9 Metern und damit knapp unter dem Höchststand von 1997."
)
BLOG_ENTRIES = [
    (datetime(2026, 5, 11, 7, 30), "Deich gebrochen",
     "In der Nacht ist bei Frankfurt an der Oder ein Deich auf 40 Metern Länge gebrochen, Anwohner werden geweckt."),
    (datetime(2026, 5, 11, 18, 0), "Pegel steigt weiter",
     "Der Pegel in Frankfurt ist am Abend auf 5,9 Meter gestiegen, die Stadt bereitet weitere Evakuierungen vor."),
    (datetime(2026, 5, 12, 9, 15), "Zweiter Deich hält",
     "Ein zweiter Deich bei Lebus hat in der Nacht zum Dienstag gehalten, sagte Landrat Körber am Morgen. "
     "Die Zahl der Menschen in Notunterkünften ist nach Angaben des Landkreises auf 1.800 gestiegen."),
]

NAMES = {"Oder": "LOC", "Frankfurt": "LOC", "Cottbus": "LOC", "Lebus": "LOC", "Jens Körber": "PER", "Körber": "PER",
         "Technische Hilfswerk": "ORG", "Bundeswehr": "ORG", "Feuerwehr": "ORG"}
FIGURES = [("rund 1.200 Menschen", 1200, "rund"), ("mehr als 1.500 Menschen", 1500, "mehr als"),
           ("auf 1.800", 1800, None), ("300 Soldaten", 300, None)]


def _sentences(text: str, start: int = 0) -> list[Sentence]:
    out = []
    for line in re.finditer(r"[^\n]+", text):
        pos = line.start()
        for m in re.finditer(r"(?<=[.!?“])\s+(?=[A-ZÄÖÜ„])|$", line.group()):
            end = line.start() + m.start()
            if end > pos:
                out.append(Sentence(index=len(out), start=pos, end=end, segment=0))
            pos = line.start() + m.end()
    return out


def _mark(text: str):
    mentions = []
    for surface, label in NAMES.items():
        for m in re.finditer(re.escape(surface), text):
            if surface == "Körber" and text[max(0, m.start() - 5):m.start()] == "Jens ":
                continue
            base = "Jens Körber" if surface == "Körber" else surface
            mentions.append(Mention(start=m.start(), end=m.end(), text=surface, label=label, base=base,
                                    entity_id=f"{label.lower()}-{base.lower().replace(' ', '-')}"))
    claims = []
    for phrase, value, qual in FIGURES:
        for m in re.finditer(re.escape(phrase), text):
            claims.append(Claim(start=m.start(), end=m.end(), text=phrase, value=value, qualifier=qual,
                                unit="Soldaten" if "Soldaten" in phrase else "Menschen",
                                key="soldaten" if "Soldaten" in phrase else "menschen|evakuieren"))
    quotes = [Quote(start=m.start() + 1, end=m.end() - 1, text=m.group()[1:-1], kind="direct", speaker="Jens Körber")
              for m in re.finditer(r"„[^“]+“", text)]
    return sorted(mentions, key=lambda m: m.start), claims, quotes


def make_doc(name: str, text: str, published: datetime | None, kind: str = "article",
             segments: list[Segment] | None = None) -> Document:
    mentions, claims, quotes = _mark(text)
    title_end = text.index("\n")
    segs = segments or [Segment(index=0, kind="title", start=0, end=title_end),
                        Segment(index=1, kind="paragraph", start=title_end + 1, end=len(text))]
    return Document(id=hashlib.sha256(text.encode()).hexdigest()[:16], name=name, origin=f"test:{name}",
                    format="text", raw=text.encode(), original_text=text, text=text,
                    meta=DocumentMeta(title=text[:title_end], published=published, kind=kind),
                    segments=segs, sentences=_sentences(text), mentions=mentions, claims=claims, quotes=quotes,
                    stages=["test"])


def liveblog() -> Document:
    text, segments = "Liveblog: Hochwasser an der Oder\n", []
    for when, headline, body in BLOG_ENTRIES:
        start = len(text)
        text += f"{headline}\n{body}\n"
        segments.append(Segment(index=len(segments), kind="liveblog_entry", start=start, end=len(text) - 1,
                                time=when, headline=headline))
    text = text.rstrip("\n")
    return make_doc("blog", text, datetime(2026, 5, 12, 9, 15), kind="liveblog", segments=segments)


def documents() -> list[Document]:
    return [make_doc("wire", WIRE, datetime(2026, 5, 11, 6, 0), kind="agency_wire"),
            make_doc("article", ARTICLE, datetime(2026, 5, 11, 20, 0)), liveblog()]
