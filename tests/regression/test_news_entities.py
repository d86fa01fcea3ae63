"""Robustness on a real German news stream (10kgnad test split): no crash, valid spans."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from entity_support import make_document  # noqa: E402


@pytest.fixture(scope="module")
def news_docs(shared_dir):
    path = shared_dir / "data" / "10kgnad" / "test.csv"
    if not path.exists():
        pytest.skip("10kgnad is not available")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [row for _, row in zip(range(15), csv.reader(fh, delimiter=";", quotechar="'"))]
    return [make_document(text, f"gnad{i}") for i, (_, text) in enumerate(rows)]


def test_entities_on_news_are_valid_spans(news_docs, entity_extractor):
    total = 0
    for doc in news_docs:
        out = entity_extractor(doc)
        for m in out.mentions:
            assert out.text[m.start : m.end] == m.text
            assert m.entity_id and m.entity_id.split(":", 1)[1], m
            assert m.base.strip()
        total += len(out.mentions)
    assert total > 10 * len(news_docs)  # news articles name people, places and organisations
