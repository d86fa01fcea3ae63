"""Small text helpers shared by the connect modules: normalisation, sentence spans
when the segment stage has not run, and the time a document (or entry) stands for."""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from lagebild.document import Document

# a sentence ends at . ! ? (optionally followed by a closing quote) before whitespace and
# an upper-case letter / opening quote; good enough for windows, never used for citations
_SENT_END = re.compile(r"(?<=[.!?“\"])\s+(?=[A-ZÄÖÜ„\"»])")
_NON_WORD = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    """Lower-case, NFKC, punctuation folded to single spaces: what shingles are taken from."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _NON_WORD.sub(" ", text).strip()


def sentence_spans(doc: Document) -> list[tuple[int, int]]:
    """Sentence spans from the segment stage, else from a regex over the cleaned text."""
    if doc.sentences:
        return [(s.start, s.end) for s in doc.sentences]
    text = doc.text or doc.original_text
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        chunk = para.group()
        pos = 0
        for m in _SENT_END.finditer(chunk):
            if chunk[pos : m.start()].strip():
                spans.append((start + pos, start + m.start()))
            pos = m.end()
        if chunk[pos:].strip():
            spans.append((start + pos, start + len(chunk.rstrip())))
    return spans


def doc_text(doc: Document) -> str:
    return doc.text or doc.original_text


def doc_time(doc: Document) -> datetime | None:
    """The time a document stands for in the stream: its publication time when known."""
    return doc.meta.published
