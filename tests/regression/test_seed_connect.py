"""Seed gold (stories.json): the 000/001 near-duplicate passage and the event clusters.

Documents go through the real metadata -> clean -> segment stages; clustering is at document
level (the gold clusters documents) in time order, with the gold publication / event dates for
the two texts that carry none, and document frequencies warmed on the 10kgnad articles as the
Engine warms them on stored reports."""
from __future__ import annotations

import csv
import json
from datetime import datetime

import pytest

from lagebild.config import Settings
from lagebild.connect.cluster import StoryClusterer, StreamItem
from lagebild.connect.dedup import find_duplicates
from lagebild.document import RawDocument
from lagebild.ingest.decode import to_document
from lagebild.pipeline import Pipeline


@pytest.fixture(scope="module")
def seeds(shared_dir):
    settings = Settings()
    pipeline = Pipeline.from_names(["metadata", "clean", "segment"], settings)
    docs = {}
    for path in sorted((shared_dir / "seeds").glob("0*.txt")):
        raw = RawDocument(content=path.read_bytes(), origin=str(path), name=path.stem)
        docs[path.stem] = pipeline(to_document(raw, settings))
    return docs


@pytest.fixture(scope="module")
def gold(shared_dir):
    return json.loads((shared_dir / "gold" / "stories.json").read_text(encoding="utf-8"))


def test_near_duplicate_passage_000_001(seeds, gold):
    ordered = sorted(seeds.values(), key=lambda d: d.name)
    links = find_duplicates(ordered)
    by_id = {d.id: d.name for d in ordered}
    pairs = {frozenset((by_id[l.a_doc], by_id[l.b_doc])) for l in links}
    expected = {frozenset((p["a"], p["b"])) for p in gold["near_duplicate_passages"]}
    assert pairs == expected
    [link] = [l for l in links if l.level == "passage"]
    a, b = seeds[by_id[link.a_doc]], seeds[by_id[link.b_doc]]
    for doc, start, end in ((a, link.a_start, link.a_end), (b, link.b_start, link.b_end)):
        passage = doc.text[start:end]
        assert "Xinhua" in passage and "Sonntag" in passage and "Tianjin" in passage
        assert len(passage) < 600  # the passage, not the whole document
    assert link.score > 0.5


def test_event_clusters(seeds, gold, shared_dir):
    meta = {d["doc"]: d for d in json.loads((shared_dir / "gold" / "documents.json").read_text(encoding="utf-8"))}
    path = shared_dir / "data" / "10kgnad" / "test.csv"
    if not path.is_file():
        pytest.skip("10kgnad not available")
    with path.open(encoding="utf-8") as fh:
        background = [row[1] for row in csv.reader(fh, delimiter=";", quotechar="'") if len(row) > 1]
    items = []
    for name, doc in seeds.items():
        when = doc.meta.published or datetime.fromisoformat(meta[name]["event_date"])
        items.append(StreamItem(name, doc.text, when.replace(tzinfo=None)))
    clusterer = StoryClusterer(window_days=Settings().story_window_days)
    clusterer.warm(background)
    got = {}
    for it in sorted(items, key=lambda it: it.time):
        got[it.doc_id] = clusterer.add(it)[0]
    found = {frozenset(n for n in got if got[n] == sid) for sid in set(got.values())}
    assert found == {frozenset(c) for c in gold["event_clusters"]}
