"""Every quantity in a parsed sentence: its value (or range) and its normalized unit.

A quantity is a number with what it is measured or counted in: a sign or code before it
(``$3 million``, ``HK$5``, ``EUR 40``), a unit after it (``12 km``, ``40 per cent``,
``30 mph``, ``275 pounds`` read as weight or money by the words around it), or the noun it
counts (``3 million users`` -> ``user``); a bare number keeps the unit ``-``. Ranges
(``between 5 and 7 percent``, ``$1-1.5 billion``, ``10 to 12 miles``) keep both ends.

Not quantities: years and dates, clock times, ordinals, ids, and the numbers in names of
products, models and missions (``Pixel 2``, ``Boeing 737``, ``Chang'e 4``, ``COVID-19``,
``F-35``): a number glued by a hyphen to a capitalised word, or following a proper name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storyline.nlp.claims.numbers import is_number_word, parse_number
from storyline.nlp.claims.units import (
    CURRENCY_WORDS,
    DOLLAR_NATIONS,
    POUND_WORDS,
    currency_of_sign,
    pound_unit,
    unit_of_surface,
)

SHORT_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}
RANGE_WORDS = frozenset({"to", "-", "–", "and", "through"})
MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug. sep sep. sept sept. oct "
    "oct. nov nov. dec dec.".split()
)
CLOCK_WORDS = frozenset("a.m. p.m. am pm a.m p.m gmt utc et edt est bst cet o'clock".split())
_NUMBER = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[+-]?\d*\.?\d+$")
_GLUED_SCALE = re.compile(r"^(\d+(?:\.\d+)?)(k|m|mn|bn|b|tn)$", re.I)
_FRACTION = re.compile(r"^(\d+)/(\d+)$")
MAX_UNIT_WORDS = 3


@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity of the text: token range, value or range of values, unit as written and
    normalized (``-`` for a bare number)."""

    start: int
    end: int
    value: float
    range: tuple[float, float] | None
    unit: str | None
    normalized_unit: str


def _number_at(doc: Doc, i: int) -> tuple[float, int] | None:
    """The number starting at token ``i`` and the index after it, scale words included."""
    token = doc[i]
    glued = _GLUED_SCALE.match(token.text)
    if glued:  # "3bn", "1.5m"
        return float(glued[1]) * SHORT_SCALES[glued[2].casefold()], i + 1
    fraction = _FRACTION.match(token.text)
    if fraction and int(fraction[2]) != 0 and int(fraction[1]) < int(fraction[2]) <= 16:
        return int(fraction[1]) / int(fraction[2]), i + 1
    if not (_NUMBER.match(token.text) or is_number_word(token.text)):
        return None
    end = i
    while end < len(doc) and (is_number_word(doc[end].text) or _NUMBER.match(doc[end].text)):
        if end > i and _NUMBER.match(doc[end].text) and not is_number_word(doc[end].text):
            break  # "5 6" are two numbers
        end += 1
    words = [t.text.lstrip("+") for t in doc[i:end]]
    value = parse_number(words) if not words[0].startswith("-") else None
    if value is None and len(words) == 1 and _NUMBER.match(words[0]):
        value = float(words[0].replace(",", ""))
    if value is None:
        return None
    if end < len(doc) and doc[end].lower_ in SHORT_SCALES and not doc[i].is_alpha:
        if doc[end].lower_ not in {"m", "b"} or doc[end - 1].whitespace_ == "":
            value, end = value * SHORT_SCALES[doc[end].lower_], end + 1
    return value, end


def _is_name_number(doc: Doc, start: int, end: int) -> bool:
    """``Pixel 2``, ``Boeing 737``, ``Chang'e 4``, ``COVID-19``, ``F-35``: part of a name."""
    if start == 0:
        return False
    before = doc[start - 1]
    if before.text in {"-", "–"} and not before.whitespace_ and start > 1:
        word = doc[start - 2]
        return word.text[:1].isupper() and not doc[start - 2].whitespace_
    if before.text[-2:] == "-" or (before.text.endswith("-") and not before.whitespace_):
        return before.text[:1].isupper()
    named = before.pos_ == "PROPN" or (before.text[:1].isupper() and before.i > before.sent.start)
    return named and before.ent_type_ not in {"MONEY", "QUANTITY", "PERCENT", "CARDINAL"} and (
        before.lower_ not in MONTH_WORDS and currency_of_sign(before.text) is None
    )


def _is_date_or_time(doc: Doc, start: int, end: int, value: float) -> bool:
    token = doc[start]
    year_like = end - start == 1 and token.text.isdigit() and len(token.text) == 4
    if year_like and 1800 <= value <= 2100:
        return True
    before = doc[start - 1].lower_ if start > 0 else ""
    after = doc[end].lower_ if end < len(doc) else ""
    if before in MONTH_WORDS or after in MONTH_WORDS or after in CLOCK_WORDS:
        return True
    if after == ":" or (before == ":" and not doc[start - 1].whitespace_):
        return True
    return bool(re.match(r"^\d+(?:st|nd|rd|th)$", token.lower_))


def _unit_after(doc: Doc, i: int) -> tuple[str, str, int] | None:
    """The unit written at token ``i``: (surface, normalized, index after), longest first."""
    if i < len(doc) and doc[i].text in {"-", "–"} and not doc[i - 1].whitespace_:
        i += 1  # "33-year-old", "152-millimeter"
    for size in range(MAX_UNIT_WORDS, 0, -1):
        if i + size > len(doc):
            continue
        words = doc[i : i + size]
        surface = words.text.casefold()
        surface = re.sub(r"\s*-\s*", "-", surface)
        normalized = unit_of_surface(surface)
        if normalized is not None and _plausible_unit(doc, i, size, surface):
            return surface, normalized, i + size
    return None


def _plausible_unit(doc: Doc, i: int, size: int, surface: str) -> bool:
    """One-letter and ambiguous units count only when glued to the number or clearly a unit."""
    if len(surface) <= 2 and surface.isalpha() and surface not in {"km", "mm", "cm", "kg", "lb"}:
        return not doc[i - 1].whitespace_  # "5m" yes, "5 m" no ("5 in the morning")
    if surface in {"in.", "point", "points", "real", "second", "c", "f"}:
        return not doc[i - 1].whitespace_ or surface in {"point", "points"}
    return True


def _currency_after(doc: Doc, i: int, context: set[str]) -> tuple[str, int] | None:
    """``dollars``, ``Australian dollars``, ``yen``, ``pounds``: the currency and index after."""
    if i >= len(doc):
        return None
    word = doc[i].lower_
    if word in DOLLAR_NATIONS and i + 1 < len(doc) and doc[i + 1].lower_ in {"dollar", "dollars"}:
        return DOLLAR_NATIONS[word], i + 2
    if word in POUND_WORDS:
        nation = doc[i - 1].lower_ if i > 0 else ""
        return pound_unit(nation, context), i + 1
    if word in {"egyptian", "lebanese", "syrian", "sudanese"} and i + 1 < len(doc):
        if doc[i + 1].lower_ in POUND_WORDS:
            return pound_unit(word, context), i + 2
    if word in CURRENCY_WORDS:
        return CURRENCY_WORDS[word], i + 1
    return None


def _counted_noun(doc: Doc, start: int, end: int) -> Token | None:
    """The noun a number counts: its head when the head is a noun right after it."""
    for token in doc[start:end]:
        head = token.head
        if token.dep_ in {"nummod", "quantmod", "compound"} and head.i >= end:
            if head.pos_ in {"NOUN", "PROPN"} and head.i - end <= 3:
                return head
    if end < len(doc) and doc[end].pos_ == "NOUN" and doc[end].tag_ in {"NNS", "NN"}:
        return doc[end]
    return None


def _currency_before(doc: Doc, start: int) -> tuple[str, int] | None:
    if start == 0:
        return None
    sign = currency_of_sign(doc[start - 1].text)
    if sign is not None:
        if sign == "dollar" and start > 1:
            nation = doc[start - 2].lower_.rstrip("$")
            sign = DOLLAR_NATIONS.get(nation, sign)
        return sign, start - 1
    return None


def _read(doc: Doc, i: int, context: set[str]) -> tuple[Quantity | None, int]:
    """The quantity at token ``i`` (or None) and the index to continue from."""
    number = _number_at(doc, i)
    if number is None:
        return None, i + 1
    value, end = number
    if doc[i].is_alpha and end - i == 1 and doc[i].lower_ in {"one"}:
        return None, end  # "one of the", "no one": a pronoun more often than a count
    if _is_date_or_time(doc, i, end, value) or _is_name_number(doc, i, end):
        return None, end
    if i > 0 and doc[i - 1].text in {"-", "−"} and not doc[i - 1].whitespace_:
        if i < 2 or not doc[i - 2].like_num:
            value = -value
    start = i
    low: float | None = None
    currency = _currency_before(doc, i)
    if currency is not None:
        start = currency[1]
    # a range: "5 to 7", "5-7", "between 5 and 7"
    if end + 1 < len(doc) and doc[end].lower_ in RANGE_WORDS:
        joined = doc[end].lower_ != "and" or (start > 0 and doc[start - 1].lower_ == "between")
        following = _range_end(doc, end + 1)
        if joined and following is not None:
            low, (value, end) = value, following
    unit_surface, normalized = None, "-"
    if currency is not None:
        normalized = currency[0]
        unit_surface = doc[currency[1]].text
    else:
        found = _currency_after(doc, end, context)
        unit = _unit_after(doc, end) if found is None else None
        if found is not None:
            normalized, end = found
            unit_surface = doc[end - 1].text
        elif unit is not None:
            unit_surface, normalized, end = unit
        else:
            noun = _counted_noun(doc, i, end)
            if noun is not None:
                unit_surface, normalized = noun.text, noun.lemma_.casefold()
    value_range = (low, value) if low is not None else None
    return Quantity(start, end, value, value_range, unit_surface, normalized), end


def _range_end(doc: Doc, i: int) -> tuple[float, int] | None:
    if i >= len(doc) or currency_of_sign(doc[i].text) is not None:
        i += 1
    return _number_at(doc, i) if i < len(doc) else None


def find_quantities(doc: Doc) -> list[Quantity]:
    """The quantities of a parsed text, in text order."""
    found: list[Quantity] = []
    for sentence in doc.sents:
        context = {t.lower_ for t in sentence} | {t.lemma_.casefold() for t in sentence}
        i = sentence.start
        while i < sentence.end:
            quantity, i = _read(doc, i, context)
            if quantity is not None:
                found.append(quantity)
    return found
