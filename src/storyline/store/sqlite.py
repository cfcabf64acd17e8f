"""The embedded default store: one SQLite file in WAL mode, FTS5 over article text."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from storyline.errors import StoreError
from storyline.model import Article, Entity, Rejection, SavedSearch
from storyline.nlp.entities.state import (
    REGISTRY_TABLES,
    EntityState,
    KeyRow,
    Pair,
    Spelling,
    entity_state_from_row,
    entity_state_row,
    spelling_from_row,
    spelling_row,
)
from storyline.store.codec import (
    ARTICLE_COLUMNS,
    INDEX_COLUMNS,
    LIST_ROWS,
    MAPPING_ROWS,
    PUBLICATION,
    QUEUE_VERSIONS,
    REQUEUE_ALL,
    STORY_OF,
    ArticleFilter,
    ArticleKey,
    FilterValue,
    IndexRow,
    KeyedRow,
    Opening,
    QueueVersion,
    Records,
    StoredEdge,
    article_from_row,
    article_row,
    date_window,
    decision_from_row,
    dumps,
    first_filter,
    index_count_query,
    index_page_query,
    index_row_values,
    index_where,
    latest_naming_query,
    member_conditions,
    opening_from_row,
    prefix_range,
    queue_versions,
    queued_from_rows,
    saved_search_from_row,
    saved_search_row,
    story_result_column,
    unanalysed_query,
)
from storyline.store.migrations import (
    ADD_STORED_BANDS,
    BANDED_KIND,
    DROP_BAND,
    STORED_BANDS,
    migrate,
)

# the values of one JSON array parameter, for ``x IN`` a list of any length
_EACH = "(SELECT value FROM json_each(?))"

# The report's order of articles (``report.contents.report_order``): SQLite compares text as
# UTF-8 bytes, which is Python's code point order.
REPORT_ORDER = "source_path, coalesce(external_id, ''), id"
# The order of keyed rows read by key: "+" makes it an expression, so SQLite finds the rows by
# their primary key (kind, key) and sorts them, instead of walking every row of the kind in
# the (kind, sort, key) index to avoid the sort (17 ms instead of 0.8 for 500 keys of 90,000).
_BY_KEYS_ORDER = "ORDER BY +sort, +key"
PAGE_CACHE_KIB = 64 * 1024  # SQLite's page cache per connection (its default: 2 MiB)
_SELECT_ARTICLE = f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles"
_CONTAINS = "instr(value, ?) > 0"  # ``value`` contains the parameter
DRIVE_COUNT = 100_000  # rows counted to tell whether a text or an article filter leads a search
_DATED_FROM = "SELECT id FROM articles WHERE published_date >= ? ORDER BY +id"
# The articles sharing a band with the keys of a JSON array (the parameter ?1), for
# ``lsh_matches``: every one, or those of days ?2 to ?3 and the undated ('').
_BANDED = (
    "SELECT l.article_id FROM json_each(?1) b CROSS JOIN lsh_bands l "
    "ON l.band = b.key AND l.key = b.value"
)
_BAND_MATCHES = f"SELECT DISTINCT article_id FROM ({_BANDED}) ORDER BY 1"
_BAND_MATCHES_WITHIN = (
    f"SELECT DISTINCT article_id FROM ({_BANDED} AND l.day BETWEEN ?2 AND ?3 "
    f"UNION ALL {_BANDED} AND l.day = '') ORDER BY 1"
)


SQLITE_JOURNALS = ("-wal", "-shm", "-journal")  # the files SQLite keeps beside a database


class SQLiteStore(Records):
    """A Storyline store in one SQLite file (see ``storyline.store.base.Store``)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            parent = Path(self.path).parent
            if not parent.is_dir():
                raise StoreError(f"{self.path}: folder {parent} does not exist")
        try:
            # isolation_level=None: we open transactions ourselves, so a write outside
            # transaction() commits at once and nothing is left pending on a crash.
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            # a first run's link transaction writes some 200,000 LSH band rows (sorted, but
            # into an index that already holds a grown store's) and its stories' rows: in
            # SQLite's default 2 MiB of pages it spills and reads pages back all the while;
            # pages are held only when used
            self.db.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
            migrate(self.db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a Storyline store ({exc})") from None
        self._depth = 0
        self._reading = False  # in ``reading()``

    # -- transactions -----------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Commit everything written inside, or nothing. Nested calls join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")
        finally:
            self._depth = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        """One read transaction: in WAL mode, its reads see the database as of its first
        read while writers go on (the log is not checkpointed past it meanwhile)."""
        if self._depth or self._reading:
            yield
            return
        # deferred: takes no lock a writer waits for; a write inside fails (BEGIN IMMEDIATE
        # in a transaction) rather than being rolled back at the end
        self.db.execute("BEGIN")
        self._reading = True
        try:
            yield
        finally:
            self._reading = False
            self.db.execute("ROLLBACK")

    # -- articles ---------------------------------------------------------------------------

    def add_article(self, article: Article) -> bool:
        placeholders = ", ".join("?" * len(ARTICLE_COLUMNS))
        cursor = self.db.execute(
            f"INSERT OR IGNORE INTO articles ({', '.join(ARTICLE_COLUMNS)}) "
            f"VALUES ({placeholders})",
            article_row(article),
        )
        return cursor.rowcount == 1

    def has_article(self, article_id: str) -> bool:
        row = self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def ingested_article(self, article_id: str) -> Article | None:
        rows = self.db.execute(f"{_SELECT_ARTICLE} WHERE id = ?", (article_id,)).fetchall()
        if not rows and article_id:  # a unique prefix, by a range of the id index
            rows = self.db.execute(
                f"{_SELECT_ARTICLE} WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
                prefix_range(article_id),
            ).fetchall()
        return article_from_row(rows[0]) if len(rows) == 1 else None

    def ingested_articles(self) -> list[Article]:
        rows = self.db.execute(f"{_SELECT_ARTICLE} ORDER BY source_path, id").fetchall()
        return [article_from_row(row) for row in rows]

    def report_article_ids(self, batch: int) -> Iterator[list[str]]:
        cursor = self.db.execute(f"SELECT id FROM articles ORDER BY {REPORT_ORDER}")
        try:
            while rows := cursor.fetchmany(batch):
                yield [article_id for (article_id,) in rows]
        finally:
            cursor.close()

    def article_ids_near(self, day: date, days: int) -> list[str]:
        start, end = date_window(day, days)
        rows = self.db.execute(
            "SELECT id FROM articles WHERE published_date BETWEEN ? AND ? UNION "
            "SELECT key FROM keyed_results WHERE kind = ? AND sort BETWEEN ? AND ? ORDER BY 1",
            (start, end, PUBLICATION, start, end),
        ).fetchall()
        return [row[0] for row in rows]

    def lsh_matches(self, bands: Sequence[int], day: date | None, days: int) -> list[str]:
        # CROSS JOIN keeps the order: each band looked up in the index (migration
        # ``0017_lsh_bands_by_day``), within the window's days, then among the undated
        if day is None:
            rows = self.db.execute(_BAND_MATCHES, (dumps(list(bands)),))
        else:
            window = date_window(day, days)
            rows = self.db.execute(_BAND_MATCHES_WITHIN, (dumps(list(bands)), *window))
        return [row[0] for row in rows.fetchall()]

    def search(self, query: str) -> list[str]:
        rows = self._matching(
            query,
            "SELECT articles.id FROM articles_fts JOIN articles "
            "ON articles.rowid = articles_fts.rowid WHERE articles_fts MATCH ? "
            "ORDER BY articles.id",
            (query,),
        )
        return [row[0] for row in rows]

    def search_count(self, query: str, limit: int) -> int:
        counted: int = self._matching(
            query,
            "SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
            "LIMIT ?)",
            (query, limit),
        )[0][0]
        return counted

    def stories_matching(
        self,
        query: str | None,
        story_ids: Sequence[str] | None,
        chosen: ArticleFilter | None = None,
    ) -> set[str]:
        ids = None if story_ids is None else dumps(sorted(set(story_ids)))
        tail, args = member_conditions(f"k.sort IN {_EACH}", ids, chosen, "?", _CONTAINS)
        if query is None:
            sql = f"SELECT DISTINCT k.sort FROM keyed_results k WHERE k.kind = '{STORY_OF}'"
            return {row[0] for row in self.db.execute(sql + tail, args)}
        tables, led = self._matches_lead(query, story_ids is None, chosen)
        sql = (
            f"SELECT DISTINCT k.sort FROM {tables} WHERE k.kind = '{STORY_OF}' "
            f"AND articles_fts MATCH ?{tail}"
        )
        return {row[0] for row in self._matching(query, sql, [*led, query, *args])}

    def _matches_lead(
        self, query: str, every: bool, chosen: ArticleFilter | None
    ) -> tuple[str, list[Any]]:
        """The tables of a text search's stories in the order SQLite is to read them (it
        cannot weigh a full-text match against an index), and their arguments: a batch's
        stories lead when given (``every`` False), each member probed in the full-text index;
        else the fewer of the matches and the first filter's articles (``_filter_leads``):
        not every ``story_of`` row probed (4.6 s for a name at 100,000 articles), nor a
        common word's 343,573 matches filtered for an outlet's 16,557 articles."""
        if not every:
            return (
                "keyed_results k JOIN articles a ON a.id = k.key "
                "JOIN articles_fts f ON f.rowid = a.rowid",
                [],
            )
        matched = "articles_fts f CROSS JOIN articles a ON a.rowid = f.rowid"
        led: list[Any] = []
        if chosen and self._filter_leads(query, chosen):
            test, led = first_filter(chosen, "?", _CONTAINS)
            matched = (
                f"(SELECT article_id FROM filter_values WHERE {test}) g "
                "CROSS JOIN articles a ON a.id = g.article_id "
                "CROSS JOIN articles_fts f ON f.rowid = a.rowid"
            )
        return f"{matched} CROSS JOIN keyed_results k ON k.key = a.id", led

    def passing_count(self, chosen: ArticleFilter, limit: int) -> int:
        test, args = first_filter(chosen, "?", _CONTAINS)
        counted: int = self.db.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM filter_values WHERE {test} LIMIT ?)",
            [*args, limit],
        ).fetchone()[0]
        return counted

    def _filter_leads(self, query: str, chosen: ArticleFilter) -> bool:
        """Whether fewer articles pass the first article filter than match the text, counted
        up to ``DRIVE_COUNT`` each."""
        return self.passing_count(chosen, DRIVE_COUNT) < self.search_count(query, DRIVE_COUNT)

    def _matching(self, query: str, sql: str, args: Sequence[Any]) -> list[Any]:
        """The rows of a statement holding a full-text ``query`` (StoreError when the query
        is not FTS5 syntax)."""
        try:
            return self.db.execute(sql, args).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"search query {query!r} is not valid FTS5 syntax ({exc})") from None

    # -- rejections -------------------------------------------------------------------------

    def add_rejection(self, rejection: Rejection) -> bool:
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO rejections (id, source_path, line, reason, raw) "
            "VALUES (?, ?, ?, ?, ?)",
            (rejection.id, rejection.source_path, rejection.line, rejection.reason, rejection.raw),
        )
        return cursor.rowcount == 1

    def rejections(self) -> list[Rejection]:
        rows = self.db.execute(
            "SELECT source_path, reason, raw, line FROM rejections "
            "ORDER BY source_path, coalesce(line, 0), id"
        ).fetchall()
        return [Rejection(path, reason, bytes(raw), line) for path, reason, raw, line in rows]

    # -- analyses and results ---------------------------------------------------------------

    def put_analysis(self, article_id: str, kind: str, version: str, payload: Any) -> None:
        self.put_analyses([(article_id, kind, version, payload)])

    def put_analyses(self, analyses: Sequence[tuple[str, str, str, Any]]) -> None:
        """Store the analyses with the LSH bands of their signatures (``BANDED_KIND``): the
        bands of the signatures they replace dropped first (``INSERT OR REPLACE`` fires no
        delete trigger), theirs inserted after, all at once and sorted (migration
        ``0016_lsh_bands_by_writer``)."""
        banded = sorted({a for a, kind, _, _ in analyses if kind == BANDED_KIND})
        if not banded:
            self._insert_analyses(analyses)
            return
        chosen = (dumps(banded),)
        with self.transaction():
            self.db.executemany(DROP_BAND, self.db.execute(STORED_BANDS, chosen).fetchall())
            self._insert_analyses(analyses)
            self.db.execute(ADD_STORED_BANDS, chosen)

    def _insert_analyses(self, analyses: Sequence[tuple[str, str, str, Any]]) -> None:
        try:
            self.db.executemany(
                "INSERT OR REPLACE INTO analyses (article_id, kind, version, payload) "
                "VALUES (?, ?, ?, ?)",
                [(a, kind, version, dumps(payload)) for a, kind, version, payload in analyses],
            )
        except sqlite3.IntegrityError:
            missing = next(a for a, _, _, _ in analyses if not self.has_article(a))
            raise StoreError(f"{self.path}: no article {missing!r} to analyse") from None

    def analysis(self, article_id: str, kind: str, version: str | None = None) -> Any | None:
        row = self.db.execute(
            "SELECT version, payload FROM analyses WHERE article_id = ? AND kind = ?",
            (article_id, kind),
        ).fetchone()
        if row is None or (version is not None and row[0] != version):
            return None
        return json.loads(row[1])

    def analyses(self, kind: str) -> dict[str, Any]:
        rows = self.db.execute(
            "SELECT article_id, payload FROM analyses WHERE kind = ? ORDER BY article_id", (kind,)
        )
        return {article_id: json.loads(payload) for article_id, payload in rows}

    def analysis_versions(
        self, kind: str, article_ids: Sequence[str] | None = None
    ) -> dict[str, str]:
        if article_ids is None:
            rows = self.db.execute(
                "SELECT article_id, version FROM analyses WHERE kind = ? ORDER BY article_id",
                (kind,),
            )
        else:
            rows = self.db.execute(
                "SELECT article_id, version FROM analyses WHERE kind = ? "
                "AND article_id IN (SELECT value FROM json_each(?)) ORDER BY article_id",
                (kind, dumps(sorted(set(article_ids)))),
            )
        return dict(rows.fetchall())

    def put_result(self, kind: str, payload: Any) -> None:
        if kind in LIST_ROWS or kind in MAPPING_ROWS:
            self._put_row_result(kind, payload)
            return
        self.db.execute(
            "INSERT OR REPLACE INTO results (kind, payload) VALUES (?, ?)", (kind, dumps(payload))
        )

    def result(self, kind: str) -> Any | None:
        if kind in LIST_ROWS or kind in MAPPING_ROWS:
            return self._row_result(kind)
        row = self.db.execute("SELECT payload FROM results WHERE kind = ?", (kind,)).fetchone()
        return json.loads(row[0]) if row else None

    # -- keyed results: rows by story or article (``Records``) --------------------------------

    def keyed(self, kind: str, keys: Sequence[str] | None = None) -> dict[str, Any]:
        if keys is None:
            rows = self.db.execute(
                "SELECT key, payload FROM keyed_results WHERE kind = ? ORDER BY sort, key", (kind,)
            ).fetchall()
        else:
            rows = self.db.execute(
                "SELECT key, payload FROM keyed_results WHERE kind = ? "
                f"AND key IN (SELECT value FROM json_each(?)) {_BY_KEYS_ORDER}",
                (kind, dumps(sorted(set(keys)))),
            ).fetchall()
        return {key: json.loads(payload) for key, payload in rows}

    def keyed_by_sort(self, kind: str, sorts: Sequence[str]) -> list[KeyedRow]:
        rows = self.db.execute(
            "SELECT key, sort, payload FROM keyed_results WHERE kind = ? "
            "AND sort IN (SELECT value FROM json_each(?)) ORDER BY sort, key",
            (kind, dumps(sorted(set(sorts)))),
        ).fetchall()
        return [KeyedRow(key, sort, json.loads(payload)) for key, sort, payload in rows]

    def keyed_texts(self, kind: str, keys: Sequence[str] | None = None) -> list[tuple[str, str]]:
        if keys is None:
            rows = self.db.execute(
                "SELECT key, payload FROM keyed_results WHERE kind = ? ORDER BY sort, key", (kind,)
            )
        else:
            rows = self.db.execute(
                f"SELECT key, payload FROM keyed_results WHERE kind = ? AND key IN {_EACH} "
                f"{_BY_KEYS_ORDER}",
                (kind, dumps(sorted(set(keys)))),
            )
        return [(key, payload) for key, payload in rows]

    def put_keyed(self, kind: str, rows: Sequence[KeyedRow]) -> None:
        # by key (stably: of two rows of a key the last stays): in the order of the primary
        # key, so each row goes next to the one before, not to a random place of the index
        self.db.executemany(
            "INSERT OR REPLACE INTO keyed_results (kind, key, sort, payload) VALUES (?, ?, ?, ?)",
            [
                (kind, row.key, row.sort, dumps(row.payload))
                for row in sorted(rows, key=lambda row: row.key)
            ],
        )

    def delete_keyed(self, kind: str, keys: Sequence[str] | None = None) -> None:
        if keys is None:
            self.db.execute("DELETE FROM keyed_results WHERE kind = ?", (kind,))
            return
        self.db.execute(
            "DELETE FROM keyed_results WHERE kind = ? AND key IN (SELECT value FROM json_each(?))",
            (kind, dumps(sorted(set(keys)))),
        )

    def put_story_index(self, rows: Sequence[IndexRow]) -> None:
        marks = ", ".join("?" * len(INDEX_COLUMNS))
        self.db.executemany(
            f"INSERT OR REPLACE INTO story_index ({', '.join(INDEX_COLUMNS)}) VALUES ({marks})",
            [index_row_values(row) for row in rows],
        )

    def delete_story_index(self, story_ids: Sequence[str]) -> None:
        self.db.execute(
            f"DELETE FROM story_index WHERE story_id IN {_EACH}", (dumps(sorted(set(story_ids))),)
        )

    def story_index_stamps(self, story_ids: Sequence[str] | None = None) -> dict[str, str]:
        if story_ids is None:
            rows = self.db.execute("SELECT story_id, stamp FROM story_index ORDER BY story_id")
            return dict(rows.fetchall())
        rows = self.db.execute(
            f"SELECT story_id, stamp FROM story_index WHERE story_id IN {_EACH} ORDER BY story_id",
            (dumps(sorted(set(story_ids))),),
        )
        return dict(rows.fetchall())

    def story_index_payloads(self, story_ids: Sequence[str]) -> dict[str, Any]:
        rows = self.db.execute(
            f"SELECT story_id, payload FROM story_index WHERE story_id IN {_EACH} "
            "ORDER BY story_id",
            (dumps(sorted(set(story_ids))),),
        )
        return {story_id: json.loads(payload) for story_id, payload in rows}

    def story_index_page(
        self,
        sort: str,
        after: tuple[int, str] | None,
        limit: int,
        multi: bool = False,
        descending: bool = False,
        chosen: ArticleFilter | None = None,
    ) -> list[Any]:
        # "+": the rows walked in order, each tested against the chosen stories (gathered
        # once), rather than the chosen stories' rows read and sorted (4x at 60,000 of them)
        query, args = index_page_query(
            sort, after, limit, multi, descending, "?", chosen, _CONTAINS, "+story_id"
        )
        return [json.loads(payload) for (payload,) in self.db.execute(query, args)]

    def story_index_ids(self, prefix: str, limit: int) -> list[str]:
        rows = self.db.execute(
            "SELECT story_id FROM story_index WHERE story_id >= ? AND story_id < ? "
            "ORDER BY story_id LIMIT ?",
            (*prefix_range(prefix), limit),
        )
        return [story_id for (story_id,) in rows]

    def story_index_count(self, multi: bool = False, chosen: ArticleFilter | None = None) -> int:
        query, args = index_count_query(multi, "?", chosen, _CONTAINS)
        counted: int = self.db.execute(query, args).fetchone()[0]
        return counted

    def story_index_chosen(
        self, story_ids: Sequence[str], multi: bool = False, chosen: ArticleFilter | None = None
    ) -> list[str]:
        where, args = index_where(multi, "?", chosen, _CONTAINS)
        rows = self.db.execute(
            f"SELECT story_id FROM story_index WHERE story_id IN {_EACH}"
            + "".join(f" AND {condition}" for condition in where)
            + " ORDER BY story_id",
            [dumps(sorted(set(story_ids))), *args],
        )
        return [story_id for (story_id,) in rows]

    def put_filter_values(self, values: Sequence[FilterValue]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO filter_values (article_id, facet, value, story_id) "
            "VALUES (?, ?, ?, ?)",
            values,
        )

    def delete_filter_values(self, article_ids: Sequence[str], story_ids: Sequence[str]) -> None:
        self.db.execute(
            f"DELETE FROM filter_values WHERE article_id IN {_EACH} AND story_id IN {_EACH}",
            (dumps(sorted(set(article_ids))), dumps(sorted(set(story_ids)))),
        )

    def add_facet_counts(self, counts: Sequence[tuple[str, str, int]]) -> None:
        self.db.executemany(
            "INSERT INTO facet_counts (facet, value, articles) VALUES (?, ?, ?) "
            "ON CONFLICT (facet, value) DO UPDATE SET articles = articles + excluded.articles",
            counts,
        )
        self.db.execute("DELETE FROM facet_counts WHERE articles <= 0")

    def facet_values(self, facet: str, limit: int | None = None) -> list[str]:
        rows = self.db.execute(
            "SELECT value FROM facet_counts WHERE facet = ? ORDER BY articles DESC, value LIMIT ?",
            (facet, -1 if limit is None else limit),
        )
        return [value for (value,) in rows]

    def ingested_articles_with(self, article_ids: Sequence[str]) -> list[Article]:
        rows = self.db.execute(
            f"{_SELECT_ARTICLE} WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
            (dumps(sorted(set(article_ids))),),
        ).fetchall()
        return [article_from_row(row) for row in rows]

    def ingested_openings(self, article_ids: Sequence[str], chars: int) -> list[Opening]:
        # bytes, as SQLite's substr() of a text stops at a NUL: 4 per character at most (the
        # last character may be cut, and ``openings`` keeps ``chars`` of them)
        rows = self.db.execute(
            "SELECT id, published_date, outlet, substr(CAST(text AS BLOB), 1, ?) FROM articles "
            "WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
            (4 * chars, dumps(sorted(set(article_ids)))),
        ).fetchall()
        return [opening_from_row((*row[:3], row[3].decode("utf-8", "ignore"))) for row in rows]

    def article_ids_dated_from(self, day: date) -> list[str]:
        # "+id": the rows found by their date and sorted, not every article walked in id order
        # to skip the sort (0.78 s at 335,000 articles for 7,000 rows; 7 ms so)
        rows = self.db.execute(_DATED_FROM, (day.isoformat(),)).fetchall()
        return [row[0] for row in rows]

    def arrival_order(self, article_ids: Sequence[str]) -> dict[str, int]:
        # The rowid: articles are inserted once (INSERT OR IGNORE) and never rewritten, and
        # the store never runs VACUUM, so it is the order of first insertion.
        rows = self.db.execute(
            "SELECT id, rowid FROM articles WHERE id IN (SELECT value FROM json_each(?))",
            (dumps(sorted(set(article_ids))),),
        )
        return {article_id: int(arrival) for article_id, arrival in rows}

    # -- per-story results ------------------------------------------------------------------

    def put_story_result(
        self, story_id: str, fingerprint: str, findings: Any, timeline: Any
    ) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO story_results (story_id, fingerprint, findings, timeline) "
            "VALUES (?, ?, ?, ?)",
            (story_id, fingerprint, dumps(findings), dumps(timeline)),
        )

    def story_fingerprints(self) -> dict[str, str]:
        rows = self.db.execute("SELECT story_id, fingerprint FROM story_results ORDER BY story_id")
        return dict(rows.fetchall())

    def delete_story_results(self, story_ids: Sequence[str] | None = None) -> None:
        if story_ids is None:
            self.db.execute("DELETE FROM story_results")
            return
        self.db.executemany(
            "DELETE FROM story_results WHERE story_id = ?", [(s,) for s in story_ids]
        )

    def story_result_texts(self, kind: str, story_id: str | None = None) -> dict[str, str]:
        column = story_result_column(kind)
        if story_id is None:
            rows = self.db.execute(f"SELECT story_id, {column} FROM story_results").fetchall()
        else:
            rows = self.db.execute(
                f"SELECT story_id, {column} FROM story_results WHERE story_id = ?", (story_id,)
            ).fetchall()
        return {found: payload for found, payload in rows}

    # -- derived pairs ----------------------------------------------------------------------

    def put_derivation_edges(self, edges: Sequence[StoredEdge]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO derivation_edges (from_id, to_id, kept, payload) "
            "VALUES (?, ?, ?, ?)",
            [(e.from_id, e.to_id, int(e.kept), dumps(e.payload)) for e in edges],
        )

    def derivation_edges(self, article_ids: Sequence[str]) -> list[StoredEdge]:
        ids = dumps(sorted(set(article_ids)))
        rows = self.db.execute(
            "SELECT from_id, to_id, kept, payload FROM derivation_edges "
            "WHERE from_id IN (SELECT value FROM json_each(?)) "
            "OR to_id IN (SELECT value FROM json_each(?)) ORDER BY from_id, to_id",
            (ids, ids),
        ).fetchall()
        return [StoredEdge(a, b, bool(kept), json.loads(payload)) for a, b, kept, payload in rows]

    def delete_derivation_edges(self) -> None:
        self.db.execute("DELETE FROM derivation_edges")

    def derivation_payloads(self) -> list[Any]:
        rows = self.db.execute(
            "SELECT payload FROM derivation_edges WHERE kept ORDER BY from_id, to_id"
        )
        return [json.loads(payload) for (payload,) in rows]

    # -- analyst decisions ------------------------------------------------------------------

    def add_decision(
        self, action: str, story_ids: Sequence[str], article_ids: Sequence[str], reason: str
    ) -> None:
        self.db.execute(
            "INSERT INTO story_decisions (action, story_ids, article_ids, reason) "
            "VALUES (?, ?, ?, ?)",
            (action, dumps(list(story_ids)), dumps(list(article_ids)), reason),
        )

    def decisions(self) -> Iterator[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT seq, action, story_ids, article_ids, reason FROM story_decisions ORDER BY seq"
        ).fetchall()
        for row in rows:
            yield decision_from_row(row)

    # -- saved searches ---------------------------------------------------------------------

    def add_saved_search(self, search: SavedSearch) -> bool:
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO saved_searches (id, name, filters) VALUES (?, ?, ?)",
            saved_search_row(search),
        )
        return cursor.rowcount == 1

    def saved_searches(self) -> list[SavedSearch]:
        rows = self.db.execute(
            "SELECT id, name, filters FROM saved_searches ORDER BY name, id"
        ).fetchall()
        return [saved_search_from_row(row) for row in rows]

    def delete_saved_search(self, search_id: str) -> bool:
        cursor = self.db.execute("DELETE FROM saved_searches WHERE id = ?", (search_id,))
        return cursor.rowcount == 1

    def own_files(self) -> frozenset[Path]:
        if self.path == ":memory:":
            return frozenset()
        main = Path(self.path).resolve()
        journals = (main.with_name(main.name + suffix) for suffix in SQLITE_JOURNALS)
        return frozenset({main, *journals})

    def close(self) -> None:
        self.db.close()

    # -- change marks (see ``Store``): a row's rowid is new whenever it is written ----------

    def ingested_articles_since(self, mark: int) -> tuple[int, list[Article]]:
        rows = self.db.execute(
            f"SELECT rowid, {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE rowid > ?", (mark,)
        ).fetchall()
        return max((row[0] for row in rows), default=mark), [
            article_from_row(row[1:]) for row in rows
        ]

    def analyses_since(self, kind: str, mark: int) -> tuple[int, dict[str, tuple[str, Any]]]:
        # INSERT OR REPLACE gives a replaced row a new rowid, and no analysis is deleted, so
        # every row written after the mark has a greater rowid.
        rows = self.db.execute(
            "SELECT rowid, article_id, version, payload FROM analyses WHERE kind = ? AND rowid > ?",
            (kind, mark),
        ).fetchall()
        found = {
            article_id: (version, json.loads(payload)) for _, article_id, version, payload in rows
        }
        return max((row[0] for row in rows), default=mark), found

    def result_text(self, kind: str) -> str | None:
        if kind in LIST_ROWS or kind in MAPPING_ROWS:
            return self._row_result_text(kind)
        row = self.db.execute("SELECT payload FROM results WHERE kind = ?", (kind,)).fetchone()
        return row[0] if row else None

    def result_items(self, kind: str) -> list[str]:
        if kind in LIST_ROWS:
            return [text for _, text in self.keyed_texts(kind)]
        rows = self.db.execute(
            "SELECT item.value FROM results, json_each(results.payload) AS item "
            "WHERE results.kind = ? ORDER BY item.key",
            (kind,),
        ).fetchall()
        return [row[0] for row in rows]

    def story_result_marks(self) -> dict[str, str]:
        # A rewritten row has a new rowid; a row deleted and written again can take back the
        # rowid of the last row, so the fingerprint of its inputs is part of the mark too.
        rows = self.db.execute("SELECT story_id, rowid, fingerprint FROM story_results")
        return {story_id: f"{rowid}:{fingerprint}" for story_id, rowid, fingerprint in rows}

    def rejection_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM rejections").fetchone()[0])

    def article_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def input_mark(self) -> int:
        row = self.db.execute("SELECT value FROM change_marks WHERE name = 'link_inputs'")
        return int(row.fetchone()[0])

    def link_queue(self, kinds: Sequence[str]) -> dict[str, dict[str, str]]:
        rows = self.db.execute(
            "SELECT q.article_id, a.kind, a.version FROM link_queue q "
            "LEFT JOIN analyses a ON a.article_id = q.article_id "
            "AND a.kind IN (SELECT value FROM json_each(?)) ORDER BY q.article_id, a.kind",
            (dumps(sorted(set(kinds))),),
        ).fetchall()
        return queued_from_rows(rows)

    def clear_link_queue(self, article_ids: Sequence[str], mark: int) -> None:
        self.db.execute(
            "DELETE FROM link_queue WHERE article_id IN (SELECT value FROM json_each(?)) "
            "AND mark <= ?",
            (dumps(sorted(set(article_ids))), mark),
        )

    # -- several workers on one store: a SQLite store is for one worker process; SQLite
    # serialises each write transaction, and workers that share a store use PostgreSQL ----

    @contextmanager
    def claimed(self, article_ids: Sequence[str], wait: bool = False) -> Iterator[list[str]]:
        yield list(article_ids)

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        yield

    # -- reading by id (see ``Store``) ------------------------------------------------------

    def unanalysed_ids(
        self,
        versions: Mapping[str, str],
        failed: tuple[str, str],
        among: Sequence[str] | None = None,
    ) -> list[str]:
        if not versions:
            return []
        wanted = queue_versions(versions, failed)
        if self.db.execute(QUEUE_VERSIONS).fetchall() != wanted:
            self._requeue_all(wanted)
        if among is None:  # the queued articles, checked: the store's other articles unread
            among = [row[0] for row in self.db.execute("SELECT article_id FROM analysis_queue")]
        if not among:
            return []
        query = unanalysed_query(f"a.id IN {_EACH}")
        return [row[0] for row in self.db.execute(query, (dumps(sorted(set(among))),))]

    def _requeue_all(self, wanted: list[QueueVersion]) -> None:
        """Keep the analysis queue at the versions ``wanted`` from now on: every pending
        article queued again (the one listing that reads every article), unless another
        process did so first."""
        with self.transaction():
            if self.db.execute(QUEUE_VERSIONS).fetchall() == wanted:
                return
            self.db.execute("DELETE FROM analysis_queue_versions")
            self.db.executemany(
                "INSERT INTO analysis_queue_versions (kind, version, failed) VALUES (?, ?, ?)",
                wanted,
            )
            self.db.execute("DELETE FROM analysis_queue")
            self.db.execute(REQUEUE_ALL)

    def articles_by_id(self, article_ids: Sequence[str]) -> list[Article]:
        return self.articles_with(article_ids)  # resolved from the rows of these articles only

    def analyses_of(self, kind: str, article_ids: Sequence[str]) -> dict[str, Any]:
        rows = self.db.execute(
            "SELECT article_id, payload FROM analyses WHERE kind = ? "
            "AND article_id IN (SELECT value FROM json_each(?)) ORDER BY article_id",
            (kind, dumps(sorted(set(article_ids)))),
        )
        return {article_id: json.loads(payload) for article_id, payload in rows}

    def story_fingerprints_of(self, story_ids: Sequence[str]) -> dict[str, str]:
        rows = self.db.execute(
            "SELECT story_id, fingerprint FROM story_results "
            "WHERE story_id IN (SELECT value FROM json_each(?)) ORDER BY story_id",
            (dumps(sorted(set(story_ids))),),
        )
        return dict(rows.fetchall())

    # -- the entity registry as rows (see ``Store``) ----------------------------------------

    def registry_state(self) -> tuple[list[EntityState], list[KeyRow]]:
        rows = self.db.execute(
            "SELECT id, label, name, aliases, titles, seen FROM registry_entities ORDER BY id"
        ).fetchall()
        keys = self.db.execute(
            "SELECT family, key, entity_id FROM registry_keys ORDER BY family, key"
        ).fetchall()
        return [entity_state_from_row(row) for row in rows], [KeyRow(*row) for row in keys]

    def put_registry(self, entities: Sequence[EntityState], keys: Sequence[KeyRow]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO registry_entities (id, label, name, aliases, titles, seen) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [entity_state_row(e) for e in entities],
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO registry_keys (family, key, entity_id) VALUES (?, ?, ?)",
            keys,
        )

    def delete_registry(self) -> None:
        for table in REGISTRY_TABLES:
            self.db.execute(f"DELETE FROM {table}")

    def registered_articles(self, article_ids: Sequence[str]) -> set[str]:
        rows = self.db.execute(
            "SELECT article_id FROM registry_articles "
            "WHERE article_id IN (SELECT value FROM json_each(?))",
            (dumps(sorted(set(article_ids))),),
        )
        return {row[0] for row in rows}

    def register_articles(
        self, article_ids: Sequence[str], names: Sequence[Pair], tokens: Sequence[Pair]
    ) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO registry_articles (article_id) VALUES (?)",
            [(a,) for a in article_ids],
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO registry_names (key, article_id) VALUES (?, ?)",
            names,
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO registry_name_tokens (token, key) VALUES (?, ?)",
            tokens,
        )

    def articles_naming(self, keys: Sequence[str]) -> list[str]:
        rows = self.db.execute(
            "SELECT DISTINCT article_id FROM registry_names "
            "WHERE key IN (SELECT value FROM json_each(?)) ORDER BY article_id",
            (dumps(sorted(set(keys))),),
        )
        return [row[0] for row in rows]

    def latest_articles_naming(
        self, keys: Sequence[str], before: ArticleKey | None, limit: int
    ) -> list[ArticleKey]:
        query, args = latest_naming_query(f"key IN {_EACH}", before)
        rows = self.db.execute(query, [dumps(sorted(set(keys))), *args, limit])
        return [ArticleKey(*row) for row in rows]

    def names_with_tokens(self, tokens: Sequence[str]) -> list[str]:
        rows = self.db.execute(
            f"SELECT DISTINCT key FROM registry_name_tokens WHERE token IN {_EACH} ORDER BY key",
            (dumps(sorted(set(tokens))),),
        )
        return [row[0] for row in rows]

    def registry_entities_of(self, entity_ids: Sequence[str]) -> list[EntityState]:
        rows = self.db.execute(
            "SELECT id, label, name, aliases, titles, seen FROM registry_entities "
            f"WHERE id IN {_EACH} ORDER BY id",
            (dumps(sorted(set(entity_ids))),),
        )
        return [entity_state_from_row(row) for row in rows]

    def delete_registry_entities(self, entity_ids: Sequence[str]) -> None:
        chosen = (dumps(sorted(set(entity_ids))),)
        self.db.execute(f"DELETE FROM registry_entities WHERE id IN {_EACH}", chosen)
        self.db.execute(f"DELETE FROM registry_keys WHERE entity_id IN {_EACH}", chosen)

    def registry_keys_of(self, keys: Sequence[str]) -> list[KeyRow]:
        rows = self.db.execute(
            f"SELECT family, key, entity_id FROM registry_keys WHERE key IN {_EACH} "
            "ORDER BY family, key",
            (dumps(sorted(set(keys))),),
        )
        return [KeyRow(*row) for row in rows]

    def registry_spellings_of(self, spelling_ids: Sequence[str]) -> list[Spelling]:
        return self._spellings(f"id IN {_EACH}", spelling_ids)

    def registry_spellings_with_tokens(self, tokens: Sequence[str]) -> list[Spelling]:
        return self._spellings(
            f"id IN (SELECT spelling_id FROM registry_spelling_tokens WHERE token IN {_EACH})",
            tokens,
        )

    def registry_spellings_of_entities(self, entity_ids: Sequence[str]) -> list[Spelling]:
        return self._spellings(f"entity_id IN {_EACH}", entity_ids)

    def _spellings(self, where: str, values: Sequence[str]) -> list[Spelling]:
        rows = self.db.execute(
            "SELECT id, family, label, name, key, entity_id, seen, titles, texts "
            f"FROM registry_spellings WHERE {where} ORDER BY id",
            (dumps(sorted(set(values))),),
        )
        return [spelling_from_row(row) for row in rows]

    def put_registry_spellings(self, spellings: Sequence[Spelling], tokens: Sequence[Pair]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO registry_spellings (id, family, label, name, key, "
            "entity_id, seen, titles, texts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [spelling_row(s) for s in spellings],
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO registry_spelling_tokens (token, spelling_id) VALUES (?, ?)",
            tokens,
        )

    def entities(self) -> list[Entity]:
        """One canonical entity per name across the store (from the registry's rows)."""
        return [state.entity() for state in self.registry_state()[0]]
