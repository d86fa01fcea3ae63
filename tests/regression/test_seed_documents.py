"""Seed gold (documents.json): metadata -> clean -> segment on every seed text.

Checks everything the gold lists: kind, publication time (null where null) and its
evidence, title, boilerplate gone from the text and recorded in ``removed``,
liveblog entries (count, times, headlines), sub-headlines (also glued ones),
agency, dateline and source chain.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from lagebild.config import Settings
from lagebild.document import Document, RawDocument
from lagebild.ingest.decode import to_document
from lagebild.pipeline import Pipeline

GOLD_FILE = Path(__file__).resolve().parents[2] / ".." / "shared" / "gold" / "documents.json"
# collected from the file so that every gold document is its own test case; empty (skipped) without it
GOLD_NAMES = [g["doc"] for g in json.loads(GOLD_FILE.read_text(encoding="utf-8"))] if GOLD_FILE.is_file() else []


def norm(text: str) -> str:
    return " ".join(text.replace("„", '"').replace("“", '"').replace("”", '"').split()).casefold()


@pytest.fixture(scope="module")
def gold(shared_dir) -> dict[str, dict]:
    return {g["doc"]: g for g in json.loads((shared_dir / "gold" / "documents.json").read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def docs(shared_dir) -> dict[str, Document]:
    settings = Settings()
    pipeline = Pipeline.from_names(["metadata", "clean", "segment"], settings)
    out = {}
    for path in sorted((shared_dir / "seeds").glob("*.txt")):
        raw = RawDocument(content=path.read_bytes(), origin=str(path), name=path.stem)
        out[path.stem] = pipeline(to_document(raw, settings))
    return out


def test_every_gold_document_has_a_seed(gold, docs):
    assert set(gold) <= set(docs) and len(docs) >= 5


@pytest.fixture(params=GOLD_NAMES)
def case(request, gold, docs):
    return gold[request.param], docs[request.param]


def segment_texts(doc: Document, kind: str) -> list[str]:
    return [doc.text[s.start : s.end] for s in doc.segments if s.kind == kind]


def test_kind(case):
    g, doc = case
    assert doc.meta.kind == g["kind"]


def test_published(case):
    g, doc = case
    if g.get("published") is None:
        assert doc.meta.published is None and doc.meta.published_from is None
        return
    expected = datetime.fromisoformat(g["published"])
    assert doc.meta.published == expected
    assert doc.meta.published_precision == ("minute" if "T" in g["published"] else "day")
    if "published_from" in g:
        assert norm(doc.meta.published_from) == norm(g["published_from"])


def test_title(case):
    g, doc = case
    if "title" in g:
        assert doc.meta.title == g["title"]
        if g["title"]:
            assert segment_texts(doc, "title") == [g["title"]]


def test_boilerplate_gone_and_recorded(case):
    g, doc = case
    removed = " || ".join(norm(r.text) for r in doc.removed)
    lines = [norm(line) for line in doc.text.split("\n")]
    for item in g.get("boilerplate_removed", []):
        assert norm(item) in removed, item
        if len(item.split()) > 1:
            assert norm(item) not in norm(doc.text), item
        else:  # single words ("liveblog") may occur in the text, just not as their own line
            assert norm(item) not in lines, item
    for r in doc.removed:  # offsets into original_text are exact
        assert doc.original_text[r.start : r.end] == r.text


def test_liveblog_entries(case):
    g, doc = case
    entries = [s for s in doc.segments if s.kind == "liveblog_entry"]
    if "liveblog_entries_min" in g:
        assert len(entries) >= g["liveblog_entries_min"]
    else:
        assert entries == []
    timed = [(e.time, e.headline) for e in entries if e.time is not None]
    expected = [(datetime.fromisoformat(t["time"]), t["headline"]) for t in g.get("timestamped_entries", [])]
    assert timed == expected  # in page order, every time with its headline


def test_subheadlines(case):
    g, doc = case
    subs = [norm(t) for t in segment_texts(doc, "subheadline")]
    for headline in g.get("subheadlines", []) + g.get("glued_subheadlines", []):
        assert norm(headline) in subs, headline
    if doc.meta.kind != "liveblog":  # no invented headlines either (liveblog entry headlines are subheadlines too)
        assert sorted(subs) == sorted(norm(h) for h in g.get("subheadlines", []) + g.get("glued_subheadlines", []))
    # a glued headline is its own sentence, not the start of the next one
    sentence_texts = {norm(doc.text[s.start : s.end]) for s in doc.sentences}
    for headline in g.get("glued_subheadlines", []):
        assert norm(headline) in sentence_texts


def test_agency_dateline_source_chain(case):
    g, doc = case
    assert doc.meta.agency == g.get("agency")
    assert doc.meta.dateline == g.get("dateline", [])
    assert doc.meta.source_chain == g.get("source_chain", [])


def test_spans_are_consistent(case):
    _, doc = case
    for seg in doc.segments:
        span = doc.text[seg.start : seg.end]
        assert span and span == span.strip()
    for sent in doc.sentences:
        seg = doc.segments[sent.segment]
        assert seg.start <= sent.start < sent.end <= seg.end
    # every visible character of the cleaned text sits in exactly one leaf segment and one sentence
    leaves = [s for s in doc.segments if s.kind != "liveblog_entry"]
    for name, spans in (("segment", leaves), ("sentence", doc.sentences)):
        owner = [0] * len(doc.text)
        for span in spans:
            for i in range(span.start, span.end):
                owner[i] += 1
        assert all(owner[i] == 1 for i, ch in enumerate(doc.text) if not ch.isspace()), name
