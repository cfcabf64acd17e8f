"""Clustering scores: pairwise (pair counting) and B-cubed precision, recall and F1.

Both take two labelings of the same items, ``gold`` and ``predicted`` (item -> cluster label).
Pairwise counts item pairs placed together: precision is the share of predicted same-cluster
pairs that are gold same-cluster pairs. B-cubed (Bagga & Baldwin 1998) averages, over items,
the share of an item's predicted cluster that shares its gold cluster (precision) and the share
of its gold cluster that shares its predicted cluster (recall). Singleton-heavy outputs score
perfect pairwise precision but low recall; B-cubed credits singletons for themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class ClusteringScores:
    pairwise: Scores
    bcubed: Scores
    gold_clusters: int
    predicted_clusters: int

    def as_dict(self) -> dict[str, float | int]:
        """Flat, rounded figures for tables and floor files."""
        return {
            "pairwise_p": round(self.pairwise.precision, 4),
            "pairwise_r": round(self.pairwise.recall, 4),
            "pairwise_f1": round(self.pairwise.f1, 4),
            "bcubed_p": round(self.bcubed.precision, 4),
            "bcubed_r": round(self.bcubed.recall, 4),
            "bcubed_f1": round(self.bcubed.f1, 4),
            "gold_clusters": self.gold_clusters,
            "predicted_clusters": self.predicted_clusters,
        }


def score_clustering(gold: Mapping[str, str], predicted: Mapping[str, str]) -> ClusteringScores:
    """Pairwise and B-cubed scores of ``predicted`` against ``gold`` over the gold items."""
    missing = set(gold) - set(predicted)
    if missing:
        raise ValueError(f"every gold item must be labelled; got {len(missing)} unlabelled instead")
    items = sorted(gold)
    return ClusteringScores(
        pairwise=pairwise(gold, predicted, items),
        bcubed=bcubed(gold, predicted, items),
        gold_clusters=len(set(gold[i] for i in items)),
        predicted_clusters=len(set(predicted[i] for i in items)),
    )


def pairwise(gold: Mapping[str, str], predicted: Mapping[str, str], items: list[str]) -> Scores:
    """Pair-counting precision, recall and F1 (pairs of distinct items)."""
    joint = Counter((gold[i], predicted[i]) for i in items)
    both = sum(_pairs(n) for n in joint.values())
    in_predicted = sum(_pairs(n) for n in Counter(predicted[i] for i in items).values())
    in_gold = sum(_pairs(n) for n in Counter(gold[i] for i in items).values())
    precision = both / in_predicted if in_predicted else 1.0
    recall = both / in_gold if in_gold else 1.0
    return Scores(precision, recall, _f1(precision, recall))


def bcubed(gold: Mapping[str, str], predicted: Mapping[str, str], items: list[str]) -> Scores:
    """B-cubed precision, recall and F1, every item weighted equally."""
    joint = Counter((gold[i], predicted[i]) for i in items)
    gold_size = Counter(gold[i] for i in items)
    predicted_size = Counter(predicted[i] for i in items)
    # Each item of a (gold, predicted) cell sees the cell's size as its correct neighbours.
    precision = sum(n * n / predicted_size[p] for (_, p), n in joint.items()) / len(items)
    recall = sum(n * n / gold_size[g] for (g, _), n in joint.items()) / len(items)
    return Scores(precision, recall, _f1(precision, recall))


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
