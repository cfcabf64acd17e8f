"""The timeline chart and the provenance graph as inline SVG, drawn on the server.

Every piece of text that reaches the SVG (outlets, headlines, what happened) comes from articles
and is escaped here; the result is wrapped in ``Markup`` only after that.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from html import escape

from markupsafe import Markup

from storyline.report.brief import Provenance, ProvenanceNode, TimelineItem

WIDTH = 760
ROW = 24
LEFT = 96
KIND_CLASS = {"copy": "edge-copy", "light_rewrite": "edge-light", "heavy_rewrite": "edge-heavy"}


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def timeline_svg(
    items: Sequence[TimelineItem], href: Callable[[TimelineItem], str], key: str = ""
) -> Markup:
    """A row per dated timeline entry: a dot for a day, a bar for a longer interval."""
    dated = [i for i in items if i.start and i.end]
    if not dated:
        return Markup("")
    first = min(date.fromisoformat(i.start) for i in dated)
    last = max(date.fromisoformat(i.end) for i in dated)
    span_days = max((last - first).days, 1)
    plot = WIDTH - LEFT - 16

    def x(day: str) -> float:
        return LEFT + plot * (date.fromisoformat(day) - first).days / span_days

    height = ROW * len(dated) + 36
    parts = [
        f'<svg class="timeline-chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" aria-labelledby="timeline-title{key}">',
        f'<title id="timeline-title{key}">Timeline from {first} to {last}</title>',
        f'<line class="axis" x1="{LEFT}" y1="{height - 24}" x2="{WIDTH - 16}" y2="{height - 24}"/>',
        f'<text class="tick" x="{LEFT}" y="{height - 8}">{first}</text>',
        f'<text class="tick" x="{WIDTH - 16}" y="{height - 8}" text-anchor="end">{last}</text>',
    ]
    for row, item in enumerate(dated):
        y = 14 + row * ROW
        left, right = x(item.start), x(item.end)
        label = escape(_short(f"{item.when}: {item.what}", 70))
        shape = (
            f'<circle class="tl-day" cx="{left:.1f}" cy="{y}" r="6"/>'
            if item.start == item.end
            else f'<rect class="tl-span" x="{left:.1f}" y="{y - 6}" '
            f'width="{max(right - left, 6):.1f}" height="12" rx="3"/>'
        )
        anchor = "end" if left > LEFT + plot / 2 else "start"
        text_x = left - 10 if anchor == "end" else max(right, left) + 10
        parts.append(
            f'<a class="tl-entry" href="{escape(href(item))}"><title>{escape(item.what)} '
            f"({escape(str(item.precision))})</title>{shape}"
            f'<text x="{text_x:.1f}" y="{y + 4}" text-anchor="{anchor}">{label}</text></a>'
        )
        parts.append(f'<text class="tick" x="4" y="{y + 4}">{escape(item.start)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _layout(nodes: Sequence[ProvenanceNode]) -> dict[str, tuple[float, float]]:
    """Columns: upstream sources first, then articles by publication date, undated last."""
    columns: dict[str, list[str]] = {}
    for node in nodes:
        key = "0" if node.kind == "upstream" else "1" + (node.date or "9999-99-99")
        columns.setdefault(key, []).append(node.id)
    place: dict[str, tuple[float, float]] = {}
    for col, key in enumerate(sorted(columns)):
        for row, node_id in enumerate(columns[key]):
            place[node_id] = (16 + col * 190, 16 + row * 50)
    return place


def provenance_svg(graph: Provenance, href: Callable[[str], str], key: str = "") -> Markup:
    """Boxes for articles and upstream sources; arrows for rewrites (``from`` -> ``to``) and
    dashed arrows from an upstream source to the articles that cite it."""
    nodes = graph.nodes
    if not nodes:
        return Markup("")
    place = _layout(nodes)
    width = max(x for x, _ in place.values()) + 190
    height = max(y for _, y in place.values()) + 56
    parts = [
        f'<svg class="provenance-graph" role="img" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="100%" aria-labelledby="prov-title{key}">',
        f'<title id="prov-title{key}">Provenance: who rewrote whom, and upstream sources</title>',
        f'<defs><marker id="arrow{key}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z"/></marker></defs>',
    ]
    for edge in graph.edges:
        if edge.from_id not in place or edge.to_id not in place:
            continue
        (x1, y1), (x2, y2) = place[edge.from_id], place[edge.to_id]
        css = "edge-cited" if edge.kind == "cited" else KIND_CLASS.get(edge.kind, "edge")
        parts.append(
            f'<line class="edge {css}" x1="{x1 + 150:.0f}" y1="{y1 + 17:.0f}" '
            f'x2="{x2:.0f}" y2="{y2 + 17:.0f}" marker-end="url(#arrow{key})">'
            f"<title>{escape(edge.kind.replace('_', ' '))}"
            f" (score {edge.score:.2f})</title></line>"
        )
    for node in nodes:
        x, y = place[node.id]
        sub = node.date or ("upstream source" if node.kind == "upstream" else "undated")
        box = (
            f'<rect class="node node-{node.kind}" x="{x:.0f}" y="{y:.0f}" width="150" '
            f'height="34" rx="4"/><text x="{x + 8:.0f}" y="{y + 14:.0f}">'
            f"{escape(_short(node.label, 22))}</text>"
            f'<text class="sub" x="{x + 8:.0f}" y="{y + 28:.0f}">{escape(sub)}</text>'
        )
        if node.kind == "article":
            box = f'<a class="node-link" href="{escape(href(node.id))}">{box}</a>'
        parts.append(f'<g class="node-group" data-node="{escape(node.id)}">{box}</g>')
    parts.append("</svg>")
    return Markup("".join(parts))
