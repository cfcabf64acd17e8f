"""The store's entity registry kept as rows and grown by new mentions only.

The registry is a function of its spellings (``registry.Spelling``: each name as mentions write
it, with its counts). ``grow`` adds the spellings of new articles and re-resolves, from their
stored spellings, the neighbourhood the new names can touch: the stored spellings that share a
``name_tokens`` token with them and every spelling of their entities, widened around every
spelling whose entity changed until none changes outside it. So a store grown in any batches
holds the entities of resolving all its mentions at once, and a run reads the rows its new
names reach, not the store. ``load_for`` reads the entities a set of names may be answered
by; ``save`` records the names each new article asks about (``name_rows``), so the stories
whose articles ask about a changed entity's names are found by token (``articles_naming``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from rapidfuzz import fuzz

from storyline.heap import collecting_new_objects
from storyline.model import Mention, content_id, from_jsonable
from storyline.nlp.entities.names import FAMILIES, family, name_key
from storyline.nlp.entities.registry import (
    ASKED,
    BLOCK,
    FUZZY_MIN_RATIO,
    EntityRegistry,
    filed_tokens,
    merged,
    neighbour_tokens,
    query_tokens_in,
    spelling_tokens,
    spellings,
)
from storyline.nlp.entities.state import (
    ENTITIES_MARK,
    REGISTRY_COMPLETE,
    EntityState,
    Pair,
    Spelling,
)
from storyline.reconcile.canonical import NAMED_ROLES
from storyline.store.base import Store

LONGEST_ASKED = 8  # words in the longest speaker phrase an entity page looks for (tail_tokens)
ASKED_FAMILIES = tuple(sorted(set(FAMILIES.values())))  # every family a name is looked up in


def asked_tokens(name: str) -> set[str]:
    """What looking a name up reads, in any family (a record's name is looked up in several)."""
    return query_tokens_in(name, ASKED_FAMILIES)


def tail_tokens(name: str, longest: int = LONGEST_ASKED) -> set[str]:
    """What finds the asked names of more words (up to ``longest``) that end with this name,
    as a quote's speaker phrase "Kestrel Governor Matthias Obrec" ends with "Matthias Obrec":
    the fuzzy-match tokens of its last word (``query_tokens``) at each longer word count. A
    superset: the names found are to be checked."""
    words = name_key(name).split()
    if not words:
        return set()
    block = words[-1][:BLOCK]
    families = set(FAMILIES.values())
    return {f"b|{f}|{n}|{block}" for f in families for n in range(len(words) + 1, longest + 1)}


def load_for(store: Store, names: Iterable[str]) -> EntityRegistry:
    """The registry's entities that may answer for these names (those with a spelling that
    files a token looking one of them up reads), with the owners of their exact keys: it
    answers ``lookup`` of each of the names as the whole registry would."""
    names = set(names)
    tokens = set().union(*(asked_tokens(n) for n in names))
    found = _with_tokens(store, tokens, {name_key(n) for n in names})
    entity_ids = sorted({s.entity_id for s in found})
    states = store.registry_entities_of(entity_ids)
    keys = sorted({name_key(alias) for state in states for alias in state.aliases})
    owned = [k for k in store.registry_keys_of(keys) if k.entity_id in set(entity_ids)]
    return EntityRegistry.from_state(states, owned)


def _with_tokens(store: Store, tokens: set[str], keys: set[str]) -> list[Spelling]:
    """The stored spellings filed under these tokens; under a fuzzy block (``b|``) only those
    with a name within ``FUZZY_MIN_RATIO`` of one of these keys (no other can match)."""
    exact = sorted(t for t in tokens if not t.startswith(("b|", ASKED + "b|")))
    blocks = sorted(set(tokens) - set(exact))
    found = store.registry_spellings_with_tokens(exact) if exact else []
    close = store.registry_spellings_with_tokens(blocks) if blocks else []
    return found + [s for s in close if _close(s, keys)]


def _close(spelling: Spelling, keys: set[str]) -> bool:
    names = {name_key(n) for n in (spelling.name, *spelling.texts)}
    return any(fuzz.ratio(a, b) >= FUZZY_MIN_RATIO for a in names for b in keys)


def _neighbours(store: Store, growing: Sequence[Spelling]) -> list[Spelling]:
    """The stored spellings that may change the entity of one of these or have theirs changed
    by it (``neighbour_tokens``)."""
    tokens = set().union(*(neighbour_tokens(s) for s in growing))
    return _with_tokens(store, tokens, {name_key(n) for s in growing for n in (s.name, *s.texts)})


@dataclass(frozen=True)
class Rebuilt:
    """The registry of every stored mention, resolved, before its rows are written: a run
    reconciles its stories from ``registry`` while ``write`` stores the rows."""

    registry: EntityRegistry
    spellings: list[Spelling]  # each with the id of its entity

    @classmethod
    def of(cls, mentions: Mapping[str, Sequence[Mention]]) -> Rebuilt:
        """The registry of ``mentions`` (article id -> mentions)."""
        found = spellings(m for article_id in sorted(mentions) for m in mentions[article_id])
        registry = EntityRegistry()
        ids = registry.resolve_spellings(found)
        return cls(registry, [s._replace(entity_id=ids[s.id]) for s in found])

    def write(
        self,
        store: Store,
        mentions: Mapping[str, Sequence[Mention]],
        records: Mapping[str, Mapping[str, Any]],
    ) -> None:
        """Replace the registry rows by these; ``records`` maps a record kind to article id ->
        stored JSON records (the names its articles ask about)."""
        with collecting_new_objects():
            states = self.registry.state()
            store.delete_registry()
            store.put_registry(states, self.registry.key_rows())
            _put_spellings(store, self.spellings)
            ids = sorted(set(mentions) | {a for found in records.values() for a in found})
            save_articles(store, ids, mentions, records)
            store.put_result(REGISTRY_COMPLETE, True)
            store.put_result(ENTITIES_MARK, content_id("entities", *states))


def _put_spellings(store: Store, found: Sequence[Spelling]) -> None:
    store.put_registry_spellings(found, _token_rows((s.id, spelling_tokens(s)) for s in found))


def _token_rows(owned: Iterable[tuple[str, Iterable[str]]]) -> list[Pair]:
    """The rows of each owner's tokens (owner, its tokens) as (token, owner) pairs
    (``TokenRow``'s fields), once each, sorted by token then owner: as ``sorted`` of the rows,
    but sorted by owner and then, stably, by token, each sort comparing strings in C rather
    than pairs (a bulk run's rebuild writes some 300,000)."""
    rows = list({(token, owner) for owner, tokens in owned for token in tokens})
    rows.sort(key=itemgetter(1))
    rows.sort(key=itemgetter(0))
    return rows


def decoded_mentions(stored: Mapping[str, Any]) -> dict[str, list[Mention]]:
    """Stored JSON mentions (article id -> list) as records."""
    return {a: [from_jsonable(Mention, m) for m in payload] for a, payload in stored.items()}


def asked_names(
    article_ids: Iterable[str],
    mentions: Mapping[str, Sequence[Mention]],
    records: Mapping[str, Mapping[str, Any]],
) -> dict[str, set[str]]:
    """Article id -> the names it asks the registry about: its mentions' names and the names
    its quotes, claims and events give a named role (``NAMED_ROLES``)."""
    fields = sorted({name for roles in NAMED_ROLES.values() for name, _ in roles})
    asked: dict[str, set[str]] = {}
    for article_id in article_ids:
        names = {m.name or m.text for m in mentions.get(article_id, ())}
        for by_article in records.values():
            for record in by_article.get(article_id) or []:
                names |= {record[f] for f in fields if record.get(f)}
        asked[article_id] = {n for n in names if name_key(n)}
    return asked


def name_rows(asked: Mapping[str, set[str]], keys: Mapping[str, str]) -> list[Pair]:
    """The name keys each article asks about (``keys``: each name's ``name_key``), as
    (key, article) pairs (``NameRow``'s fields), once each, sorted."""
    return _token_rows((a, [keys[n] for n in names]) for a, names in asked.items())


def save_articles(
    store: Store,
    article_ids: Sequence[str],
    mentions: Mapping[str, Sequence[Mention]],
    records: Mapping[str, Mapping[str, Any]],
) -> None:
    """Record the articles as held by the registry, with the names they ask about and those
    names' tokens."""
    asked = asked_names(article_ids, mentions, records)
    keys = {n: name_key(n) for by_article in asked.values() for n in by_article}  # once each
    tokens = _token_rows((keys[n], asked_tokens(n)) for n in keys)
    store.register_articles(article_ids, name_rows(asked, keys), tokens)


def grow(store: Store, mentions: Iterable[Mention]) -> list[str]:
    """Add the spellings of these (new) mentions and re-resolve their neighbourhood; return
    the name keys asked about whose answer may have changed (``_affected_names``)."""
    added = spellings(mentions)
    stored = {s.id: s for s in store.registry_spellings_of([s.id for s in added])}
    fresh = {s.id: merged(stored.get(s.id), s) for s in added}
    around: dict[str, Spelling] = dict(stored)  # stored spellings of the neighbourhood
    entities: set[str] = set()
    pending, expanded = set(fresh), set()
    while True:
        growing = [fresh.get(i) or around[i] for i in pending]
        expanded |= pending
        around |= {s.id: s for s in _neighbours(store, growing)}
        more = {s.entity_id for s in around.values()} - entities
        around |= {s.id: s for s in store.registry_spellings_of_entities(sorted(more))}
        entities |= more
        names = {s.id: s.name for s in store.registry_entities_of(sorted(entities))}
        current = {**around, **fresh}
        registry = EntityRegistry()
        ids = registry.resolve_spellings(current.values())
        changed = {
            i
            for i, s in current.items()
            if s.entity_id != ids[i] or names.get(s.entity_id) != _name(registry, ids[i])
        }
        pending = changed - expanded
        if not pending:
            break
    before = store.registry_entities_of(sorted(entities))
    after = registry.state()
    store.delete_registry_entities(sorted(entities))
    keys = registry.key_rows()  # a key an entity outside the neighbourhood holds stays its own
    outside = {(k.family, k.key) for k in store.registry_keys_of(sorted({k.key for k in keys}))}
    store.put_registry(after, [k for k in keys if (k.family, k.key) not in outside])
    _put_spellings(store, [s._replace(entity_id=ids[i]) for i, s in current.items()])
    differ = set(before).symmetric_difference(after)
    if differ:
        mark = store.result(ENTITIES_MARK) or ""
        store.put_result(ENTITIES_MARK, content_id("entities", mark, *sorted(differ)))
    return _affected_names(store, {s.id: s for s in before}, {s.id: s for s in after})


def _answering(before: EntityState | None, after: EntityState | None) -> set[tuple[str, str]]:
    """(token, name key) of the index entries a change of one entity makes or drops: all
    its names' when it is founded, dropped or renamed; else its new names', and, when a person
    is seen more often, the first and last words of its names (a short name goes to the
    person seen most). Titles and other counts change no answer."""
    if before is None or after is None or before.name != after.name:
        states = [s for s in (before, after) if s is not None]
        return {e for s in states for a in _names(s) for e in _entries(a, family(s.label))}
    fam = family(after.label)
    found = {e for a in set(after.aliases) - set(before.aliases) for e in _entries(a, fam)}
    if fam == "PERSON" and before.seen != after.seen:
        found |= {e for a in after.aliases for e in _entries(a, fam) if e[0].startswith("w|")}
    return found


def _entries(name: str, fam: str) -> set[tuple[str, str]]:
    return {(token, name_key(name)) for token in filed_tokens(name, fam)}


def _affected_names(
    store: Store, before: Mapping[str, EntityState], after: Mapping[str, EntityState]
) -> list[str]:
    """The name keys asked about whose answer (entity id and name) the change of these
    entities may change: those whose lookup reads an index entry the change makes or drops
    (``_answering``), and, for a fuzzy block, whose key is close enough to its name."""
    filed = set().union(
        *(_answering(before.get(i), after.get(i)) for i in before.keys() | after.keys())
    )
    exact = sorted({t for t, _ in filed if not t.startswith("b|")})
    close = sorted({t for t, _ in filed if t.startswith("b|")})
    found = set(store.names_with_tokens(exact)) if exact else set()
    keys = {k for t, k in filed if t.startswith("b|")}
    for asked in store.names_with_tokens(close) if close else []:
        if any(fuzz.ratio(asked, k) >= FUZZY_MIN_RATIO for k in keys):
            found.add(asked)
    return sorted(found)


def _name(registry: EntityRegistry, entity_id: str) -> str | None:
    entity = registry.get(entity_id)
    return entity.name if entity else None


def _names(state: EntityState) -> set[str]:
    return {state.name, *state.aliases}
