"""Seed gold: every listed alias is recognised with its type and resolves to one canonical id."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from entity_support import seed_documents  # noqa: E402

from lagebild.understand.entity_scoring import score_seed_entities  # noqa: E402
from lagebild.understand.resolve import EntityResolver  # noqa: E402


@pytest.fixture(scope="module")
def seed_result(shared_dir, entity_extractor):
    gold = json.loads((shared_dir / "gold" / "entities.json").read_text(encoding="utf-8"))
    docs = [entity_extractor(d) for d in seed_documents(shared_dir / "seeds")]
    docs, entities = EntityResolver(entity_extractor.gazetteer).resolve(docs)
    score = score_seed_entities(docs, gold, lambda w: entity_extractor.recogniser.pos(w) in ("NE", "FM"))
    return gold, docs, entities, score


def test_seed_recognition_recall(seed_result):
    _, _, _, score = seed_result
    assert score["occurrences"] > 300
    assert score["recognition"]["recall"] >= 0.9, score["missed"]
    assert score["aliases"]["recall"] >= 0.9, score["missed"]


def test_seed_recognition_types(seed_result):
    _, _, _, score = seed_result
    assert score["recognition"]["precision"] >= 0.9, score["mistyped"]


def test_each_gold_entity_resolves_to_one_id(seed_result):
    gold, _, _, score = seed_result
    split = {k: v for k, v in score["entity_ids"].items() if len(v) > 1}
    assert score["resolution"]["one_id"] >= 0.9 * len(gold), split
    assert score["resolution"]["recall"] >= 0.9
    # ids are never shared by two gold entities
    majority = [max(v, key=v.get) for v in score["entity_ids"].values()]
    assert len(majority) == len(set(majority))


def test_the_kims_of_the_seed_stay_apart(seed_result):
    _, docs, _, _ = seed_result
    doc = next(d for d in docs if d.name.startswith("004"))
    ids = {m.text: m.entity_id for m in doc.mentions if m.text.startswith("Kim ")}
    assert ids["Kim Jong Un"] != ids["Kim Yong Hyun"]


def test_canonical_entities_carry_aliases(seed_result):
    _, _, entities, _ = seed_result
    by_id = {e.id: e for e in entities}
    putin = by_id["per:wladimir-putin"]
    assert {"Putin", "Putins"} <= set(putin.aliases)
    assert "Kremlchef" in putin.roles
    kim = by_id["per:kim-jong-un"]
    assert "Kim" in kim.aliases and "Nordkoreas Machthaber" in kim.roles
