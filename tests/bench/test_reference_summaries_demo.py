"""Checks that the reference summaries point at real demo documents and stay short."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "lagebild" / "data" / "demo"
SUMMARIES = REPO / "bench" / "data" / "reference_summaries_demo.json"


def container_ids(path: Path) -> set[str]:
    """Ids of the documents inside a multi-document file (JSONL record ids, RSS item guids)."""
    if path.suffix == ".jsonl":
        return {json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    if path.suffix == ".xml":
        return {guid.text for guid in ET.parse(path).getroot().iter("guid")}
    raise AssertionError(f"{path.name} is not a container file")


@pytest.fixture(scope="module")
def summaries() -> list[dict]:
    return json.loads(SUMMARIES.read_text(encoding="utf-8"))


def test_each_summary_names_existing_demo_documents(summaries):
    assert len(summaries) >= 2
    for entry in summaries:
        assert entry["story_docs"], entry.get("story")
        for ref in entry["story_docs"]:
            name, _, doc_id = ref.partition("#")
            assert (DEMO / name).is_file(), ref
            if doc_id:
                assert doc_id in container_ids(DEMO / name), ref


def test_stories_do_not_share_documents(summaries):
    refs = [ref for entry in summaries for ref in entry["story_docs"]]
    assert len(refs) == len(set(refs))


def test_summaries_have_three_or_four_sentences(summaries):
    for entry in summaries:
        # The look-behinds keep ordinal dates ("am 14. Oktober") from ending a sentence,
        # while a figure such as "2.500." at the end of a sentence still counts.
        count = len(re.findall(r"(?<!\s\d)(?<!\s\d\d)[.!?](?=\s+[A-ZÄÖÜ]|\s*$)", entry["summary"]))
        assert 3 <= count <= 4, entry["story"]
