"""The largest single values a SQLite store holds, per table and column, beside its row counts.

Issue 14 asks that no value grow with the store: a whole-store document passes SQLite's and
PostgreSQL's 1 GB value limit at some size, after which every run fails. Run this on stores of
several sizes (the kept stores of ``bench.bench_update --keep DIR``) and compare: a value that
follows the stream's window stays flat from one size to the next; one that follows the store
grows with it. Tables that hold several kinds of record (``results``, ``keyed_results``,
``analyses``) are listed kind by kind, each with the key of its largest value (what it is).
The first line of each store gives its rows and bytes per article.

    python -m bench.store_values DIR/1000/store.db DIR/30000/store.db DIR/100000/store.db
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

# Values shorter than this are not listed (unless --all): a row of a keyed table, not a document.
SHOWN_FROM = 10_000
# Tables of several kinds of record: table -> (its key column, or None: one row per kind).
KINDED = {"results": None, "keyed_results": "key", "analyses": "article_id"}


def _tables(db: sqlite3.Connection) -> list[str]:
    """The store's tables, FTS5's virtual table left out (its shadow tables are listed)."""
    return [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%VIRTUAL%'"
        )
    ]


def largest_values(
    path: Path, top: int, shown_from: int = SHOWN_FROM
) -> list[tuple[int, str, int, str]]:
    """(largest length in bytes, "table.column" or "table[kind].payload", rows, the key of
    the largest value's row, or "") for the ``top`` largest columns of the store at ``path`` (opened
    read-only), those of at least ``shown_from`` bytes."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found: list[tuple[int, str, int, str]] = []
        for table in _tables(db):
            if table.endswith(("_data", "_idx", "_content", "_docsize", "_config")):
                continue  # FTS5 shadow tables (the index of the articles' text)
            if table in KINDED:
                key = KINDED[table] or "kind"
                for kind, largest, rows in db.execute(
                    f"SELECT kind, max(length(payload)), count(*) FROM {table} GROUP BY kind"
                ):
                    if largest and largest >= shown_from:
                        (which,) = db.execute(
                            f"SELECT {key} FROM {table} WHERE kind = ? "
                            "ORDER BY length(payload) DESC LIMIT 1",
                            (kind,),
                        ).fetchone()
                        where = f"{table}[{kind}].payload"
                        found.append(
                            (int(largest), where, int(rows), "" if table == "results" else which)
                        )
                continue
            columns = [column for _, column, *_ in db.execute(f'PRAGMA table_info("{table}")')]
            for column in columns:
                largest, rows = db.execute(
                    f'SELECT max(length("{column}")), count(*) FROM "{table}"'
                ).fetchone()
                if largest and largest >= shown_from:
                    which = ""  # the first column of the largest value's row names it
                    if column != columns[0]:
                        (which,) = db.execute(
                            f'SELECT "{columns[0]}" FROM "{table}" '
                            f'ORDER BY length("{column}") DESC LIMIT 1'
                        ).fetchone()
                    found.append((int(largest), f"{table}.{column}", int(rows), str(which)))
        return sorted(found, reverse=True)[:top]
    finally:
        db.close()


def row_count(path: Path) -> int:
    """Rows in every table of the store at ``path``, FTS5's shadow tables included."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sum(db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in _tables(db))
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", nargs="+", type=Path, help="SQLite store files")
    parser.add_argument("--top", type=int, default=8, help="columns shown per store")
    parser.add_argument(
        "--all", action="store_true", help=f"list values under {SHOWN_FROM:,} bytes too"
    )
    args = parser.parse_args()
    for path in args.stores:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        articles = int(db.execute("SELECT count(*) FROM articles").fetchone()[0])
        db.close()
        size, rows = path.stat().st_size, row_count(path)
        print(
            f"{path}: {articles:,} articles, {size / 1e6:,.0f} MB, {rows:,} rows "
            f"({rows / max(articles, 1):,.1f} and {size / max(articles, 1):,.0f} bytes per article)"
        )
        for largest, where, count, which in largest_values(
            path, args.top, 1 if args.all else SHOWN_FROM
        ):
            print(f"  {largest:>13,} bytes  {where}  ({count:,} rows)  {which}")


if __name__ == "__main__":
    main()
