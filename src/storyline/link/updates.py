"""The story update log: one record per story that a run created or changed.

Every run of the stage sequence (``storyline.runner``) appends to the ``story_updates`` result,
whoever started it: ``analyze``, ``watch``, an analyst's merge or split, a web upload. The Atom
feed (``storyline.report.exports.atom_feed``) and the web UI's server-sent events read it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from storyline.store.base import Store

UPDATES_KIND = "story_updates"
KEEP_UPDATES = 500


def utc_now() -> str:
    """The current time as an Atom/RFC 3339 timestamp, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def story_changes(
    before: Sequence[Mapping[str, Any]], after: Sequence[Mapping[str, Any]], at: str
) -> list[dict[str, Any]]:
    """One record per story of ``after`` that did not exist in ``before``: new, grew (new
    articles joined), merged (articles of several stories) or split (articles left)."""
    old_story_of = {a: s["id"] for s in before for a in s["article_ids"]}
    old_ids = {s["id"] for s in before}
    changes = []
    for story in after:
        if story["id"] in old_ids:
            continue
        olds = sorted({old_story_of[a] for a in story["article_ids"] if a in old_story_of})
        added = sorted(a for a in story["article_ids"] if a not in old_story_of)
        if not olds:
            change = "new"
        elif len(olds) > 1:
            change = "merged"
        else:
            change = "grew" if added else "split"
        changes.append(
            {
                "at": at,
                "story_id": story["id"],
                "title": story["title"],
                "change": change,
                "previous_story_ids": olds,
                "added_article_ids": added,
                "article_count": len(story["article_ids"]),
                "summary": f"{change}: {len(added)} new articles, "
                f"{len(story['article_ids'])} in all",
            }
        )
    return changes


def record_story_changes(
    store: Store, before: Sequence[Mapping[str, Any]], at: str | None = None
) -> list[dict[str, Any]]:
    """Log how the store's stories changed since ``before``; return the new log records."""
    changes = story_changes(before, store.result("stories") or [], at or utc_now())
    if changes:
        log = (store.result(UPDATES_KIND) or []) + changes
        store.put_result(UPDATES_KIND, log[-KEEP_UPDATES:])
    return changes
