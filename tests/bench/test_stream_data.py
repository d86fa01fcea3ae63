"""Checks on the labelled story-clustering stream in bench/data/stream.jsonl.

The stream is hand-written evaluation data; these tests keep it well-formed when it is extended:
the clustering benchmark relies on the schema, the time order and the story labels, and a
clustering on copied sentences would be trivially easy, so no sentence may repeat verbatim.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "bench" / "data"
# stream.jsonl (the team's), stream_b / stream_c (written blind, bench/data/README.md)
STREAMS = sorted(DATA.glob("stream*.jsonl"))
FIELDS = {"id", "time", "text", "label", "source"}
ID_PATTERN = re.compile(r"^s(\d{3})-(\d{2})$")
# Split after sentence-final punctuation (optionally followed by a closing quote) when the next
# sentence starts with a capital, an opening quote or a digit; ordinal dates ("ab dem 3. April")
# do not end a sentence. Good enough for this hand-written text.
SENTENCE_BOUNDARY = re.compile(r"(?<=[.!?“\"])(?<!\s\d\.)(?<!\s\d\d\.)\s+(?=[A-ZÄÖÜ„\"0-9])")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_BOUNDARY.split(text) if s.strip()]


def test_the_labelled_streams_are_there():
    assert {p.name for p in STREAMS} >= {"stream.jsonl", "stream_b.jsonl"}


@pytest.fixture(scope="module", params=STREAMS, ids=[p.name for p in STREAMS])
def reports(request) -> list[dict]:
    lines = request.param.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_every_report_has_exactly_the_documented_fields(reports):
    for report in reports:
        assert set(report) == FIELDS, report.get("id")
        for field in FIELDS:
            assert isinstance(report[field], str) and report[field].strip(), (report["id"], field)


def test_ids_are_unique_and_well_formed(reports):
    ids = [r["id"] for r in reports]
    assert len(ids) == len(set(ids))
    for report_id in ids:
        assert ID_PATTERN.match(report_id), report_id


def test_id_prefix_and_label_name_the_same_story(reports):
    labels_by_prefix: dict[str, set[str]] = defaultdict(set)
    prefixes_by_label: dict[str, set[str]] = defaultdict(set)
    for r in reports:
        prefix = r["id"].split("-")[0]
        labels_by_prefix[prefix].add(r["label"])
        prefixes_by_label[r["label"]].add(prefix)
    assert all(len(v) == 1 for v in labels_by_prefix.values())
    assert all(len(v) == 1 for v in prefixes_by_label.values())


def test_stream_is_sorted_by_time(reports):
    times = [datetime.fromisoformat(r["time"]) for r in reports]
    assert times == sorted(times)


def test_report_numbers_within_a_story_follow_time(reports):
    by_story: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
    for r in reports:
        number = int(ID_PATTERN.match(r["id"]).group(2))
        by_story[r["label"]].append((datetime.fromisoformat(r["time"]), number))
    for label, items in by_story.items():
        numbers = [n for _, n in sorted(items)]
        assert numbers == list(range(1, len(items) + 1)), label


def test_counts_and_time_span(reports):
    labels = {r["label"] for r in reports}
    assert len(reports) >= 160
    assert len(labels) >= 28
    times = [datetime.fromisoformat(r["time"]) for r in reports]
    assert (max(times) - min(times)).days >= 35


def test_stream_mixes_long_stories_and_one_offs(reports):
    sizes: dict[str, int] = defaultdict(int)
    for r in reports:
        sizes[r["label"]] += 1
    assert sum(1 for n in sizes.values() if n <= 2) >= 4
    assert sum(1 for n in sizes.values() if n >= 5) >= 15


def test_developing_stories_have_several_sources(reports):
    sources: dict[str, set[str]] = defaultdict(set)
    sizes: dict[str, int] = defaultdict(int)
    for r in reports:
        sources[r["label"]].add(r["source"])
        sizes[r["label"]] += 1
    for label, n in sizes.items():
        if n >= 3:
            assert len(sources[label]) >= 2, label


def test_reports_are_short(reports):
    for r in reports:
        assert 2 <= len(sentences(r["text"])) <= 5, r["id"]


def test_no_sentence_is_shared_between_reports(reports):
    first_seen: dict[str, str] = {}
    for r in reports:
        for sentence in sentences(r["text"]):
            key = " ".join(sentence.split())
            assert key not in first_seen or first_seen[key] == r["id"], (first_seen.get(key), r["id"], key)
            first_seen[key] = r["id"]


def test_sentence_splitter_finds_boundaries_after_quotes():
    text = "Er sagte: „Wir bleiben.“ Danach ging er. Am Ende blieb es ruhig."
    assert sentences(text) == ["Er sagte: „Wir bleiben.“", "Danach ging er.", "Am Ende blieb es ruhig."]


def test_sentence_splitter_keeps_ordinal_dates_inside_a_sentence():
    text = "Ab dem 3. April gelten Zölle von 25 Prozent. Es kamen 2.500 Menschen."
    assert sentences(text) == ["Ab dem 3. April gelten Zölle von 25 Prozent.", "Es kamen 2.500 Menschen."]
