"""Whether two figures agree as written: hedges, tolerances, bounds and units.

A figure is compared in its dimension's base unit when it is a physical measure (``2,000ft``
and ``610 metres``), within the looser tolerance of the two hedges (``about``: 5%; an exact
figure: its rounding), a converted figure within its conversion's rounding; a vague plural
(``dozens``) spans a range, and a bound (``at least``, ``up to``) allows an open interval.
"""

from __future__ import annotations

import math

from storyline.model import Claim
from storyline.nlp.claims.units import in_base_units

EXACT_TOLERANCE = 0.005  # an exact figure may still be rounded in the last digits
LOOSE_TOLERANCE = 0.05  # "around", "about", "an estimated": $102M and $108M are two values
LOOSE = frozenset(
    {
        "about",
        "around",
        "some",
        "roughly",
        "approximately",
        "nearly",
        "almost",
        "close to",
        "an estimated",
        "estimated",
        "as many as",
        "as much as",
        "an average of",
        "on average",
        "just over",
        "just under",
        "well over",
    }
)
LOWER_BOUNDS = frozenset(
    {
        "at least",
        "more than",
        "over",
        "upwards of",
        "in excess of",
        "no fewer than",
        "no less than",
        "just over",
        "well over",
    }
)
UPPER_BOUNDS = frozenset(
    {
        "at most",
        "less than",
        "fewer than",
        "no more than",
        "up to",
        "under",
        "just under",
        "as few as",
    }
)
# vague plurals: the claims module gives their least value; they reach up to the next scale
VAGUE_UPPER = {
    "dozens": 120.0,
    "hundreds": 1e3,
    "thousands": 1e4,
    "millions": 1e7,
    "billions": 1e10,
}

CONVERSION_TOLERANCE = 0.05  # a figure converted to another unit is rounded ("2,000ft (609m)")


def hedge_of(claim: Claim) -> str:
    """The hedge a figure is written with, casefolded (``about``, ``at least``; "" for none)."""
    return (claim.approximation or "").casefold()


def measured(claim: Claim) -> float:
    """The claim's value, in its dimension's base unit when it is a physical measure."""
    base = in_base_units(claim.quantity, claim.normalized_unit or "")
    return base[1] if base is not None else claim.quantity


def interval(claim: Claim) -> tuple[float, float]:
    """The values a claim allows, given its hedge (in base units for a measure)."""
    value, hedge = measured(claim), hedge_of(claim)
    if hedge in VAGUE_UPPER:
        return value, VAGUE_UPPER[hedge]
    if hedge in LOWER_BOUNDS:
        return value, math.inf
    if hedge in UPPER_BOUNDS:
        return 0.0, value
    spread = LOOSE_TOLERANCE if hedge in LOOSE else EXACT_TOLERANCE
    return value * (1 - spread), value * (1 + spread)


def values_agree(a: Claim, b: Claim) -> bool:
    """Whether two figures for the same thing agree as written: equal within the looser of
    their hedges' tolerances (vague plurals: their ranges overlap); measures in base units, a
    converted figure within its rounding (``2,000ft`` and ``610 metres`` agree)."""
    if hedge_of(a) in VAGUE_UPPER or hedge_of(b) in VAGUE_UPPER:
        return _overlap(interval(a), interval(b))
    spread = max(LOOSE_TOLERANCE if hedge_of(c) in LOOSE else EXACT_TOLERANCE for c in (a, b))
    if (a.unit or "").casefold() != (b.unit or "").casefold():
        spread = max(spread, CONVERSION_TOLERANCE)
    if not _ends_agree(a, b, spread):
        return False
    first, second = measured(a), measured(b)
    if spread == EXACT_TOLERANCE and _to_the_unit(first) and _to_the_unit(second):
        return first == second  # 2,116 and 2,117 points: neither is a rounding of the other
    return abs(first - second) <= spread * max(abs(first), abs(second))


def _to_the_unit(value: float) -> bool:
    """Whether a value is written to its last unit (``2,117``), not rounded (``2,120``,
    ``1.38 trillion``, ``3.4``)."""
    return float(value).is_integer() and value % 10 != 0


def _ends_agree(a: Claim, b: Claim, spread: float) -> bool:
    """Whether two figures end alike: a range agrees only with a range whose high end is the
    same (``between $140 million and $150 million`` is not ``$140 million to $160 million``,
    nor a bare ``$140 million``); two single figures always do."""
    if a.upper is None and b.upper is None:
        return True
    if a.upper is None or b.upper is None:
        return False
    first, second = _measured_upper(a), _measured_upper(b)
    return abs(first - second) <= spread * max(abs(first), abs(second))


def _measured_upper(claim: Claim) -> float:
    """A range's high end, in its dimension's base unit when it is a physical measure."""
    upper = claim.upper if claim.upper is not None else claim.quantity
    base = in_base_units(upper, claim.normalized_unit or "")
    return base[1] if base is not None else upper


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]
