"""The story index: one row per story, sorted, filtered and paged by cursor.

The rows and each sort order are built once per snapshot (``Snapshot.derived``), so a page of
the index costs a filter pass and a bisection, not a sort of the whole store. A cursor names the
last row shown as ``<sort key>|<story id>``: the next page starts after it even when stories
were added since, and rows with equal keys keep their order because the id breaks the tie.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter, itemgetter
from typing import Any

from storyline.errors import UsageError
from storyline.model import Derivation, Story
from storyline.report.story_rows import day_rank, index_row, sort_rank
from storyline.store.codec import INDEX_SORTS
from storyline.web.snapshot_versions import story_versions
from storyline.web.views import Snapshot, article_counts, reread_articles

SORTS = INDEX_SORTS  # the first one is the default
SORT_LABELS = {
    "latest": "latest activity",
    "sources": "independent sources",
    "size": "articles",
    "first": "first date",
}
UNDATED = "undated"
DEFAULT_LIMIT = 50
MAX_LIMIT = 500


@dataclass(frozen=True)
class IndexQuery:
    """What the analyst asked the index for, besides the text search."""

    sort: str = "latest"
    after: str = ""
    limit: int = DEFAULT_LIMIT
    outlet: str = ""
    entity: str = ""
    language: str = ""
    multi: bool = False  # only stories with two or more independent sources
    date_from: str = ""
    date_to: str = ""

    @property
    def filtered(self) -> bool:
        return bool(
            self.outlet or self.entity or self.language or self.multi
            or self.date_from or self.date_to
        )  # fmt: skip


@dataclass(frozen=True)
class IndexPage:
    rows: list[dict[str, Any]]
    matched: int | None  # rows matching the filters, over all pages (None: not counted)
    next_after: str | None  # the cursor of the next page, None on the last page


def _row(snap: Snapshot, story: Story, derivations: list[Derivation]) -> dict[str, Any]:
    return index_row(story, snap.contents.members(story), derivations)


def all_rows(snap: Snapshot) -> dict[str, dict[str, Any]]:
    """Story id -> its index row (looked up by id),
    built once per snapshot. Incremental: a story whose version, articles and derivations are
    the same as in the snapshot before keeps its row, and the rows are the rows before with
    those of the changed stories replaced, so a change to a few stories costs a few rows."""
    if "rows" not in snap.derived:
        stale = _stale_stories(snap)
        if stale is None or snap.previous is None:
            inside = _inside_derivations(snap, None)
            rows = {s.id: _row(snap, s, inside.get(s.id, [])) for s in snap.contents.stories}
            snap.derived["rows_reused"] = 0
        else:
            before = snap.previous.derived["rows"]
            current = story_versions(snap)  # keyed by the ids of the current stories
            rows = dict(before)
            for story_id in stale - current.keys():
                rows.pop(story_id, None)
            built = stale & current.keys()
            ids = map(attrgetter("id"), snap.contents.stories)  # mapped in C: every story
            records = list(compress(snap.contents.stories, map(built.__contains__, ids)))
            inside = _inside_derivations(snap, records)
            for story in records:
                rows[story.id] = _row(snap, story, inside.get(story.id, []))
            snap.derived["rows_reused"] = len(rows) - len(built)
            # the rows whose keys the sort orders of the snapshot before must change
            snap.derived["rows_changed"] = stale
        snap.derived["rows"] = rows
    found: dict[str, dict[str, Any]] = snap.derived["rows"]
    return found


def _inside_derivations(snap: Snapshot, stories: list[Story] | None) -> dict[str, list[Derivation]]:
    """Story id -> the derivations between two of its articles, for these stories (all when
    None), in the store's derivation order."""
    story_of = snap.contents.story_of
    if stories is None:
        derivations = snap.contents.derivations
    else:
        by_target = _derivations_by_target(snap)
        found = [
            pair
            for story in stories
            for article_id in story.article_ids
            for pair in by_target.get(article_id, ())
        ]
        derivations = tuple(derivation for _, derivation in sorted(found, key=itemgetter(0)))
    inside: dict[str, list[Derivation]] = {}
    for derivation in derivations:
        story_id = story_of.get(derivation.to_id, "")
        if story_id and story_of.get(derivation.from_id) == story_id:
            inside.setdefault(story_id, []).append(derivation)
    return inside


def _derivations_by_target(snap: Snapshot) -> dict[str, list[tuple[int, Derivation]]]:
    """Article id -> (position, derivation) of the derivations to it: built once per
    derivation list, and taken from the snapshot before while the list is the same."""
    derivations = snap.contents.derivations
    before = snap.previous
    same = before is not None and before.contents.derivations is derivations
    if same and before is not None and "derivations_by_target" in before.derived:
        snap.derived["derivations_by_target"] = before.derived["derivations_by_target"]
    if "derivations_by_target" not in snap.derived:
        by_target: dict[str, list[tuple[int, Derivation]]] = {}
        for position, derivation in enumerate(derivations):
            by_target.setdefault(derivation.to_id, []).append((position, derivation))
        snap.derived["derivations_by_target"] = by_target
    found: dict[str, list[tuple[int, Derivation]]] = snap.derived["derivations_by_target"]
    return found


def _stale_stories(snap: Snapshot) -> set[str] | None:
    """Ids of the stories whose row may differ from the snapshot before (None: every one):
    a new story version, an article read again, a derivation added or removed."""
    before = snap.previous
    marks = snap.contents.marks
    if before is None or "rows" not in before.derived or marks is None or marks.reread is None:
        return None
    story_versions(before)
    story_versions(snap)
    if "versions_changed" not in snap.derived:  # versions computed whole: rows too
        return None
    stale = set(snap.derived["versions_changed"])
    story_of = snap.contents.story_of
    stale.update(story_of[a] for a in marks.reread if a in story_of)
    if snap.contents.derivations is not before.contents.derivations:
        moved = set(snap.contents.derivations) ^ set(before.contents.derivations)
        for derivation in moved:
            for article_id in (derivation.from_id, derivation.to_id):
                if article_id in story_of:
                    stale.add(story_of[article_id])
    return stale


MERGE_CHOICES = 30  # stories a story page offers to merge with (any other: by its id)


def merge_choices(snap: Snapshot, story: Story) -> list[tuple[str, str]]:
    """(id, title) of the stories a story page offers to merge with: its related stories
    (the link stage's near misses), then the stories next to it in latest-activity order, at
    most ``MERGE_CHOICES``. Listing every story made each story page grow with the store (17,440
    options at 100,000 articles) and changed every page's version when any title changed."""
    by_id = snap.once("stories_by_id", lambda: {s.id: s for s in snap.contents.stories})
    _, ids = ordered(snap, "latest")
    positions = snap.once("latest_positions", lambda: {sid: i for i, sid in enumerate(ids)})
    at = positions.get(story.id, 0)
    before = ids[max(at - MERGE_CHOICES, 0) : at][::-1]
    after = ids[at + 1 : at + 1 + MERGE_CHOICES]
    related = [sid for sid in story.related_story_ids if sid in by_id]
    return [(sid, by_id[sid].title) for sid in merge_picks(story.id, related, before, after)]


def merge_picks(own: str, related: list[str], before: list[str], after: list[str]) -> list[str]:
    """The ids a story page offers to merge with: the ``related`` stories, then those next to
    the story in latest-activity order, alternately ``before`` and ``after`` it (nearest
    first), ``MERGE_CHOICES`` at most."""
    chosen = [sid for sid in related if sid != own]
    for offset in range(max(len(before), len(after))):
        for side in (before, after):
            if offset < len(side) and side[offset] != own and side[offset] not in chosen:
                chosen.append(side[offset])
    return chosen[:MERGE_CHOICES]


def _shown_key(sort: str, row: dict[str, Any]) -> str:
    """The sort key as the cursor shows it: a date, "undated" or a count."""
    if sort in ("latest", "first"):
        return row["last" if sort == "latest" else "first"] or UNDATED
    return str(row["independent" if sort == "sources" else "articles"])


def parse_cursor(sort: str, after: str) -> tuple[int, str]:
    key, sep, story_id = after.rpartition("|")
    try:
        if not sep or not story_id:
            raise ValueError(after)
        if sort in ("latest", "first"):
            return (day_rank(None if key == UNDATED else key), story_id)
        return (-int(key), story_id)
    except ValueError:
        raise UsageError(
            f"cursor {after!r} is not <sort key>|<story id> for sort {sort!r}"
        ) from None


def ordered(snap: Snapshot, sort: str) -> tuple[list[tuple[int, str]], list[str]]:
    """(rank, id) keys in order and the story ids in that order, built once per sort: from
    the order of the snapshot before when few rows changed (their keys taken out and put
    back in), else by sorting every row."""
    if sort not in SORTS:
        raise UsageError(f"sort {sort!r} is not one of {', '.join(SORTS)}")
    name = f"order:{sort}"
    if name not in snap.derived:
        rows = all_rows(snap)
        changed = snap.derived.get("rows_changed")
        before = snap.previous
        if before is not None and name in before.derived and changed is not None:
            old_keys, old_ids = before.derived[name]
            if len(changed) <= len(old_keys) // 20:  # else one sort costs less
                snap.derived[name] = _reordered(
                    old_keys, old_ids, before.derived["rows"], rows, changed, sort
                )
        if name not in snap.derived:
            keys = sorted((sort_rank(sort, row), sid) for sid, row in rows.items())
            snap.derived[name] = (keys, [sid for _, sid in keys])
    found: tuple[list[tuple[int, str]], list[str]] = snap.derived[name]
    return found


def _reordered(
    keys: list[tuple[int, str]],
    ids: list[str],
    old_rows: dict[str, dict[str, Any]],
    rows: dict[str, dict[str, Any]],
    changed: set[str],
    sort: str,
) -> tuple[list[tuple[int, str]], list[str]]:
    """The order of ``old_rows`` (keys and ids) with the ``changed`` rows taken out and put
    back in at their new key."""
    keys, ids = list(keys), list(ids)
    for sid in changed:
        if sid in old_rows:
            at = bisect_left(keys, (sort_rank(sort, old_rows[sid]), sid))
            del keys[at], ids[at]
        if sid in rows:
            key = (sort_rank(sort, rows[sid]), sid)
            at = bisect_left(keys, key)
            keys.insert(at, key)
            ids.insert(at, sid)
    return keys, ids


def languages(snap: Snapshot) -> list[str]:
    """The languages of the store's articles, for the language filter."""
    return sorted(article_counts(snap, "language_counts", _language, reread_articles(snap)))


def _language(snap: Snapshot, article_id: str) -> tuple[str, ...]:
    article = snap.contents.by_id.get(article_id)
    return (article.language,) if article is not None and article.language else ()


def index_page(snap: Snapshot, query: IndexQuery, chosen: set[str] | None) -> IndexPage:
    """One page of stories: those in ``chosen`` (all when None) that pass the story-level
    filters, in ``query.sort`` order, starting after ``query.after``."""
    checked(query)
    keys, ids = ordered(snap, query.sort)
    rows = all_rows(snap)
    start = bisect_right(keys, parse_cursor(query.sort, query.after)) if query.after else 0

    if query.multi:
        chosen = multi_source(snap) if chosen is None else chosen & multi_source(snap)
    if chosen is None:  # the unfiltered index: no pass over the store
        shown = ids[start : start + query.limit + 1]
        matched = len(ids)
    else:
        matched = len(chosen)
        shown = []
        for story_id in ids[start:]:
            if story_id in chosen:
                shown.append(story_id)
                if len(shown) > query.limit:
                    break
    page = [rows[story_id] for story_id in shown[: query.limit]]
    next_after = next_cursor(query.sort, page[-1]) if len(shown) > query.limit else None
    return IndexPage(page, matched, next_after)


def checked(query: IndexQuery) -> IndexQuery:
    """The query, if its sort and limit are ones the index has (else UsageError)."""
    if query.sort not in SORTS:
        raise UsageError(f"sort {query.sort!r} is not one of {', '.join(SORTS)}")
    if not 1 <= query.limit <= MAX_LIMIT:
        raise UsageError(f"limit {query.limit} is not between 1 and {MAX_LIMIT}")
    return query


def next_cursor(sort: str, last: dict[str, Any]) -> str:
    """The cursor of the page after the one whose last row is ``last``."""
    return f"{_shown_key(sort, last)}|{last['id']}"


def multi_source(snap: Snapshot) -> set[str]:
    """Ids of the stories with two or more independent sources (built once per snapshot)."""
    return snap.once(
        "multi", lambda: {sid for sid, row in all_rows(snap).items() if row["independent"] >= 2}
    )
