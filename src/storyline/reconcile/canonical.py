"""One name per entity across the store: the registry of every article's mentions.

Each article's analysis resolves names within the article ("Kim" -> "Kim Jong-un"); across
articles the same entity is still written "Kim Jong Un", "Kim Jong-un" or "the Korean Central
News Agency" and "KCNA". The reconcile stage keeps one ``EntityRegistry`` of all stored
mentions as rows (``reconcile.registry_rows``: grown by new mentions, equal to rebuilding it
from all of them), and gives every quote speaker, claim
claimant and event actor and target its entity's canonical name and id, so a story's findings
name each of them once.
What an article wrote stays in its text, at the speaker's span.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol, TypeVar

from storyline.model import Claim, Entity, Event, Mention, Quote
from storyline.nlp.entities.names import name_key
from storyline.nlp.entities.registry import EntityRegistry
from storyline.reconcile.sources import is_source_name

# Families a bare speaker or claimant name is looked up in, most likely first.
SPEAKER_LABELS = ("PERSON", "ORG", "GPE", "NORP")
# The roles of each record that name an entity: (name field, entity id field).
NAMED_ROLES: dict[type, tuple[tuple[str, str], ...]] = {
    Quote: (("speaker", "speaker_entity_id"),),
    Claim: (("claimant", "claimant_entity_id"),),
    Event: (("actor", "actor_entity_id"), ("target", "target_entity_id")),
}
# The roles that name who says or passes something on: a word that names no one (a caption
# word, a time word, an unresolved pronoun) is cleared there, so it never counts as a source.
SOURCE_ROLES: dict[type, tuple[tuple[str, str | None], ...]] = {
    Quote: (("speaker", "speaker_entity_id"), ("cited_source", None)),
    Claim: (("claimant", "claimant_entity_id"),),
    Event: (),
}
Record = TypeVar("Record", Quote, Claim, Event)


class Answers(Protocol):
    """What canonicalising asks of the entity registry: ``EntityRegistry.lookup``."""

    def lookup(self, name: str, label: str | None = None) -> Entity | None: ...


class SettledAnswers:
    """A registry's ``lookup`` answers, each worked out once per name and label, for a
    registry that no longer changes while it is asked: reconcile asks one registry about the
    same names for a story's fingerprint and its canonical records, and its stories share
    names (147,000 lookups of 27,000 names and labels on a bulk run's 1,644 articles)."""

    def __init__(self, registry: Answers) -> None:
        self.registry = registry
        self._answers: dict[tuple[str, str | None], Entity | None] = {}

    def lookup(self, name: str, label: str | None = None) -> Entity | None:
        key = (name, label)
        try:
            return self._answers[key]
        except KeyError:
            found = self._answers[key] = self.registry.lookup(name, label)
            return found


def store_registry(mentions: Mapping[str, Sequence[Mention]]) -> EntityRegistry:
    """The registry of all mentions, articles taken in id order (the result is order-free)."""
    registry = EntityRegistry()
    registry.resolve(m for article_id in sorted(mentions) for m in mentions[article_id])
    return registry


def _entity_for(registry: Answers, name: str | None) -> Entity | None:
    """The entity a resolved speaker or claimant name refers to, in its most likely family.

    By name, not by the mentions inside the speaker's span: the span of "North Korean leader
    Kim Jong Un" holds a mention of North Korea too.
    """
    if not name:
        return None
    return next(
        (e for label in SPEAKER_LABELS if (e := registry.lookup(name, label)) is not None), None
    )


def _loose(name: str, entity: Entity) -> bool:
    """Whether a name may reach an entity of other articles by chance: one word (``Police``),
    one word after ``the`` (``the candidate``, another article's headline ``Candidate``), or
    a name the entity is never written as (``Greek Orthodox`` by its initials ``GO``)."""
    key = name_key(name)
    return len(key.split()) == 1 or key not in {name_key(a) for a in (entity.name, *entity.aliases)}


def _mentioned(
    registry: Answers, mentions: Sequence[Mention], cache: dict[str, frozenset[str]]
) -> frozenset[str]:
    """The entity ids an article's own mentions resolve to (cached per article)."""
    if not mentions:
        return frozenset()
    article_id = mentions[0].article_id
    if article_id not in cache:
        found = (registry.lookup(m.name or m.text, m.label) for m in mentions)
        cache[article_id] = frozenset(e.id for e in found if e is not None)
    return cache[article_id]


def canonical(
    records: Iterable[Record],
    registry: Answers,
    mentions: Mapping[str, Sequence[Mention]] | None = None,
) -> list[Record]:
    """The records with every named role (``NAMED_ROLES``) given its entity's canonical name
    and id; a name the registry does not know ("the factories") is kept as written. A speaker,
    claimant or cited source that names no one (``is_source_name``: "Friday", "she", "Image
    copyright") is cleared first: the finding then rests on its article alone.

    With the store's ``mentions`` (by article id), a one-word name (``Police``, ``Kim``,
    ``the candidate``) or one the entity is not written as (``_loose``) takes an entity only
    if its own article mentions it: the police of an Athens riot are not the Surrey Police
    another article named.
    """
    cache: dict[str, frozenset[str]] = {}
    result = []
    for record in records:
        # Field names are chosen at run time, so mypy cannot check them against ``replace``:
        # each value is a name or entity id (``str``) or ``None``.
        changes: dict[str, Any] = {}
        for name_field, id_field in SOURCE_ROLES[type(record)]:
            if getattr(record, name_field) and not is_source_name(getattr(record, name_field)):
                changes |= {name_field: None} | ({id_field: None} if id_field else {})
        record = replace(record, **changes) if changes else record
        changes = {}
        for name_field, id_field in NAMED_ROLES[type(record)]:
            name = getattr(record, name_field)
            entity = _entity_for(registry, name)
            if entity is not None and mentions is not None and _loose(name, entity):
                own = _mentioned(registry, mentions.get(record.article_id, ()), cache)
                entity = entity if entity.id in own else None
            if entity is not None and not is_source_name(entity.name):
                entity = None  # "X.\n\nSexton": a name the tagger ran across a line break
            if entity is not None:
                changes |= {name_field: entity.name, id_field: entity.id}
        result.append(replace(record, **changes) if changes else record)
    return result
