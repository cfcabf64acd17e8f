"""Rows to records and back. JSON is written with sorted keys so stored bytes are stable."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from storyline.model import Article, DateBasis, Published, RemovedSpan

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
    values = dict(zip(ARTICLE_COLUMNS, row, strict=True))
    return Article(
        id=values["id"],
        external_id=values["external_id"],
        source_path=values["source_path"],
        url=values["url"],
        outlet=values["outlet"],
        byline=values["byline"],
        dateline=values["dateline"],
        title=values["title"],
        text=values["text"],
        raw_text=values["raw_text"],
        language=values["language"],
        published=Published(
            _day(values["published_date"]),
            DateBasis(values["published_basis"]),
            values["published_evidence"],
        ),
        page_date=_day(values["page_date"]),
        removed_spans=tuple(RemovedSpan(*span) for span in json.loads(values["removed_spans"])),
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
