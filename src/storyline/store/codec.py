"""Rows to records and back, and the whole-store results as typed records (``Records``).

JSON is written with sorted keys so stored bytes are stable."""

from __future__ import annotations

import dataclasses
import json
from _json import encode_basestring, make_encoder
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from storyline.model import (
    Article,
    DateBasis,
    Derivation,
    Entity,
    Finding,
    Published,
    RemovedSpan,
    SavedSearch,
    Story,
    TimelineEntry,
    from_jsonable,
    to_jsonable,
)
from storyline.store.migrations import analysis_pending

ARTICLE_COLUMNS = (
    "id",
    "external_id",
    "source_path",
    "url",
    "outlet",
    "byline",
    "dateline",
    "title",
    "text",
    "raw_text",
    "language",
    "published_date",
    "published_basis",
    "published_evidence",
    "page_date",
    "removed_spans",
)


# One encoder for every stored payload, made once: ``json.dumps`` with options builds a
# ``JSONEncoder`` per call and ``JSONEncoder.encode`` a C encoder per call, while a bulk run
# stores some 120,000 payloads. The C encoder of ``JSONEncoder(sort_keys=True,
# ensure_ascii=False, separators=(",", ":"))``, its arguments in ``make_encoder``'s order:
_ENCODE = make_encoder(
    None,  # no check for circular containers: a payload is a tree of JSON values
    json.JSONEncoder().default,  # what JSON cannot hold raises TypeError
    encode_basestring,  # strings as they are (ensure_ascii=False)
    None,  # no indent
    ":",  # key separator
    ",",  # item separator
    True,  # keys sorted
    False,  # a key JSON cannot hold is an error
    True,  # NaN and infinities allowed (as json.dumps allows them)
)


def dumps(payload: Any) -> str:
    return "".join(_ENCODE(payload, 0))


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def date_window(day: date, days: int) -> tuple[str, str]:
    """The first and last ISO dates at most ``days`` from ``day``: the bounds of a time
    window on the articles' ingested ``published_date`` column."""
    return (day - timedelta(days)).isoformat(), (day + timedelta(days)).isoformat()


def article_row(article: Article) -> tuple[Any, ...]:
    spans = [[s.start, s.end, s.reason, s.text] for s in article.removed_spans]
    return (
        article.id,
        article.external_id,
        article.source_path,
        article.url,
        article.outlet,
        article.byline,
        article.dateline,
        article.title,
        article.text,
        article.raw_text,
        article.language,
        _iso(article.published.date),
        article.published.basis.value,
        article.published.evidence,
        _iso(article.page_date),
        dumps(spans),
    )


def article_from_row(row: tuple[Any, ...]) -> Article:
    (
        article_id,
        external_id,
        source_path,
        url,
        outlet,
        byline,
        dateline,
        title,
        text,
        raw_text,
        language,
        published_date,
        published_basis,
        published_evidence,
        page_date,
        removed_spans,
    ) = row  # the ARTICLE_COLUMNS, in order
    return Article(
        id=article_id,
        external_id=external_id,
        source_path=source_path,
        url=url,
        outlet=outlet,
        byline=byline,
        dateline=dateline,
        title=title,
        text=text,
        raw_text=raw_text,
        language=language,
        published=Published(_day(published_date), DateBasis(published_basis), published_evidence),
        page_date=_day(page_date),
        removed_spans=tuple(RemovedSpan(*span) for span in json.loads(removed_spans)),
    )


def decision_from_row(row: Sequence[Any]) -> dict[str, Any]:
    """A logged merge or split decision from its row (seq, action, story_ids, article_ids,
    reason), as every backend returns it."""
    seq, action, story_ids, article_ids, reason = row
    return {
        "seq": seq,
        "action": action,
        "story_ids": json.loads(story_ids),
        "article_ids": json.loads(article_ids),
        "reason": reason,
    }


def queued_from_rows(rows: Sequence[Sequence[Any]]) -> dict[str, dict[str, str]]:
    """(article id, kind or None, version or None) rows of the link queue joined with the
    article's analyses -> article id -> {kind: version} (``Store.link_queue``)."""
    queued: dict[str, dict[str, str]] = {}
    for article_id, kind, version in rows:
        versions = queued.setdefault(article_id, {})
        if kind is not None:
            versions[kind] = version
    return queued


def saved_search_row(search: SavedSearch) -> tuple[str, str, str]:
    """(id, name, filters as JSON): the row of a saved search in every backend."""
    filters = {f.name: getattr(search, f.name) for f in dataclasses.fields(search)}
    del filters["name"]
    return search.id, search.name, dumps(filters)


def saved_search_from_row(row: Sequence[Any]) -> SavedSearch:
    """The saved search of a row (id, name, filters); the id is recomputed from the filters."""
    _, name, filters = row
    return SavedSearch(name=name, **json.loads(filters))


# ---- whole-store results as records: decoded here and nowhere else --------------------------

STORIES = "stories"
# A digest of the kept derived pairs (``derivation_edges`` rows), written with them: equal
# marks, equal ``derivations()``, so a reader knows when to read them again.
DERIVATIONS_MARK = "derivations_mark"
FINDINGS = "findings"
TIMELINE = "timeline"
ENTITIES = "entities"
PUBLICATION = "publication"  # article id -> Published, for dates completed from their story
OUTLETS = "outlets"  # article id -> outlet name learned across the store
STORY_OF = "story_of"  # article id -> the id of the story holding it (sorted by story id)
STORY_IDS = "story_ids"  # story id ever given -> {first_article_id, created} (by first article)
NO_DATE = "9999-12-31"  # the sort key of a story none of whose articles is dated
# Results kept as keyed rows (``keyed_results``), one per story or article, that ``result``,
# ``result_text``, ``result_items`` and ``put_result`` still read and write whole (a list of
# stories in story order, or a mapping by key) for readers of the whole store.
LIST_ROWS = (STORIES,)
MAPPING_ROWS = (PUBLICATION, OUTLETS, STORY_IDS)


def mapping_sort(kind: str, value: Any) -> str:
    """The ``sort`` value of a row of a keyed mapping: a story id's first article (its rows sort
    by it), an article's resolved day (``Store.article_ids_near`` finds the articles dated
    into a window by it), else nothing."""
    if kind == STORY_IDS:
        return str(value["first_article_id"])
    if kind == PUBLICATION:
        return str(value.get("date") or "")
    return ""


class KeyedRow(NamedTuple):
    """One row of a keyed result: its key, the value it sorts (and is found) by, its JSON."""

    key: str
    sort: str
    payload: Any


class Opening(NamedTuple):
    """The first characters of an article's text (its dateline) with its resolved date and
    outlet: what a wire pickup is judged by (``reconcile.independence``), read without the
    rest of the article."""

    article_id: str
    published: date | None
    outlet: str | None
    text: str


def opening_from_row(row: Sequence[Any]) -> Opening:
    """An ``Opening`` from a row (id, published_date, outlet, the start of the text)."""
    return Opening(row[0], _day(row[1]), row[2], row[3])


def story_sort_key(earliest: date | None) -> str:
    """A story row's sort value: its earliest date (stories without one last)."""
    return earliest.isoformat() if earliest else NO_DATE


def story_rows(stories: Sequence[Story], earliest: Mapping[str, date | None]) -> list[KeyedRow]:
    """The ``stories`` rows of these stories (``earliest``: story id -> earliest date)."""
    return [KeyedRow(s.id, story_sort_key(earliest[s.id]), to_jsonable(s)) for s in stories]


class StoredEdge(NamedTuple):
    """One derived pair as the store keeps it (``derivation_edges`` rows): the ``Derivation``
    as JSON, and whether it survives the pruning of transitive edges (a derivation shown)."""

    from_id: str
    to_id: str
    kept: bool
    payload: Any


STORY_RESULT_KINDS = (FINDINGS, TIMELINE)  # the per-story results, one column each


# The story list's orders (``story_index`` columns): a rank per story, smaller first.
INDEX_SORTS = ("latest", "sources", "size", "first")
MULTI_SOURCE = "sources <= -2"  # two or more independent sources (``sources`` is negated)


class IndexRow(NamedTuple):
    """One story's row of the story list (``story_index``): what it was written from
    (``stamp``), its rank in each order of ``INDEX_SORTS`` and its JSON payload."""

    story_id: str
    stamp: str
    ranks: Mapping[str, int]  # sort -> rank
    payload: Any


def index_row_values(row: IndexRow) -> tuple[Any, ...]:
    """The ``story_index`` columns of a row, in the order of ``INDEX_COLUMNS``."""
    return (row.story_id, row.stamp, *(row.ranks[s] for s in INDEX_SORTS), dumps(row.payload))


INDEX_COLUMNS = ("story_id", "stamp", *INDEX_SORTS, "payload")


class ArticleKey(NamedTuple):
    """Where an article stands among articles listed newest first: its resolved day ('' when
    undated, which sorts last) and its id (descending among one day's)."""

    day: str
    article_id: str


class FilterValue(NamedTuple):
    """One value of a story's member article that the story list filters on (a
    ``filter_values`` row): its ``outlet``, ``language``, ``day`` (ISO date) or one
    casefolded mention text (``entity``)."""

    article_id: str
    facet: str
    value: str
    story_id: str


FILTER_FACETS = ("outlet", "language", "day", "entity")


class ArticleFilter(NamedTuple):
    """What one member article of a story must have for the story to be listed (every given
    value; ``entity``: casefolded, found in one of its casefolded mention texts; dates: ISO
    days, an undated article passes none)."""

    outlet: str = ""
    language: str = ""
    entity: str = ""
    date_from: str = ""
    date_to: str = ""

    def __bool__(self) -> bool:
        return any(self)


def _filter_conditions(
    chosen: ArticleFilter, mark: str, contains: str
) -> list[tuple[str, list[Any]]]:
    """(SQL condition on a ``filter_values`` row, its arguments), one per filter given, the
    most selective first. An entity is looked for among the facet's distinct values
    (``facet_counts``), then by value: its rows are not read one by one."""
    conditions: list[tuple[str, list[Any]]] = []
    if chosen.entity:
        texts = f"SELECT value FROM facet_counts WHERE facet = 'entity' AND {contains}"
        conditions.append((f"facet = 'entity' AND value IN ({texts})", [chosen.entity]))
    if chosen.outlet:
        conditions.append((f"facet = 'outlet' AND value = {mark}", [chosen.outlet]))
    if chosen.date_from or chosen.date_to:
        bounds = [f"value >= {mark}"] * bool(chosen.date_from)
        bounds += [f"value <= {mark}"] * bool(chosen.date_to)
        args = [d for d in (chosen.date_from, chosen.date_to) if d]
        conditions.append(("facet = 'day' AND " + " AND ".join(bounds), args))
    if chosen.language:
        conditions.append((f"facet = 'language' AND value = {mark}", [chosen.language]))
    return conditions


def first_filter(chosen: ArticleFilter, mark: str, contains: str) -> tuple[str, list[Any]]:
    """The most selective filter of ``chosen`` as a condition on ``filter_values`` rows (its
    unqualified columns), and its arguments."""
    return _filter_conditions(chosen, mark, contains)[0]


def article_passes(
    chosen: ArticleFilter, mark: str, contains: str, article: str
) -> tuple[str, list[Any]]:
    """SQL true when the article whose id is ``article`` (a column) passes every filter of
    ``chosen`` (its ``filter_values`` rows), and its arguments."""
    tests = [
        (f"EXISTS (SELECT 1 FROM filter_values g WHERE g.article_id = {article} AND {test})", args)
        for test, args in _filter_conditions(chosen, mark, contains)
    ]  # unqualified names are those of ``g`` (``facet_counts``'s in its own subquery)
    return " AND ".join(test for test, _ in tests), [a for _, args in tests for a in args]


def member_conditions(
    ids_test: str, ids: Any, chosen: ArticleFilter | None, mark: str, contains: str
) -> tuple[str, list[Any]]:
    """The conditions of ``Store.stories_matching`` besides its text, each after `` AND ``,
    and their arguments: the story (``k.sort``) one of ``ids`` (the backend's ``ids_test`` of
    that argument; None: any story) and its member article (``k.key``) passing ``chosen``."""
    tests, args = ([ids_test], [ids]) if ids is not None else ([], [])
    if chosen:
        passes, more = article_passes(chosen, mark, contains, "k.key")
        tests.append(passes)
        args += more
    return "".join(f" AND {test}" for test in tests), args


def chosen_stories_query(chosen: ArticleFilter, mark: str, contains: str) -> tuple[str, list[Any]]:
    """SQL selecting the ids of the stories with a member article that passes ``chosen``
    (``filter_values`` rows), and its arguments: the rows of the first filter, each of whose
    articles is checked for the others (``contains``: the backend's test that ``value``
    contains the parameter)."""
    (first, args), *others = _filter_conditions(chosen, mark, contains)
    query = f"SELECT f.story_id FROM filter_values f WHERE {first}"
    for condition, more in others:  # unqualified names are those of ``g``
        query += (
            " AND EXISTS (SELECT 1 FROM filter_values g "
            f"WHERE g.article_id = f.article_id AND {condition})"
        )
        args = [*args, *more]
    return query, args


def index_page_query(
    sort: str,
    after: tuple[int, str] | None,
    limit: int,
    multi: bool,
    descending: bool,
    mark: str,
    chosen: ArticleFilter | None = None,
    contains: str = "",
    walked: str = "story_id",
) -> tuple[str, list[Any]]:
    """The SQL and arguments of ``Store.story_index_page`` (``mark``: the parameter mark;
    ``contains``: as ``chosen_stories_query`` takes it; ``walked``: the story id as the
    backend best tests it against the chosen stories while it walks the rows in order)."""
    if sort not in INDEX_SORTS:
        raise ValueError(f"sort {sort!r} is not one of {INDEX_SORTS}")
    where, args = index_where(multi, mark, chosen, contains, walked)
    if after is not None:
        where.append(f"({sort}, story_id) {'<' if descending else '>'} ({mark}, {mark})")
        args += list(after)
    way = " DESC" if descending else ""
    query = (
        "SELECT payload FROM story_index"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + f" ORDER BY {sort}{way}, story_id{way} LIMIT {mark}"
    )
    return query, [*args, limit]


def index_where(
    multi: bool, mark: str, chosen: ArticleFilter | None, contains: str, member: str = "story_id"
) -> tuple[list[str], list[Any]]:
    """The conditions (and their arguments) on ``story_index`` rows of a list query: two or
    more independent sources, a member article passing ``chosen`` (``member``: the story id
    column, or an expression of it)."""
    where, args = ([MULTI_SOURCE] if multi else []), list[Any]()
    if chosen:
        query, args = chosen_stories_query(chosen, mark, contains)
        where.append(f"{member} IN ({query})")
    return where, args


def index_count_query(
    multi: bool, mark: str, chosen: ArticleFilter | None = None, contains: str = ""
) -> tuple[str, list[Any]]:
    """The SQL and arguments of ``Store.story_index_count``."""
    where, args = index_where(multi, mark, chosen, contains)
    return "SELECT count(*) FROM story_index" + (
        f" WHERE {' AND '.join(where)}" if where else ""
    ), args


def latest_naming_query(
    keyed: str, before: ArticleKey | None, mark: str = "?"
) -> tuple[str, list[Any]]:
    """The SQL of ``Store.latest_articles_naming`` and its arguments (its parameters: the name
    keys, which ``keyed`` tests ``key`` against; the arguments returned; the limit). An
    article's day is the one the link stage resolved for it (its ``publication`` row), else
    its own."""
    query = f"""
        SELECT day, id FROM (
            SELECT CASE WHEN p.key IS NULL THEN coalesce(a.published_date, '') ELSE p.sort END
                AS day, a.id AS id
            FROM (SELECT DISTINCT article_id FROM registry_names WHERE {keyed}) n
            JOIN articles a ON a.id = n.article_id
            LEFT JOIN keyed_results p ON p.kind = '{PUBLICATION}' AND p.key = n.article_id
        ) named"""
    if before is None:
        return query + f" ORDER BY day DESC, id DESC LIMIT {mark}", []
    after = f" WHERE (day, id) < ({mark}, {mark})"
    return query + after + f" ORDER BY day DESC, id DESC LIMIT {mark}", list(before)


def prefix_range(prefix: str) -> tuple[str, str]:
    """The bounds ``[low, high)`` of the ids that start with a non-empty ``prefix``, for an
    index's range scan (ids are lower-case hex: the prefix is read so too)."""
    low = prefix.lower()
    return low, low[:-1] + chr(ord(low[-1]) + 1)


def story_result_column(kind: str) -> str:
    """The ``story_results`` column holding a per-story result kind."""
    if kind not in STORY_RESULT_KINDS:
        raise ValueError(f"story result kind must be one of {STORY_RESULT_KINDS}; got {kind!r}")
    return kind


def with_resolution(
    article: Article, publication: Mapping[str, Any], outlets: Mapping[str, str]
) -> Article:
    """The article with the date and outlet the link stage resolved for it, if any (the
    article itself when the link stage resolved nothing new for it)."""
    published = publication.get(article.id)
    outlet = outlets.get(article.id, article.outlet)
    if published is None and outlet == article.outlet:
        return article
    return dataclasses.replace(
        article,
        published=from_jsonable(Published, published) if published else article.published,
        outlet=outlet,
    )


class Records(ABC):
    """Typed reads of a store, shared by every backend.

    A backend implements the raw reads (``ingested_article``, ``ingested_articles``,
    ``result``, ``story_result_texts``); this class turns them into model records. ``article()``
    and ``articles()`` give each article with its resolved publication date (basis and
    evidence) and outlet, so every reader after the link stage sees the same date; only
    ingest, analysis and linking read the articles as ingested. Findings and timelines are
    read by story (``story_payloads``): a story page reads one story's row.
    """

    @abstractmethod
    def ingested_article(self, article_id: str) -> Article | None:
        """One article as ingested (no resolved date), or None."""

    def own_files(self) -> frozenset[Path]:
        """The files the store keeps its data in (``Store.own_files``): none for a server."""
        return frozenset()

    @abstractmethod
    def ingested_articles(self) -> list[Article]:
        """Every article as ingested (no resolved dates)."""

    @abstractmethod
    def report_article_ids(self, batch: int) -> Iterator[list[str]]:
        """Every article's id in the report's order, ``batch`` at a time (``Store``)."""

    @abstractmethod
    def result(self, kind: str) -> Any | None:
        """A stored whole-store result by kind, or None."""

    @abstractmethod
    def story_result_texts(self, kind: str, story_id: str | None = None) -> dict[str, str]:
        """Story id -> its stored ``findings`` or ``timeline`` list as JSON text (one story,
        or all)."""

    def story_payloads(self, kind: str, story_id: str | None = None) -> dict[str, Any]:
        """Story id -> its stored ``findings`` or ``timeline`` list (one story, or all)."""
        return {
            sid: json.loads(text) for sid, text in self.story_result_texts(kind, story_id).items()
        }

    @abstractmethod
    def derivation_payloads(self) -> list[Any]:
        """The kept derived pairs (JSON), by from id then to id."""

    @abstractmethod
    def keyed(self, kind: str, keys: Sequence[str] | None = None) -> dict[str, Any]:
        """Key -> payload of the rows of a keyed result with these keys (every row when None),
        in (sort, key) order."""

    @abstractmethod
    def keyed_texts(self, kind: str, keys: Sequence[str] | None = None) -> list[tuple[str, str]]:
        """(key, payload as stored JSON text) of the rows of a keyed result with these keys
        (every row when None), in (sort, key) order."""

    @abstractmethod
    def put_keyed(self, kind: str, rows: Sequence[KeyedRow]) -> None:
        """Add or replace rows of a keyed result."""

    @abstractmethod
    def delete_keyed(self, kind: str, keys: Sequence[str] | None = None) -> None:
        """Forget rows of a keyed result (every row of the kind when None)."""

    # -- the story list's rows (``storyline.report.story_rows`` writes them) ------------------

    @abstractmethod
    def put_story_index(self, rows: Sequence[IndexRow]) -> None:
        """Add or replace story list rows (by story id)."""

    @abstractmethod
    def delete_story_index(self, story_ids: Sequence[str]) -> None:
        """Forget the story list rows of these stories."""

    @abstractmethod
    def story_index_stamps(self, story_ids: Sequence[str] | None = None) -> dict[str, str]:
        """Story id -> the stamp of its story list row, for these stories (every row when
        None)."""

    @abstractmethod
    def story_index_payloads(self, story_ids: Sequence[str]) -> dict[str, Any]:
        """Story id -> the payload of its story list row, for those of these ids with one."""

    @abstractmethod
    def story_index_page(
        self,
        sort: str,
        after: tuple[int, str] | None,
        limit: int,
        multi: bool = False,
        descending: bool = False,
    ) -> list[Any]:
        """Up to ``limit`` row payloads in ``sort`` order (rank, then story id; reversed when
        ``descending``), after the (rank, story id) ``after``; ``multi``: only the stories
        with two or more independent sources."""

    @abstractmethod
    def story_index_ids(self, prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` ids of story list rows that start with ``prefix``, in id order."""

    @abstractmethod
    def story_index_count(self, multi: bool = False) -> int:
        """How many story list rows there are (``multi``: with two independent sources)."""

    @abstractmethod
    def add_facet_counts(self, counts: Sequence[tuple[str, str, int]]) -> None:
        """Add (facet, value, articles) to the counts; a value counted down to 0 is dropped."""

    @abstractmethod
    def facet_values(self, facet: str, limit: int | None = None) -> list[str]:
        """A facet's values, those of the most articles first (ties by value), ``limit`` at
        most."""

    # -- whole-store reads and writes of the results kept as rows -------------------------------

    def _row_result(self, kind: str) -> Any | None:
        """A keyed result as the whole-store document it replaced (None when it has no rows)."""
        rows = self.keyed(kind)
        if not rows:
            return None
        return list(rows.values()) if kind in LIST_ROWS else rows

    def _row_result_text(self, kind: str) -> str | None:
        texts = self.keyed_texts(kind)
        if not texts:
            return None
        if kind in LIST_ROWS:
            return "[" + ",".join(text for _, text in texts) + "]"
        return "{" + ",".join(f"{json.dumps(k)}:{text}" for k, text in sorted(texts)) + "}"

    def _put_row_result(self, kind: str, payload: Any) -> None:
        """Replace a keyed result whole (stories: with who holds each article)."""
        self.delete_keyed(kind)
        if kind == STORIES:
            self.delete_keyed(STORY_OF)
            stories = [from_jsonable(Story, s) for s in payload or []]
            earliest = {s.id: self._earliest(s.article_ids) for s in stories}
            self.put_keyed(STORIES, story_rows(stories, earliest))
            self.put_keyed(STORY_OF, membership_rows(stories))
            return
        self.put_keyed(
            kind,
            [KeyedRow(k, mapping_sort(kind, v), v) for k, v in (payload or {}).items()],
        )

    def _earliest(self, article_ids: Sequence[str]) -> date | None:
        days = [a.published.date for a in self.articles_with(article_ids)]
        return min((d for d in days if d is not None), default=None)

    @abstractmethod
    def ingested_articles_with(self, article_ids: Sequence[str]) -> list[Article]:
        """The articles with these ids (as ingested), in id order; unknown ids are skipped."""

    @abstractmethod
    def ingested_openings(self, article_ids: Sequence[str], chars: int) -> list[Opening]:
        """The openings of these articles as ingested (at least ``chars`` characters of text
        when it has them), in id order; unknown ids are skipped."""

    def openings(self, article_ids: Sequence[str], chars: int) -> list[Opening]:
        """The first ``chars`` characters of these articles' texts, with their dates and
        outlets resolved like ``article``, in id order (unknown ids skipped)."""
        found = self.ingested_openings(article_ids, chars)
        ids = [o.article_id for o in found]
        publication, outlets = self.keyed(PUBLICATION, ids), self.keyed(OUTLETS, ids)
        return [
            o._replace(
                published=_day(publication[o.article_id]["date"])
                if o.article_id in publication
                else o.published,
                outlet=outlets.get(o.article_id, o.outlet),
                text=o.text[:chars],
            )
            for o in found
        ]

    def articles_with(self, article_ids: Sequence[str]) -> list[Article]:
        """The articles with these ids, resolved like ``article``, in id order."""
        found = self.ingested_articles_with(article_ids)
        ids = [a.id for a in found]
        publication, outlets = self.keyed(PUBLICATION, ids), self.keyed(OUTLETS, ids)
        return [with_resolution(a, publication, outlets) for a in found]

    def stories_with(self, article_ids: Sequence[str]) -> list[Story]:
        """The stories holding any of these articles, in story order."""
        held = sorted(set(self.keyed(STORY_OF, sorted(set(article_ids))).values()))
        return self.stories_by_id(held)

    def story(self, story_id: str) -> Story | None:
        """The story with this id (current ids only: ``resolve_story_id`` follows old ones)."""
        found = self.stories_by_id([story_id])
        return found[0] if found else None

    def stories_by_id(self, story_ids: Sequence[str]) -> list[Story]:
        """The current stories with these ids (unknown ids skipped), in story order."""
        return [from_jsonable(Story, s) for s in self.keyed(STORIES, story_ids).values()]

    def _by_story(self, kind: str, story_id: str | None) -> list[Any]:
        """One story's stored list, or every story's lists joined in story order."""
        stored = self.story_payloads(kind, story_id)
        if story_id is not None:
            return list(stored.get(story_id, []))
        order = list(self.keyed(STORIES))
        order += sorted(set(stored) - set(order))
        return [item for key in order for item in stored.get(key, [])]

    def _resolution(self) -> tuple[dict[str, Any], dict[str, str]]:
        return self.keyed(PUBLICATION), self.keyed(OUTLETS)

    def article(self, article_id: str) -> Article | None:
        """The article with this id (or unique id prefix), as the link stage resolved it."""
        found = self.ingested_article(article_id)
        if found is None:
            return None
        return with_resolution(
            found, self.keyed(PUBLICATION, [found.id]), self.keyed(OUTLETS, [found.id])
        )

    def articles(self) -> list[Article]:
        """All articles, ordered by source path then id, as the link stage resolved them."""
        publication, outlets = self._resolution()
        return [with_resolution(a, publication, outlets) for a in self.ingested_articles()]

    def stories(self) -> list[Story]:
        """The stories of the last link run, earliest first."""
        return [from_jsonable(Story, s) for s in self.keyed(STORIES).values()]

    def derivations(self) -> list[Derivation]:
        """Who rewrote whom, as the last link run found it."""
        return [from_jsonable(Derivation, d) for d in self.derivation_payloads()]

    def findings(self, story_id: str | None = None) -> list[Finding]:
        """The reconciled findings of one story (all stories when None), in report order."""
        return [from_jsonable(Finding, f) for f in self._by_story(FINDINGS, story_id)]

    def timeline(self, story_id: str | None = None) -> list[TimelineEntry]:
        """The dated happenings of one story (all stories when None), in story order."""
        return [from_jsonable(TimelineEntry, t) for t in self._by_story(TIMELINE, story_id)]

    def entities(self) -> list[Entity]:
        """One canonical entity per name across the store."""
        return [from_jsonable(Entity, e) for e in self.result(ENTITIES) or []]


def membership_rows(stories: Sequence[Story]) -> list[KeyedRow]:
    """Who holds each article of these stories, as ``story_of`` rows."""
    return [KeyedRow(a, s.id, s.id) for s in stories for a in s.article_ids]


# A row of ``analysis_queue_versions``: a kind, its version, 1 for the kind of a failure, else 0.
QueueVersion = tuple[str, str, int]


def queue_versions(versions: Mapping[str, str], failed: tuple[str, str]) -> list[QueueVersion]:
    """The rows of ``analysis_queue_versions`` that keep the queue at these versions (see
    ``Store.unanalysed_ids``), in the order ``QUEUE_VERSIONS`` reads them."""
    return sorted([(kind, version, 0) for kind, version in versions.items()] + [(*failed, 1)])


# The versions the analysis queue is kept at, in kind order.
QUEUE_VERSIONS = "SELECT kind, version, failed FROM analysis_queue_versions ORDER BY kind"
# Every pending article queued again, once the new versions are stored (and the queue emptied).
REQUEUE_ALL = (
    "INSERT INTO analysis_queue (article_id) SELECT a.id FROM articles a "
    f"WHERE {analysis_pending('a.id')}"
)


def unanalysed_query(within: str) -> str:
    """The SQL of ``Store.unanalysed_ids`` once the queue is kept at the asked versions: the
    articles that pass ``within`` (the backend's test that ``a.id`` is in the list given as the
    one argument: the queued ids, or ``among``) and are pending, ordered by source path then
    id."""
    return (
        f"SELECT a.id FROM articles a WHERE {within} AND {analysis_pending('a.id')} "
        "ORDER BY a.source_path, a.id"
    )
