"""Report: the store as the documented JSON report (schema/report.schema.json) and Markdown.

Same store, same report, byte for byte: every list is in a deterministic order and JSON is
written with sorted keys.
"""

from __future__ import annotations

import json
from typing import Any

from storyline.analyze.stage import article_scope
from storyline.link.identity import REGISTRY_KIND, registry_from_json, story_aliases
from storyline.link.stage import resolved_articles
from storyline.model import Article, LanguageScope, to_jsonable
from storyline.store.base import Store

REPORT_VERSION = "1"


def article_entry(
    article: Article, story_id: str | None, scope: LanguageScope | None = None
) -> dict[str, Any]:
    """One article as the report shows it (date and outlet as the link stage resolved them).

    ``not_analysed`` carries the reason of its language scope when analyses were skipped.
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
        "not_analysed": scope.reason if scope is not None and scope.skipped else None,
        "published": to_jsonable(article.published),
        "page_date": article.page_date.isoformat() if article.page_date else None,
        "story_id": story_id,
        "text": article.text,
        "removed_spans": [to_jsonable(span) for span in article.removed_spans],
    }


def build_report(store: Store) -> dict[str, Any]:
    """The whole store as the JSON report."""
    stories = store.result("stories") or []
    story_of = {a: s["id"] for s in stories for a in s["article_ids"]}
    articles = sorted(
        resolved_articles(store), key=lambda a: (a.source_path, a.external_id or "", a.id)
    )
    reconciled = store.result("reconciliation") or {}
    return {
        "version": REPORT_VERSION,
        "story_aliases": story_aliases(registry_from_json(store.result(REGISTRY_KIND)), stories),
        "articles": [
            article_entry(a, story_of.get(a.id), article_scope(store, a.id)) for a in articles
        ],
        "stories": stories,
        "rejections": [
            {"source_path": r.source_path, "line": r.line, "reason": r.reason, "bytes": len(r.raw)}
            for r in store.rejections()
        ],
        "timeline": store.result("timeline") or [],
        "quotes": reconciled.get("quotes", []),
        "claims": reconciled.get("claims", []),
        "conflicts": reconciled.get("conflicts", []),
        "derivations": store.result("derivations") or [],
        "entities": store.result("entities") or [],
    }


def report_json(store: Store) -> str:
    return json.dumps(build_report(store), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
