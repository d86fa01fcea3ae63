"""Seed gold (claim_groups.json): claim groups and their readings, on Claim objects built
from gold claims.json (tests/connect_gold.py) until the claims stage lands."""
from __future__ import annotations

import json

import pytest

from lagebild.connect.claim_tracking import claim_refs, track_claims
from connect_gold import gold_claim_refs


@pytest.fixture(scope="module")
def grouped(shared_dir):
    refs = gold_claim_refs(shared_dir / "gold")
    topic_of = {id(r.claim): t for t, r in refs}
    # claims are tracked per story, as the Engine does: the gold event clusters
    clusters = json.loads((shared_dir / "gold" / "stories.json").read_text(encoding="utf-8"))["event_clusters"]
    groups = []
    for n, docs in enumerate(clusters):
        groups += track_claims([r for _, r in refs if r.doc_id in docs], story_id=f"event{n}")
    return groups, topic_of, json.loads((shared_dir / "gold" / "claim_groups.json").read_text(encoding="utf-8"))


def _group_with(groups, topic_of, topic):
    found = [g for g in groups if any(topic_of[id(r.ref.claim)] == topic for r in g.readings)]
    assert len(found) == 1, f"{topic} is in {len(found)} groups"
    return found[0]


def test_gold_groups_hold_exactly_their_topics(grouped):
    """Within each story, a gold group's claims form one group with nothing else in it."""
    groups, topic_of, gold = grouped
    for g in gold:
        seen = 0
        for story in {gr.story_id for gr in groups}:
            mine = [gr for gr in groups if gr.story_id == story
                    and any(topic_of[id(r.ref.claim)] in g["topics"] for r in gr.readings)]
            if mine:
                seen += 1
                assert len(mine) == 1, g["group"]
                assert {topic_of[id(r.ref.claim)] for r in mine[0].readings} <= set(g["topics"]), g["group"]
        assert seen, g["group"]


def test_sent_soldiers_are_one_group_across_stories(shared_dir):
    # the North Korean troop figures span two stories (2024 liveblog, 2025 reports): tracked
    # over the whole corpus they form the one gold group, in report order, without contradiction
    refs = gold_claim_refs(shared_dir / "gold")
    topic_of = {id(r.claim): t for t, r in refs}
    groups = track_claims([r for _, r in refs])
    sent = _group_with(groups, topic_of, "nk_soldiers_sent")
    assert {topic_of[id(r.ref.claim)] for r in sent.readings} == {"nk_soldiers_sent", "nk_soldiers_in_kursk"}
    assert [r.ref.claim.value for r in sent.readings] == [11000, 10000, 10000, 15000]
    assert "contradiction" not in [r.label for r in sent.readings]
    assert sent.readings[-1].label == "update"
    assert all(r.reasoning for r in sent.readings)


@pytest.mark.parametrize("topic, values, labels", [
    ("nk_soldiers_killed", [600, 2000], ["first", "update"]),
    ("charkiw_injured", [13, 15], ["first", "update"]),
    ("rostow_evacuated", [300, 320], ["first", "consistent"]),
])
def test_readings_follow_gold(grouped, topic, values, labels):
    groups, topic_of, _ = grouped
    group = _group_with(groups, topic_of, topic)
    assert [r.ref.claim.value for r in group.readings] == values
    assert [r.label for r in group.readings] == labels
    assert all(r.reasoning for r in group.readings)


def test_planned_soldiers_stay_apart_from_those_already_sent(grouped):
    groups, topic_of, _ = grouped
    planned = _group_with(groups, topic_of, "nk_soldiers_planned")
    sent = _group_with(groups, topic_of, "nk_soldiers_sent")
    assert planned.id != sent.id


@pytest.fixture(scope="module")
def pipeline_refs(shared_dir):
    """ClaimRefs from the real pipeline (claims stage included) on the five seeds."""
    from lagebild.config import Settings
    from lagebild.document import RawDocument
    from lagebild.ingest.decode import to_document
    from lagebild.pipeline import STAGES, Pipeline

    import lagebild.stages  # noqa: F401

    settings = Settings()
    if "claims" not in STAGES:
        pytest.skip("claims stage not available")
    pipeline = Pipeline.from_names(settings.pipeline, settings)
    refs = []
    for path in sorted((shared_dir / "seeds").glob("0*.txt")):
        doc = pipeline(to_document(RawDocument(content=path.read_bytes(), origin=str(path), name=path.stem), settings))
        refs.extend(r.model_copy(update={"doc_id": path.stem}) for r in claim_refs(doc))
    return refs


@pytest.mark.slow
def test_real_pipeline_sent_soldiers_group(pipeline_refs):
    """The extracted troop figures (11.000 in Kursk, over/more than 10.000, about 15.000) form one
    group without a contradiction, the 2024 figure first."""
    groups = track_claims(pipeline_refs)
    [sent] = [g for g in groups if any(r.ref.claim.value == 15000 for r in g.readings)]
    values = [r.ref.claim.value for r in sent.readings]
    assert values[0] == 11000 and {10000, 11000, 15000} <= set(values)
    assert "contradiction" not in [r.label for r in sent.readings]


@pytest.mark.slow
def test_real_pipeline_killed_soldiers_group(pipeline_refs):
    """"mindestens 600 getöteten Nordkoreanern" (April) and "schätzungsweise 2.000" killed North
    Korean soldiers are one quantity: an update, not a contradiction (gold claim_groups.json)."""
    groups = track_claims([r for r in pipeline_refs if r.doc_id.startswith("000")])
    [killed] = [g for g in groups if any(r.ref.claim.value == 600 for r in g.readings)]
    values = [r.ref.claim.value for r in killed.readings]
    assert values[0] == 600 and 2000 in values
    assert [r.label for r in killed.readings][1] == "update"
    assert "contradiction" not in [r.label for r in killed.readings]


@pytest.mark.slow
def test_real_pipeline_rostow_evacuated_group(pipeline_refs):
    """"mehr als 300 Menschen" and "320 Bewohner" evacuated in the same entry: one group, consistent
    (gold claim_groups.json: Rostow evacuated)."""
    groups = track_claims([r for r in pipeline_refs if r.doc_id.startswith("000")])
    [evacuated] = [g for g in groups if any(r.ref.claim.value == 320 for r in g.readings)]
    assert sorted(r.ref.claim.value for r in evacuated.readings) == [300, 320]
    assert [r.label for r in evacuated.readings][1] == "consistent"


@pytest.mark.slow
def test_real_pipeline_charkiw_injured_group(pipeline_refs):
    """"mindestens 13 Menschen" injured (earlier entry), then "die Zahl der Verletzten stieg auf 15"
    (later entry): one group, an update (gold claim_groups.json: Charkiw injured)."""
    groups = track_claims([r for r in pipeline_refs if r.doc_id.startswith("004")])
    [injured] = [g for g in groups if any(r.ref.claim.value == 15 for r in g.readings)]
    values = [r.ref.claim.value for r in injured.readings]
    assert 13 in values and values.index(13) < values.index(15)
    assert injured.readings[values.index(15)].label == "update"
    assert "contradiction" not in [r.label for r in injured.readings]
