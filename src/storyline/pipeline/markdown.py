"""The Markdown report: one brief per story, rendered from the JSON report (one source of truth)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any


def _escape(text: str | None) -> str:
    """Article text is untrusted: keep it from turning into Markdown/HTML structure."""
    if not text:
        return ""
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def _article_line(article: dict[str, Any]) -> str:
    published = article["published"]
    day = published["date"] or "date unknown"
    outlet = article["outlet"] or "unknown outlet"
    return (
        f"- `{article['id'][:8]}` **{_escape(outlet)}**, {day} ({published['basis']}): "
        f"{_escape(article['title'])} — `{_escape(article['source_path'])}`"
    )


def _by_story(items: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        grouped[item.get("story_id", "")].append(item)
    return grouped


def _section(title: str, lines: list[str]) -> list[str]:
    return [f"### {title}", "", *lines, ""] if lines else []


def _story_brief(
    story: dict[str, Any],
    report: dict[str, Any],
    articles: dict[str, dict[str, Any]],
    parts: dict[str, dict[str, list[dict[str, Any]]]],
) -> list[str]:
    members = [articles[a] for a in story["article_ids"]]
    outlets = sorted({a["outlet"] or "unknown" for a in members})
    lines = [
        f"## {_escape(story['title'])}",
        "",
        f"Story `{story['id'][:8]}`: {len(members)} articles from {len(outlets)} outlets "
        f"({_escape(', '.join(outlets))}).",
        "",
    ]
    lines += _section("Articles", [_article_line(a) for a in members])
    timeline = parts["timeline"].get(story["id"], [])
    lines += _section(
        "Timeline",
        [
            f"- **{_escape(entry.get('value') or entry.get('date') or '?')}** "
            f"({entry.get('precision', '?')}): {_escape(entry.get('what'))} "
            f"[{', '.join(a[:8] for a in entry.get('article_ids', []))}]"
            for entry in timeline
        ],
    )
    for key, title in (("claims", "Claims"), ("quotes", "Quotes"), ("conflicts", "Conflicts")):
        lines += _section(
            title,
            [
                f"- **{item.get('verdict', '')}** {_escape(item.get('summary') or item.get('subject'))}"
                for item in parts[key].get(story["id"], [])
            ],
        )
    in_story = set(story["article_ids"])
    lines += _section(
        "Provenance",
        [
            f"- `{d['to_id'][:8]}` is a {d['kind'].replace('_', ' ')} of `{d['from_id'][:8]}` "
            f"(score {d['score']:.2f})"
            for d in report["derivations"]
            if d["to_id"] in in_story
        ],
    )
    related = story.get("related_story_ids") or []
    lines += _section("Related stories", [f"- `{r[:8]}`" for r in related])
    return lines


def report_markdown(report: dict[str, Any]) -> str:
    """The Markdown report of a JSON report (see ``storyline.pipeline.report.build_report``)."""
    articles = {a["id"]: a for a in report["articles"]}
    parts = {key: _by_story(report[key]) for key in ("timeline", "claims", "quotes", "conflicts")}
    lines = [
        "# Storyline report",
        "",
        f"{len(report['articles'])} articles, {len(report['stories'])} stories, "
        f"{len(report['rejections'])} rejected inputs.",
        "",
    ]
    for story in report["stories"]:
        lines += _story_brief(story, report, articles, parts)
    if report["rejections"]:
        lines += ["## Rejected input", ""]
        lines += [
            f"- `{_escape(r['source_path'])}`"
            + (f" line {r['line']}" if r["line"] else "")
            + f": {_escape(r['reason'])}"
            for r in report["rejections"]
        ]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
