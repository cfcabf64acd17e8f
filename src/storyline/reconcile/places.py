"""Another place: a figure whose sentence sets its happening in a country the story is not about.

``On Saturday, more than a dozen people were killed by a quake in eastern China`` in a report
of a quake in Iran: the dozen dead are another quake's. A sentence that places what it tells
``in`` a country (``in China``, ``in eastern China``) that nothing else in its story names (no
other sentence of its article, no other article; by name, demonym or capital, from the
country gazetteer) tells of another event, and its figures are background. A country the
story names elsewhere is the story's own ground (``in Iran`` in an Iran quake story), so the
rule only ever removes figures that the story gives no other reason to place there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from storyline.nlp.entities.countries import COUNTRIES, country_of, country_of_capital

# every name, demonym and capital of the gazetteer, longest first so "South Korea" wins
_NAMES = sorted(
    {n for country, (names, capitals) in COUNTRIES.items() for n in (country, *names, *capitals)},
    key=len,
    reverse=True,
)
_NAME = "(?:" + "|".join(re.escape(n) for n in _NAMES) + ")"
_ANY_NAME = re.compile(rf"\b{_NAME}\b")
_DIRECTION = "(?i:north|south|east|west|central|northern|southern|eastern|western)"
_AT = "(?:in|at|outside|near)"  # the words that set a happening in a place
# "in China", "in eastern China", "in south-west China": a happening placed in a country
_PLACED_IN = re.compile(
    rf"\bin\s+(?:{_DIRECTION}"
    r"(?:[\s-]*(?i:east|west|eastern|western))?\s+)?(?P<name>"
    + "|".join(re.escape(c) for c in sorted(COUNTRIES, key=len, reverse=True))
    + r")\b"
)


# "in Nairobi", "outside the U.S. embassy in the Tanzanian capital", "in northern Iraq", "In Dar
# es Salaam, she laid a wreath": where a sentence sets what it tells, by a country's name,
# demonym or capital
_SET_IN = re.compile(rf"\b(?i:{_AT})\s+(?:the\s+)?(?:{_DIRECTION}\s+)?(?P<name>{_NAME})\b")


def _country(name: str) -> str | None:
    return country_of(name) or country_of_capital(name)


@lru_cache(maxsize=4096)
def countries_named(text: str) -> frozenset[str]:
    """The countries a text names by name, demonym or capital."""
    return frozenset(c for m in _ANY_NAME.finditer(text) if (c := _country(m.group())))


@lru_cache(maxsize=4096)
def countries_set_in(sentence: str) -> frozenset[str]:
    """The countries a sentence sets what it tells in (``in Nairobi``: Kenya; ``in the
    Tanzanian capital``: Tanzania)."""
    return frozenset(c for m in _SET_IN.finditer(sentence) if (c := _country(m.group("name"))))


# where a figure itself is placed, right after it: "247 people in Kenya" (and 10 in
# Tanzania), "257 people in Nairobi and Dar es Salaam" (a total over two countries), "75
# people were killed in Nairobi"
_PLACED_AFTER = re.compile(
    rf"(?:\s+[a-z]+){{0,3}}?\s+{_AT}\s+(?:the\s+)?{_NAME}"
    rf"(?:\s*(?:,|and)\s+(?:in\s+)?(?:the\s+)?{_NAME})*\b"
)


def figure_countries(sentence: str, after: str) -> tuple[frozenset[str], bool]:
    """The countries a figure is placed in and whether the figure itself is: those named
    right after it (``after``: its sentence's words after it; True), else those its sentence
    sets what it tells in (False)."""
    if (placed := _PLACED_AFTER.match(after)) is not None:
        return countries_named(placed.group(0)), True
    return countries_set_in(sentence), False


def placed_apart(first: tuple[str, str], second: tuple[str, str]) -> bool:
    """Whether two figures (each its sentence and the words after it) are placed apart: in
    different countries (``the U.S. embassy in Nairobi`` and ``outside the U.S. embassy in
    the Tanzanian capital`` tell of two bombings), or one placed itself in more countries than
    the other is placed in (``257 people in Nairobi and Dar es Salaam`` is a total, ``247
    people in Kenya`` and ``killed 253 people`` at the embassy in Nairobi its part). A
    sentence's own places may name more than the figure's (``outside the U.S. embassy in
    Nairobi``), so only a figure's own places are held to be all of its ground."""
    (one, own), (other, others_own) = figure_countries(*first), figure_countries(*second)
    if not (one and other):
        return False
    if not one & other:
        return True
    if own and others_own:
        return one != other
    return (own and one > other) or (others_own and other > one)


def other_place(sentence: str, rest_of_article: str, other_articles: Iterable[str]) -> str | None:
    """The words placing ``sentence``'s happening in a country that neither the rest of its
    article nor any other article of the story names (``in eastern China``), or None."""
    placings = list(_PLACED_IN.finditer(sentence))
    if not placings:
        return None
    texts = tuple(other_articles)
    for placed in placings:
        country = _country(placed.group("name"))
        if country is None or country in countries_named(rest_of_article):
            continue
        if any(country in countries_named(text) for text in texts):
            continue
        return placed.group(0)
    return None
