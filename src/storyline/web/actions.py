"""Writes from the web UI: merge, split and upload, logged as decisions and as story updates."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from storyline.store import Store
from storyline.web.views import StoreViews

Result = TypeVar("Result")


def _write(views: StoreViews, change: Callable[[Store], Result]) -> Result:
    """Run one change under the write lock (the stage sequence logs the story updates)."""
    with views.write_lock:
        store = views.open()
        try:
            result = change(store)
        finally:
            store.close()
            views.invalidate()
    return result


def merge(views: StoreViews, first: str, second: str, reason: str) -> dict[str, Any]:
    """Merge two stories (``storyline.decisions.merge_stories``); the merged story."""
    from storyline.decisions import merge_stories

    return _write(views, lambda store: merge_stories(store, first, second, reason))


def split(
    views: StoreViews, story_id: str, article_ids: Sequence[str], reason: str
) -> dict[str, Any]:
    """Move articles out of a story into a new one; the new story."""
    from storyline.decisions import split_story

    return _write(views, lambda store: split_story(store, story_id, article_ids, reason))


def upload(views: StoreViews, name: str, content: bytes) -> dict[str, Any]:
    """Ingest an uploaded file (any format ``storyline analyze`` reads) and relink the store.

    The file is kept beside the store in ``uploads/`` under a name that starts with the hash of
    its bytes: nothing uploaded is lost, and uploading the same file again is a no-op.
    """
    from storyline.model import content_id
    from storyline.runner import run

    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[-80:] or "upload.txt"
    folder = views.path.parent / "uploads"
    folder.mkdir(exist_ok=True)
    kept = folder / f"{content_id('upload', content.hex(), size=12)}-{safe}"
    kept.write_bytes(content)
    summary = _write(views, lambda store: run(store, [kept]))
    return {
        "file": f"uploads/{kept.name}",
        "added": summary.added,
        "already_present": summary.already_present,
        "rejected": [{"line": r.line, "reason": r.reason} for r in summary.rejected],
        "stories": summary.stories,
    }
