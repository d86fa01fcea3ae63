"""Our seed reference summaries: they name real seed documents and are our own words
(no sentence, and no run of 8 words, copied from the seed texts)."""
from __future__ import annotations

import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SUMMARIES = REPO / "bench" / "data" / "reference_summaries_seeds.json"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_seed_references_exist_and_are_our_own_words(shared_dir):
    entries = json.loads(SUMMARIES.read_text(encoding="utf-8"))
    assert len(entries) == 3
    for e in entries:
        texts = []
        for name in e["story_docs"]:
            path = shared_dir / "seeds" / f"{name}.txt"
            assert path.is_file(), name
            texts.append(" ".join(_words(path.read_text(encoding="utf-8"))))
        words = _words(e["summary"])
        for i in range(len(words) - 7):
            run = " ".join(words[i:i + 8])
            assert not any(run in t for t in texts), (e["story"], run)
