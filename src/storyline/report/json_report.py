"""Report: the store as the documented JSON report (schema/report.schema.json).

Records become JSON here, at the edge, one function per record type. Same store, same report,
byte for byte: every list is in a deterministic order and JSON is written with sorted keys.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import fields, is_dataclass, replace
from typing import Any

from storyline.model import (
    Article,
    Derivation,
    Entity,
    Finding,
    FindingKind,
    Rejection,
    Story,
    TimelineEntry,
    Verdict,
    to_jsonable,
)
from storyline.report.brief import Brief
from storyline.report.contents import Contents, load_contents
from storyline.store.base import Store

REPORT_VERSION = "2"
# brief fields named otherwise in JSON: ``from`` and ``to`` are Python keywords
JSON_NAMES = {"from_id": "from", "to_id": "to"}


def article_json(
    article: Article, story_id: str | None, not_analysed: str | None = None
) -> dict[str, Any]:
    """One article as the report shows it (date and outlet as the link stage resolved them).

    ``not_analysed`` is the reason of its language scope when analyses were skipped.
    """
    return {
        "id": article.id,
        "external_id": article.external_id,
        "source_path": article.source_path,
        "url": article.url,
        "outlet": article.outlet,
        "byline": article.byline,
        "dateline": article.dateline,
        "title": article.title,
        "language": article.language,
        "not_analysed": not_analysed,
        "published": to_jsonable(article.published),
        "page_date": article.page_date.isoformat() if article.page_date else None,
        "story_id": story_id,
        "text": article.text,
        "removed_spans": [to_jsonable(span) for span in article.removed_spans],
    }


def story_json(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "title": story.title,
        "article_ids": list(story.article_ids),
        "related_story_ids": list(story.related_story_ids),
    }


def finding_json(finding: Finding) -> dict[str, Any]:
    """A finding with the articles it rests on; members and sides carry their spans."""
    return dict(to_jsonable(finding), article_ids=list(finding.article_ids))


def timeline_json(entry: TimelineEntry) -> dict[str, Any]:
    return dict(to_jsonable(entry))


def derivation_json(derivation: Derivation) -> dict[str, Any]:
    return dict(to_jsonable(derivation))


def entity_json(entity: Entity) -> dict[str, Any]:
    return dict(to_jsonable(entity))


def rejection_json(rejection: Rejection) -> dict[str, Any]:
    """A rejected input without its bytes (they stay in the store)."""
    return {
        "source_path": rejection.source_path,
        "line": rejection.line,
        "reason": rejection.reason,
        "bytes": len(rejection.raw),
    }


def report_of(contents: Contents) -> dict[str, Any]:
    """The JSON report of ``contents``: conflicts in ``conflicts``, other quote findings in
    ``quotes``, other claim and event findings in ``claims``."""
    conflicts = [f for f in contents.findings if f.verdict is Verdict.CONFLICT]
    rest = [f for f in contents.findings if f.verdict is not Verdict.CONFLICT]
    return {
        "version": REPORT_VERSION,
        "story_aliases": dict(contents.story_aliases),
        "articles": [
            article_json(a, contents.story_of.get(a.id), contents.not_analysed.get(a.id))
            for a in contents.articles
        ],
        "stories": [story_json(s) for s in contents.stories],
        "rejections": [rejection_json(r) for r in contents.rejections],
        "timeline": [timeline_json(t) for t in contents.timeline],
        "quotes": [finding_json(f) for f in rest if f.kind is FindingKind.QUOTE],
        "claims": [finding_json(f) for f in rest if f.kind is not FindingKind.QUOTE],
        "conflicts": [finding_json(f) for f in conflicts],
        "derivations": [derivation_json(d) for d in contents.derivations],
        "entities": [entity_json(e) for e in contents.entities],
    }


def build_report(store: Store) -> dict[str, Any]:
    """The whole store as the JSON report."""
    return report_of(load_contents(store))


def report_json(store: Store) -> str:
    return json.dumps(build_report(store), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _plain(value: Any) -> Any:
    """A brief's record as plain JSON values, field by field in declaration order."""
    if is_dataclass(value) and not isinstance(value, type):
        return {
            JSON_NAMES.get(f.name, f.name): _plain(getattr(value, f.name)) for f in fields(value)
        }
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


def brief_json(brief: Brief) -> dict[str, Any]:
    """A story brief (``storyline.report.brief.build_brief``) as JSON, the one place its records
    become dicts: its articles and related stories as the report shows them."""
    return dict(
        _plain(replace(brief, articles=(), related=())),
        articles=[article_json(a, brief.id, brief.not_analysed.get(a.id)) for a in brief.articles],
        related=[story_json(s) for s in brief.related],
    )
