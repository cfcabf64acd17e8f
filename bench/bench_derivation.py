"""Benchmark of derivation finding: MinHash/LSH candidates + alignment against all pairs.

Run from the repo root: ``python -m bench.bench_derivation`` (``--size 300`` for a quick run).

Corpus: the first ``size`` articles of ECB+ (``../shared/data/ecbplus``: real news, topics of
two look-alike events each, undated, so every pair is inside the time window). Without that
data, ``bench.stream_corpus`` (seed 42) stands in; its made-up vocabulary is small, so most
pairs share much of it and LSH prunes little there. Figures, from one run:

- articles/s of ``find_derivations`` (LSH candidates, then alignment of candidate pairs only);
- articles/s of the all-pairs floor: the same alignment and verdict on every pair within the
  time window, no LSH;
- their ratio, the candidate pairs against all pairs, and the share of the all-pairs
  derivations whose two articles the LSH path also links.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

from bench.stream_corpus import stream
from storyline.link.alignment import PreparedText
from storyline.link.derivation import WINDOW, _within, candidate_pairs, find_derivations, judge
from storyline.model import Article, DateBasis, Published

ECBPLUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ecbplus"


def ecbplus(size: int) -> list[Article]:
    path = ECBPLUS / "ecbplus_train_dev.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()][:size]
    return [
        Article(
            id=row["id"],
            source_path=row["id"],
            title=row["title"],
            text=row["text"],
            raw_text=row["text"],
            published=Published(None, DateBasis.UNKNOWN),
            outlet=row.get("source"),
        )
        for row in rows
    ]


def articles(size: int) -> list[Article]:
    """The benchmark corpus: ECB+ when present, else the seeded stream."""
    if (ECBPLUS / "ecbplus_train_dev.jsonl").exists():
        return ecbplus(size)
    return [
        Article(
            id=item.id,
            source_path=item.id,
            title=item.title,
            text=item.text,
            raw_text=item.text,
            published=Published(item.published, DateBasis.METADATA),
            outlet=item.source,
        )
        for item in stream(size)
    ]


def all_pairs(items: Sequence[Article]) -> set[frozenset[str]]:
    """The derived pairs when every pair in the time window is aligned (the floor)."""
    prepared = [PreparedText.of(a.text) for a in items]
    return {
        frozenset((items[i].id, items[j].id))
        for i, j in combinations(range(len(items)), 2)
        if _within(items[i], items[j], WINDOW) and judge(prepared[i], prepared[j]).derived
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=800, help="articles (ECB+ has 772)")
    args = parser.parse_args(argv)

    corpus = articles(args.size)
    started = time.perf_counter()
    found = find_derivations(corpus)
    lsh_seconds = time.perf_counter() - started
    started = time.perf_counter()
    floor = all_pairs(corpus)
    floor_seconds = time.perf_counter() - started
    # pruned sibling edges are not misses: a floor pair counts as found if both ends are linked
    linked = {a for d in found for a in (d.from_id, d.to_id)}
    recall = sum(pair <= linked for pair in floor) / len(floor) if floor else 1.0
    candidates = len(candidate_pairs(corpus))
    pairs = len(corpus) * (len(corpus) - 1) // 2

    lsh_rate, floor_rate = len(corpus) / lsh_seconds, len(corpus) / floor_seconds
    print(f"derivations on {len(corpus)} articles; candidate pairs {candidates} of {pairs}")
    print(f"  LSH + alignment : {lsh_seconds:8.2f} s  {lsh_rate:9.1f} articles/s")
    print(f"  all pairs floor : {floor_seconds:8.2f} s  {floor_rate:9.1f} articles/s")
    print(f"  ratio           : {lsh_rate / floor_rate:8.2f}x")
    print(
        f"  derived pairs   : all pairs {len(floor)}, LSH edges {len(found)}, "
        f"all-pairs derivations linked by LSH {recall:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
