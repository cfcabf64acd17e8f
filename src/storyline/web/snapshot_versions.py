"""The versions of a snapshot's stories and of its story list (what the live pages and the
page cache compare), computed once per snapshot and, after a change, only for the stories it
touched. They equal the versions the store's story list rows keep (``story_rows``)."""

from __future__ import annotations

import json
from typing import Any

from storyline.model import Story, content_id, to_jsonable
from storyline.report.contents import NO_RESULTS, Contents, StoryResults
from storyline.report.story_rows import VERSION_MODULUS, list_version, version_hash
from storyline.report.story_rows import story_version as story_version_of
from storyline.web.views import Snapshot


def version_of(parts: list[Any]) -> str:
    """A short content id of JSON-able parts: equal parts, equal version."""
    return content_id(json.dumps(to_jsonable(parts), sort_keys=True, default=str))


def story_version(snap: Snapshot, story_id: str) -> str:
    """Changes whenever anything the story page shows about this story changes."""
    contents = snap.contents
    story = next((s for s in contents.stories if s.id == story_id), None)
    return _version(contents, story, contents.results.get(story_id, NO_RESULTS))


def _version(contents: Contents, story: Story | None, results: StoryResults) -> str:
    """The version of one story as the snapshot holds it (``story_rows.story_version``)."""
    return story_version_of(story, results, contents.members(story) if story is not None else [])


def story_versions(snap: Snapshot) -> dict[str, str]:
    """``story_version`` of every story, with findings and timeline grouped in one pass (once
    per snapshot: the live feed and the page cache both ask)."""
    return snap.once("story_versions", lambda: _story_versions(snap))


def _story_versions(snap: Snapshot) -> dict[str, str]:
    """Incremental: only the stories whose record, findings or timeline ``load_contents``
    read again get a new version; the ids recomputed or gone are kept in
    ``derived["versions_changed"]`` (absent after a full computation)."""
    contents, before = snap.contents, snap.previous
    marks = contents.marks
    changed = marks.changed_stories if marks is not None else None
    if before is None or changed is None or "story_versions" not in before.derived:
        stale = {s.id for s in contents.stories}
        old: dict[str, str] = {}
    else:
        old = before.derived["story_versions"]
        stale = set(changed)
        # the stories of the articles read again: a member's date or outlet is on their page
        reread = marks.reread if marks is not None else None
        stale |= {contents.story_of[a] for a in reread or () if a in contents.story_of}
    results = contents.results
    if not old:
        return {
            s.id: _version(contents, s, results.get(s.id, NO_RESULTS)) for s in contents.stories
        }
    # The order of the versions does not matter (they are looked up by id): the versions
    # before, copied, with the stories read again put in and those gone taken out.
    versions = dict(old)
    current = {s.id: s for s in contents.stories if s.id in stale}
    for story_id in stale:
        story = current.get(story_id)
        if story is None:
            versions.pop(story_id, None)
        else:
            versions[story_id] = _version(contents, story, results.get(story_id, NO_RESULTS))
    snap.derived["versions_changed"] = stale
    return versions


def index_version(snap: Snapshot) -> str:
    """Changes whenever a story is added, removed or changed (once per snapshot): a sum of
    one hash per (story, version), so a change to a few stories costs a few hashes."""
    if "index_version" not in snap.derived:
        versions = story_versions(snap)
        before = snap.previous
        changed = snap.derived.get("versions_changed")
        if before is not None and "index_sum" in before.derived and changed is not None:
            old = story_versions(before)
            total = before.derived["index_sum"]
            total -= sum(version_hash(sid, old[sid]) for sid in changed if sid in old)
            total += sum(version_hash(sid, versions[sid]) for sid in changed if sid in versions)
        else:
            total = sum(version_hash(sid, v) for sid, v in versions.items())
        snap.derived["index_sum"] = total % VERSION_MODULUS
        snap.derived["index_version"] = list_version(total)
    version: str = snap.derived["index_version"]
    return version
