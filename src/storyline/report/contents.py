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
class Contents:
    """The store's articles and derived results, in report order."""

    articles: tuple[Article, ...]  # by source path, external id, id
    stories: tuple[Story, ...]  # earliest first
    findings: tuple[Finding, ...]  # per story, in the engine's order
    timeline: tuple[TimelineEntry, ...]
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
        return [f for f in self.findings if f.story_id == story_id]

    def timeline_of(self, story_id: str) -> list[TimelineEntry]:
        return [t for t in self.timeline if t.story_id == story_id]


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
    findings: dict[str, tuple[Finding, ...]] = field(default_factory=dict)  # by story
    timeline: dict[str, tuple[TimelineEntry, ...]] = field(default_factory=dict)  # by story
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
        story_rows, findings, timeline, reread = self._story_results(stories)
        scopes, not_analysed = self._not_analysed()
        rejections = store.rejection_count()
        known = before.stories
        gone = [] if old is None else [known[t] for t in known.keys() - story_texts.keys()]
        if old is not None:  # stories new, changed or gone, and those with results read again
            marks["changed_stories"] = frozenset(decoded | reread | {s.id for s in gone})
        findings_all = _joined(findings, stories)
        timeline_all = _joined(timeline, stories)
        if old is not None and stories is old.stories and not reread:
            findings_all, timeline_all = old.findings, old.timeline
        marks.update(
            texts=texts,
            stories=story_texts,
            story_rows=story_rows,
            findings=findings,
            timeline=timeline,
            scopes=scopes,
            rejections=rejections,
        )
        return Contents(
            articles=articles,
            stories=stories,
            findings=findings_all,
            timeline=timeline_all,
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

    def _story_results(
        self, stories: tuple[Story, ...]
    ) -> tuple[
        dict[str, str],
        dict[str, tuple[Finding, ...]],
        dict[str, tuple[TimelineEntry, ...]],
        set[str],
    ]:
        """Findings and timeline by story, read again only for the rows written since (the
        ids of those rows, and of rows gone, returned too)."""
        before = self.before
        rows = self.store.story_result_marks()
        stale = [sid for sid, mark in rows.items() if before.story_rows.get(sid) != mark]
        findings = {sid: before.findings[sid] for sid in rows if sid not in stale}
        timeline = {sid: before.timeline[sid] for sid in rows if sid not in stale}
        if len(stale) > _INSERT_LIMIT:
            payloads = (
                self.store.story_payloads(FINDINGS),
                self.store.story_payloads(TIMELINE),
            )
        else:
            payloads = ({}, {})
            for sid in stale:
                payloads[0].update(self.store.story_payloads(FINDINGS, sid))
                payloads[1].update(self.store.story_payloads(TIMELINE, sid))
        for sid in stale:
            findings[sid] = tuple(from_jsonable(Finding, f) for f in payloads[0].get(sid, []))
            timeline[sid] = tuple(from_jsonable(TimelineEntry, t) for t in payloads[1].get(sid, []))
        return rows, findings, timeline, set(stale) | (before.story_rows.keys() - rows.keys())

    def _not_analysed(self) -> tuple[int, dict[str, str]]:
        """Article id -> the reason its language scope gives, for articles whose analyses
        were skipped: the scopes written since the last read, in one query."""
        from storyline.analyze.stage import SCOPE

        old = self.old
        mark, scopes = self.store.analyses_since(SCOPE.kind, self.before.scopes if old else 0)
        reasons = dict(old.not_analysed) if old is not None else {}
        for article_id, (version, payload) in scopes.items():
            reasons.pop(article_id, None)
            if version != SCOPE.version or not payload.get("skipped"):
                continue
            scope = from_jsonable(LanguageScope, payload)
            if scope.skipped and scope.reason:
                reasons[article_id] = scope.reason
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


def _joined(by_story: dict[str, tuple[Any, ...]], stories: tuple[Story, ...]) -> tuple[Any, ...]:
    """Every story's items in story order, then those of rows of no current story by id
    (the order of the store's ``findings()`` and ``timeline()``)."""
    if not by_story:
        return ()
    order = [s.id for s in stories]
    order += sorted(by_story.keys() - set(order))
    return tuple(item for sid in order for item in by_story.get(sid, ()))
