"""What each cached page read from the snapshot depends on: a version string per (snapshot,
path) that changes exactly when the page's answer can change (the pages read from the store's
rows are kept per the store files, or per ``stored_pages.stored_version``).

A story page (of a store whose rows are not current) depends on its story (``story_version``),
on the stories it names (its related stories, whose outlets it lists), on the entities it lists
and on the ids and titles of the stories it offers to merge with; everything else (the story
list's filters, the JSON report, the feed) on the whole story list (``index_version``) and the
saved searches.

Versions are computed once per snapshot and path, in a worker thread, under one lock: the
first requests after a change would otherwise compute the same versions side by side.
"""

from __future__ import annotations

import threading

from storyline.model import to_jsonable
from storyline.web.entity_pages import story_entities
from storyline.web.snapshot_versions import index_version, story_versions, version_of
from storyline.web.story_index import merge_choices
from storyline.web.views import Snapshot, StoreViews, saved_searches

_lock = threading.Lock()
MEMO = "page_versions"  # key of the per-snapshot memo in ``Snapshot.derived``


def known_version(snap: Snapshot, path: str) -> str | None:
    """The version of ``path`` in ``snap`` if it is already computed (no work: for the
    event loop), else None."""
    memo = snap.derived.get(MEMO)
    return memo.get(path) if memo is not None else None


def page_version(views: StoreViews, snap: Snapshot, path: str) -> str:
    """The version of the answer at ``path`` (a cached GET path) in ``snap``."""
    with _lock:
        memo: dict[str, str] = snap.derived.setdefault(MEMO, {})
        if path not in memo:
            memo[path] = _compute(views, snap, path)
        return memo[path]


def _compute(views: StoreViews, snap: Snapshot, path: str) -> str:
    versions = story_versions(snap)
    parts = path.split("/")
    if len(parts) == 3 and parts[1] == "stories":
        story = next((s for s in snap.contents.stories if s.id == parts[2]), None)
        if story is None:  # a prefix, an alias or an unknown id: answered by redirect or 404
            return version_of(["story", parts[2], index_version(snap)])
        related = [(sid, versions.get(sid, "")) for sid in story.related_story_ids]
        entities = story_entities(snap, story.id)  # names come from the whole registry
        choices = merge_choices(snap, story)
        return version_of(["story", story.id, versions[story.id], related, entities, choices])
    # The story list also lists the saved searches, which change without any story changing.
    saved = to_jsonable(saved_searches(views, snap))
    return version_of(["index", index_version(snap), saved])
