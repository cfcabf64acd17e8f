"""The story update log: one record per story that a run created or changed.

Every run of the stage sequence (``storyline.runner``) appends to the ``story_updates`` result,
whoever started it: ``analyze``, ``watch``, an analyst's merge or split, a web upload. The Atom
feed (``storyline.report.exports.atom_feed``) and the web UI's server-sent events read it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from storyline.model import Story, StoryUpdate, from_jsonable, to_jsonable
from storyline.store.base import Store

UPDATES_KIND = "story_updates"
KEEP_UPDATES = 500


def utc_now() -> str:
    """The current time as an Atom/RFC 3339 timestamp, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def story_changes(before: Sequence[Story], after: Sequence[Story], at: str) -> list[StoryUpdate]:
    """One record per story of ``after`` that is new or changed, on stable ids
    (``storyline.link.identity``): new, grew (new articles joined), merged (it took in the
    articles of other stories, which now resolve to it) or split (articles left it, or it is
    the part that left)."""
    old_story_of = {a: s.id for s in before for a in s.article_ids}
    old_members = {s.id: set(s.article_ids) for s in before}
    changes = []
    for story in after:
        members = set(story.article_ids)
        olds = sorted({old_story_of[a] for a in members if a in old_story_of})
        added = tuple(sorted(a for a in members if a not in old_story_of))
        kept = old_members.get(story.id)
        if kept == members:
            continue
        if not olds:
            change = "new"
        elif len(olds) > 1:
            change = "merged"
        elif kept is None or members < kept:
            change = "split"
        else:
            change = "grew"
        changes.append(
            StoryUpdate(
                at=at,
                story_id=story.id,
                title=story.title,
                change=change,
                previous_story_ids=tuple(s for s in olds if s != story.id),
                added_article_ids=added,
                article_count=len(members),
                summary=f"{change}: {len(added)} new articles, {len(members)} in all",
            )
        )
    return changes


def logged_updates(text: str | None) -> list[StoryUpdate]:
    """The update log from its stored JSON (``Store.result_text(UPDATES_KIND)``)."""
    return list(from_jsonable(tuple[StoryUpdate, ...], json.loads(text))) if text else []


def record_story_changes(
    store: Store, before: Sequence[Story], after: Sequence[Story], at: str | None = None
) -> list[StoryUpdate]:
    """Log how the stories a link run recomputed changed (``before`` -> ``after``: every
    stored story holding one of their articles is among ``before``, so the others did not
    change); return the new log records."""
    changes = story_changes(before, after, at or utc_now())
    if changes:
        log = logged_updates(store.result_text(UPDATES_KIND)) + changes
        store.put_result(UPDATES_KIND, to_jsonable(log[-KEEP_UPDATES:]))
    return changes
