"""Report: the store as the documented JSON report (schema/report.schema.json).

Records become JSON here, at the edge, one function per record type. Same store, same report,
byte for byte: every list is in a deterministic order and JSON is written with sorted keys.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
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
from storyline.report.contents import Contents
from storyline.report.report_sections import ReportSections, contents_sections, stored_sections
from storyline.store.base import Store

REPORT_VERSION = "2"
CHUNK = 64 * 1024  # characters of the report's text per piece written (``report_chunks``)
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


def conflict_json(finding: Finding) -> dict[str, Any]:
    """A conflict: its finding, with what version 1 of the report called its ``details``
    (what was counted and each side's figure: article, value as written, claimant), so that
    readers written against version 1, such as the open-world check, still show its figures."""
    found = finding_json(finding)
    return dict(found, details={"counted": finding.counted, "values": found["sides"]})


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


def report_fields(sections: ReportSections) -> dict[str, Callable[[], Any]]:
    """The report's keys, each with a function giving its JSON value (a list as an iterator
    of its items, made as they are written): conflicts in ``conflicts``, other quote
    findings in ``quotes``, other claim and event findings in ``claims``."""

    def findings(wanted: Callable[[Finding], bool]) -> Iterator[dict[str, Any]]:
        return (finding_json(f) for f in sections.findings() if wanted(f))

    return {
        "version": lambda: REPORT_VERSION,
        "story_aliases": lambda: dict(sections.story_aliases()),
        "articles": lambda: (article_json(*entry) for entry in sections.articles()),
        "stories": lambda: map(story_json, sections.stories()),
        "rejections": lambda: map(rejection_json, sections.rejections()),
        "timeline": lambda: map(timeline_json, sections.timeline()),
        "quotes": lambda: findings(lambda f: not _conflict(f) and f.kind is FindingKind.QUOTE),
        "claims": lambda: findings(lambda f: not _conflict(f) and f.kind is not FindingKind.QUOTE),
        "conflicts": lambda: (conflict_json(f) for f in sections.findings() if _conflict(f)),
        "derivations": lambda: map(derivation_json, sections.derivations()),
        "entities": lambda: map(entity_json, sections.entities()),
    }


def _conflict(finding: Finding) -> bool:
    return finding.verdict is Verdict.CONFLICT


def report_of(contents: Contents) -> dict[str, Any]:
    """The JSON report of ``contents`` as one document."""
    fields = report_fields(contents_sections(contents))
    return {key: _whole(value()) for key, value in fields.items()}


def _whole(value: Any) -> Any:
    return list(value) if isinstance(value, Iterator) else value


def build_report(store: Store) -> dict[str, Any]:
    """The whole store as the JSON report, in one document read in one read transaction."""
    with store.reading():
        fields = report_fields(stored_sections(store))
        return {key: _whole(value()) for key, value in fields.items()}


def stored_report_chunks(store: Store, indent: int | None = 2, size: int = CHUNK) -> Iterator[str]:
    """``report_chunks`` of the store's sections, read in one read transaction
    (``Store.reading``): the report of one state of the store, whatever is written while it
    is streamed (the transaction ends when the report is written or abandoned)."""
    with store.reading():
        yield from report_chunks(stored_sections(store), indent, size)


def report_chunks(
    sections: ReportSections, indent: int | None = 2, size: int = CHUNK
) -> Iterator[str]:
    """The JSON report as text of about ``size`` characters a piece, written a record at a
    time: joined, the pieces are ``json.dumps(report, indent=indent, sort_keys=True,
    ensure_ascii=False)`` and a newline, and no more than a record is held at once (without
    ``indent``, each record is written by ``json``'s C encoder: the web API's)."""
    pieces: list[str] = []
    held = 0
    for piece in _pieces(report_fields(sections), indent):
        pieces.append(piece)
        held += len(piece)
        if held >= size:
            yield "".join(pieces)
            pieces, held = [], 0
    yield "".join(pieces)


def _pieces(fields: dict[str, Callable[[], Any]], indent: int | None) -> Iterator[str]:
    """The report, key by key in sorted order and item by item, laid out as ``json.dumps``
    lays it out (with ``indent``: a value's own lines shifted by its depth)."""

    def line(depth: int) -> str:  # what starts a line at this depth
        return "" if indent is None else "\n" + " " * indent * depth

    def dumps(value: Any, depth: int) -> str:
        text = json.dumps(value, indent=indent, sort_keys=True, ensure_ascii=False)
        return text if indent is None else text.replace("\n", line(depth))

    comma = ", " if indent is None else ","
    yield "{"
    for at, key in enumerate(sorted(fields)):
        yield (comma if at else "") + line(1) + json.dumps(key, ensure_ascii=False) + ": "
        value = fields[key]()
        if not isinstance(value, Iterator):
            yield dumps(value, 1)
            continue
        empty = True
        for item in value:
            yield ("[" if empty else comma) + line(2) + dumps(item, 2)
            empty = False
        yield "[]" if empty else line(1) + "]"
    yield line(0) + "}\n"


def report_json(store: Store) -> str:
    """The whole store as the JSON report's text (``stored_report_chunks`` joined)."""
    return "".join(stored_report_chunks(store))


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
