"""Outlet names learned across the store.

An article's own text often names its outlet only by a credit ("(HW)") or an e-mail domain
("@coastlinedaily.example"). Where other articles carry the outlet's name in their input
metadata (a feed title, a JSONL ``source``, an HTML site name) together with the same credit
or domain, that name is used for all of them, so one outlet is counted as one source.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from storyline.model import Article

# Debris that page metadata puts around a site name: copyright marks and years, contact
# details, "all rights reserved"; and section names that stand beside it ("News | Site").
_COPYRIGHT = re.compile(r"©|\(c\)|\bcopyright\b|\ball rights reserved\.?", re.IGNORECASE)
_YEARS = re.compile(r"\b(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)?\d{2,4})?\b")
_CONTACT = re.compile(
    r"(?:\b(?:tel|phone|fax|tél|telefon)\b\.?:?\s*)?\+?\d[\d\s()./-]{6,}\d"
    r"|\b(?:tel|phone|fax)\b\.?.*$|[\w.+-]+@[\w-]+\.[\w.]+",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s+[|–—·•:]\s+|\s+-\s+")
_SECTION_WORDS = frozenset(
    [
        "home",
        "homepage",
        "news",
        "latest",
        "world",
        "politics",
        "business",
        "opinion",
        "startseite",
        "nachrichten",
    ]
)
MAX_OUTLET_NAME = 60


def clean_outlet_name(raw: str | None) -> str | None:
    """The outlet name in a site-name field, without copyright, contact or date debris.

    "&amp;copy; 2016 aryanews.com" is "aryanews.com"; "1999-2005 Factoría Creativa. Tel. +34
    91 555 55 55" is "Factoría Creativa"; "News | The Harbor Wire" is "The Harbor Wire". None
    when nothing name-like is left. The raw value stays in the article's outlet clues."""
    if not raw:
        return None
    text = html.unescape(html.unescape(raw))
    text = _CONTACT.sub(" ", _YEARS.sub(" ", _COPYRIGHT.sub(" ", text)))
    for part in _SEPARATOR.split(text):
        name = " ".join(part.split()).strip(" .,;:-–—|…")
        if name.casefold() in _SECTION_WORDS or not re.search(r"[^\W\d_]{2}", name):
            continue
        return name if len(name) <= MAX_OUTLET_NAME else None
    return None


def _keys(clues: Mapping[str, Any]) -> list[str]:
    return [f"{kind}:{clues[kind].lower()}" for kind in ("domain", "credit") if clues.get(kind)]


@lru_cache(maxsize=1 << 14)  # a store has few outlet names and credits, asked about often
def squashed(name: str) -> str:
    """A name as a credit or domain is compared: lower case, letters and digits only, a
    leading "the" dropped ("The Harbor Wire" -> "harborwire")."""
    return re.sub(r"[^a-z0-9]", "", re.sub(r"^the\s+", "", name.lower()))


@lru_cache(maxsize=1 << 14)
def credit_forms(name: str) -> tuple[str, str]:
    """What a one-word credit of the outlet ``name`` squashes to: the name itself or its
    initials ("Harbor Wire": "harborwire", "hw")."""
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z]+", name) if word[0].isupper())
    return squashed(name), initials.lower()


def names_match(key: str, name: str) -> bool:
    """Whether a credit or domain plausibly stands for the outlet name.

    "credit:hw" matches "Harbor Wire" (initials), "domain:meridianpost.example" matches "The
    Meridian Post". A wire credit in another outlet's story ("(HW)" in Coastline Daily) does not
    match that outlet, so it never teaches a wrong name.
    """
    kind, value = key.split(":", 1)
    if kind == "domain":
        label, whole = squashed(value.split(".")[0]), squashed(name)
        return bool(label) and (label in whole or whole in label)
    return squashed(value) in credit_forms(name)


def learn_outlet_names(
    articles: Sequence[Article], clues: Mapping[str, Mapping[str, Any]]
) -> dict[str, str]:
    """Credit or domain key -> the outlet name the input metadata gives for it (if unanimous)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        outlet = clues.get(article.id, {})
        if outlet.get("given"):
            for key in _keys(outlet):
                if names_match(key, outlet["given"]):
                    votes[key][outlet["given"]] += 1
    return {key: next(iter(names)) for key, names in votes.items() if len(names) == 1}


def resolve_outlets(
    articles: Sequence[Article], clues: Mapping[str, Mapping[str, Any]]
) -> dict[str, str]:
    """Article id -> learned outlet name, for articles whose input did not name the outlet."""
    names = learn_outlet_names(articles, clues)
    resolved = {}
    for article in articles:
        outlet = clues.get(article.id, {})
        if outlet.get("given"):
            continue
        learned = next((names[k] for k in _keys(outlet) if k in names), None)
        if learned and learned != article.outlet:
            resolved[article.id] = learned
    return resolved
