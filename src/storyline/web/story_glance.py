"""The open conflicts of a story at a glance: each disputed figure once, with who gives it.

A conflict finding lists one side per claim, so a figure reported by four articles shows four
times in the brief; the story page's summary groups the sides by the figure they state.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from storyline.model import Article, Finding, Verdict
from storyline.report.brief import finding_anchor


def open_conflicts(
    findings: Iterable[Finding], articles: Mapping[str, Article]
) -> list[dict[str, Any]]:
    """Per conflict of a story's ``findings``: its anchor, subject and figures (most reported
    first), each figure with its first wording and the number of articles and outlets that
    give it (``articles``: by id, the story's at least)."""
    shown = []
    for finding in findings:
        if finding.verdict is not Verdict.CONFLICT:
            continue
        figures: dict[float, dict[str, Any]] = {}
        for side in finding.sides:
            figure = figures.setdefault(
                side.value,
                {
                    "value": side.as_written or f"{side.value:g}",
                    "articles": set(),
                    "outlets": set(),
                },
            )
            figure["articles"].add(side.article_id)
            article = articles.get(side.article_id)
            figure["outlets"].add((article.outlet if article else None) or "unknown outlet")
        ordered = sorted(figures.items(), key=lambda kv: (-len(kv[1]["articles"]), kv[0]))
        shown.append(
            {
                "id": finding_anchor(finding),
                "subject": finding.subject,
                "figures": [
                    {
                        "value": f["value"],
                        "articles": len(f["articles"]),
                        "outlets": sorted(f["outlets"]),
                    }
                    for _, f in ordered
                ],
            }
        )
    return shown
