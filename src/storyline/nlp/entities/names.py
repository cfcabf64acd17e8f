"""Name forms shared by mention finding and the entity registry.

``name_key`` is the form two names must share to be the same name (``Kim Jong-un`` and
``Kim Jong Un``); ``initials`` is what an acronym must spell (``Korean Central News Agency`` ->
``KCNA``); ``entity_id`` is the content hash of an entity's family and canonical name, so one
article and the whole store give the same id to the same name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from storyline.model import content_id

# NER labels whose mentions become entities, and the family each one merges within: GPE and LOC
# are confused by the tagger often enough ("North" as LOC) that they share one family.
FAMILIES: dict[str, str] = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "GPE",
    "NORP": "NORP",
    "FAC": "FAC",
}
# words an acronym skips: "International Institute for Strategic Studies" -> IISS
ACRONYM_SKIP = frozenset({"of", "for", "and", "the", "on", "in", "at", "to", "de", "&"})
_POSSESSIVE = re.compile(r"(?:'s|')$")
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,7}$")


def family(label: str | None) -> str:
    """The family a label merges within; unknown labels form their own."""
    return FAMILIES.get(label or "", label or "MISC")


# an article names its people and places again and again, and a store names them in many
# articles: the forms below (key, initials, id) are pure, so each name is worked out once
NAME_CACHE = 1 << 16


@lru_cache(maxsize=NAME_CACHE)
def name_key(name: str) -> str:
    """The comparable form of a name: case, hyphens, dots, 'the' and possessives ignored."""
    name = name.replace("’", "'").replace("‘", "'").strip().casefold()
    if name.startswith("the "):
        name = name[4:]
    name = _POSSESSIVE.sub("", name)
    name = name.replace(".", "").replace("-", " ").replace("'", "")
    return " ".join(name.split())


def is_acronym(name: str) -> bool:
    """Whether a name is written as an acronym: KCNA, U.N., KPA."""
    return bool(_ACRONYM.match(name.replace(" ", "")))


@lru_cache(maxsize=NAME_CACHE)
def initials(name: str) -> str:
    """The acronym a long name would have: the first letters of its significant words."""
    words = name.replace("’", "'").replace("-", " ").split()
    letters = [w[0] for w in words if w.casefold() not in ACRONYM_SKIP and w[0].isalpha()]
    return "".join(letters).upper() if len(letters) >= 2 else ""


def acronym_key(name: str) -> str:
    """An acronym without its dots: U.N. -> UN."""
    return name.replace(".", "").replace(" ", "").upper()


@lru_cache(maxsize=NAME_CACHE)
def entity_id(label: str | None, name: str) -> str:
    """The canonical id of the entity named ``name``: the same name gives the same id."""
    return content_id("entity", family(label), name_key(name))
