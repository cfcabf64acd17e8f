"""The entity registry as stored rows: what ``EntityRegistry`` needs to go on growing.

An ``Entity`` (what readers see) drops what the registry decides with: how often each title
and the entity itself were seen. ``EntityState`` keeps it, one row per entity; ``KeyRow`` keeps
which entity an exact name key names (the first entity indexed under a key keeps it, so the
order of indexing is part of the state)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, NamedTuple

from storyline.model import Entity

# one encoder for every row (``json.dumps`` with an option builds one per call); tuples are
# written as lists, so ``(("envoy", 2),)`` is stored as ``[["envoy", 2]]``
_JSON = json.JSONEncoder(ensure_ascii=False).encode

# The tables that hold the registry, in both backends (migration 0006_entity_registry).
REGISTRY_TABLES = (
    "registry_entities",
    "registry_keys",
    "registry_articles",
    "registry_names",
    "registry_name_tokens",
    "registry_spellings",
    "registry_spelling_tokens",
)

# Results beside the rows: whether they hold every stored article's mentions (written by a
# rebuild; a store migrated from the whole-store document is rebuilt once), and a mark that
# changes whenever a registry row does, so a reader knows when to read the entities again.
REGISTRY_COMPLETE = "entity_registry_complete"
ENTITIES_MARK = "entities_mark"


def main_title(titles: Mapping[str, int]) -> str | None:
    """The title an entity is shown with: the most seen, then the longest, then the first."""
    if not titles:
        return None
    return min(titles.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]


class EntityState(NamedTuple):
    """One registry entity with its counts (``aliases`` include its name)."""

    id: str
    label: str
    name: str
    aliases: tuple[str, ...]
    titles: tuple[tuple[str, int], ...]
    seen: int

    def entity(self) -> Entity:
        """The entity as readers see it (aliases without the name, the main title)."""
        aliases = tuple(sorted(set(self.aliases) - {self.name}))
        title = main_title(dict(self.titles))
        return Entity(id=self.id, label=self.label, name=self.name, aliases=aliases, title=title)


def entity_state_row(state: EntityState) -> tuple[Any, ...]:
    """The ``registry_entities`` row of an entity (aliases and titles as JSON)."""
    aliases, titles = _JSON(state.aliases), _JSON(state.titles)
    return (state.id, state.label, state.name, aliases, titles, state.seen)


def entity_state_from_row(row: tuple[Any, ...]) -> EntityState:
    """The entity of a ``registry_entities`` row."""
    entity_id, label, name, aliases, titles, seen = row
    pairs = tuple((str(title), int(count)) for title, count in json.loads(titles))
    return EntityState(entity_id, label, name, tuple(json.loads(aliases)), pairs, int(seen))


class KeyRow(NamedTuple):
    """An exact-name index entry: (family, name key) -> entity id."""

    family: str
    key: str
    entity_id: str


class NameRow(NamedTuple):
    """A name an article's records or mentions ask the registry about (by name key)."""

    key: str
    article_id: str


class Spelling(NamedTuple):
    """One name as mentions write it (family, label, name), with what its mentions add to
    their entity: how often it was seen, its titles, its texts (aliases), and the entity it
    resolves to (``entity_id``, "" before it is resolved). The registry is a function of its
    spellings: re-resolving them in canonical order gives its entities back."""

    id: str
    family: str
    label: str
    name: str
    key: str
    entity_id: str
    seen: int
    titles: tuple[tuple[str, int], ...]
    texts: tuple[str, ...]


def spelling_row(spelling: Spelling) -> tuple[Any, ...]:
    """The ``registry_spellings`` row of a spelling (titles and texts as JSON)."""
    return (*spelling[:7], _JSON(spelling.titles), _JSON(spelling.texts))


def spelling_from_row(row: tuple[Any, ...]) -> Spelling:
    """The spelling of a ``registry_spellings`` row."""
    spelling_id, fam, label, name, key, entity_id, seen, titles, texts = row
    pairs = tuple((str(title), int(count)) for title, count in json.loads(titles))
    texts_ = tuple(json.loads(texts))
    return Spelling(spelling_id, fam, label, name, key, entity_id, int(seen), pairs, texts_)


class TokenRow(NamedTuple):
    """A registry token (``registry.name_tokens``) of a spelling or of a name an article asks
    about: two names that share no token cannot answer for each other."""

    token: str
    owner: str


# A row of two texts as a store binds it: a ``NameRow``, a ``TokenRow`` or a plain pair of
# the same fields (a rebuild writes some 300,000 such rows: a plain pair is made without a
# Python call, a named tuple with one).
Pair = tuple[str, str]
