"""Analysts' merge and split decisions: logged in the store, replayed on every relink.

A decision names the articles involved (story ids change as stories grow), so it keeps
holding after reruns and new articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storyline.errors import UsageError
from storyline.store.base import Store


def find_story(store: Store, story_id: str) -> dict[str, Any]:
    """The story with this id or unique id prefix."""
    from storyline.link.identity import REGISTRY_KIND, registry_from_json, story_aliases

    stories = store.result("stories") or []
    registry = registry_from_json(store.result(REGISTRY_KIND))
    story_id = story_aliases(registry, stories).get(story_id, story_id)  # shown before a merge
    matches = [s for s in stories if s["id"].startswith(story_id)] if story_id else []
    if len(matches) != 1:
        problem = "no story has" if not matches else f"{len(matches)} stories have"
        raise UsageError(f"{problem} id {story_id!r}; `storyline stories` lists them")
    found: dict[str, Any] = matches[0]
    return found


def _relink(store: Store) -> list[dict[str, Any]]:
    from storyline.runner import update_stages

    update_stages(store, analyze=False)
    return store.result("stories") or []


def _story_with(stories: list[dict[str, Any]], article_id: str) -> dict[str, Any]:
    return next(s for s in stories if article_id in s["article_ids"])


def merge_stories(store: Store, first: str, second: str, reason: str) -> dict[str, Any]:
    """Merge two stories; return the merged story."""
    a, b = find_story(store, first), find_story(store, second)
    if a["id"] == b["id"]:
        raise UsageError("merge needs two different stories; both ids name the same one")
    if not reason.strip():
        raise UsageError("--reason must say why; got an empty reason instead")
    with store.transaction():
        store.add_decision("merge", [a["id"], b["id"]], a["article_ids"] + b["article_ids"], reason)
    return _story_with(_relink(store), a["article_ids"][0])


def split_story(
    store: Store, story_id: str, article_ids: Sequence[str], reason: str
) -> dict[str, Any]:
    """Move the given articles (ids or prefixes) out of a story into a new one; return it."""
    story = find_story(store, story_id)
    chosen = []
    for given in article_ids:
        found = [a for a in story["article_ids"] if a.startswith(given)]
        if len(found) != 1:
            raise UsageError(
                f"article {given!r} must name exactly one article of story "
                f"{story['id'][:12]}; it matches {len(found)}"
            )
        chosen.append(found[0])
    if len(set(chosen)) == len(story["article_ids"]):
        raise UsageError("split must leave at least one article in the story")
    if not reason.strip():
        raise UsageError("--reason must say why; got an empty reason instead")
    with store.transaction():
        store.add_decision("split", [story["id"]], sorted(set(chosen)), reason)
    return _story_with(_relink(store), chosen[0])
