"""A tiny hand-written corpus (our own sentences) stored through the real repositories:
three reports on one fictional flood, with entities, quotes and figures marked by offset."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from lagebild.document import Claim, Document, DocumentMeta, Entity, Mention, Quote, Segment, Sentence

TEXTS = [
    (
        "hochwasser-1",
        "Pegel der Mulde steigt weiter",
        "Landesfunk",
        datetime(2026, 3, 2, 8, 30),
        "In Grimma ist der Pegel der Mulde über Nacht auf 6,2 Meter gestiegen. "
        "Bürgermeisterin Katrin Albers sagte: „Wir evakuieren die Altstadt vorsorglich.“ "
        "Nach Angaben der Feuerwehr sind rund 400 Helfer im Einsatz.",
    ),
    (
        "hochwasser-2",
        "Hunderte Helfer sichern Deiche",
        "Tageszeitung Nord",
        datetime(2026, 3, 3, 14, 0),
        "Am Dienstag haben in Grimma mehr als 650 Helfer die Deiche mit Sandsäcken verstärkt. "
        "Die Feuerwehr sprach von einer angespannten Lage. "
        "Katrin Albers sagte, die Stadt sei auf einen Pegel von sieben Metern vorbereitet.",
    ),
    (
        "hochwasser-3",
        "Entwarnung an der Mulde",
        "Landesfunk",
        datetime(2026, 3, 4, 9, 15),
        "Der Pegel der Mulde sinkt wieder. Die Feuerwehr zog rund 300 Helfer aus Grimma ab. "
        "„Das Schlimmste ist überstanden“, sagte Albers am Mittwochmorgen.",
    ),
]

ENTITIES = [
    Entity(id="per-katrin-albers", name="Katrin Albers", type="PER", roles=["Bürgermeisterin"]),
    Entity(id="loc-grimma", name="Grimma", type="LOC"),
    Entity(id="loc-mulde", name="Mulde", type="LOC"),
    Entity(id="org-feuerwehr", name="Feuerwehr", type="ORG"),
]
SURFACES = {"Katrin Albers": "per-katrin-albers", "Albers": "per-katrin-albers", "Grimma": "loc-grimma",
            "Mulde": "loc-mulde", "Feuerwehr": "org-feuerwehr"}


def _spans(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + len(needle))
    return out


def _sentences(text: str) -> list[Sentence]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch in ".“" and (i + 1 == len(text) or text[i + 1] == " ") and (ch == "“" or text[i - 1] != "“"):
            if ch == "." and i + 1 < len(text) and text[i + 1] == "“":
                continue
            out.append(Sentence(index=len(out), start=start, end=i + 1, segment=0))
            start = i + 2
    return out


def make_document(name: str, title: str, source: str, published: datetime, text: str) -> Document:
    raw = f"{title}\n{text}".encode()
    mentions = []
    for surface, ent_id in SURFACES.items():
        label = next(e.type for e in ENTITIES if e.id == ent_id)
        for s in _spans(text, surface):
            if surface == "Albers" and text[max(0, s - 7):s] == "Katrin ":
                continue
            mentions.append(Mention(start=s, end=s + len(surface), text=surface, label=label, base=surface, entity_id=ent_id))
    mentions.sort(key=lambda m: m.start)
    quotes = []
    for s in _spans(text, "„"):
        e = text.index("“", s)
        quotes.append(Quote(start=s + 1, end=e, text=text[s + 1:e], kind="direct", speaker="Katrin Albers",
                            speaker_entity_id="per-katrin-albers", cue="sagte"))
    claims = []
    for phrase, value, qual in (("rund 400 Helfer", 400, "rund"), ("mehr als 650 Helfer", 650, "mehr als"),
                                ("rund 300 Helfer", 300, "rund")):
        for s in _spans(text, phrase):
            claims.append(Claim(start=s, end=s + len(phrase), text=phrase, value=value, unit="Helfer",
                                qualifier=qual, key="helfer|einsatz", source="Feuerwehr"))
    return Document(
        id=hashlib.sha256(raw).hexdigest()[:16], name=name, origin=f"test:{name}", format="text", raw=raw,
        original_text=raw.decode(), text=text,
        meta=DocumentMeta(title=title, published=published, published_from="caller", source=source, language="de"),
        segments=[Segment(index=0, kind="paragraph", start=0, end=len(text))], sentences=_sentences(text),
        mentions=mentions, quotes=quotes, claims=claims, stages=["test"],
    )


@dataclass
class Corpus:
    docs: list[Document]
    story_id: str | None
    summary_id: str | None


def documents() -> list[Document]:
    return [make_document(*t) for t in TEXTS]


def store_corpus(store) -> Corpus:
    from tests.api import wiring

    docs = documents()
    for doc in docs:
        wiring.add_document(store, doc, ENTITIES)
    story_id, summary_id = wiring.story_and_draft(store, docs)
    return Corpus(docs=docs, story_id=story_id, summary_id=summary_id)
