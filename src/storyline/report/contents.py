"""What every report shows, read once from the store as model records.

The brief, the Markdown, HTML and CSV exports, the Atom feed and the web pages all start from
one ``Contents``: articles (with their resolved dates), stories, findings, timeline entries,
derivations, entities and rejections. Nothing here is a dict read by key; the JSON report
(``storyline.report.json_report``) turns these records into JSON at the edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from storyline.model import (
    Article,
    Derivation,
    Entity,
    Finding,
    Rejection,
    Story,
    TimelineEntry,
)
from storyline.store.base import Store


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
    by_id: dict[str, Article] = field(init=False, repr=False, compare=False)
    story_of: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {a.id: a for a in self.articles})
        story_of = {a: s.id for s in self.stories for a in s.article_ids}
        object.__setattr__(self, "story_of", story_of)

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
    return tuple(sorted(articles, key=lambda a: (a.source_path, a.external_id or "", a.id)))


def _not_analysed(store: Store, articles: Sequence[Article]) -> dict[str, str]:
    """Article id -> the reason its language scope gives, for articles with skipped analyses."""
    from storyline.analyze.stage import article_scope

    reasons = {}
    for article in articles:
        scope = article_scope(store, article.id)
        if scope is not None and scope.skipped and scope.reason:
            reasons[article.id] = scope.reason
    return reasons


def load_contents(store: Store) -> Contents:
    """Everything the reports show, from an open store."""
    from storyline.link.identity import REGISTRY_KIND, registry_from_json, story_aliases

    articles = report_order(store.articles())
    stories = store.stories()
    registry = registry_from_json(store.result(REGISTRY_KIND))
    return Contents(
        articles=articles,
        stories=tuple(stories),
        findings=tuple(store.findings()),
        timeline=tuple(store.timeline()),
        derivations=tuple(store.derivations()),
        entities=tuple(store.entities()),
        rejections=tuple(store.rejections()),
        not_analysed=_not_analysed(store, articles),
        story_aliases=story_aliases(registry, store.result("stories") or []),
    )
