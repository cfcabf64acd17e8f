"""The store's entity registry kept as rows and grown by new mentions only.

``load`` reads the registry's rows; ``grow`` resolves the mentions of the articles it does not
hold yet and says which name keys may now be answered otherwise (``affected_keys``); ``save``
writes what changed, with the names each new article asks about (``name_rows``), so the
stories whose articles ask about an affected name are found by key (``articles_naming``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rapidfuzz import fuzz

from storyline.model import Mention, content_id, from_jsonable
from storyline.nlp.entities.names import acronym_key, family, initials, is_acronym, name_key
from storyline.nlp.entities.registry import BLOCK, FUZZY_MIN_CHARS, FUZZY_MIN_RATIO, EntityRegistry
from storyline.nlp.entities.state import ENTITIES_MARK, REGISTRY_COMPLETE, BlockRow, NameRow
from storyline.reconcile.canonical import NAMED_ROLES
from storyline.store.base import Store


def load(store: Store) -> EntityRegistry:
    """The registry as the store keeps it."""
    return EntityRegistry.from_state(*store.registry_state())


def rebuild(
    store: Store,
    registry: EntityRegistry,
    mentions: Mapping[str, Sequence[Mention]],
    records: Mapping[str, Mapping[str, Any]],
) -> None:
    """Replace the registry rows by ``registry``, built from every stored mention
    (``store_registry`` of ``mentions``, article id -> mentions); ``records`` maps a record
    kind to article id -> stored JSON records (the names its articles ask about)."""
    store.delete_registry()
    store.put_registry(registry.state(), registry.key_rows())
    ids = sorted(set(mentions) | {a for by_article in records.values() for a in by_article})
    names = name_rows(ids, mentions, records)
    store.register_articles(ids, names, block_rows({n.key for n in names}))
    store.put_result(REGISTRY_COMPLETE, True)
    store.put_result(ENTITIES_MARK, content_id("entities", *registry.state()))


def decoded_mentions(stored: Mapping[str, Any]) -> dict[str, list[Mention]]:
    """Stored JSON mentions (article id -> list) as records."""
    return {a: [from_jsonable(Mention, m) for m in payload] for a, payload in stored.items()}


def name_rows(
    article_ids: Iterable[str],
    mentions: Mapping[str, Sequence[Mention]],
    records: Mapping[str, Mapping[str, Any]],
) -> list[NameRow]:
    """The name keys each article asks the registry about: its mentions' names and the
    names its quotes, claims and events give a named role (``NAMED_ROLES``)."""
    fields = sorted({name for roles in NAMED_ROLES.values() for name, _ in roles})
    rows: set[NameRow] = set()
    for article_id in article_ids:
        names = [m.name or m.text for m in mentions.get(article_id, ())]
        for by_article in records.values():
            for record in by_article.get(article_id) or []:
                names += [record[f] for f in fields if record.get(f)]
        rows |= {NameRow(key, article_id) for n in names if (key := name_key(n))}
    return sorted(rows)


def block_rows(keys: Iterable[str]) -> list[BlockRow]:
    """Each key under its words' first letters (fuzzy matches) and under its initials and
    acronym form (acronym matches, ``words`` 0)."""
    rows: set[BlockRow] = set()
    for key in keys:
        words = key.split()
        rows |= {BlockRow(w[:BLOCK], len(words), key) for w in words}
        if letters := initials(key) or acronym_key(key):
            rows.add(BlockRow(letters, 0, key))
    return sorted(rows)


def affected_keys(store: Store, registry: EntityRegistry) -> set[str]:
    """The name keys whose registry answer the growth since ``load`` may have changed: new
    exact keys, words and tails of new names, the acronyms of new names and the names of new
    acronyms, close spellings of new names, every name of a renamed entity, and the words of
    people whose counts decide an ambiguous short name. A superset: the stories that ask
    about them are compared by fingerprint, not recomputed blindly."""
    keys = {key for _, key in registry.new_keys}
    fresh: set[str] = set(keys)  # new names, whose close spellings may now match them
    acronyms: set[str] = set()
    for entity_id, before in registry.before.items():
        after = next(iter(registry.state([entity_id])))
        renamed = before is None or before.name != after.name
        new = set(after.aliases) - (set() if before is None or renamed else set(before.aliases))
        for alias in new:
            key = name_key(alias)
            words = key.split()
            keys.add(key)
            fresh.add(key)
            if len(words) >= 2:
                keys |= {words[0], words[-1]} | {" ".join(words[s:]) for s in range(1, len(words))}
            if letters := initials(alias):
                keys.add(name_key(letters))
            if is_acronym(alias):
                acronyms.add(acronym_key(alias))
        if family(after.label) == "PERSON" and (before is None or before.seen != after.seen):
            for alias in after.aliases:
                words = name_key(alias).split()
                if len(words) >= 2:
                    keys |= {w for w in (words[0], words[-1]) if registry.people_sharing(w) > 1}
    blocks = {(k.split()[i][:BLOCK], len(k.split())) for k in fresh for i in range(len(k.split()))}
    blocks |= {(a, 0) for a in acronyms}
    for stored in store.names_in_blocks(sorted(blocks)):
        if stored in keys:
            continue
        if (
            len(stored) >= FUZZY_MIN_CHARS
            and any(fuzz.ratio(stored, k) >= FUZZY_MIN_RATIO for k in fresh)
        ) or acronyms & {initials(stored), acronym_key(stored)}:
            keys.add(stored)
    return keys


def save(
    store: Store, registry: EntityRegistry, names: Sequence[NameRow], ids: Sequence[str]
) -> None:
    """Write the entities and keys that changed, and the new articles with their names."""
    changed = registry.state(registry.before)
    store.put_registry(changed, registry.key_rows(registry.new_keys))
    store.register_articles(ids, names, block_rows({n.key for n in names}))
    if changed:
        mark = store.result(ENTITIES_MARK) or ""
        store.put_result(ENTITIES_MARK, content_id("entities", mark, *changed))
