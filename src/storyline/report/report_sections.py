"""Where the JSON report's records come from, section by section.

The report (``storyline.report.json_report``) is written from a ``ReportSections``: one
function per section giving its records when that section is written. Two sources give them,
in the same order: the ``Contents`` read whole (``contents_sections``: the seeds' golden
reports, the web's snapshot) and the store itself (``stored_sections``), which reads the
articles a batch at a time in the report's order (``Store.report_article_ids``, with their
``story_of`` rows and language scopes) and the findings and timeline a story at a time, so a
report written from it holds one batch, not the store.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

from storyline.model import (
    Article,
    Derivation,
    Entity,
    Finding,
    Rejection,
    Story,
    TimelineEntry,
    from_jsonable,
)
from storyline.report.contents import Contents, skip_reason
from storyline.store.base import Store
from storyline.store.codec import FINDINGS, STORIES, STORY_IDS, STORY_OF, TIMELINE

ARTICLE_BATCH = 500  # articles read per query (with their story rows and language scopes)
Record = TypeVar("Record", Finding, TimelineEntry)


@dataclass(frozen=True)
class ReportSections:
    """The report's records: each function gives a section's records, in report order, when
    the section is written."""

    story_aliases: Callable[[], Mapping[str, str]]  # an id shown before -> its story now
    # each article with the story holding it and why its analyses were skipped (or None)
    articles: Callable[[], Iterable[tuple[Article, str | None, str | None]]]
    stories: Callable[[], Iterable[Story]]
    findings: Callable[[], Iterable[Finding]]  # by story, in story order
    timeline: Callable[[], Iterable[TimelineEntry]]
    derivations: Callable[[], Iterable[Derivation]]
    entities: Callable[[], Iterable[Entity]]
    rejections: Callable[[], Iterable[Rejection]]


def contents_sections(contents: Contents) -> ReportSections:
    """The sections of contents read whole."""
    return ReportSections(
        story_aliases=lambda: contents.story_aliases,
        articles=lambda: (
            (a, contents.story_of.get(a.id), contents.not_analysed.get(a.id))
            for a in contents.articles
        ),
        stories=lambda: contents.stories,
        findings=lambda: contents.findings,
        timeline=lambda: contents.timeline,
        derivations=lambda: contents.derivations,
        entities=lambda: contents.entities,
        rejections=lambda: contents.rejections,
    )


def stored_sections(store: Store) -> ReportSections:
    """The sections read from the store as they are written (``load_contents`` reads the
    same rows whole)."""
    return ReportSections(
        story_aliases=lambda: _aliases(store),
        articles=lambda: _articles(store),
        stories=lambda: (from_jsonable(Story, json.loads(t)) for t in store.result_items(STORIES)),
        findings=lambda: _by_story(store, FINDINGS, Finding),
        timeline=lambda: _by_story(store, TIMELINE, TimelineEntry),
        derivations=store.derivations,
        entities=store.entities,
        rejections=store.rejections,
    )


def moved_stories(store: Store, story_ids: Collection[str] | None = None) -> dict[str, str]:
    """Story id -> the current story holding the article it was named after, for the ids of
    ``story_ids`` (every id ever given when None) that the store's ``story_ids`` rows know and
    whose article a story holds (``link.identity.resolve_id``, from the rows)."""
    keys = None if story_ids is None else sorted(set(story_ids))
    firsts = {sid: str(e["first_article_id"]) for sid, e in store.keyed(STORY_IDS, keys).items()}
    held = store.keyed(STORY_OF, sorted(set(firsts.values())))
    return {sid: held[first] for sid, first in sorted(firsts.items()) if first in held}


def _story_ids(store: Store) -> list[str]:
    """The current stories' ids, in story order (the keys of their rows: none is decoded)."""
    return [story_id for story_id, _ in store.keyed_texts(STORIES)]


def _aliases(store: Store) -> dict[str, str]:
    """``Contents.story_aliases``: every id ever given that names no current story -> the
    story now holding its first article."""
    current = set(_story_ids(store))
    return {sid: to for sid, to in moved_stories(store).items() if sid not in current}


def _articles(store: Store) -> Iterator[tuple[Article, str | None, str | None]]:
    from storyline.analyze.stage import SCOPE  # imported late, as storyline.report.contents does

    for ids in store.report_article_ids(ARTICLE_BATCH):
        by_id = {a.id: a for a in store.articles_with(ids)}
        held = store.keyed(STORY_OF, ids)
        versions = store.analysis_versions(SCOPE.kind, ids)
        scoped = [a for a in ids if versions.get(a) == SCOPE.version]
        scopes = store.analyses_of(SCOPE.kind, scoped) if scoped else {}
        for article_id in ids:
            scope = scopes.get(article_id)
            yield by_id[article_id], held.get(article_id), skip_reason(scope) if scope else None


def _by_story(store: Store, kind: str, record: type[Record]) -> Iterator[Record]:
    """A per-story result's records, a story's row at a time: the current stories' in story
    order, then those of rows of no current story by id (``Contents.findings``' order)."""
    rows: set[str] = set(store.story_result_marks())
    listed: list[str] = [sid for sid in _story_ids(store) if sid in rows]
    for story_id in [*listed, *sorted(rows - set(listed))]:
        text = store.story_result_texts(kind, story_id).get(story_id, "[]")
        yield from (from_jsonable(record, item) for item in json.loads(text))
