"""The Jinja2 environment shared by the web UI and the HTML export: autoescape always on.

Article text is untrusted; nothing from an article is ever marked safe. The only ``Markup``
values come from ``storyline.report.svg``, which escapes every piece of text it draws.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from storyline.report.brief import Brief, Ref, TimelineItem
from storyline.report.svg import provenance_svg, timeline_svg


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The template environment (templates in ``storyline/report/templates``)."""
    env = Environment(
        loader=PackageLoader("storyline.report", "templates"),
        autoescape=True,  # every template, whatever its extension
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def compile_templates() -> int:
    """Compile every template now (a server's start), not at the first request of each page:
    it was about a third of a cold story page. The number compiled."""
    env = environment()
    names = env.list_templates()
    for name in names:
        env.get_template(name)
    return len(names)


@lru_cache(maxsize=1)
def stylesheet() -> Markup:
    """The one stylesheet, inlined into the offline HTML export. Our own file, so it is marked
    safe: escaping turned its font rule's quotes into ``&#34;`` and broke it."""
    css = (resources.files("storyline.report") / "static" / "storyline.css").read_text("utf-8")
    return Markup(css)


def charts(
    brief: Brief,
    ref_url: Callable[[Ref], str],
    article_url: Callable[[str], str],
) -> dict[str, Markup]:
    """The brief's timeline chart and provenance graph as SVG; their element ids carry the
    story's id, so a file with many briefs has each id once."""

    def entry_url(item: TimelineItem) -> str:
        return ref_url(item.refs[0]) if item.refs else "#timeline-" + brief.id[:12]

    return {
        "timeline": timeline_svg(brief.timeline, entry_url, "-" + brief.id[:12]),
        "provenance": provenance_svg(brief.provenance, article_url, "-" + brief.id[:12]),
    }
