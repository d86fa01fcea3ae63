"""B-cubed clustering scores (Bagga & Baldwin 1998; the metric of Miranda et al.,
EMNLP 2018, for news stream clustering) and where the errors are."""
from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Hashable, Mapping


@dataclass(frozen=True)
class BCubed:
    precision: float
    recall: float
    f1: float


def bcubed(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> BCubed:
    """Per item: precision = share of its predicted cluster with its gold label, recall =
    share of its gold cluster in its predicted cluster; averaged over the gold items."""
    items = [i for i in gold if i in predicted]
    if not items:
        return BCubed(0.0, 0.0, 0.0)
    pred_size = Counter(predicted[i] for i in items)
    gold_size = Counter(gold[i] for i in items)
    both = Counter((predicted[i], gold[i]) for i in items)
    p = sum(both[(predicted[i], gold[i])] / pred_size[predicted[i]] for i in items) / len(items)
    r = sum(both[(predicted[i], gold[i])] / gold_size[gold[i]] for i in items) / len(items)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return BCubed(p, r, f)


def bcubed_interval(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable],
                    resamples: int = 2000, level: float = 0.95, seed: int = 7) -> tuple[float, float, float]:
    """Bootstrap interval of B-cubed F1 over gold stories: whole stories are drawn with
    replacement (reports of one story are not independent), each report keeping the precision
    and recall it has in the full clustering. Returns (low, high, share of resamples >= the F1
    of the full set), the last as a plain reading of "how sure is the figure"."""
    items = [i for i in gold if i in predicted]
    if not items:
        return 0.0, 0.0, 0.0
    pred_size = Counter(predicted[i] for i in items)
    gold_size = Counter(gold[i] for i in items)
    both = Counter((predicted[i], gold[i]) for i in items)
    per_story: dict[Hashable, list[tuple[float, float]]] = defaultdict(list)
    for i in items:
        k = both[(predicted[i], gold[i])]
        per_story[gold[i]].append((k / pred_size[predicted[i]], k / gold_size[gold[i]]))
    stories = list(per_story.values())
    full = bcubed(predicted, gold).f1
    rng = random.Random(seed)
    f1s = []
    for _ in range(resamples):
        pairs = [pr for story in rng.choices(stories, k=len(stories)) for pr in story]
        p = sum(x for x, _ in pairs) / len(pairs)
        r = sum(y for _, y in pairs) / len(pairs)
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    f1s.sort()
    tail = (1 - level) / 2
    low, high = f1s[int(tail * resamples)], f1s[min(resamples - 1, int((1 - tail) * resamples))]
    return low, high, sum(f >= full for f in f1s) / resamples


def split_and_merged(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]
                     ) -> tuple[dict[Hashable, list[int]], dict[Hashable, dict[Hashable, int]]]:
    """(gold stories split over several predicted clusters -> their part sizes,
    predicted clusters that merge several gold stories -> label counts)."""
    parts: dict[Hashable, Counter] = defaultdict(Counter)
    labels: dict[Hashable, Counter] = defaultdict(Counter)
    for i, g in gold.items():
        if i in predicted:
            parts[g][predicted[i]] += 1
            labels[predicted[i]][g] += 1
    split = {g: sorted(c.values(), reverse=True) for g, c in parts.items() if len(c) > 1}
    merged = {p: dict(c) for p, c in labels.items() if len(c) > 1}
    return split, merged


def purity(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> float:
    """Share of items whose predicted cluster's majority label is their own label."""
    labels: dict[Hashable, Counter] = defaultdict(Counter)
    for i, g in gold.items():
        if i in predicted:
            labels[predicted[i]][g] += 1
    total = sum(sum(c.values()) for c in labels.values())
    return sum(c.most_common(1)[0][1] for c in labels.values()) / total if total else 0.0
