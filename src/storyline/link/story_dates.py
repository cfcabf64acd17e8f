"""Publication dates a story gives its undated articles, and the undated articles whose own
words put them in another period than their story.

The link stage (``storyline.link.stage``) writes a date once: an article's own (ingest) or
the one its story allows here (``resolve_dates``), checked against the years the article
writes. ``split_time_conflicts`` takes out of a story the undated articles that name months
of their own far from the story's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from storyline.ingest.metadata import DateClues, complete_date
from storyline.model import Article, DateBasis, Published

FIRM_BASES = (DateBasis.METADATA, DateBasis.DATELINE, DateBasis.TEXT)
YEARLESS_MONTH = re.compile(r"^XXXX-(\d\d)")
WRITTEN_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
YEAR_SLACK = 1  # a report may name next year ("plans for 2025") as its earliest year


def written_years(timexes: dict[str, Any] | None) -> set[int]:
    """The years an article's time expressions write out (``28 December 2023``, ``2026``);
    relative ones (``last year``) say nothing of their own before the article is dated."""
    items = (timexes or {}).get("items", [])
    return {int(y) for t in items for y in WRITTEN_YEAR.findall(t.get("text") or "")}


def agrees_with_own_years(day: date, years: set[int]) -> bool:
    """Whether a date completed from a story fits the years the article writes: it cannot
    precede all of them (a report naming only 2023 was not published in 2017), while older
    years are background (``the dam, completed in 1978``). An article naming no year fits."""
    return not years or min(years) <= day.year + YEAR_SLACK


def resolve_dates(
    articles: Sequence[Article],
    groups: list[list[str]],
    clues: dict[str, dict[str, Any]],
    timexes: dict[str, Any] | None = None,
) -> dict[str, Published]:
    """Publication dates for articles without one, from the dated articles of their story.

    A completed date must agree with the article's own written years (``timexes``, by article
    id): a look-alike report of another year that strayed into the story keeps no date rather
    than a wrong one.
    """
    by_id = {a.id: a for a in articles}
    timexes = timexes or {}
    resolved: dict[str, Published] = {}
    for group in groups:
        firm = [
            by_id[a].published.date
            for a in group
            if by_id[a].published.basis in FIRM_BASES and by_id[a].published.date
        ]
        for article_id in group:
            article = by_id[article_id]
            raw = clues.get(article_id, {}).get("date")
            if article.published.date is not None or not raw or not firm:
                continue
            found = DateClues(
                month_day=tuple(raw["month_day"]) if raw.get("month_day") else None,
                weekday=raw.get("weekday"),
                not_after=date.fromisoformat(raw["not_after"]) if raw.get("not_after") else None,
                evidence=raw.get("evidence"),
            )
            day = complete_date(found, [d for d in firm if d is not None])
            if day is not None and agrees_with_own_years(
                day, written_years(timexes.get(article_id))
            ):
                evidence = f"{found.evidence}; completed from the dated articles of its story"
                resolved[article_id] = Published(day, DateBasis.STORY, evidence)
    return resolved


def _undated_months(timexes: dict[str, Any] | None) -> list[int]:
    """Months an undated article names without a year ("August 21" -> XXXX-08-21)."""
    items = (timexes or {}).get("items", [])
    return [int(m[1]) for t in items if (m := YEARLESS_MONTH.match(t["value"]))]


def split_time_conflicts(
    groups: list[list[str]],
    articles: Sequence[Article],
    resolved: dict[str, Published],
    timexes: dict[str, Any],
) -> list[list[str]]:
    """Take undated articles out of stories whose dates their own words contradict.

    Without a date the clusterer can only compare words, and a report of an earlier event by
    the same actors reads much alike. An undated article that names months of its own (at
    least two yearless dates, none within a month of any of the story's publication months)
    is about another event: it becomes a story of its own (and is linked as related).
    """
    by_id = {a.id: a for a in articles}

    def day(article_id: str) -> date | None:
        found = resolved.get(article_id)
        return found.date if found else by_id[article_id].published.date

    result = []
    for group in groups:
        months = {d.month for a in group if (d := day(a)) is not None}
        apart = []
        for article_id in group:
            named = _undated_months(timexes.get(article_id))
            if (
                len(group) > 1
                and months
                and day(article_id) is None
                and len(named) >= 2
                and all(min(abs(m - n), 12 - abs(m - n)) > 1 for m in named for n in months)
            ):
                apart.append(article_id)
        result.append([a for a in group if a not in apart])
        result.extend([a] for a in apart)
    return [g for g in result if g]
