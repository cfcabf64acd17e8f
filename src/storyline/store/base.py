"""The one interface every storage backend implements (contract tests in tests/test_store.py)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from storyline.model import (
    Article,
    Derivation,
    Entity,
    Finding,
    Rejection,
    SavedSearch,
    Story,
    TimelineEntry,
)
from storyline.nlp.entities.state import EntityState, KeyRow, Pair, Spelling
from storyline.store.codec import (
    ArticleFilter,
    ArticleKey,
    FilterValue,
    IndexRow,
    KeyedRow,
    Opening,
    StoredEdge,
)


class Store(Protocol):
    """Articles, rejections, per-article analyses and whole-store results.

    Writes inside ``transaction()`` are committed together or not at all; a write outside one
    commits at once. Every method returns records in a deterministic order.
    """

    def transaction(self) -> AbstractContextManager[None]: ...

    def reading(self) -> AbstractContextManager[None]:
        """Every read inside sees one state of the store, whatever other connections commit
        meanwhile (one read transaction; inside a transaction, that one). For reads only."""
        ...

    def add_article(self, article: Article) -> bool:
        """Store the article; False (and no change) when an article with its id exists."""
        ...

    def has_article(self, article_id: str) -> bool: ...

    def ingested_article(self, article_id: str) -> Article | None:
        """The article with this id, or with this unique id prefix, as ingested."""
        ...

    def ingested_articles(self) -> list[Article]:
        """All articles as ingested, ordered by source path then id."""
        ...

    def report_article_ids(self, batch: int) -> Iterator[list[str]]:
        """The ids of every article in the report's order (source path, external id or "",
        id: ``report.contents.report_order``), ``batch`` at a time, read by one cursor: the
        caller holds one batch, whatever the store's size."""
        ...

    def article_ids_near(self, day: date, days: int) -> list[str]:
        """Ids of the articles ingested with a date at most ``days`` from ``day``, and of those
        whose date the link stage resolved (``publication`` rows, by their ``sort``: the
        resolved day) within that window, in id order (the wire pickups' window). An article
        ingested without a date and never dated since is not listed: however many a store
        holds, the answer is the window's."""
        ...

    def lsh_matches(self, bands: Sequence[int], day: date | None, days: int) -> list[str]:
        """Ids of the articles whose stored MinHash signature (analyses of kind ``minhash``)
        has, in some band, the key ``bands`` gives that band (``minhash.band_keys``), among
        those ingested with a date at most ``days`` from ``day`` or without a date (every
        article when ``day`` is None), in id order: the derivation search's candidates, found
        without reading the others."""
        ...

    def article(self, article_id: str) -> Article | None:
        """The article with this id or unique id prefix, with its resolved publication date
        (basis and evidence) and outlet: what every reader after the link stage sees."""
        ...

    def articles(self) -> list[Article]:
        """All articles, ordered by source path then id, resolved like ``article``."""
        ...

    def stories(self) -> list[Story]:
        """Every story, earliest first (then by id)."""
        ...

    def stories_with(self, article_ids: Sequence[str]) -> list[Story]:
        """The stories holding any of these articles, in the order of ``stories``."""
        ...

    def story(self, story_id: str) -> Story | None:
        """The current story with this id, or None."""
        ...

    def stories_by_id(self, story_ids: Sequence[str]) -> list[Story]:
        """The current stories with these ids (unknown ids skipped), in the order of
        ``stories``."""
        ...

    def articles_with(self, article_ids: Sequence[str]) -> list[Article]:
        """The articles with these ids, resolved like ``article``, in id order."""
        ...

    def ingested_articles_with(self, article_ids: Sequence[str]) -> list[Article]:
        """The articles with these ids as ingested, in id order (unknown ids skipped)."""
        ...

    def article_ids_dated_from(self, day: date) -> list[str]:
        """Ids of the articles ingested with a date on or after ``day``, in id order."""
        ...

    def arrival_order(self, article_ids: Sequence[str]) -> dict[str, int]:
        """Article id -> its place in the order of ingestion (first insert; unique and never
        changed), for the articles of ``article_ids`` that are stored."""
        ...

    def derivations(self) -> list[Derivation]: ...

    def findings(self, story_id: str | None = None) -> list[Finding]: ...

    def timeline(self, story_id: str | None = None) -> list[TimelineEntry]: ...

    def entities(self) -> list[Entity]: ...

    def search(self, query: str) -> list[str]:
        """Ids of the articles whose title or text match a full-text query, in id order.

        Not ranked: the web's story index uses the matches as a filter, and ranking every
        match cost more than the rest of a search (80 of 130 ms for a word in a quarter of a
        150,000-article store).

        The query is FTS5's syntax on SQLite; PostgreSQL reads the same words and phrases
        (docs/storage.md lists the differences).
        """
        ...

    def search_count(self, query: str, limit: int) -> int:
        """How many articles match a full-text query (as ``search`` reads it), counted up to
        ``limit``."""
        ...

    def stories_matching(
        self,
        query: str | None,
        story_ids: Sequence[str] | None,
        chosen: ArticleFilter | None = None,
    ) -> set[str]:
        """The stories (of ``story_ids``; None: of all) with a member article (its
        ``story_of`` row) that matches a full-text query (as ``search`` reads it; None: any)
        and passes the article filters ``chosen``."""
        ...

    def passing_count(self, chosen: ArticleFilter, limit: int) -> int:
        """How many articles pass the first (most selective) of the article filters
        ``chosen``, counted up to ``limit``."""
        ...

    def add_rejection(self, rejection: Rejection) -> bool: ...

    def rejections(self) -> list[Rejection]: ...

    def put_analysis(self, article_id: str, kind: str, version: str, payload: Any) -> None: ...

    def put_analyses(self, analyses: Sequence[tuple[str, str, str, Any]]) -> None:
        """Store many analyses (article id, kind, version, payload) at once, as
        ``put_analysis`` stores each."""
        ...

    def analysis(self, article_id: str, kind: str, version: str | None = None) -> Any | None:
        """The stored payload, or None when absent (or stored by another version)."""
        ...

    def analyses(self, kind: str) -> dict[str, Any]:
        """Article id -> payload for every article that has this kind of analysis."""
        ...

    def analysis_versions(
        self, kind: str, article_ids: Sequence[str] | None = None
    ) -> dict[str, str]:
        """Article id -> version of the stored analysis of this kind (payloads not read), for
        every article that has one, or for those of ``article_ids``."""
        ...

    def put_result(self, kind: str, payload: Any) -> None:
        """Replace a whole-store result (stories, derivations, assessments, timeline)."""
        ...

    def result(self, kind: str) -> Any | None: ...

    # -- keyed results: what the link stage keeps by story and by article, one row each, read
    # -- for the stories and articles a run touches (``codec.KeyedRow``) ----------------------

    def keyed(self, kind: str, keys: Sequence[str] | None = None) -> dict[str, Any]:
        """Key -> payload of the rows with these keys (all rows when None), by sort then key."""
        ...

    def keyed_by_sort(self, kind: str, sorts: Sequence[str]) -> list[KeyedRow]:
        """The rows whose sort value is one of ``sorts``, by sort then key."""
        ...

    def keyed_texts(self, kind: str, keys: Sequence[str] | None = None) -> list[tuple[str, str]]:
        """(key, stored JSON text) of the rows of the kind with these keys (every row when
        None), by sort then key."""
        ...

    def put_keyed(self, kind: str, rows: Sequence[KeyedRow]) -> None:
        """Add or replace rows (by kind and key)."""
        ...

    def delete_keyed(self, kind: str, keys: Sequence[str] | None = None) -> None:
        """Forget the rows with these keys (every row of the kind when None)."""
        ...

    def put_story_index(self, rows: Sequence[IndexRow]) -> None:
        """Add or replace story list rows (by story id: ``storyline.report.story_rows``)."""
        ...

    def delete_story_index(self, story_ids: Sequence[str]) -> None:
        """Forget the story list rows of these stories."""
        ...

    def story_index_stamps(self, story_ids: Sequence[str] | None = None) -> dict[str, str]:
        """Story id -> the stamp of its story list row, for these stories (every row when
        None)."""
        ...

    def story_index_payloads(self, story_ids: Sequence[str]) -> dict[str, Any]:
        """Story id -> the payload of its story list row, for those of these ids with one."""
        ...

    def story_index_page(
        self,
        sort: str,
        after: tuple[int, str] | None,
        limit: int,
        multi: bool = False,
        descending: bool = False,
        chosen: ArticleFilter | None = None,
    ) -> list[Any]:
        """Up to ``limit`` row payloads in ``sort`` order (rank, then story id; reversed when
        ``descending``) after the (rank, story id) ``after``; ``multi``: only the stories with
        two or more independent sources; ``chosen``: only those with a member article that
        passes it (their ``filter_values`` rows)."""
        ...

    def story_index_ids(self, prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` ids of story list rows that start with ``prefix``, in id order (a
        story id given by prefix)."""
        ...

    def story_index_count(self, multi: bool = False, chosen: ArticleFilter | None = None) -> int:
        """How many story list rows there are (``multi``: with two independent sources;
        ``chosen``: with a member article that passes it)."""
        ...

    def story_index_chosen(
        self, story_ids: Sequence[str], multi: bool = False, chosen: ArticleFilter | None = None
    ) -> list[str]:
        """Those of ``story_ids`` with a story list row that ``story_index_count`` would count
        (``multi``, ``chosen``), in id order."""
        ...

    def put_filter_values(self, values: Sequence[FilterValue]) -> None:
        """Add or replace the values the story list filters its stories' articles on (by
        facet, value and article)."""
        ...

    def delete_filter_values(self, article_ids: Sequence[str], story_ids: Sequence[str]) -> None:
        """Forget the filter values of these articles kept for any of these stories."""
        ...

    def add_facet_counts(self, counts: Sequence[tuple[str, str, int]]) -> None:
        """Add (facet, value, articles) to the counts; a value counted down to 0 is dropped."""
        ...

    def facet_values(self, facet: str, limit: int | None = None) -> list[str]:
        """A facet's values, those of the most articles first (ties by value)."""
        ...

    def put_story_result(
        self, story_id: str, fingerprint: str, findings: Any, timeline: Any
    ) -> None:
        """Replace one story's reconciled findings and timeline (JSON lists) and the
        fingerprint of the inputs they were computed from."""
        ...

    def story_fingerprints(self) -> dict[str, str]:
        """Story id -> fingerprint of the inputs of its stored findings and timeline."""
        ...

    def delete_story_results(self, story_ids: Sequence[str] | None = None) -> None:
        """Forget the results of these stories (of every story when None)."""
        ...

    def story_payloads(self, kind: str, story_id: str | None = None) -> dict[str, Any]:
        """Story id -> its stored ``findings`` or ``timeline`` list (one story, or all)."""
        ...

    def story_result_texts(self, kind: str, story_id: str | None = None) -> dict[str, str]:
        """``story_payloads`` as the stored JSON texts, not decoded."""
        ...

    def put_derivation_edges(self, edges: Sequence[StoredEdge]) -> None:
        """Add or replace derived pairs (keyed by from id and to id)."""
        ...

    def derivation_edges(self, article_ids: Sequence[str]) -> list[StoredEdge]:
        """The stored derived pairs with either end in ``article_ids``, by from id, to id."""
        ...

    def delete_derivation_edges(self) -> None:
        """Forget every derived pair (before a search of the whole store)."""
        ...

    def derivation_payloads(self) -> list[Any]:
        """The kept derived pairs as JSON (what ``derivations`` decodes), by from id, to id."""
        ...

    def add_decision(
        self, action: str, story_ids: Sequence[str], article_ids: Sequence[str], reason: str
    ) -> None: ...

    def decisions(self) -> Iterator[dict[str, Any]]: ...

    def add_saved_search(self, search: SavedSearch) -> bool:
        """Keep an analyst's search; False (and no change) when one asking the same is kept."""
        ...

    def saved_searches(self) -> list[SavedSearch]:
        """Every saved search, ordered by name then id."""
        ...

    def delete_saved_search(self, search_id: str) -> bool:
        """Forget a saved search; False when none has this id."""
        ...

    def close(self) -> None: ...

    def own_files(self) -> frozenset[Path]:
        """The files this store keeps its data in (an embedded database and its journals),
        resolved: input discovery passes them over, so a store kept in the folder it reads
        never reads, rejects and quarantines itself."""
        ...

    # -- change marks: what a reader that keeps its last read needs to read again -----------

    def ingested_articles_since(self, mark: int) -> tuple[int, list[Article]]:
        """The articles (as ingested) written after ``mark``, a value this method returned
        before (0: every article), and the mark to pass next time. Articles are never
        changed or deleted once written; a backend without a cheap marker returns them all."""
        ...

    def analyses_since(self, kind: str, mark: int) -> tuple[int, dict[str, tuple[str, Any]]]:
        """Article id -> (version, payload) of the analyses of this kind written after
        ``mark`` (0: all), and the mark to pass next time (analyses are never deleted)."""
        ...

    def result_text(self, kind: str) -> str | None:
        """A whole-store result as its stored JSON text: equal texts, equal results."""
        ...

    def result_items(self, kind: str) -> list[str]:
        """The items of a whole-store JSON list result, each as its JSON text, in order."""
        ...

    def story_result_marks(self) -> dict[str, str]:
        """Story id -> a mark of its findings and timeline row that changes whenever the row
        is written with other findings or timeline."""
        ...

    def rejection_count(self) -> int:
        """How many rejections are kept (they are never deleted)."""

    def article_count(self) -> int:
        """How many articles are stored, counted in the database (none is read)."""

    def input_mark(self) -> int:
        """A counter raised, in the writer's transaction, by every write of an article's
        ``features`` or ``clues`` analysis and by every analyst's decision: what the link
        stage reads. Equal marks, nothing new to link (read in one row, whatever the size)."""
        ...

    def link_queue(self, kinds: Sequence[str]) -> dict[str, dict[str, str]]:
        """The articles whose ``features`` or ``clues`` analysis was written since the link
        stage last cleared them (``clear_link_queue``), each with its versions of ``kinds``
        (kind -> version, those it has), in id order."""
        ...

    def clear_link_queue(self, article_ids: Sequence[str], mark: int) -> None:
        """Take these articles off the link queue (in the link stage's transaction), those
        queued when the ``input_mark`` was at most ``mark`` (read before the queue): one
        queued again since stays for the next run."""
        ...

    # -- several workers on one store (storyline.analyze.stage, storyline.runner) -----------

    def claimed(
        self, article_ids: Sequence[str], wait: bool = False
    ) -> AbstractContextManager[list[str]]:
        """Claim articles for analysis inside the block; yields the ids this worker holds, in
        the order given. Articles another worker holds are skipped, or with ``wait`` waited
        for (then every id is yielded). Claims end with the block, or with the worker's
        connection if it dies, so a crash strands none. A backend with one writer at a time
        (SQLite) grants every claim at once."""
        ...

    def exclusive(self, name: str) -> AbstractContextManager[None]:
        """Hold the store-wide lock ``name`` inside the block, waiting for it: one worker at a
        time runs the block (the link stage). A backend with one writer at a time (SQLite)
        has nothing to lock."""
        ...

    # -- reading by id, for stages that recompute only what changed (storyline.reconcile) ---

    def articles_by_id(self, article_ids: Sequence[str]) -> list[Article]:
        """The articles with these ids (unknown ids skipped), resolved like ``article``, in
        id order."""
        ...

    def openings(self, article_ids: Sequence[str], chars: int) -> list[Opening]:
        """The first ``chars`` characters of these articles' texts with their resolved dates
        and outlets (unknown ids skipped), in id order: an article's dateline without the rest
        of its row."""
        ...

    def analyses_of(self, kind: str, article_ids: Sequence[str]) -> dict[str, Any]:
        """Article id -> payload of this kind of analysis, for those of ``article_ids`` that
        have one."""
        ...

    def story_fingerprints_of(self, story_ids: Sequence[str]) -> dict[str, str]:
        """``story_fingerprints`` of these stories only (those with stored results)."""
        ...

    def unanalysed_ids(
        self,
        versions: Mapping[str, str],
        failed: tuple[str, str],
        among: Sequence[str] | None = None,
    ) -> list[str]:
        """Ids of the ingested articles (of ``among`` when given) that lack the version
        ``versions`` names of at least one kind of analysis, except those with the analysis
        ``failed`` (kind, version), ordered by source path then id: found in the database,
        without reading any article or payload.

        The store keeps a queue of these articles, in the transactions that insert articles
        and write analyses, at the versions of the last call: a call with the same versions
        reads only the queued articles (a run with nothing to analyse costs the same in any
        store); a call with others (new code) reads every article once and keeps the queue at
        its versions from then on."""
        ...

    # -- the entity registry as rows (storyline.nlp.entities.state) -------------------------

    def registry_state(self) -> tuple[list[EntityState], list[KeyRow]]:
        """Every registry entity (by id) and exact-name key (by family, key): for readers of
        the whole registry; the reconcile stage reads by id and token."""
        ...

    def put_registry(self, entities: Sequence[EntityState], keys: Sequence[KeyRow]) -> None:
        """Add or replace registry entities (by id) and exact-name keys (by family, key)."""
        ...

    def delete_registry(self) -> None:
        """Forget the registry: entities, keys, registered articles and their names."""
        ...

    def registered_articles(self, article_ids: Sequence[str]) -> set[str]:
        """Those of ``article_ids`` whose mentions the registry holds."""
        ...

    def register_articles(
        self, article_ids: Sequence[str], names: Sequence[Pair], tokens: Sequence[Pair]
    ) -> None:
        """Record that the registry holds these articles' mentions, the names they ask the
        registry about, and those names' tokens (owner: the name key; rows already kept are
        left as they are)."""
        ...

    def articles_naming(self, keys: Sequence[str]) -> list[str]:
        """Ids of the registered articles that ask about any of these name keys, in id order."""
        ...

    def latest_articles_naming(
        self, keys: Sequence[str], before: ArticleKey | None, limit: int
    ) -> list[ArticleKey]:
        """(day, id) of at most ``limit`` registered articles that ask about any of these name
        keys, newest first: by resolved date ('' when undated: last), then by id descending;
        only those after ``before`` in that order (None: from the newest)."""
        ...

    def names_with_tokens(self, tokens: Sequence[str]) -> list[str]:
        """The name keys asked about under any of these tokens, sorted."""
        ...

    def registry_entities_of(self, entity_ids: Sequence[str]) -> list[EntityState]:
        """The registry entities with these ids (unknown ids skipped), by id."""
        ...

    def delete_registry_entities(self, entity_ids: Sequence[str]) -> None:
        """Forget these registry entities and the exact-name keys they own."""
        ...

    def registry_keys_of(self, keys: Sequence[str]) -> list[KeyRow]:
        """The exact-name keys with these name keys (in any family), by family and key."""
        ...

    def registry_spellings_of(self, spelling_ids: Sequence[str]) -> list[Spelling]:
        """The stored spellings with these ids, by id."""
        ...

    def registry_spellings_with_tokens(self, tokens: Sequence[str]) -> list[Spelling]:
        """The stored spellings filed under any of these tokens, by id."""
        ...

    def registry_spellings_of_entities(self, entity_ids: Sequence[str]) -> list[Spelling]:
        """The stored spellings that resolve to any of these entities, by id."""
        ...

    def put_registry_spellings(self, spellings: Sequence[Spelling], tokens: Sequence[Pair]) -> None:
        """Add or replace spellings (by id) and add their tokens (owner: the spelling id)."""
        ...
