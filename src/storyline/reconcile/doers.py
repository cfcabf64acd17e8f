"""Whose figure it is: two figures of different doers are two facts, not one.

A climber "fell 2,000ft" and "a 36-year-old Australian climber died after falling about 150
metres" are the falls of two climbers, not two accounts of one fall. A claim's ``doer`` (the
subject of the clause that says what the figure measures, ``storyline.nlp.claims.predicates``)
is a resolved name (``Duncan Rait``, also for ``he``) or a description as written (``36 - year -
old Australian climber``). Two doers are different when both are known and:

- both are names that cannot denote one entity (``Buckley`` / ``Rait``; ``Rait`` and ``Duncan
  Rait`` can);
- they state different ages (``32-year-old`` / ``36 - year - old``);
- both are descriptions naming an origin (``British climber`` / ``Australian man``) and no
  origin is shared.

Anything less ("the man", "the climber", a name against a description without an age) cannot
tell two doers apart, and the figures are still compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.reconcile.text import names_compatible

# "36-year-old", "36 - year - old" (ECB+ spaces its hyphens), "aged 36"
_AGE = re.compile(r"\b(\d{1,3})\s*-?\s*years?\s*-?\s*old\b|\baged\s+(\d{1,3})\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'.-]*")
# a capitalised adjective of origin: "Australian", "British", "Iranian", "Japanese", "Israeli"
_ORIGIN = re.compile(r"[A-Z][a-z]+(?:an|ian|ese|ish|i)")


@dataclass(frozen=True, slots=True)
class DoerKeys:
    """What identifies a doer: a name, an age, the origins a description gives."""

    name: str | None
    age: int | None
    origins: frozenset[str]


def doer_keys(doer: str) -> DoerKeys:
    """The identifying keys of a doer as a claim holds it (a name or a description)."""
    age_match = _AGE.search(doer)
    age = int(age_match.group(1) or age_match.group(2)) if age_match else None
    words = _WORD.findall(_AGE.sub(" ", doer))
    if words and all(word[0].isupper() for word in words):
        return DoerKeys(" ".join(words), age, frozenset())
    origins = frozenset(word for word in words if _ORIGIN.fullmatch(word))
    return DoerKeys(None, age, origins)


def different_doers(a: str | None, b: str | None) -> bool:
    """Whether two claims' doers are known to be two different people or things."""
    if not (a and b):
        return False
    first, second = doer_keys(a), doer_keys(b)
    if first.age is not None and second.age is not None and first.age != second.age:
        return True
    if first.name and second.name:
        return not names_compatible(first.name, second.name)
    if first.name or second.name:
        return False
    return bool(first.origins and second.origins and not first.origins & second.origins)
