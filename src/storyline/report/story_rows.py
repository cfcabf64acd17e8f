"""The story list kept in the store: one row per story, written for the stories a run changed.

A row holds what the story list shows of a story (``index_row``), its rank in each order of the
list, its version (``story_version``: what the live pages compare) and how many of its articles
have each facet value (outlet, language, mention text). The writer keeps two whole-store sums
from the rows it replaces: the facet counts (``facet_counts``) and the sum of one hash per
(story, version) that is the story list's version. With each row it writes what the list's
filters on the articles match (``filter_values``: each member's outlet, language, day and
mention texts, with its story), so a filtered list is a query of those values and the list's
rows. So the web reads one page of rows, a few facet values and one result to show the story
list, whatever the store's size.

A row's ``stamp`` is a hash of the story's record and of its reconciliation fingerprint (which
covers its members as resolved, their independence and analyses): a row is written again only
when its stamp changed, so a run that changed a few stories writes a few rows.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from storyline.link.derivation import independent_sources
from storyline.model import (
    Article,
    Derivation,
    Published,
    Story,
    content_id,
    from_jsonable,
    to_jsonable,
)
from storyline.report.contents import NO_RESULTS, StoryResults
from storyline.store.base import Store
from storyline.store.codec import FINDINGS, INDEX_SORTS, STORIES, TIMELINE, FilterValue, IndexRow

INDEX_INPUTS = "story_index_inputs"  # the stage inputs the rows were last written for
INDEX_SUM = "story_index_sum"  # the sum of ``version_hash`` over the rows, in hex
ROWS_VERSION = "story-rows-2"  # in every stamp: a new row format rewrites every row
FACETS = ("outlet", "language", "entity")
UNKNOWN_OUTLET = "unknown outlet"
VERSION_MODULUS = 2**128
_BATCH = 500  # stories read at a time
_READ_ALL = 2000  # past this many stale stories, every story's results are read in one query


ROW_FIELDS = ("id", "title", "articles", "independent", "outlets", "languages", "first", "last")


def listed_row(stored: Mapping[str, Any]) -> dict[str, Any]:
    """A stored row (its JSON's keys sorted) in ``index_row``'s order: the JSON API's list
    is the same bytes from the rows as from the snapshot."""
    return {field: stored[field] for field in ROW_FIELDS}


def index_row(
    story: Story, members: Sequence[Article], derivations: Sequence[Derivation]
) -> dict[str, Any]:
    """What the story list shows of a story (``derivations``: those between its members)."""
    groups = set(independent_sources(members, derivations).values())
    dates = sorted(d.isoformat() for a in members if (d := a.published.date))
    return {
        "id": story.id,
        "title": story.title,
        "articles": len(members),
        "independent": len(groups),
        "outlets": sorted({a.outlet or UNKNOWN_OUTLET for a in members}),
        "languages": sorted({a.language for a in members if a.language}),
        "first": dates[0] if dates else None,
        "last": dates[-1] if dates else None,
    }


def day_rank(day: str | None) -> int:
    """Newest first, undated last: the negated ordinal of the day."""
    return -date.fromisoformat(day).toordinal() if day else 1


def sort_rank(sort: str, row: Mapping[str, Any]) -> int:
    """A row's rank in one order of the story list (smaller first; ties by story id)."""
    if sort == "latest":
        return day_rank(row["last"])
    if sort == "first":
        return day_rank(row["first"])
    counted: int = row["independent" if sort == "sources" else "articles"]
    return -counted


def story_version(story: Story | None, results: StoryResults, members: Iterable[Article]) -> str:
    """The version of one story: its record, findings and timeline (their stored JSON, not
    decoded), and what its page shows of each member article (a date completed later, an
    outlet name cleaned) besides. Changes whenever anything its page shows changes."""
    # each member as plain values (every field of its ``Published`` too): walking the records
    # with ``to_jsonable`` was most of the cost of a large store's first index page
    shown = [(a.id, a.title, a.outlet, a.language, *_published(a.published)) for a in members]
    parts = [to_jsonable(story), results.findings_text, results.timeline_text, shown]
    return content_id(json.dumps(parts, sort_keys=True, default=str))


def _published(published: Published) -> tuple[str | None, str, str | None]:
    day = published.date.isoformat() if published.date is not None else None
    return day, published.basis.value, published.evidence


def version_hash(story_id: str, version: str) -> int:
    """One story's part of the story list's version (a sum of these, ``list_version``)."""
    return int(content_id(story_id, version, size=32), 16)


def list_version(total: int) -> str:
    """The story list's version from the sum of its stories' ``version_hash``."""
    return f"{total % VERSION_MODULUS:032x}"[:16]


def mention_texts(items: Iterable[Mapping[str, Any]]) -> set[str]:
    """The casefolded texts of an article's stored mentions (what the entity filter matches)."""
    return {m["text"].casefold() for m in items if m.get("text")}


def article_facets(
    members: Sequence[Article], mentions: Mapping[str, Sequence[Mapping[str, Any]]]
) -> dict[str, dict[str, int]]:
    """Facet -> value -> how many of these articles have it."""
    return {
        "outlet": dict(Counter(a.outlet for a in members if a.outlet)),
        "language": dict(Counter(a.language for a in members if a.language)),
        "entity": dict(Counter(t for a in members for t in mention_texts(mentions.get(a.id, ())))),
    }


def stored_list_version(store: Store) -> str:
    """The story list's version as the rows hold it."""
    return list_version(int(store.result(INDEX_SUM) or "0", 16))


def update_story_index(store: Store, story_ids: Sequence[str] | None = None) -> int:
    """Write the rows of the stories whose row is missing or stale, drop the rows of stories
    gone, and keep the facet counts and the version sum in step (one transaction); return how
    many rows were written. ``story_ids``: the only stories that may have changed (the ones a
    run linked or reconciled, or removed), so a run reads their rows alone; None: every story."""
    if story_ids is None:
        texts = dict(store.keyed_texts(STORIES))
        fingerprints = store.story_fingerprints()
        stored = store.story_index_stamps()
    else:
        texts = dict(store.keyed_texts(STORIES, story_ids))
        fingerprints = store.story_fingerprints_of(story_ids)
        stored = store.story_index_stamps(story_ids)
    stamps = {
        sid: content_id(ROWS_VERSION, text, fingerprints.get(sid, ""))
        for sid, text in texts.items()
    }
    stale = [sid for sid, stamp in stamps.items() if stored.get(sid) != stamp]
    gone = sorted(stored.keys() - stamps.keys())
    if not stale and not gone:
        return 0
    results = _StoryResults(store, stale)
    total = int(store.result(INDEX_SUM) or "0", 16)
    with store.transaction():
        for start in range(0, len(gone) + len(stale), _BATCH):
            ids = (gone + stale)[start : start + _BATCH]
            old = store.story_index_payloads([sid for sid in ids if sid in stored])
            fresh = [from_jsonable(Story, json.loads(texts[sid])) for sid in ids if sid in stamps]
            rows, values = _rows(store, fresh, stamps, results)
            counts: Counter[tuple[str, str]] = Counter()
            for sid, payload in old.items():
                total -= version_hash(sid, payload["version"])
                counts.subtract(_facet_items(payload))
            for row in rows:
                total += version_hash(row.story_id, row.payload["version"])
                counts.update(_facet_items(row.payload))
            store.delete_story_index([sid for sid in ids if sid not in stamps])
            store.put_story_index(rows)
            # the values of the old rows' members and of the new ones', kept for these stories
            members = [a for p in old.values() for a in p.get("members", ())]
            members += [a for story in fresh for a in story.article_ids]
            store.delete_filter_values(members, ids)
            store.put_filter_values(values)
            store.add_facet_counts([(f, v, n) for (f, v), n in sorted(counts.items()) if n])
        store.put_result(INDEX_SUM, f"{total % VERSION_MODULUS:x}")
    return len(stale)


def _facet_items(payload: Mapping[str, Any]) -> Counter[tuple[str, str]]:
    return Counter(
        {(f, v): n for f, counted in payload["facets"].items() for v, n in counted.items()}
    )


class _StoryResults:
    """The stored findings and timeline texts of stories: all read at once for many stories,
    else story by story."""

    def __init__(self, store: Store, stale: Sequence[str]) -> None:
        self.store = store
        self.all: tuple[dict[str, str], dict[str, str]] | None = None
        if len(stale) > _READ_ALL:
            self.all = (store.story_result_texts(FINDINGS), store.story_result_texts(TIMELINE))

    def __call__(self, story_id: str) -> StoryResults:
        if self.all is None:
            return story_results(self.store, story_id)
        findings, timeline = (texts.get(story_id) for texts in self.all)
        return _results_of(findings, timeline)


def story_results(store: Store, story_id: str) -> StoryResults:
    """One story's stored findings and timeline texts (``NO_RESULTS`` when it has none)."""
    findings = store.story_result_texts(FINDINGS, story_id).get(story_id)
    timeline = store.story_result_texts(TIMELINE, story_id).get(story_id)
    return _results_of(findings, timeline)


def _results_of(findings: str | None, timeline: str | None) -> StoryResults:
    if findings is None and timeline is None:
        return NO_RESULTS
    return StoryResults(findings or "[]", timeline or "[]")


def filter_values(
    story_id: str, members: Sequence[Article], mentions: Mapping[str, Sequence[Mapping[str, Any]]]
) -> list[FilterValue]:
    """What the story list's filters match in a story's members (``web.views.article_matches``
    on the snapshot): each article's outlet, language, day and casefolded mention texts."""
    values = []
    for a in members:
        day = a.published.date.isoformat() if a.published.date else ""
        shown = (("outlet", a.outlet or ""), ("language", a.language or ""), ("day", day))
        values += [FilterValue(a.id, facet, value, story_id) for facet, value in shown if value]
        texts = sorted(mention_texts(mentions.get(a.id, ())))
        values += [FilterValue(a.id, "entity", text, story_id) for text in texts]
    return values


def _rows(
    store: Store, stories: Sequence[Story], stamps: Mapping[str, str], results: _StoryResults
) -> tuple[list[IndexRow], list[FilterValue]]:
    """The stories' rows, and their members' filter values."""
    ids = [a for s in stories for a in s.article_ids]
    by_id = {a.id: a for a in store.articles_with(ids)}
    derivations = [
        from_jsonable(Derivation, edge.payload) for edge in store.derivation_edges(ids) if edge.kept
    ]
    mentions = store.analyses_of("mentions", ids)
    story_of = {a: s.id for s in stories for a in s.article_ids}
    inside: dict[str, list[Derivation]] = {}  # story id -> the derivations between its members
    for d in derivations:
        if (held := story_of.get(d.from_id)) is not None and story_of.get(d.to_id) == held:
            inside.setdefault(held, []).append(d)
    rows, values = [], []
    for story in stories:
        members = [by_id[a] for a in story.article_ids if a in by_id]
        values += filter_values(story.id, members, mentions)
        row = index_row(story, members, inside.get(story.id, []))
        payload = {
            "row": row,
            "version": story_version(story, results(story.id), members),
            "facets": article_facets(members, mentions),
            "members": [a.id for a in members],  # whose filter values the row keeps
        }
        ranks = {sort: sort_rank(sort, row) for sort in INDEX_SORTS}
        rows.append(IndexRow(story.id, stamps[story.id], ranks, payload))
    return rows, values
