"""The entities of a store: one canonical id per entity across all its articles.

``EntityRegistry`` is a plain in-memory object. Build it from the entities a store already
holds (``EntityRegistry(entities)``), feed it the mentions of new articles (``resolve``), and
persist ``registry.entities`` again. A mention joins a known entity when, in this order:

1. its resolved name or its words are a known name or alias (``Kim Jong Un`` = ``Kim Jong-un``
   by ``name_key``);
2. it is an acronym that a known organisation's initials spell (``KCNA``), or a long name whose
   initials are a known acronym-only entity (which then takes the long name);
3. it is a one-word person name that is the first or last word of exactly one known person
   (``Kim``), or of one person named clearly more often than the others; or an organisation
   name of two or more words that ends exactly one known, longer organisation name (``Port
   Authority`` = ``Port Alder Port Authority``);
4. its name is within ``FUZZY_MIN_RATIO`` (rapidfuzz ratio) of a known name of the same family
   with as many words and at least ``FUZZY_MIN_CHARS`` characters (``Kim Jung Un``), among
   the names with a word that starts with the same ``BLOCK`` letters as one of its own.

Otherwise it founds a new entity whose id is ``entity_id(label, name)``: the id
``find_mentions`` already gave it, so a store with one article needs no rewriting. Within one
``resolve`` call full names are placed before short ones, so the result does not depend on the
order of the mentions. An entity keeps the id it was founded with when it later gains a fuller
name.

A fresh registry that resolves a set of mentions is a function of the set: its ``Spelling``s
(``spellings``: each name with its counts and texts) in canonical order (``resolve_spellings``).
Two names can only answer for each other when they share a ``name_tokens`` token, which is
how a store finds the stored spellings a new name may change (``reconcile.registry_rows``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from storyline.model import Entity, Mention, content_id
from storyline.nlp.entities.countries import country_of_capital
from storyline.nlp.entities.names import (
    acronym_key,
    entity_id,
    family,
    initials,
    is_acronym,
    name_key,
)
from storyline.nlp.entities.state import EntityState, KeyRow, Spelling, main_title

FUZZY_MIN_RATIO = 90.0
BLOCK = 3  # first letters of a word that a fuzzy match must share with the known name
FUZZY_MIN_CHARS = 8
# a short name goes to the most mentioned of several people only with this lead over the next
SHORT_NAME_LEAD = 2.0
# a name shorter than this is never within FUZZY_MIN_RATIO of one of FUZZY_MIN_CHARS or more
FUZZY_REACH = 7


def filed_tokens(name: str, fam: str) -> set[str]:
    """The index entries a name of this family makes when it is known (one token each): its
    key (exact), its initials (acronyms), its tails of two or more words (short organisation
    names), its first and last words (short person names) and its word count with each word's
    ``BLOCK`` letters (fuzzy matches)."""
    key = name_key(name)
    if not key:
        return set()
    words = key.split()
    tokens = {f"k|{fam}|{key}"}
    if fam == "ORG" and not is_acronym(name) and (letters := initials(name)):
        tokens.add(f"i|{letters}")
    if fam == "ORG":
        tokens |= {f"t|{' '.join(words[s:])}" for s in range(1, len(words) - 1)}
    if fam == "PERSON" and len(words) >= 2:
        tokens |= {f"w|{words[0]}", f"w|{words[-1]}"}
    if len(key) >= FUZZY_REACH:
        tokens |= {f"b|{fam}|{len(words)}|{w[:BLOCK]}" for w in words}
    return tokens


def query_tokens(name: str, fam: str) -> set[str]:
    """The index entries that looking a name of this family up reads (``filed_tokens`` of the
    names it may match): a name matches another only if they share such a token."""
    return query_tokens_in(name, (fam,))


def query_tokens_in(name: str, families: Iterable[str]) -> set[str]:
    """``query_tokens`` of a name in each of these families, with its key, words and blocks
    worked out once: a name a record gives is looked up in every family."""
    key = name_key(name)
    if not key:
        return set()
    words = key.split()
    blocks = [f"{len(words)}|{w[:BLOCK]}" for w in words] if len(key) >= FUZZY_MIN_CHARS else []
    tokens: set[str] = set()
    for fam in families:
        tokens.add(f"k|{fam}|{key}")
        if fam == "ORG" and is_acronym(name):
            tokens.add(f"i|{acronym_key(name)}")
        elif fam == "ORG" and (letters := initials(name)):
            tokens.add(f"k|ORG|{name_key(letters)}")
        if fam == "ORG":
            tokens.add(f"t|{key}")
        if fam == "PERSON" and len(words) == 1:
            tokens.add(f"w|{key}")
        tokens.update(f"b|{fam}|{block}" for block in blocks)
    return tokens


ASKED = "?"  # marks a spelling's query tokens among its filed ones


def spelling_tokens(spelling: Spelling) -> set[str]:
    """The filed tokens of a spelling's name and texts, and its query tokens marked ``ASKED``:
    spellings ``A`` and ``B`` may change each other's entity only if a token ``A`` files is
    one ``B`` asks, or the other way round (``neighbour_tokens``)."""
    names = {spelling.name, *spelling.texts}
    filed = set().union(*(filed_tokens(n, spelling.family) for n in names))
    asked = set().union(*(query_tokens(n, spelling.family) for n in names))
    return filed | {ASKED + t for t in asked}


def neighbour_tokens(spelling: Spelling) -> set[str]:
    """The stored ``spelling_tokens`` of the spellings that may change this one's entity or
    have theirs changed by it."""
    return {t[1:] if t.startswith(ASKED) else ASKED + t for t in spelling_tokens(spelling)}


def spelling_id(label: str, name: str) -> str:
    """The id of a spelling: its label and name as written."""
    return content_id("spelling", label, name)


def spellings(mentions: Iterable[Mention]) -> list[Spelling]:
    """The spellings of these mentions (unresolved), by id."""
    seen: Counter[tuple[str, str]] = Counter()
    titles: dict[tuple[str, str], Counter[str]] = {}
    texts: dict[tuple[str, str], set[str]] = {}
    for m in mentions:
        named = (m.label or "MISC", m.name or m.text)
        seen[named] += 1
        if named not in texts:  # one counter and set per spelling, not one per mention
            titles[named], texts[named] = Counter(), set()
        if m.title:
            titles[named][m.title] += 1
        texts[named].add(m.text)
    found = [
        Spelling(
            spelling_id(label, name), family(label), label, name, name_key(name), "",
            count, tuple(sorted(titles[(label, name)].items())),
            tuple(sorted(texts[(label, name)])),
        )
        for (label, name), count in seen.items()
    ]  # fmt: skip
    return sorted(found)


def merged(before: Spelling | None, added: Spelling) -> Spelling:
    """A stored spelling with the counts and texts of new mentions added."""
    if before is None:
        return added
    titles = Counter(dict(before.titles))
    titles.update(dict(added.titles))
    texts = tuple(sorted(set(before.texts) | set(added.texts)))
    seen = before.seen + added.seen
    return before._replace(seen=seen, titles=tuple(sorted(titles.items())), texts=texts)


def _canonical_order(spelling: Spelling) -> tuple[int, str, str, bool, str, str]:
    # the label is part of the key: without it a LOC/GPE tie on one name was decided
    # by set order, so the result depended on PYTHONHASHSEED; of the ways one name is
    # written, a headline's capitals (``DONALD TRUMP``) come after the name as a sentence
    # writes it (``Donald Trump``), so the entity is named as the text names it
    s = spelling
    return (-len(s.key.split()), s.family, s.key, _shouted(s.name), s.name, s.label)


def _shouted(name: str) -> bool:
    """A name of several words in capitals: a headline's, not how a sentence writes it."""
    return len(name.split()) > 1 and name.isupper()


@dataclass
class _Known:
    """A registry entity while it can still grow: aliases, titles and how often it was seen."""

    id: str
    label: str
    name: str
    aliases: set[str] = field(default_factory=set)
    titles: Counter[str] = field(default_factory=Counter)
    seen: int = 0

    def entity(self) -> Entity:
        aliases = tuple(sorted(self.aliases - {self.name}))
        title = main_title(self.titles)
        return Entity(id=self.id, label=self.label, name=self.name, aliases=aliases, title=title)

    def state(self) -> EntityState:
        titles = tuple(sorted(self.titles.items()))
        return EntityState(
            self.id, self.label, self.name, tuple(sorted(self.aliases)), titles, self.seen
        )


def _context_bound(alias: str, name: str) -> bool:
    """Whether an alias names the entity only in its context: never match on it elsewhere.

    ``Seoul`` is South Korea only as an actor and ``the North`` is North Korea only in an
    article about Korea; as aliases they would pull the city and other Norths in.
    """
    if name_key(alias) == name_key(name):
        return False
    return country_of_capital(alias) is not None or name_key(alias) in {"north", "south"}


class EntityRegistry:
    """Canonical entities and the index that maps a mention's name to one of them."""

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        # what changed since construction: entity id -> its state before (None: founded)
        self.before: dict[str, EntityState | None] = {}
        self.new_keys: set[tuple[str, str]] = set()  # exact-name keys indexed since
        self._known: dict[str, _Known] = {}
        self._by_key: dict[tuple[str, str], str] = {}
        self._by_initials: dict[str, set[str]] = {}
        self._by_word: dict[str, set[str]] = {}  # person name word (first/last) -> ids
        self._by_tail: dict[str, set[str]] = {}  # last words of an organisation's name -> ids
        # (family, word count, a word's first letters) -> name keys: the fuzzy step's candidates
        self._by_name_word: dict[tuple[str, int, str], set[str]] = {}
        for entity in entities:
            known = _Known(
                entity.id, entity.label, entity.name, set(entity.aliases) | {entity.name}
            )
            if entity.title:
                known.titles[entity.title] += 1
            self._known[entity.id] = known
            self._index(known)
        self.before.clear()
        self.new_keys.clear()

    @classmethod
    def from_state(cls, states: Iterable[EntityState], keys: Iterable[KeyRow]) -> EntityRegistry:
        """The registry stored as rows (``state``), with its counts and exact-key owners."""
        registry = cls()
        for row in states:
            known = _Known(row.id, row.label, row.name, set(row.aliases), Counter(), row.seen)
            known.titles.update(dict(row.titles))
            registry._known[row.id] = known
            registry._index(known)
        for key in keys:  # who indexed a shared key first, as when it was built
            registry._by_key[(key.family, key.key)] = key.entity_id
        registry.before.clear()
        registry.new_keys.clear()
        return registry

    def state(self, ids: Iterable[str] | None = None) -> list[EntityState]:
        """The rows of these entities (of all when None), by id."""
        chosen = sorted(self._known if ids is None else set(ids) & set(self._known))
        return [self._known[key].state() for key in chosen]

    def key_rows(self, keys: Iterable[tuple[str, str]] | None = None) -> list[KeyRow]:
        """The exact-name index entries of these (family, key) pairs (of all when None)."""
        chosen = sorted(self._by_key if keys is None else set(keys) & set(self._by_key))
        return [KeyRow(fam, key, self._by_key[(fam, key)]) for fam, key in chosen]

    def _touch(self, known: _Known) -> None:
        if known.id not in self.before:
            self.before[known.id] = known.state()

    def people_sharing(self, word: str) -> int:
        """How many people a one-word name could be (the first or last word of their name)."""
        return len(self._by_word.get(word, ()))

    @property
    def entities(self) -> list[Entity]:
        """Every entity the registry knows, sorted by id."""
        return [self._known[key].entity() for key in sorted(self._known)]

    def get(self, entity_id_: str) -> Entity | None:
        """The entity with this id, or None."""
        known = self._known.get(entity_id_)
        return known.entity() if known else None

    def lookup(self, name: str, label: str | None = None) -> Entity | None:
        """The known entity a name refers to, without adding anything to the registry."""
        found = self._find(family(label), name, grow=False)
        return self._known[found].entity() if found else None

    def resolve(self, mentions: Iterable[Mention]) -> list[Mention]:
        """The mentions, in their order, with ``entity_id`` set to the canonical entity's id.

        Unknown names found new entities; every mention's words and title are recorded on its
        entity as an alias and a title (``resolve_spellings`` of their ``spellings``).
        """
        mentions = list(mentions)
        ids = self.resolve_spellings(spellings(mentions))
        return [
            replace(m, entity_id=ids[spelling_id(m.label or "MISC", m.name or m.text)])
            for m in mentions
        ]

    def resolve_spellings(self, found: Iterable[Spelling]) -> dict[str, str]:
        """Spelling id -> the id of the entity it resolves to. Full names go first
        (``_canonical_order``), so the result is a function of the set of spellings; then each
        spelling adds its counts, titles and texts to its entity, in the same order."""
        ordered = sorted(found, key=_canonical_order)
        ids: dict[tuple[str, str], str] = {}
        for s in ordered:
            if (s.family, s.key) not in ids:
                ids[(s.family, s.key)] = self._find(s.family, s.name) or self._found(
                    s.label, s.name
                )
        resolved: dict[str, str] = {}
        for s in ordered:
            known = self._known[ids[(s.family, s.key)]]
            self._touch(known)
            known.seen += s.seen
            known.titles.update(dict(s.titles))
            for alias in sorted({*s.texts, s.name}):
                if not _context_bound(alias, known.name):
                    self._add_alias(known, alias)
            resolved[s.id] = known.id
        self._name_by_use(ordered, resolved)
        return resolved

    def _name_by_use(self, ordered: Sequence[Spelling], resolved: Mapping[str, str]) -> None:
        """Name each entity by the spelling its mentions use most among those as full as its
        name (the name stays on a tie), so one misspelling that sorts first (``Hilary
        Clinton`` once, ``Hillary Clinton`` 334 times) does not name it; a headline's capitals
        never do. Only where the spellings at hand include the name's own, whose count is then
        known: a function of the spellings, as the rest of the resolution."""
        named = {
            known.id: s for s in ordered if s.name == (known := self._known[resolved[s.id]]).name
        }
        for s in ordered:
            known = self._known[resolved[s.id]]
            current = named.get(known.id)
            if current is None or len(s.key.split()) != len(current.key.split()):
                continue
            if s.seen > current.seen and s.name in known.aliases and not _shouted(s.name):
                named[known.id] = s
        for entity_id_, s in named.items():
            if s.name != self._known[entity_id_].name:
                self._rename(self._known[entity_id_], s.name)

    # ---- matching ------------------------------------------------------------------------

    def _find(self, fam: str, name: str, grow: bool = True) -> str | None:
        """The entity a name joins; ``grow`` lets an acronym-only entity take a long form
        (never on a lookup, so the registry is a function of its mentions alone)."""
        key = name_key(name)
        if not key:
            return None
        exact = self._by_key.get((fam, key))
        if exact:
            return exact
        if fam == "ORG":
            by_acronym = self._find_acronym(name, grow)
            if by_acronym:
                return by_acronym
            # "the Port Authority" after "the Port Alder Port Authority": a short form that
            # ends exactly one known, longer organisation name
            tail = self._by_tail.get(key, set())
            if len(tail) == 1:
                return next(iter(tail))
        if fam == "PERSON" and len(key.split()) == 1:
            return self._find_short_name(key)
        return self._find_fuzzy(fam, key)

    def _find_acronym(self, name: str, grow: bool) -> str | None:
        if is_acronym(name):
            ids = self._by_initials.get(acronym_key(name), set())
            return next(iter(ids)) if len(ids) == 1 else None
        short = self._by_key.get(("ORG", name_key(initials(name))))
        if short and is_acronym(self._known[short].name):
            if grow:
                self._rename(self._known[short], name)  # KCNA known alone; now its long form
            return short
        return None

    def _find_short_name(self, word: str) -> str | None:
        ids = sorted(self._by_word.get(word, set()), key=lambda i: (-self._known[i].seen, i))
        if len(ids) == 1:
            return ids[0]
        if len(ids) > 1 and self._known[ids[0]].seen >= SHORT_NAME_LEAD * max(
            1, self._known[ids[1]].seen
        ):
            return ids[0]
        return None

    def _find_fuzzy(self, fam: str, key: str) -> str | None:
        if len(key) < FUZZY_MIN_CHARS:
            return None
        # Only names with a word of the same first letters are compared ("Gurbanguli" meets
        # "Gurbanguly", "Athenians" "Athenian"): a scan of every known name per unknown one
        # made the store-wide registry quadratic in the store's size.
        words = key.split()
        choices = sorted(
            set().union(
                *(self._by_name_word.get((fam, len(words), w[:BLOCK]), set()) for w in words)
            )
        )
        best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_RATIO)
        return self._by_key[(fam, best[0])] if best else None

    # ---- bookkeeping ---------------------------------------------------------------------

    def _found(self, label: str, name: str) -> str:
        known = _Known(entity_id(label, name), label, name, {name})
        self.before.setdefault(known.id, None)
        self._known[known.id] = known
        self._index(known)
        return known.id

    def _rename(self, known: _Known, name: str) -> None:
        self._touch(known)
        known.name = name
        self._add_alias(known, name)

    def _add_alias(self, known: _Known, alias: str) -> None:
        if alias not in known.aliases:
            self._touch(known)
            known.aliases.add(alias)
            self._index_name(known, alias)

    def _index(self, known: _Known) -> None:
        for alias in sorted(known.aliases | {known.name}):
            self._index_name(known, alias)

    def _index_name(self, known: _Known, alias: str) -> None:
        fam = family(known.label)
        key = name_key(alias)
        # a one-word alias of a fuller person name ("Kim") is matched by _find_short_name,
        # which knows when it is ambiguous; an exact index entry would claim every Kim
        short_alias = fam == "PERSON" and len(key.split()) == 1 < len(name_key(known.name).split())
        if key and not short_alias:
            if (fam, key) not in self._by_key:
                self._by_key[(fam, key)] = known.id
                self.new_keys.add((fam, key))
            words = key.split()
            for word in words:
                self._by_name_word.setdefault((fam, len(words), word[:BLOCK]), set()).add(key)
        if fam == "ORG" and not is_acronym(alias) and initials(alias):
            self._by_initials.setdefault(initials(alias), set()).add(known.id)
        if fam == "ORG":
            words = key.split()
            for start in range(1, len(words) - 1):  # tails of two or more words
                self._by_tail.setdefault(" ".join(words[start:]), set()).add(known.id)
        if fam == "PERSON" and len(key.split()) >= 2:
            words = key.split()
            for word in {words[0], words[-1]}:
                self._by_word.setdefault(word, set()).add(known.id)
