"""What ``storyline analyze`` pays to learn there is nothing to analyse, against the store's size.

For each store given: opening it (which migrates a store of older code: pass a copy), the first
listing of the articles to analyse (``analyze.stage.pending``; on a store of older code it fills
the analysis queue from every article), then ``repeat`` listings more, in CPU seconds (min and
median). ``--synthetic N`` first writes a store of N articles, each with every component's
analysis at its current version, without spaCy (the rows a fully analysed store holds for this
listing; no link results), at the path given.

Run: ``python -m bench.bench_pending [--synthetic N] [--repeat 5] STORE [STORE ...]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from storyline.analyze.stage import COMPONENTS, pending
from storyline.model import Article, DateBasis, Published
from storyline.store import open_store
from storyline.store.codec import ARTICLE_COLUMNS, article_row

T = TypeVar("T")
BATCH = 100_000  # articles written in one transaction


def _article(n: int) -> Article:
    """The n-th synthetic article: source paths spread over 997 feeds, against the id order."""
    text = f"Article {n} about the dam."
    return Article(
        id=f"{n * 2654435761 % (1 << 40):012x}{n:08d}",
        source_path=f"feed/{n % 997:03}.jsonl",
        title=f"Story {n}",
        text=text,
        raw_text=text,
        published=Published(None, DateBasis.UNKNOWN),
    )


def write_analysed_store(path: Path, count: int) -> None:
    """``count`` articles with every component's analysis at its current version."""
    store = open_store(path)
    insert = (
        f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(ARTICLE_COLUMNS))})"
    )
    for start in range(0, count, BATCH):
        articles = [_article(n) for n in range(start, min(count, start + BATCH))]
        analyses = [(a.id, c.kind, c.version, "[]") for a in articles for c in COMPONENTS]
        with store.transaction():
            store.db.executemany(insert, [article_row(a) for a in articles])  # type: ignore[attr-defined]
            store.db.executemany("INSERT INTO analyses VALUES (?, ?, ?, ?)", analyses)  # type: ignore[attr-defined]
    store.close()


def _cpu(call: Callable[[], T]) -> tuple[T, float]:
    """What ``call`` returns, and the CPU seconds it took."""
    start = time.process_time()
    result = call()
    return result, time.process_time() - start


def measure(path: Path, repeat: int) -> str:
    """One line: the store's opening, its first listing and the listings after it."""
    store, opened = _cpu(lambda: open_store(path))
    first, listed = _cpu(lambda: pending(store))
    times = [_cpu(lambda: pending(store))[1] for _ in range(repeat)]
    store.close()
    return (
        f"{path}: open {opened:.3f} s, first listing {listed:.3f} s ({len(first)} to analyse), "
        f"then min {min(times) * 1000:.3f} ms, median {statistics.median(times) * 1000:.3f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", nargs="+", type=Path)
    parser.add_argument("--synthetic", type=int, help="write a store of N articles first")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if args.synthetic:
        write_analysed_store(args.stores[0], args.synthetic)
    for path in args.stores:
        print(measure(path, args.repeat), flush=True)


if __name__ == "__main__":
    main()
