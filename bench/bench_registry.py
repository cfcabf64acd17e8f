"""The store-wide entity registry: its cost per mention as the store grows.

The reconcile stage rebuilds one ``EntityRegistry`` over every stored mention on each run
(``storyline.reconcile.canonical.store_registry``), so its cost must grow with the store, not
with the square of it. Measured: seconds per mention for the first quarter, half and all of
the ECB+ articles (../shared/data/ecbplus, 772 real news articles; mentions from the project's
spaCy model, computed before the clock starts), and the ratio of the largest to the smallest
(1.0 is linear; a quadratic registry doubles it with every doubling of the store). Peer in the
same run: the registry whose fuzzy step compares a new name with every known name of its family
and word count (``FullScanRegistry``, the registry before 2026-12-02).

    python -m bench.bench_registry
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from eval.ecbplus import load_rows, mentions_of
from rapidfuzz import fuzz, process

from storyline.model import Mention
from storyline.nlp.entities.registry import (
    FUZZY_MIN_CHARS,
    FUZZY_MIN_RATIO,
    EntityRegistry,
)

ECBPLUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ecbplus"
DATA = ECBPLUS / "ecbplus_train_dev.jsonl"


def mentions_of_ecbplus() -> dict[str, list[Mention]]:
    """Article id -> its mentions, for every ECB+ article (the mentions component only)."""
    return mentions_of(load_rows(DATA))


class FullScanRegistry(EntityRegistry):
    """The peer: fuzzy candidates are all known names of the family and word count."""

    def _find_fuzzy(self, fam: str, key: str) -> str | None:
        if len(key) < FUZZY_MIN_CHARS:
            return None
        words = len(key.split())
        choices = {
            k: i for (f, k), i in self._by_key.items() if f == fam and len(k.split()) == words
        }
        best = process.extractOne(
            key, sorted(choices), scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_RATIO
        )
        return choices[best[0]] if best else None


def main() -> int:
    if not DATA.exists():
        print(f"ECB+ data not found at {DATA}; skipping (see ../shared/data/README.md)")
        return 0
    mentions = mentions_of_ecbplus()
    ids = sorted(mentions)
    for registry in (EntityRegistry, FullScanRegistry):
        per_mention = {}
        for share in (4, 2, 1):
            part = {a: mentions[a] for a in ids[: len(ids) // share]}
            count = sum(len(m) for m in part.values())
            best = min(_timed(registry, part) for _ in range(3))
            per_mention[share] = best / count
            print(
                f"{registry.__name__}: {len(part)} articles, {count:,} mentions: {best:.2f} s, "
                f"{per_mention[share] * 1e6:.1f} us per mention"
            )
        growth = per_mention[1] / per_mention[4]
        print(f"{registry.__name__}: cost per mention, whole : quarter of the store {growth:.2f}")
    return 0


def _timed(registry: type[EntityRegistry], part: dict[str, list[Mention]]) -> float:
    """CPU seconds to resolve every mention, articles in id order (as ``store_registry``)."""
    began = time.process_time()
    registry().resolve(m for article_id in sorted(part) for m in part[article_id])
    return time.process_time() - began


if __name__ == "__main__":
    sys.exit(main())
