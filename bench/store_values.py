"""The largest single values a SQLite store holds, per table and column, beside its row counts.

Issue 14 asks that no value grow with the store: a whole-store document passes SQLite's and
PostgreSQL's 1 GB value limit at some size, after which every run fails. Run this on stores of
several sizes (the kept stores of ``bench.bench_update --keep DIR``) and compare: a value that
follows the stream's window stays flat from one size to the next; one that follows the store
grows with it.

    python -m bench.store_values DIR/1000/store.db DIR/30000/store.db DIR/100000/store.db
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

# Values shorter than this are not listed: a row of a keyed table, not a document.
SHOWN_FROM = 10_000


def largest_values(path: Path, top: int) -> list[tuple[int, str, int]]:
    """(largest length in bytes, "table.column" or "results:<kind>", rows) for the ``top``
    largest columns of the store at ``path`` (opened read-only)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%VIRTUAL%'"
            )
        ]
        found: list[tuple[int, str, int]] = []
        for table in tables:
            if table == "results" or table.endswith(("_data", "_idx", "_content", "_docsize")):
                continue  # by kind below; FTS5 shadow tables (the index of the articles' text)
            for _, column, *_ in db.execute(f'PRAGMA table_info("{table}")'):
                largest, rows = db.execute(
                    f'SELECT max(length("{column}")), count(*) FROM "{table}"'
                ).fetchone()
                if largest and largest >= SHOWN_FROM:
                    found.append((int(largest), f"{table}.{column}", int(rows)))
        if "results" in tables:  # the whole-store results, one row per kind: each by name
            for kind, size in db.execute("SELECT kind, length(payload) FROM results"):
                if size and size >= SHOWN_FROM:
                    found.append((int(size), f"results:{kind}", 1))
        return sorted(found, reverse=True)[:top]
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", nargs="+", type=Path, help="SQLite store files")
    parser.add_argument("--top", type=int, default=8, help="columns shown per store")
    args = parser.parse_args()
    for path in args.stores:
        articles = sqlite3.connect(f"file:{path}?mode=ro", uri=True).execute(
            "SELECT count(*) FROM articles"
        )
        print(f"{path}: {articles.fetchone()[0]:,} articles, {path.stat().st_size / 1e6:,.0f} MB")
        for size, where, rows in largest_values(path, args.top):
            print(f"  {size / 1e6:10.3f} MB  {where}  ({rows:,} rows)")


if __name__ == "__main__":
    main()
