"""The Markdown report: one brief per story (``storyline.report.brief``), then the inputs that
were rejected. Every statement ends with its sources: ``[outlet s3](#a-<article>-s3)`` names the
sentence that supports it; the anchors exist in the HTML rendering of the same brief."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from storyline.model import Article
from storyline.report.brief import Brief, FindingItem, Ref, build_briefs
from storyline.report.contents import Contents


def _escape(text: Any) -> str:
    """Article text is untrusted: keep it from turning into Markdown/HTML structure."""
    if text is None or text == "":
        return ""
    text = str(text)
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def _sources(refs: Iterable[Ref]) -> str:
    links = [f"[{_escape(r.outlet)} `{r.article_id[:8]}` s{r.sentence}](#{r.anchor})" for r in refs]
    return f" — {', '.join(links)}" if links else ""


def _diff(ops: Sequence[Sequence[str]]) -> str:
    """Word-level differences: ~~removed~~ and **added** words, the rest as they are."""
    words = []
    for op in ops:
        kind, parts = op[0], [_escape(p) for p in op[1:]]
        if kind == "equal":
            words.append(parts[0] if parts else "")
        elif kind == "replace" and len(parts) >= 2:
            words.append(f"~~{parts[0]}~~ **{parts[1]}**")
        elif kind == "delete" and parts:
            words.append(f"~~{parts[0]}~~")
        elif kind == "insert" and parts:
            words.append(f"**{parts[-1]}**")
    return " ".join(w for w in words if w)


def _section(title: str, lines: list[str]) -> list[str]:
    return [f"### {title}", "", *lines, ""] if lines else []


def _item_line(item: FindingItem) -> str:
    who = f" ({_escape(', '.join(item.who))})" if item.who else ""
    notes = f" _{_escape('; '.join(item.notes))}_" if item.notes else ""
    return f"- {_escape(item.subject)}{who}{notes}{_sources(item.refs)}"


def _agreed_line(item: FindingItem) -> str:
    names = ", ".join(item.independent_sources)
    count = item.independent_count
    plural = "source" if count == 1 else "sources"
    value = f" {_escape(item.value)} —" if item.value else ""
    counted = f" **{count} independent {plural}**" + (f" ({_escape(names)})" if names else "")
    return f"- {_escape(item.subject)}:{value}{counted}{_sources(item.refs)}"


def _variant_lines(item: FindingItem) -> list[str]:
    lines = [_item_line(item)]
    for wording in item.wordings:
        shown = _diff(wording.diff) if wording.diff else _escape(wording.text)
        lines.append(f"  - {shown}{_sources(wording.refs)}")
    return lines


def _conflict_lines(item: FindingItem) -> list[str]:
    notes = f" _{_escape('; '.join(item.notes))}_" if item.notes else ""
    lines = [f"- **{_escape(item.subject)}**{notes}"]
    for side in item.sides:
        who = f"{_escape(side.who)}: " if side.who else ""
        when = f" (time: {_escape(side.when)})" if side.when else ""
        lines.append(f"  - {who}{_escape(side.value)}{when}{_sources(side.refs)}")
    return lines


def _provenance_lines(brief: Brief) -> list[str]:
    graph = brief.provenance
    label = {
        n.id: _escape(n.label) + (f" `{n.id[:8]}`" if n.kind == "article" else "")
        for n in graph.nodes
    }
    lines = []
    for edge in graph.edges:
        if edge.kind == "cited":
            lines.append(f"- {label[edge.to_id]} cites {label[edge.from_id]}")
        else:
            lines.append(
                f"- {label[edge.to_id]} is a {edge.kind.replace('_', ' ')} of "
                f"{label[edge.from_id]} (score {edge.score:.2f})"
            )
    if graph.upstream:
        lines.append(f"- Upstream sources: {_escape(', '.join(graph.upstream))}")
    return lines


def _coverage_line(brief: Brief) -> str:
    cov = brief.coverage
    outlets = ", ".join(f"{name} ({n})" for name, n in cov.outlets)
    languages = ", ".join(f"{name} ({n})" for name, n in cov.languages)
    dates = f"{cov.first} to {cov.last}" if cov.first else "no dated article"
    undated = f", {cov.undated} undated" if cov.undated else ""
    return (
        f"{cov.articles} articles from {len(cov.outlets)} outlets ({_escape(outlets)}); "
        f"published {dates}{undated}; languages: {_escape(languages)}."
    )


def _article_line(article: Article, not_analysed: str | None = None) -> str:
    published = article.published
    return (
        f'- <a id="{"a-" + article.id[:12]}"></a>`{article.id[:8]}` '
        f"**{_escape(article.outlet or 'unknown outlet')}**, "
        f"{published.date or 'date unknown'} ({published.basis.value}): "
        f"{_escape(article.title)} — `{_escape(article.source_path)}`"
        + (f" — not analysed: {_escape(not_analysed)}" if not_analysed else "")
    )


def brief_markdown(brief: Brief) -> str:
    """One story brief as Markdown."""
    lines = [f"## {_escape(brief.title)}", "", _coverage_line(brief), ""]
    lines += _section(
        "What happened", [f"- {_escape(s.text)}{_sources(s.refs)}" for s in brief.summary]
    )
    lines += _section(
        "Timeline",
        [
            f"- **{_escape(t.when)}** ({_escape(t.precision)}): {_escape(t.what)}"
            + (f" (reported by {_escape(t.reporter)})" if t.reporter else "")
            + _sources(t.refs)
            for t in brief.timeline
        ],
    )
    lines += _section("Agreed facts", [_agreed_line(i) for i in brief.agreed])
    conflicts = [line for item in brief.conflicts for line in _conflict_lines(item)]
    lines += _section("Conflicts", conflicts)
    lines += _section(
        "Quote variants",
        [line for item in brief.variants for line in _variant_lines(item)],
    )
    lines += _section("Single-source claims", [_item_line(i) for i in brief.single_source])
    lines += _section("Provenance", _provenance_lines(brief))
    lines += _section(
        "Articles", [_article_line(a, brief.not_analysed.get(a.id)) for a in brief.articles]
    )
    lines += _section(
        "Removed as page junk",
        [
            f"- `{r.article_id[:8]}` {_escape(r.reason)}: {_escape(r.text[:160])}"
            for r in brief.removed
        ],
    )
    lines += _section(
        "Related stories", [f"- {_escape(s.title)} `{s.id[:8]}`" for s in brief.related]
    )
    return "\n".join(lines).rstrip() + "\n"


def report_markdown(contents: Contents, include_removed: bool = False) -> str:
    """The Markdown report: one brief per story, then the rejected inputs."""
    lines = [
        "# Storyline report",
        "",
        f"{len(contents.articles)} articles, {len(contents.stories)} stories, "
        f"{len(contents.rejections)} rejected inputs.",
        "",
    ]
    for brief in build_briefs(contents, include_removed):
        lines.append(brief_markdown(brief))
    if contents.rejections:
        lines += ["## Rejected input", ""]
        lines += [
            f"- `{_escape(r.source_path)}`"
            + (f" line {r.line}" if r.line else "")
            + f": {_escape(r.reason)}"
            for r in contents.rejections
        ]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
