"""Writes from the web UI: merge and split, logged as decisions and as story updates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storyline.watch import record_story_changes
from storyline.web.views import StoreViews


def merge(views: StoreViews, first: str, second: str, reason: str) -> dict[str, Any]:
    """Merge two stories (``storyline.pipeline.decisions.merge_stories``); the merged story."""
    from storyline.pipeline.decisions import merge_stories

    with views.write_lock:
        store = views.open()
        try:
            before = store.result("stories") or []
            story = merge_stories(store, first, second, reason)
            record_story_changes(store, before)
        finally:
            store.close()
            views.invalidate()
    return story


def split(
    views: StoreViews, story_id: str, article_ids: Sequence[str], reason: str
) -> dict[str, Any]:
    """Move articles out of a story into a new one; the new story."""
    from storyline.pipeline.decisions import split_story

    with views.write_lock:
        store = views.open()
        try:
            before = store.result("stories") or []
            story = split_story(store, story_id, article_ids, reason)
            record_story_changes(store, before)
        finally:
            store.close()
            views.invalidate()
    return story
