"""Maximal Marginal Relevance: pick items that score high and repeat little of what was picked."""
from __future__ import annotations

from typing import Callable

import numpy as np


def mmr_select(
    scores: np.ndarray,
    similarity: np.ndarray,
    *,
    lam: float = 0.7,
    fits: Callable[[int, list[int]], bool] | None = None,
    limit: int | None = None,
    max_similarity: float = 0.6,
    redundancy: Callable[[int, list[int]], float] | None = None,
    allowed: Callable[[int, list[int]], bool] | None = None,
) -> list[int]:
    """Indices in pick order. ``lam`` trades relevance (1.0) against novelty (0.0).

    ``fits(i, picked)`` says whether item i still fits the length budget; items more similar
    than ``max_similarity`` to a picked one are never taken (they would say the same thing).
    ``redundancy(i, picked)``: the soft penalty, 0..1 (default: the highest similarity).
    ``allowed(i, picked)``: whether item i may be picked now; one that may not stays a candidate
    for later rounds (e.g. a sentence that needs the one before it picked first)."""
    n = len(scores)
    picked: list[int] = []
    left = set(range(n))
    while left and (limit is None or len(picked) < limit):
        best, best_value = None, -np.inf
        for i in sorted(left):
            if allowed is not None and not allowed(i, picked):
                continue
            closest = max((similarity[i, j] for j in picked), default=0.0)
            if closest > max_similarity:
                continue
            penalty = closest if redundancy is None else redundancy(i, picked)
            value = lam * scores[i] - (1.0 - lam) * penalty
            if value > best_value:
                best, best_value = i, value
        if best is None:
            break
        left.discard(best)
        if fits is not None and not fits(best, picked):
            continue  # too long for what is left of the budget; a shorter one may still fit
        picked.append(best)
    return picked
