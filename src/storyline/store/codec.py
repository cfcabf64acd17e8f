"""Rows to records and back, and the whole-store results as typed records (``Records``).

JSON is written with sorted keys so stored bytes are stable."""

from __future__ import annotations

import dataclasses
import json
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from datetime import date
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
)

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


def dumps(payload: Any) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


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


class StoredEdge(NamedTuple):
    """One derived pair as the store keeps it (``derivation_edges`` rows): the ``Derivation``
    as JSON, and whether it survives the pruning of transitive edges (a derivation shown)."""

    from_id: str
    to_id: str
    kept: bool
    payload: Any


STORY_RESULT_KINDS = (FINDINGS, TIMELINE)  # the per-story results, one column each


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
    ``result``, ``story_payloads``); this class turns them into model records. ``article()``
    and ``articles()`` give each article with its resolved publication date (basis and
    evidence) and outlet, so every reader after the link stage sees the same date; only
    ingest, analysis and linking read the articles as ingested. Findings and timelines are
    read by story (``story_payloads``): a story page reads one story's row.
    """

    @abstractmethod
    def ingested_article(self, article_id: str) -> Article | None:
        """One article as ingested (no resolved date), or None."""

    @abstractmethod
    def ingested_articles(self) -> list[Article]:
        """Every article as ingested (no resolved dates)."""

    @abstractmethod
    def result(self, kind: str) -> Any | None:
        """A stored whole-store result by kind, or None."""

    @abstractmethod
    def story_payloads(self, kind: str, story_id: str | None = None) -> dict[str, Any]:
        """Story id -> its stored ``findings`` or ``timeline`` list (one story, or all)."""

    @abstractmethod
    def derivation_payloads(self) -> list[Any]:
        """The kept derived pairs (JSON), by from id then to id."""

    def _by_story(self, kind: str, story_id: str | None) -> list[Any]:
        """One story's stored list, or every story's lists joined in story order."""
        stored = self.story_payloads(kind, story_id)
        if story_id is not None:
            return list(stored.get(story_id, []))
        order = [s["id"] for s in self.result(STORIES) or []]
        order += sorted(set(stored) - set(order))
        return [item for key in order for item in stored.get(key, [])]

    def _resolution(self) -> tuple[dict[str, Any], dict[str, str]]:
        return self.result(PUBLICATION) or {}, self.result(OUTLETS) or {}

    def article(self, article_id: str) -> Article | None:
        """The article with this id (or unique id prefix), as the link stage resolved it."""
        found = self.ingested_article(article_id)
        return with_resolution(found, *self._resolution()) if found else None

    def articles(self) -> list[Article]:
        """All articles, ordered by source path then id, as the link stage resolved them."""
        publication, outlets = self._resolution()
        return [with_resolution(a, publication, outlets) for a in self.ingested_articles()]

    def stories(self) -> list[Story]:
        """The stories of the last link run, earliest first."""
        return [from_jsonable(Story, s) for s in self.result(STORIES) or []]

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
