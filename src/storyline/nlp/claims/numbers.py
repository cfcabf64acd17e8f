"""Reading numbers as news writes them: ``6,700``, ``3 million``, ``two dozen``, ``hundreds``.

Pure functions over words, no spaCy (the value of a number: ``storyline.nlp.numbers``):
``is_number_word`` tells the words a number is written in, ``vague_quantity`` reads
``hundreds`` and ``tens of thousands`` as the smallest value they allow,
``approximation_before`` finds the hedge in front of a number (``at least``).
"""

from __future__ import annotations

import re

from storyline.nlp.numbers import DIGITS, SCALES, UNITS_WORDS

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20,
}  # fmt: skip
# a plural of a scale word is at least two of it: "hundreds" is 200 or more
VAGUE = {"dozens": 24.0, "hundreds": 200.0, "thousands": 2e3, "millions": 2e6, "billions": 2e9}
# the hedge a claim keeps for "hundreds of", "tens of thousands of": a magnitude, not a figure
VAGUE_HEDGES = frozenset(
    {*VAGUE, *(f"{head} of {v}" for head in ("tens", "hundreds") for v in VAGUE)}
)
_HEDGES = """
at least|at most|more than|less than|fewer than|no more than|no fewer than|no less than|up to
as many as|as much as|as few as|close to|upwards of|in excess of|an estimated|just over
just under|well over|roughly|approximately|about|around|some|nearly|almost|over|under
estimated|an average of|on average
"""
# longest first, so "no more than" wins over "more than"
APPROXIMATIONS = tuple(
    sorted(
        (h.strip() for h in _HEDGES.replace("\n", "|").split("|") if h.strip()),
        key=lambda h: (-len(h.split()), h),
    )
)
# an ordinal has at most nine digits: int() refuses strings over 4,300 digits outright
_ORDINAL_DIGITS = re.compile(r"^(\d{1,9})(?:st|nd|rd|th)$")


def is_number_word(word: str) -> bool:
    """Whether a word can be part of a number (``6,700``, ``million``, ``twenty-five``)."""
    lowered = word.casefold()
    if DIGITS.match(lowered) or lowered in UNITS_WORDS or lowered in SCALES:
        return True
    return "-" in lowered and all(part in UNITS_WORDS for part in lowered.split("-"))


def ordinal_value(word: str) -> int | None:
    """The rank an ordinal names: ``fourth`` -> 4, ``21st`` -> 21."""
    lowered = word.casefold()
    match = _ORDINAL_DIGITS.match(lowered)
    if match:
        return int(match.group(1))
    return ORDINALS.get(lowered)


def vague_quantity(words: list[str]) -> float | None:
    """The least value a vague plural allows: ``hundreds`` -> 200, ``tens of thousands`` -> 2e4."""
    lowered = [w.casefold() for w in words]
    if len(lowered) == 1:
        return VAGUE.get(lowered[0])
    if len(lowered) == 3 and lowered[1] == "of" and lowered[2] in VAGUE:
        head = {"tens": 10.0, "hundreds": 100.0, "dozens": 12.0}.get(lowered[0])
        if head is not None:
            return head * VAGUE[lowered[2]]
    return None


def approximation_before(words: list[str]) -> tuple[str, int] | None:
    """The hedge ending the given words and how many words it takes: ``at least`` -> 2."""
    lowered = [w.casefold() for w in words]
    for phrase in APPROXIMATIONS:
        parts = phrase.split()
        if len(parts) <= len(lowered) and lowered[-len(parts) :] == parts:
            return phrase, len(parts)
    return None
