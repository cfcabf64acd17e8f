"""Stable story identity: a story keeps its id as it grows, and every id ever shown resolves.

The clusterer regroups articles on every run, so ids cannot be a hash of the members (that
changed a story's id each time it grew, and broke bookmarks and feed links). Instead each
story is named after its *first article* (the earliest by date, then id, when the story was
first seen), and the store keeps a registry of every id ever given with that first article:

- a story that grows keeps its id (its first article stays with it);
- a merge keeps the oldest id of the merged stories; the others resolve to it;
- a split keeps the id for the part that holds the story's first article; the other part gets
  a new id named after its own first article;
- an id that no longer names a story resolves to the story that now holds its first article.

``assign_ids`` is pure: the link stage passes the registry in and stores what comes back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from storyline.model import content_id

REGISTRY_KIND = "story_ids"  # kept as keyed rows, sorted by first article (store.codec)


@dataclass(frozen=True)
class IdEntry:
    """One story id ever given: the article it is named after, and when (a run counter)."""

    first_article_id: str
    created: int


Registry = dict[str, IdEntry]


def registry_from_json(stored: Mapping[str, Mapping[str, object]] | None) -> Registry:
    """The registry as the store keeps it (``{id: {first_article_id, created}}``)."""
    return {
        story_id: IdEntry(str(entry["first_article_id"]), int(str(entry["created"])))
        for story_id, entry in (stored or {}).items()
    }


def registry_to_json(registry: Registry) -> dict[str, dict[str, object]]:
    return {
        story_id: {"first_article_id": e.first_article_id, "created": e.created}
        for story_id, e in sorted(registry.items())
    }


def assign_ids(
    groups: Sequence[Sequence[str]],
    registry: Registry,
    published: Callable[[str], date | None],
    run: int | None = None,
) -> tuple[list[str], Registry]:
    """A stable id for each group of article ids, and the registry grown by the new ids.

    A group keeps the oldest registered id whose first article it holds; a group holding no
    registered first article gets a new id named after its earliest article, created in
    ``run`` (by default the one after the registry's last). ``registry`` needs only the
    entries whose first article is in a group (the link stage reads just those)."""
    holder = {e.first_article_id: story_id for story_id, e in registry.items()}
    if run is None:
        run = 1 + max((e.created for e in registry.values()), default=0)
    grown = dict(registry)
    ids = []
    for group in groups:
        owned = [holder[a] for a in group if a in holder]
        if owned:
            ids.append(min(owned, key=lambda s: (registry[s].created, s)))
            continue
        first = min(group, key=lambda a: (published(a) or date.max, a))
        story_id = content_id("story", first)
        grown[story_id] = IdEntry(first, run)
        ids.append(story_id)
    return ids, grown


def story_aliases(registry: Registry, stories: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Every registered id that names no current story -> the story holding its first
    article (ids whose first article left the store resolve to nothing and are left out)."""
    story_of = {a: s["id"] for s in stories for a in s["article_ids"]}
    current = set(story_of.values())
    aliases = {}
    for story_id in sorted(set(registry) - current):
        target = resolve_id(story_id, registry, story_of)
        if target is not None:
            aliases[story_id] = target
    return aliases


def resolve_id(
    story_id: str, registry: Registry, story_of_article: Mapping[str, str]
) -> str | None:
    """The current story an id (current or ever shown) names, or None if it never existed."""
    entry = registry.get(story_id)
    if entry is None:
        return None
    return story_of_article.get(entry.first_article_id)
