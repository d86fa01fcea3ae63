"""Learning the combination weights of the clustering views from a labelled stream.

1. Teacher-forced pairs: the stream is replayed in time order with the *gold* story
   assignments; for every report, each candidate story the inverted index retrieves
   gives one pair (its view similarities, 1 if it is the report's gold story).
2. A logistic regression on these pairs gives the weights (coef, intercept).
3. The join threshold on its probability is chosen by grid search for B-cubed F1 when
   the real clusterer runs over the same (training) stream.
"""
from __future__ import annotations

from datetime import datetime  # noqa: F401
from typing import Hashable, Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

from lagebild.connect.cluster import FEATURES, StoryClusterer, StreamItem
from lagebild.connect.evaluate import bcubed

THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.2, 0.85, 0.05))


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


def teacher_forced_pairs(items: Sequence[StreamItem], labels: Sequence[str], features: Sequence[str],
                         window_days: float = 7.0, background: Sequence[str] = ()) -> tuple[np.ndarray, np.ndarray]:
    weights = {"features": list(features), "coef": [0.0] * len(features), "intercept": 0.0, "threshold": 1.1}
    cl = StoryClusterer(window_days=window_days, weights=weights, use_embeddings="emb" in features)
    cl.warm(background)
    gold_story: dict[str, str] = {}
    X, y = [], []
    for item, label in zip(items, labels):
        when: datetime | None = item.time
        if when is not None and (cl.now is None or when > cl.now):
            cl.now = when
        if cl.now is not None:
            cl._expire(cl.now)
        views = cl.featurizer.views(item.text, item.entity_ids)
        target = gold_story.get(label)
        with cl._scattered(views):
            for sid in cl.candidates(views):
                X.append(cl.pair_features(views, cl.stories[sid], when))
                y.append(1 if sid == target else 0)
        if target is None or target not in cl.active:
            target = cl._open(when)
            gold_story[label] = target
        cl._join(target, item, views, when, None)
    return np.asarray(X, dtype=float), np.asarray(y, dtype=int)


def learn_weights(items: Sequence[StreamItem], labels: Sequence[str], features: Sequence[str] = FEATURES,
                  window_days: float = 7.0, background: Sequence[str] = ()) -> dict:
    X, y = teacher_forced_pairs(items, labels, features, window_days, background)
    model = LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000)
    model.fit(X, y)
    weights = {"features": list(features), "coef": [round(float(c), 4) for c in model.coef_[0]],
               "intercept": round(float(model.intercept_[0]), 4), "threshold": 0.5,
               "pairs": int(len(y)), "positive_pairs": int(y.sum())}
    gold = {(it.doc_id, it.segment): lab for it, lab in zip(items, labels)}
    f1s = {}
    for t in THRESHOLDS:
        trial = {**weights, "threshold": float(t)}
        f1s[t] = bcubed(run_stream(items, trial, window_days, "emb" in features, background), gold).f1
    # the F1 curve of a small tuning stream is flat and noisy near its top: take the middle of
    # the thresholds within 0.01 of the best rather than the first maximum
    top = max(f1s.values())
    near = [t for t in THRESHOLDS if f1s[t] >= top - 0.01]
    weights["threshold"] = float(near[len(near) // 2])
    weights["train_bcubed_f1"] = round(f1s[weights["threshold"]], 4)
    weights["window_days"] = window_days
    return weights
