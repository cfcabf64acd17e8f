"""Exports beyond the JSON report: the offline HTML report, CSV of claims and of quotes, JSONL of
article-to-story assignments and an Atom feed of story updates. Each takes the store's
``Contents`` (typed records) and returns text; same store, same bytes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, NamedTuple
from xml.etree import ElementTree

from storyline.errors import UsageError
from storyline.link.updates import UPDATES_KIND, logged_updates
from storyline.model import FindingKind, StoryUpdate, Verdict, content_id
from storyline.report.brief import Ref, build_briefs, finding_item
from storyline.report.contents import Contents, load_contents
from storyline.store.base import Store

ATOM = "http://www.w3.org/2005/Atom"
CSV_COLUMNS = (
    "story_id", "kind", "verdict", "subject", "value", "who", "independent_count",
    "independent_sources", "notes", "article_id", "external_id", "outlet", "published", "start",
    "end", "sentence", "excerpt",
)  # fmt: skip


def report_html(contents: Contents, include_removed: bool = False) -> str:
    """The whole report as one self-contained HTML file: inline CSS and SVG, no script, no
    network. Every statement links to its sentence in the article appendix of the same file."""
    from storyline.report.highlight import paragraphs
    from storyline.report.render import charts, environment, stylesheet

    def ref_url(ref: Ref) -> str:
        return "#" + ref.anchor

    def article_url(article_id: str) -> str:
        return "#a-" + article_id[:12]

    briefs = build_briefs(contents, include_removed)
    return (
        environment()
        .get_template("export.html")
        .render(
            contents=contents,
            briefs=briefs,
            charts_of={b.id: charts(b, ref_url, article_url) for b in briefs},
            texts={a.id: paragraphs(a.text, a.id, []) for a in contents.articles},
            ref_url=ref_url,
            article_url=article_url,
            css=stylesheet(),
        )
    )


def _csv_rows(contents: Contents, kind: FindingKind) -> Iterable[list[Any]]:
    """Rows of the findings of ``kind`` (claims: with their events), one per sentence."""
    articles = contents.by_id
    wanted = {kind} if kind is FindingKind.QUOTE else {FindingKind.CLAIM, FindingKind.EVENT}
    # conflicts are about claims: listed after the other claims, as the JSON report does
    findings = sorted(
        (f for f in contents.findings if f.kind in wanted),
        key=lambda f: f.verdict is Verdict.CONFLICT,
    )
    for finding in findings:
        item = finding_item(finding, articles)
        head = [
            finding.story_id, kind.value, item.verdict, item.subject, item.value or "",
            "; ".join(item.who), item.independent_count,
            "; ".join(item.independent_sources), "; ".join(item.notes),
        ]  # fmt: skip
        if not item.refs:
            yield [*head, "", "", "", "", "", "", "", ""]
        for ref in item.refs:
            article = articles[ref.article_id]
            yield [
                *head, ref.article_id, article.external_id or "", ref.outlet,
                ref.date or "", ref.start, ref.end, ref.sentence, ref.excerpt,
            ]  # fmt: skip


def _csv(rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def claims_csv(contents: Contents) -> str:
    """One row per reconciled claim (and conflict) and supporting sentence."""
    return _csv(_csv_rows(contents, FindingKind.CLAIM))


def quotes_csv(contents: Contents) -> str:
    """One row per reconciled quote group and supporting sentence."""
    return _csv(_csv_rows(contents, FindingKind.QUOTE))


def assignments_jsonl(contents: Contents) -> str:
    """One JSON line per article: which story it was assigned to, with its external id."""
    titles = {s.id: s.title for s in contents.stories}
    lines = []
    for article in contents.articles:
        story_id = contents.story_of.get(article.id)
        row = {
            "article_id": article.id,
            "external_id": article.external_id,
            "source_path": article.source_path,
            "story_id": story_id,
            "story_title": titles.get(story_id or ""),
        }
        lines.append(json.dumps(row, ensure_ascii=False, sort_keys=True))
    return "".join(line + "\n" for line in lines)


FEED_ENTRIES = 100  # a feed carries its newest entries: readers poll it, they do not page it


class FeedStory(NamedTuple):
    """What a feed entry shows of a story that no logged update names."""

    id: str
    title: str
    last: str | None  # its newest article's day (ISO), None when none is dated
    articles: int


def feed_entries(
    updates: Sequence[StoryUpdate], stories: Iterable[FeedStory]
) -> list[dict[str, Any]]:
    """The newest ``FEED_ENTRIES`` entries: every logged update, and one entry for each story
    never updated since, dated by its newest article. Newest first; updates of the same second
    the last logged first, then stories by id (the story list rows' order, so the newest
    stories can be read from those rows alone)."""
    entries: list[dict[str, Any]] = [
        {
            "id": "urn:storyline:update:" + content_id(u.story_id, u.at, u.change),
            "story_id": u.story_id,
            "title": f"{u.change}: {u.title}",
            "updated": u.at,
            "summary": u.summary,
            "logged": position,
        }
        for position, u in enumerate(updates)
    ]
    logged = {u.story_id for u in updates}
    entries += [
        {
            "id": "urn:storyline:story:" + story.id,
            "story_id": story.id,
            "title": story.title,
            "updated": f"{story.last or '1970-01-01'}T00:00:00Z",
            "summary": f"{story.articles} articles",
            "logged": -1,
        }
        for story in stories
        if story.id not in logged
    ]
    entries.sort(key=lambda e: e["story_id"])
    entries.sort(key=lambda e: (e["updated"], e["logged"]), reverse=True)  # stable: ids stay
    return entries[:FEED_ENTRIES]


def _story_entries(
    contents: Contents,
    updates: Sequence[StoryUpdate],
    story_ids: Collection[str] | None = None,
) -> list[dict[str, Any]]:
    """``feed_entries`` of the stories of ``contents``; only of those in ``story_ids`` when
    given (an update of a story merged since counts for the story it went into)."""
    if story_ids is not None:
        aliases = contents.story_aliases
        updates = [u for u in updates if aliases.get(u.story_id, u.story_id) in story_ids]
    dates = {a.id: a.published.date for a in contents.articles}
    stories = []
    for story in contents.stories:
        if story_ids is not None and story.id not in story_ids:
            continue
        days = sorted(d for a in story.article_ids if (d := dates.get(a)))
        last = days[-1].isoformat() if days else None
        stories.append(FeedStory(story.id, story.title, last, len(story.article_ids)))
    return feed_entries(updates, stories)


def atom_feed(
    contents: Contents,
    updates: Sequence[StoryUpdate] = (),
    base_url: str = "http://127.0.0.1:8000",
    *,
    story_ids: Collection[str] | None = None,
    title: str = "Storyline: story updates",
    feed_path: str = "/feed.atom",
) -> str:
    """An Atom feed of story updates (``updates`` as logged by ``storyline.watch``), newest
    first; stories without a logged update appear once, dated by their latest article. With
    ``story_ids``, only those stories (a saved search's feed, served at ``feed_path``)."""
    entries = _story_entries(contents, updates, story_ids)
    return atom_xml(entries, base_url, title=title, feed_path=feed_path)


def atom_xml(
    entries: Sequence[dict[str, Any]],
    base_url: str,
    *,
    title: str = "Storyline: story updates",
    feed_path: str = "/feed.atom",
) -> str:
    """The Atom document of feed entries (``feed_entries``)."""
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", "urn:storyline:feed" + ("" if feed_path == "/feed.atom" else feed_path))
    _sub(feed, "title", title)
    _sub(feed, "updated", entries[0]["updated"] if entries else "1970-01-01T00:00:00Z")
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{base_url}{feed_path}")
    _sub(ElementTree.SubElement(feed, f"{{{ATOM}}}author"), "name", "Storyline")
    for entry in entries:
        node = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        _sub(node, "id", entry["id"])
        _sub(node, "title", entry["title"])
        _sub(node, "updated", entry["updated"])
        ElementTree.SubElement(
            node, f"{{{ATOM}}}link", rel="alternate", href=f"{base_url}/stories/{entry['story_id']}"
        )
        _sub(node, "summary", entry["summary"])
    ElementTree.indent(feed)
    return ElementTree.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _sub(parent: ElementTree.Element, tag: str, text: str) -> None:
    ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}").text = text


EXPORT_FORMATS = ("json", "markdown", "html", "csv-claims", "csv-quotes", "assignments", "atom")


def export_text(store: Store, format: str, include_removed: bool = False) -> str:
    """The store exported in ``format`` (one of ``EXPORT_FORMATS``)."""
    from storyline.report.json_report import report_json
    from storyline.report.markdown import report_markdown

    if format not in EXPORT_FORMATS:
        raise UsageError(f"format must be one of {', '.join(EXPORT_FORMATS)}; got {format!r}")
    if format == "json":
        return report_json(store)
    contents = load_contents(store)
    renderers: dict[str, Callable[[], str]] = {
        "markdown": lambda: report_markdown(contents, include_removed),
        "html": lambda: report_html(contents, include_removed),
        "csv-claims": lambda: claims_csv(contents),
        "csv-quotes": lambda: quotes_csv(contents),
        "assignments": lambda: assignments_jsonl(contents),
        "atom": lambda: atom_feed(contents, logged_updates(store.result_text(UPDATES_KIND))),
    }
    return renderers[format]()
