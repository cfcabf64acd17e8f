"""Whose figure it is: two figures of different doers are two facts, not one.

A climber "fell 2,000ft" and "a 36-year-old Australian climber died after falling about 150
metres" are the falls of two climbers, not two accounts of one fall. A claim's ``doer`` (the
subject of the clause that says what the figure measures, ``storyline.nlp.claims.predicates``)
is a resolved name (``Duncan Rait``, also for ``he``) or a description as written (``36 - year -
old Australian climber``), with what an apposition says of a name in parentheses (``Robert
Buckley (32)``, ``Duncan Rait (an Australian)``).

A nationality (``Briton``, ``Australian``, ``Englishman``) describes a doer; it is not a name.
Nationalities are compared by country: ``British``, ``Briton`` and ``English`` are one
(``NATIONALITY_FAMILIES``; the rest from the entity gazetteer), ``Australian`` is another.

Two doers are different (``different_doers``) when both are known and:

- they state different ages (``32-year-old`` / ``36 - year - old``; ``Robert Buckley (32)``);
- both are names that cannot denote one entity (``Buckley`` / ``Rait``; ``Rait`` and ``Duncan
  Rait`` can);
- both give a nationality or origin and none is shared (``British climber`` / ``Australian
  man``; ``Briton`` / ``36-year-old Australian climber``; ``Englishman Robert Buckley`` /
  ``Australian climber``).

Anything less ("the man", "the climber", a bare name against a description) cannot tell two
doers apart, and the figures are still compared, unless the description's article never writes
the name (``someone_else``): ``Earl Clark`` had nine rebounds in a round-up of other games, and
the ``reigning national player`` had nine in an article that tells of Hansbrough alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from storyline.nlp.entities.countries import country_of
from storyline.reconcile.text import names_compatible

# "36-year-old", "36 - year - old" (ECB+ spaces its hyphens), "aged 36", an apposition "(32)"
_AGE = re.compile(
    r"\b(\d{1,3})\s*-?\s*years?\s*-?\s*old\b|\baged\s+(\d{1,3})\b|\((\d{1,3})\)", re.IGNORECASE
)
_WORD = re.compile(r"[^\W\d_][\w'.-]*")
# a capitalised adjective of origin: "Australian", "British", "Iranian", "Japanese", "Israeli"
_ORIGIN = re.compile(r"[A-Z][a-z]+(?:an|ian|ese|ish|i)")
_APPOSITION = re.compile(r"\(([^()]*)\)")
# a word of a person's name as written: "Earl", "Clark", "McDermott", "O'Neal"; not "FBI"
_PERSON_WORD = re.compile(r"[A-Z][a-z]+(?:[A-Z'][a-z]+)?\.?")
# nationality words the country gazetteer does not hold, by the country they stand for
NATIONALITY_FAMILIES: dict[str, str] = {
    **dict.fromkeys(
        ("briton", "britons", "brit", "brits", "english", "englishman", "englishwoman",
         "scottish", "scot", "scots", "scotsman", "scotswoman", "welsh", "welshman",
         "welshwoman"),
        "United Kingdom",
    ),
    **dict.fromkeys(("aussie", "aussies"), "Australia"),
    **dict.fromkeys(("kiwi", "kiwis", "zealander", "zealanders"), "New Zealand"),
    **dict.fromkeys(("irish", "irishman", "irishwoman"), "Ireland"),
    **dict.fromkeys(("frenchman", "frenchwoman"), "France"),
    **dict.fromkeys(("dutch", "dutchman", "dutchwoman"), "Netherlands"),
    **dict.fromkeys(("spaniard", "spaniards"), "Spain"),
    **dict.fromkeys(("swiss",), "Switzerland"),
    **dict.fromkeys(("austrian", "austrians"), "Austria"),
}  # fmt: skip


def nationality(word: str) -> str | None:
    """The country a nationality word stands for (``Briton`` -> United Kingdom), or None."""
    return NATIONALITY_FAMILIES.get(word.casefold()) or (
        country_of(word) if word[:1].isupper() else None
    )


@dataclass(frozen=True, slots=True)
class DoerKeys:
    """What identifies a doer: a name, an age, the origins (countries) a description gives."""

    name: str | None
    age: int | None
    origins: frozenset[str]


# a doer written as a pronoun that its article does not resolve: someone, but nobody known
UNRESOLVED_DOERS = frozenset(
    {"i", "we", "you", "he", "she", "it", "they", "this", "that", "these", "those", "one"}
)


def unresolved(doer: str | None) -> bool:
    """Whether a claim's doer is a pronoun its article does not resolve (``It killed 612
    people``): the figure is someone's, and whose is not known."""
    return doer is not None and doer.casefold() in UNRESOLVED_DOERS


@lru_cache(maxsize=4096)  # asked once per pair of claims: a story's doers repeat
def doer_keys(doer: str) -> DoerKeys:
    """The identifying keys of a doer as a claim holds it (a name or a description, with what
    an apposition says of it in parentheses); none for an unresolved pronoun."""
    if unresolved(doer):
        return DoerKeys(None, None, frozenset())
    age_match = _AGE.search(doer)
    age = next((int(g) for g in age_match.groups() if g), None) if age_match else None
    appositions = " ".join(_APPOSITION.findall(doer))
    main = _WORD.findall(_AGE.sub(" ", _APPOSITION.sub(" ", doer)))
    origins = {country for w in _WORD.findall(appositions) if (country := nationality(w))}
    # a nationality before a name describes it: "Englishman Robert Buckley", "Briton"
    while main and (country := nationality(main[0])) is not None:
        origins.add(country)
        main = main[1:]
    if main and all(word[0].isupper() for word in main):
        return DoerKeys(" ".join(main), age, frozenset(origins))
    for word in main:
        if _ORIGIN.fullmatch(word) or nationality(word):
            origins.add(nationality(word) or word)
    return DoerKeys(None, age, frozenset(origins))


def different_doers(a: str | None, b: str | None) -> bool:
    """Whether two claims' doers are known to be two different people or things."""
    if not (a and b):
        return False
    first, second = doer_keys(a), doer_keys(b)
    if first.age is not None and second.age is not None and first.age != second.age:
        return True
    if first.name and second.name:
        return not names_compatible(first.name, second.name)
    return bool(first.origins and second.origins and not first.origins & second.origins)


def someone_else(a: str | None, b: str | None, texts: tuple[str, str]) -> bool:
    """Whether one doer is a person's name (a first and a last name: ``Earl Clark``) that the
    article of the other, a bare description (no name, age nor origin), never writes
    (``texts``: the texts of the articles of ``a`` and ``b``): that article tells of someone
    else, whatever the two figures' predicates say. An agency's name (``FBI``) may be told as
    ``officials`` without being named."""
    if not (a and b):
        return False
    first, second = doer_keys(a), doer_keys(b)
    return _never_named(first, second, texts[1]) or _never_named(second, first, texts[0])


def _never_named(named: DoerKeys, described: DoerKeys, described_text: str) -> bool:
    if not named.name or described.name or described.age is not None or described.origins:
        return False
    words = _WORD.findall(named.name)
    if len(words) < 2 or not all(_PERSON_WORD.fullmatch(word) for word in words):
        return False
    return not any(
        re.search(rf"\b{re.escape(word)}\b", described_text, re.IGNORECASE) for word in words
    )
