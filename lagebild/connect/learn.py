"""Learning the clustering decision from a labelled stream.

1. Teacher forcing: the stream is replayed in time order with the *gold* story assignments;
   for every report, each candidate story the inverted index retrieves gives one pair (its view
   similarities, 1 if it is the report's gold story).
2. Ranking model: a logistic regression on these pairs (coef, intercept).
3. Join model (two stages, Miranda et al. 2018; ``two_stage=True``): for every report with
   candidates, the features of the decision on its best-ranked candidate (log-odds, margin over
   the runner-up, char-cosine margin, story size; ``cluster.join_features``), labelled 1 if that
   candidate is the gold story. The ranking probabilities come from ranking models fitted on the
   *other* contiguous thirds of the stream (cross-fitting), so the join model does not learn
   from over-confident in-sample probabilities. A second logistic regression on these.
4. The join threshold (on the join model's probability, or on the ranking probability with one
   stage) is chosen by grid search for B-cubed F1 when the real clusterer runs over the same
   (training) stream.
"""
from __future__ import annotations

from datetime import datetime  # noqa: F401
from typing import Hashable, Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

from lagebild.connect.cluster import DEFAULT_PRIORS, FEATURES, JOIN_FEATURES, StoryClusterer, StreamItem, join_features
from lagebild.connect.evaluate import bcubed

THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.2, 0.85, 0.05))
SHIPPED_FEATURES = (*FEATURES, "char_max")  # the ranking views of the shipped two-stage model
CROSS_FIT = 3


def run_stream(items: Sequence[StreamItem], weights: dict | None = None, window_days: float = 7.0,
               use_embeddings: bool = False, background: Sequence[str] = ()) -> dict[Hashable, str]:
    """Cluster ``items`` (already in time order); returns item key -> story id. ``background``:
    texts that only feed document frequencies first (as stored reports do in the Engine)."""
    clusterer = StoryClusterer(window_days=window_days, weights=weights, use_embeddings=use_embeddings)
    clusterer.warm(background)
    out = {}
    for item in items:
        sid, _ = clusterer.add(item)
        out[(item.doc_id, item.segment)] = sid
    return out


def teacher_forced(items: Sequence[StreamItem], labels: Sequence[str], features: Sequence[str],
                   window_days: float = 7.0, background: Sequence[str] = (),
                   idf_priors: Sequence[str] = DEFAULT_PRIORS, options: dict | None = None) -> list[dict]:
    """One record per report: ``X`` (pair features of its candidates), ``gold`` (index of the
    gold story among them, or None), ``sizes`` (the candidates' story sizes)."""
    weights = {"features": list(features), "coef": [0.0] * len(features), "intercept": 0.0, "threshold": 1.1,
               "idf_priors": list(idf_priors), **(options or {})}
    cl = StoryClusterer(window_days=window_days, weights=weights, use_embeddings="emb" in features)
    cl.warm(background)
    gold_story: dict[str, str] = {}
    records = []
    for item, label in zip(items, labels):
        when: datetime | None = item.time
        if when is not None and (cl.now is None or when > cl.now):
            cl.now = when
        if cl.now is not None:
            cl._expire(cl.now)
        views = cl.featurizer.views(item.text, item.entity_ids)
        target = gold_story.get(label)
        scored = cl.score_candidates(views, when)
        gold = next((i for i, (sid, _, _) in enumerate(scored) if sid == target), None)
        records.append({"X": [x for _, x, _ in scored], "gold": gold,
                        "sizes": [cl.stories[sid].size for sid, _, _ in scored]})
        if target is None or target not in cl.active:
            target = cl._open(when)
            gold_story[label] = target
        cl._join(target, item, views, when, None)
    return records


def teacher_forced_pairs(items: Sequence[StreamItem], labels: Sequence[str], features: Sequence[str],
                         window_days: float = 7.0, background: Sequence[str] = ()) -> tuple[np.ndarray, np.ndarray]:
    return _pairs(teacher_forced(items, labels, features, window_days, background))


def _pairs(records: Sequence[dict]) -> tuple[np.ndarray, np.ndarray]:
    X = [x for r in records for x in r["X"]]
    y = [int(i == r["gold"]) for r in records for i in range(len(r["X"]))]
    return np.asarray(X, dtype=float).reshape(len(y), -1), np.asarray(y, dtype=int)


def _logistic(X: np.ndarray, y: np.ndarray, C: float) -> LogisticRegression:
    return LogisticRegression(C=C, class_weight="balanced", max_iter=3000).fit(X, y)


def join_training_set(records: Sequence[dict], features: Sequence[str], names: Sequence[str] = JOIN_FEATURES,
                      folds: int = CROSS_FIT, C: float = 10.0) -> tuple[np.ndarray, np.ndarray]:
    """Join-model examples: the decision on each report's best-ranked candidate, with ranking
    probabilities from a model fitted on the other contiguous folds of the stream."""
    char_at = list(features).index("char") if "char" in features else None
    emb_at = list(features).index("emb") if "emb" in features else None
    n = len(records)
    X, y = [], []
    full = None
    for k in range(folds):
        lo, hi = k * n // folds, (k + 1) * n // folds
        rest = _pairs([*records[:lo], *records[hi:]])
        if len(set(rest[1].tolist())) < 2:  # a tiny stream: the other folds hold no positive pair
            full = full or _logistic(*_pairs(records), C)
            ranker = full
        else:
            ranker = _logistic(*rest, C)
        for r in records[lo:hi]:
            if not r["X"]:
                continue
            probs = ranker.predict_proba(np.asarray(r["X"], dtype=float))[:, 1]
            best = int(np.argmax(probs))
            chars = [x[char_at] for x in r["X"]] if char_at is not None else []
            embs = [x[emb_at] for x in r["X"]] if emb_at is not None else None
            X.append(join_features(probs.tolist(), chars, r["sizes"][best], names, embs))
            y.append(int(best == r["gold"]))
    return np.asarray(X, dtype=float), np.asarray(y, dtype=int)


def learn_weights(items: Sequence[StreamItem], labels: Sequence[str], features: Sequence[str] | None = None,
                  window_days: float = 7.0, background: Sequence[str] = (), two_stage: bool = True,
                  idf_priors: Sequence[str] = DEFAULT_PRIORS,
                  C: float = 10.0, join_C: float = 1.0, join_names: Sequence[str] = JOIN_FEATURES,
                  options: dict | None = None) -> dict:
    features = tuple(features) if features is not None else (SHIPPED_FEATURES if two_stage else FEATURES)
    records = teacher_forced(items, labels, features, window_days, background, idf_priors, options)
    X, y = _pairs(records)
    model = _logistic(X, y, C)
    weights = {"features": list(features), "coef": [round(float(c), 4) for c in model.coef_[0]],
               "intercept": round(float(model.intercept_[0]), 4), "threshold": 0.5, "idf_priors": list(idf_priors),
               "pairs": int(len(y)), "positive_pairs": int(y.sum()),
               **(options or {})}
    if two_stage:
        JX, Jy = join_training_set(records, features, names=join_names, C=C)
        two_stage = len(set(Jy.tolist())) == 2  # else too few decisions to learn a join model: one stage
    if two_stage:
        join = _logistic(JX, Jy, join_C)
        weights["join"] = {"features": list(join_names), "coef": [round(float(c), 4) for c in join.coef_[0]],
                           "intercept": round(float(join.intercept_[0]), 4), "threshold": 0.5,
                           "decisions": int(len(Jy)), "correct_best": int(Jy.sum())}
    gold = {(it.doc_id, it.segment): lab for it, lab in zip(items, labels)}
    f1s = {}
    for t in THRESHOLDS:
        trial = {**weights, "threshold": float(t)}
        if two_stage:
            trial["join"] = {**weights["join"], "threshold": float(t)}
        f1s[t] = bcubed(run_stream(items, trial, window_days, "emb" in features, background), gold).f1
    # the F1 curve of a small tuning stream is flat and noisy near its top: take the middle of
    # the thresholds within 0.01 of the best rather than the first maximum
    top = max(f1s.values())
    near = [t for t in THRESHOLDS if f1s[t] >= top - 0.01]
    weights["threshold"] = float(near[len(near) // 2])
    if two_stage:  # the threshold applies to the join model's probability
        weights["join"]["threshold"] = weights["threshold"]
    weights["train_bcubed_f1"] = round(f1s[weights["threshold"]], 4)
    weights["window_days"] = window_days
    return weights
