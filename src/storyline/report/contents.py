"""What every report shows, read once from the store as model records.

The brief, the Markdown, HTML and CSV exports, the Atom feed and the web pages all start from
one ``Contents``: articles (with their resolved dates), stories, findings, timeline entries,
derivations, entities and rejections. Nothing here is a dict read by key; the JSON report
(``storyline.report.json_report``) turns these records into JSON at the edge.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import InitVar, dataclass, field
from functools import cached_property
from typing import Any, cast

from storyline.model import (
    Article,
    Derivation,
    Entity,
    Finding,
    LanguageScope,
    Rejection,
    Story,
    TimelineEntry,
    from_jsonable,
)
from storyline.nlp.entities.state import ENTITIES_MARK
from storyline.store.base import Store
from storyline.store.codec import (
    DERIVATIONS_MARK,
    FINDINGS,
    OUTLETS,
    PUBLICATION,
    STORIES,
    TIMELINE,
    with_resolution,
)


@dataclass(frozen=True)
class StoryResults:
    """One story's findings and timeline entries as the store holds them (JSON texts),
    decoded on first use: a fresh web server's snapshot reads every story's row but decodes
    only the stories its pages show (decoding them all took most of its first request)."""

    findings_text: str = "[]"
    timeline_text: str = "[]"

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(from_jsonable(Finding, f) for f in json.loads(self.findings_text))

    @cached_property
    def timeline(self) -> tuple[TimelineEntry, ...]:
        return tuple(from_jsonable(TimelineEntry, t) for t in json.loads(self.timeline_text))


NO_RESULTS = StoryResults()


@dataclass(frozen=True)
class Contents:
    """The store's articles and derived results, in report order."""

    articles: tuple[Article, ...]  # by source path, external id, id
    stories: tuple[Story, ...]  # earliest first
    results: dict[str, StoryResults]  # story id -> its findings and timeline (stored rows)
    derivations: tuple[Derivation, ...]
    entities: tuple[Entity, ...] = ()
    rejections: tuple[Rejection, ...] = ()
    not_analysed: dict[str, str] = field(default_factory=dict)  # article id -> why (language)
    story_aliases: dict[str, str] = field(default_factory=dict)  # an id shown before -> story
    marks: ReadMarks | None = field(default=None, repr=False, compare=False)  # see load_contents
    # ``by_id`` and ``story_of`` as ``load_contents`` updated them from the contents before
    # (None: built here from the articles and stories).
    lookups: InitVar[tuple[dict[str, Article], dict[str, str]] | None] = None
    by_id: dict[str, Article] = field(init=False, repr=False, compare=False)
    story_of: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self, lookups: tuple[dict[str, Article], dict[str, str]] | None) -> None:
        if lookups is None:
            by_id = {a.id: a for a in self.articles}
            lookups = by_id, {a: s.id for s in self.stories for a in s.article_ids}
        object.__setattr__(self, "by_id", lookups[0])
        object.__setattr__(self, "story_of", lookups[1])

    def story(self, story_id: str) -> Story:
        """The story with this id; KeyError when there is none."""
        found = next((s for s in self.stories if s.id == story_id), None)
        if found is None:
            raise KeyError(story_id)
        return found

    def members(self, story: Story) -> list[Article]:
        """The story's articles that the store holds."""
        return [self.by_id[a] for a in story.article_ids if a in self.by_id]

    def findings_of(self, story_id: str) -> list[Finding]:
        return list(self.results.get(story_id, NO_RESULTS).findings)

    def timeline_of(self, story_id: str) -> list[TimelineEntry]:
        return list(self.results.get(story_id, NO_RESULTS).timeline)

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        """Every story's findings, in story order (per story, in the engine's order)."""
        return tuple(f for r in self._results_in_order() for f in r.findings)

    @cached_property
    def timeline(self) -> tuple[TimelineEntry, ...]:
        return tuple(t for r in self._results_in_order() for t in r.timeline)

    def _results_in_order(self) -> list[StoryResults]:
        """Every story's results in story order, then those of rows of no current story by
        id (the order of the store's ``findings()`` and ``timeline()``)."""
        order = [s.id for s in self.stories if s.id in self.results]
        order += sorted(self.results.keys() - set(order))
        return [self.results[sid] for sid in order]


def report_order(articles: Sequence[Article]) -> tuple[Article, ...]:
    """Articles in the report's order: source path, external id, id."""
    return tuple(sorted(articles, key=_order_key))


def _order_key(article: Article) -> tuple[str, str, str]:
    return (article.source_path, article.external_id or "", article.id)


def load_contents(store: Store, previous: Contents | None = None) -> Contents:
    """Everything the reports show, from an open store.

    With ``previous`` (contents read earlier from the same store), only what changed since
    is read and decoded: new articles, articles whose resolved date or outlet changed, the
    stories whose JSON changed, the findings and timelines of the stories whose row was
    written again; the rest is taken from ``previous``. The result is equal to a full read.
    """
    return _Reader(store, previous if previous and previous.marks else None).contents()


@dataclass(frozen=True)
class ReadMarks:
    """What one ``Contents`` was read from, so the next read can skip what did not change:
    change marks of the store's rows and the JSON texts of its whole-store results."""

    articles: int = 0  # ``ingested_articles_since`` mark
    order: list[tuple[str, str, str]] = field(default_factory=list)  # keys of ``articles``
    texts: dict[str, str | None] = field(default_factory=dict)  # result kind -> its JSON text
    publication: dict[str, Any] = field(default_factory=dict)
    outlets: dict[str, str] = field(default_factory=dict)
    stories: dict[str, Story] = field(default_factory=dict)  # a story's JSON -> its record
    story_rows: dict[str, str] = field(default_factory=dict)  # story id -> its results row mark
    results: dict[str, StoryResults] = field(default_factory=dict)  # by story
    scopes: int = 0  # ``analyses_since`` mark of the language scopes
    reread: frozenset[str] | None = None  # articles read again (None: all, a full read)
    changed_stories: frozenset[str] | None = None  # stories whose record or results are new
    rejections: int = -1  # how many rejections were read


# Past this many changed articles, resorting them all costs less than inserting each.
_INSERT_LIMIT = 2000


class _Reader:
    """One read of a store's contents, reusing the records of the read before."""

    def __init__(self, store: Store, previous: Contents | None) -> None:
        self.store = store
        self.old = previous  # None: read everything
        self.before = previous.marks if previous and previous.marks else ReadMarks()
        self.resolved: list[Article] = []  # the articles read again

    def contents(self) -> Contents:
        from storyline.link.identity import REGISTRY_KIND

        store, before, old = self.store, self.before, self.old
        kinds = (STORIES, DERIVATIONS_MARK, ENTITIES_MARK, PUBLICATION, OUTLETS, REGISTRY_KIND)
        texts = {kind: store.result_text(kind) for kind in kinds}
        changed = {k for k, text in texts.items() if old is None or before.texts.get(k) != text}
        articles, marks = self._articles(texts, changed)
        stories, story_texts, decoded = self._stories(
            texts[STORIES] if STORIES not in changed else None
        )
        story_rows, results, reread = self._story_results()
        scopes, not_analysed = self._not_analysed()
        rejections = store.rejection_count()
        known = before.stories
        gone = [] if old is None else [known[t] for t in known.keys() - story_texts.keys()]
        if old is not None:  # stories new, changed or gone, and those with results read again
            marks["changed_stories"] = frozenset(decoded | reread | {s.id for s in gone})
        if old is not None and not reread:
            results = old.results
        marks.update(
            texts=texts,
            stories=story_texts,
            story_rows=story_rows,
            results=results,
            scopes=scopes,
            rejections=rejections,
        )
        return Contents(
            articles=articles,
            stories=stories,
            results=results,
            derivations=(
                old.derivations
                if old is not None and DERIVATIONS_MARK not in changed
                else tuple(store.derivations())
            ),
            entities=(
                old.entities
                if old is not None and ENTITIES_MARK not in changed
                else tuple(store.entities())
            ),
            rejections=(
                old.rejections
                if old is not None and rejections == before.rejections
                else tuple(store.rejections())
            ),
            not_analysed=not_analysed,
            story_aliases=self._aliases(texts, changed, stories),
            marks=ReadMarks(**marks),
            lookups=self._lookups(stories, story_texts, gone),
        )

    def _lookups(
        self, stories: tuple[Story, ...], story_texts: dict[str, Story], gone: list[Story]
    ) -> tuple[dict[str, Article], dict[str, str]] | None:
        """``by_id`` and ``story_of`` updated from the contents before for the articles and
        stories read again (an article is in one story at most: the link stage's rule)."""
        old = self.old
        if old is None:
            return None
        by_id = old.by_id
        if self.resolved:
            by_id = dict(by_id)
            by_id.update((a.id, a) for a in self.resolved)
        if stories is old.stories:
            return by_id, old.story_of
        known = self.before.stories
        added = [story_texts[text] for text in story_texts.keys() - known.keys()]
        if len(gone) + len(added) > _INSERT_LIMIT:
            return by_id, {a: s.id for s in stories for a in s.article_ids}
        story_of = dict(old.story_of)
        for story in gone:
            for article_id in story.article_ids:
                if story_of.get(article_id) == story.id:
                    del story_of[article_id]
        for story in added:
            story_of.update((article_id, story.id) for article_id in story.article_ids)
        return by_id, story_of

    def _articles(
        self, texts: dict[str, str | None], changed: set[str]
    ) -> tuple[tuple[Article, ...], dict[str, Any]]:
        """The articles in report order: the new ones, and those whose resolution changed,
        resolved again; the others as before."""
        before, old = self.before, self.old
        mark, added = self.store.ingested_articles_since(before.articles if old else 0)
        publication = _loaded(texts[PUBLICATION], before.publication, PUBLICATION in changed)
        outlets = _loaded(texts[OUTLETS], before.outlets, OUTLETS in changed)
        ingested = {a.id: a for a in added}
        if old is not None:
            moved = _changed_keys(before.publication, publication)
            moved |= _changed_keys(before.outlets, outlets)
            for article_id in moved - ingested.keys():
                found = self.store.ingested_article(article_id)
                if found is not None and found.id == article_id:
                    ingested[article_id] = found
        resolved = [with_resolution(a, publication, outlets) for a in ingested.values()]
        self.resolved = resolved
        marks: dict[str, Any] = {"articles": mark, "publication": publication, "outlets": outlets}
        marks["reread"] = frozenset(ingested) if old is not None else None
        if old is None or len(resolved) > _INSERT_LIMIT:
            keep = [] if old is None else [a for a in old.articles if a.id not in ingested]
            articles = report_order(keep + resolved)
            marks["order"] = [_order_key(a) for a in articles]
            return articles, marks
        order = list(before.order)
        listed = list(old.articles)
        for article in sorted(resolved, key=_order_key):
            key = _order_key(article)
            at = bisect_left(order, key)
            if at < len(order) and order[at] == key:
                listed[at] = article
            else:
                order.insert(at, key)
                listed.insert(at, article)
        marks["order"] = order
        return tuple(listed), marks

    def _stories(
        self, unchanged_text: str | None
    ) -> tuple[tuple[Story, ...], dict[str, Story], set[str]]:
        """The stories, each decoded only when its JSON is new (their ids returned too)."""
        if unchanged_text is not None and self.old is not None:
            return self.old.stories, self.before.stories, set()
        known = self.before.stories
        texts = self.store.result_items(STORIES)
        found: list[Story | None] = list(map(known.get, texts))
        decoded = set()
        for at, story in enumerate(found):
            if story is None:
                story = found[at] = from_jsonable(Story, json.loads(texts[at]))
                decoded.add(story.id)
        stories = cast(list[Story], found)  # every None was replaced above
        return tuple(stories), dict(zip(texts, stories, strict=True)), decoded

    def _story_results(self) -> tuple[dict[str, str], dict[str, StoryResults], set[str]]:
        """Findings and timeline by story, read again only for the rows written since (the
        ids of those rows, and of rows gone, returned too); decoded when first shown."""
        before = self.before
        rows = self.store.story_result_marks()
        stale = [sid for sid, mark in rows.items() if before.story_rows.get(sid) != mark]
        fresh = set(stale)
        results = {sid: before.results[sid] for sid in rows if sid not in fresh}
        if len(stale) > _INSERT_LIMIT:
            texts = (
                self.store.story_result_texts(FINDINGS),
                self.store.story_result_texts(TIMELINE),
            )
        else:
            texts = ({}, {})
            for sid in stale:
                texts[0].update(self.store.story_result_texts(FINDINGS, sid))
                texts[1].update(self.store.story_result_texts(TIMELINE, sid))
        for sid in stale:
            results[sid] = StoryResults(texts[0].get(sid, "[]"), texts[1].get(sid, "[]"))
        return rows, results, fresh | (before.story_rows.keys() - rows.keys())

    def _not_analysed(self) -> tuple[int, dict[str, str]]:
        """Article id -> the reason its language scope gives, for articles whose analyses
        were skipped: the scopes written since the last read, in one query."""
        from storyline.analyze.stage import SCOPE

        old = self.old
        mark, scopes = self.store.analyses_since(SCOPE.kind, self.before.scopes if old else 0)
        reasons = dict(old.not_analysed) if old is not None else {}
        for article_id, (version, payload) in scopes.items():
            reasons.pop(article_id, None)
            if version == SCOPE.version and (reason := skip_reason(payload)):
                reasons[article_id] = reason
        return mark, reasons

    def _aliases(
        self, texts: dict[str, str | None], changed: set[str], stories: tuple[Story, ...]
    ) -> dict[str, str]:
        from storyline.link.identity import REGISTRY_KIND, registry_from_json, story_aliases

        if self.old is not None and not changed & {REGISTRY_KIND, STORIES}:
            return self.old.story_aliases
        registry = registry_from_json(json.loads(texts[REGISTRY_KIND] or "null"))
        if not registry:
            return {}
        listed = [{"id": s.id, "article_ids": s.article_ids} for s in stories]
        return story_aliases(registry, listed)


def skip_reason(scope: dict[str, Any]) -> str | None:
    """Why an article's analyses were skipped, from its stored language scope (None: not)."""
    if not scope.get("skipped"):
        return None
    found = from_jsonable(LanguageScope, scope)
    return found.reason if found.skipped and found.reason else None


def _loaded(text: str | None, before: dict[str, Any], changed: bool) -> dict[str, Any]:
    """A whole-store mapping result: decoded again when its text changed."""
    if not changed:
        return before
    return json.loads(text) if text else {}


def _changed_keys(before: dict[str, Any], now: dict[str, Any]) -> set[str]:
    """The keys whose value differs between two mappings (present in one only included)."""
    if before is now:
        return set()
    return {k for k in before.keys() | now.keys() if before.get(k) != now.get(k)}
