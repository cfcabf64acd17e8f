"""Every quantity in a parsed sentence: its value (or range) and its normalized unit.

A quantity is a number with what it is measured or counted in: a sign or code before it
(``$3 million``, ``HK$5``, ``EUR 40``), a unit after it (``12 km``, ``40 per cent``,
``30 mph``, ``275 pounds`` read as weight or money by the words around it), or the noun it
counts (``3 million users`` -> ``user``); a bare number keeps the unit ``-``. Ranges
(``between 5 and 7 percent``, ``$1-1.5 billion``, ``10 to 12 miles``, ``three or four
years``) keep both ends; a change ``from $36,040 at noon to $34,935`` is read as one range
that keeps its two figures in ``ends`` (claims take each figure on its own).

Not quantities: years and dates, clock times, ordinals, ids, and the numbers in names of
products, models and missions (``Pixel 2``, ``Boeing 737``, ``Chang'e 4``, ``COVID-19``,
``F-35``): a number glued by a hyphen to a capitalised word, or following a proper name,
unless a unit or a currency is written with it (``Tylenol 500mg``, ``MacBook Pro 16 inch``);
a whole number before a singular proper noun (``358 El Brillo Way``, ``11 Pro Max``); a
number word inside a title-cased name, a currency word in it or not (``Million Dollar
Mermaid``, ``Ocean's Eleven``; see ``is_titled_number``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from storyline.nlp.claims.naming import (
    is_apposed_age,
    is_date_or_time,
    is_name_number,
    is_period,
    is_quoted_term,
    is_singular_name,
    is_street_block,
    is_titled_number,
    names_a_thing,
)
from storyline.nlp.claims.numbers import approximation_before, is_number_word
from storyline.nlp.claims.units import (
    CURRENCY_WORDS,
    DOLLAR_NATIONS,
    POUND_WORDS,
    currency_of_sign,
    is_currency,
    pound_unit,
    unit_of_surface,
)
from storyline.nlp.docview import view_of
from storyline.nlp.numbers import SCALES, parse_number

SHORT_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}
RANGE_WORDS = frozenset({"to", "-", "–", "and", "through", "or"})
_NUMBER = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[+-]?\d*\.?\d+$")
_GLUED_SCALE = re.compile(r"^(-?\d+(?:\.\d+)?)(k|m|mn|bn|b|tn)$", re.I)
_FRACTION = re.compile(r"^(\d+)([/⁄])(\d+)$")
MAX_FRACTION_BASE = 1000
# the denominators a slash fraction is written with ("3/4", "1/16 inch"); "9/11", "3/11" and
# "11/12" are days, "24/7" a saying
SLASH_DENOMINATORS = frozenset({*range(2, 11), 16})
_GLUED_MONEY = re.compile(r"^([A-Za-z][A-Za-z$=]{0,3}|Y=)(-?\d[\d,]*(?:\.\d+)?)(k|m|mn|bn|b|tn)?$")
_DIGIT = re.compile(r"\d")
_SHORT_DIGITS = re.compile(r"^\d{1,3}$")
_THOUSANDS_GROUP = re.compile(r"^\d{3}$")
# words after which "6. 1" (a tokenizer's spaced decimal) is a decimal: a magnitude or a scale
SPACED_DECIMAL_WORDS = frozenset({"magnitude", "richter", "percent", "%", "per"})
# "45g", "32m2", "25.5″", "12C." (the full stop of a sentence glued on)
_GLUED_UNIT = re.compile(r"^~?(\d+(?:\.\d+)?)([a-zA-Z°µ″′]+(?:-[a-zA-Z]+)?[23²³]?)\.?$")
# short units that are words or letters too: counted only when glued to the number
AMBIGUOUS_UNITS = frozenset(
    [
        "m",
        "g",
        "l",
        "s",
        "p",
        "b",
        "c",
        "f",
        "w",
        "in",
        "in.",
        "ha",
        "mi",
        "am",
        "pm",
        "point",
        "points",
        "real",
        "second",
    ]
)
TIME_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "second"})
# "dozens of people" spans 12 to 120, "millions of" 1e6 to 1e7: NewsQuant's reading
VAGUE_RANGES = {
    "dozens": (12.0, 120.0), "hundreds": (100.0, 1e3), "thousands": (1e3, 1e4),
    "millions": (1e6, 1e7), "billions": (1e9, 1e10),
}  # fmt: skip
VAGUE_HEADS = {"tens": 10.0, "hundreds": 100.0}
MODIFIER_POS = frozenset({"ADJ", "NOUN", "PROPN", "VERB"})
MAX_UNIT_WORDS = 3
MAX_CHANGE_GAP = 5  # words between "from X" and "to Y": "at 10.45pm last night"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity of the text: token range, value or range of values, unit as written and
    normalized (``-`` for a bare number), the hedge before it and the tokens that say it."""

    start: int  # first token of the phrase: the hedge or currency sign, else the number
    end: int  # one past the last token: the unit or counted noun when it follows
    value: float
    range: tuple[float, float] | None
    unit: str | None
    normalized_unit: str
    approximation: str | None = None  # "at least", "about"; a vague plural: "hundreds"
    number: tuple[int, int] = (0, 0)  # the tokens of the number (of both ends of a range)
    head: int | None = None  # the unit's or counted noun's token, where what it measures hangs
    # a change written "from X ... to Y" is read as the range X-Y; its two figures as read
    # alone (claims keep them apart: each end is a figure of its own time)
    ends: tuple[Quantity, Quantity] | None = None


def _number_at(doc: Doc, i: int) -> tuple[float, int] | None:
    """The number starting at token ``i`` and the index after it, scale words included."""
    token = doc[i]
    money = _GLUED_MONEY.match(token.text)
    if money and _glued_currency(doc, i) is not None:  # "USD10m", "RM23.50", "Y=590 billion"
        return _scaled(doc, float(money[2].replace(",", "")) * _short_scale(money[3]), i + 1)
    if token.lower_.startswith("minus-") and _NUMBER.match(token.text[6:]):  # "minus-130"
        return -float(token.text[6:].replace(",", "")), i + 1
    if token.text.startswith("~") and _NUMBER.match(token.text[1:]):  # "~25": about 25
        return float(token.text[1:].replace(",", "")), i + 1
    glued = _GLUED_SCALE.match(token.text)
    if glued:  # "3bn", "1.5m"
        return float(glued[1]) * SHORT_SCALES[glued[2].casefold()], i + 1
    glued_unit = _GLUED_UNIT.match(token.text)
    if glued_unit and glued_unit[2] == "s" and 1800 <= float(glued_unit[1]) <= 2100:
        return None  # "2018s best performing sector", "1990s": a year, not seconds
    if glued_unit and unit_of_surface(glued_unit[2]) is not None:
        return float(glued_unit[1]), i + 1
    fraction = _FRACTION.match(token.text)
    if fraction and _is_fraction(int(fraction[1]), int(fraction[3]), fraction[2]):
        return int(fraction[1]) / int(fraction[3]), i + 1
    if not (_NUMBER.match(token.text) or is_number_word(token.text)):
        return None
    spaced = _spaced_digits(doc, i)
    first = [spaced[0]] if spaced else []
    end = after = spaced[1] if spaced else i
    while end < len(doc) and (is_number_word(doc[end].text) or _NUMBER.match(doc[end].text)):
        if (end > i or spaced) and any(ch.isdigit() for ch in doc[end].text):
            break  # "5 6" are two numbers
        end += 1
    words = first + [t.text.lstrip("+") for t in doc[after:end]]
    value = parse_number(words) if not words[0].startswith("-") else None
    if value is None and len(words) == 1 and _NUMBER.match(words[0]):
        value = float(words[0].replace(",", ""))
    if value is None:
        return None
    scale = doc[end].lower_.rstrip(".") if end < len(doc) else ""  # "$5.4 m." ends a sentence
    scaled = scale in SHORT_SCALES and not doc[i].is_alpha
    if scaled and (scale not in {"m", "b"} or doc[end - 1].whitespace_ == ""):
        value, end = value * SHORT_SCALES[scale], end + 1
    return value, end


def _short_scale(suffix: str | None) -> float:
    return SHORT_SCALES[suffix.casefold()] if suffix else 1.0


def _scaled(doc: Doc, value: float, end: int) -> tuple[float, int]:
    """A value and the scale written after it: ``billion``, or ``m`` / ``m.`` glued to it."""
    if end >= len(doc):
        return value, end
    word = doc[end].lower_
    if word in SCALES and SCALES[word] >= 1e3:
        return value * SCALES[word], end + 1
    if word.rstrip(".") in SHORT_SCALES and not doc[end - 1].whitespace_:
        return value * SHORT_SCALES[word.rstrip(".")], end + 1
    return value, end


def _glued_currency(doc: Doc, i: int) -> str | None:
    """The currency of a code glued to a number: ``USD10m``, ``PS2.7m`` (a mangled ``£``),
    ``$`` ``US55,931,000`` (``$US``), ``$`` ``A82,615,680`` (``$A``); None if none."""
    money = _GLUED_MONEY.match(doc[i].text)
    if money is None:
        return None
    prefix = money[1].casefold()
    if i > 0 and doc[i - 1].text == "$" and not doc[i - 1].whitespace_:
        prefix = "$" + prefix
    return currency_of_sign(prefix)


def _spaced_digits(doc: Doc, i: int) -> tuple[str, int] | None:
    """A number that a tokenizer wrote with a space after its separator, joined: ``1, 000``
    -> ``1,000``; ``6. 1 magnitude``, ``$2. 6 million`` -> ``6.1``, ``2.6``; and the index
    after it. None when the digits are not one number.

    A comma joins a group of exactly three digits (``1, 000, 000``). A point is a decimal
    point only when a scale, a unit or a currency follows the second group: ``in 2006. 1
    person died`` is two sentences, and the tagger did not start a sentence at the digit.
    """
    if not _SHORT_DIGITS.match(doc[i].text) or doc[i].whitespace_:
        return None
    text, end = doc[i].text, i + 1
    while end + 1 < len(doc) and doc[end].text == "," and doc[end].whitespace_:
        group = doc[end + 1]
        if not _THOUSANDS_GROUP.match(group.text) or _continues_as_list(doc, end + 2):
            break
        text, end = f"{text},{group.text}", end + 2
    if end == i + 1 and end + 1 < len(doc) and doc[end].text == "." and doc[end].whitespace_:
        fraction = doc[end + 1]
        decimal = _SHORT_DIGITS.match(fraction.text) and not fraction.is_sent_start
        if decimal and _measure_word_at(doc, end + 2):
            text, end = f"{text}.{fraction.text}", end + 2
    return (text, end) if end > i + 1 else None


def _continues_as_list(doc: Doc, i: int) -> bool:
    """``100, 200 and 300``: a digit group followed by a conjunction ends a list."""
    return i < len(doc) and doc[i].lower_ in {"and", "or", "to", "-", "–"}


def _measure_word_at(doc: Doc, i: int) -> bool:
    """Whether a scale word, a unit or a currency is written at token ``i``: ``million``,
    ``magnitude``, ``percent``, ``dollars`` (also after a hyphen: ``1-magnitude``)."""
    if i < len(doc) and doc[i].text in {"-", "–"}:
        i += 1
    if i >= len(doc):
        return False
    word = doc[i].lower_
    return (
        word in SCALES
        or word in SPACED_DECIMAL_WORDS
        or word in CURRENCY_WORDS
        or word in POUND_WORDS
        or (unit_of_surface(word) is not None and word not in AMBIGUOUS_UNITS)
    )


def _has_unit(doc: Doc, start: int, end: int, context: set[str]) -> bool:
    """Whether a currency or a unit of measure is written with the number at ``start:end``:
    ``$2000``, ``Tylenol 500mg``, ``Sunday 5.5%``, ``MacBook Pro 16 inch``. Such a number is
    a quantity, not a year nor the number of a name (a counted noun does not count here:
    ``Pixel 2 users`` stays a name). Ambiguous unit words (``2019 points``) do not count."""
    if _currency_before(doc, start) is not None or _currency_after(doc, end, context):
        return True
    glued = _GLUED_UNIT.match(doc[end - 1].text)
    if glued and unit_of_surface(glued[2]) is not None:
        return glued[2] != "s"  # "Model 3s", "Channel 5s": a plural or possessive
    unit = _unit_after(doc, end)
    return unit is not None and unit[0] not in AMBIGUOUS_UNITS and unit[1] not in TIME_UNITS


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
        if size == 1 and surface.endswith("-") and len(surface) > 2:
            surface = surface[:-1]  # "287 miles- and": a dash glued to the unit
        glued = size == 1 and not doc[i - 1].whitespace_
        normalized = _glued_unit(doc[i].text) if glued else unit_of_surface(surface)  # "5G"
        tail = doc[i + size - 1]  # a unit token that carries the sentence's full stop
        last = tail.text.endswith(".") and len(tail.text) > 1 and tail.i + 1 == tail.sent.end
        if normalized in {None, "-"} and last:
            normalized = unit_of_surface(surface[:-1])  # "per sq m.", "~45g." end a sentence
        if normalized not in {None, "-"} and _plausible_unit(doc, i, size, surface):
            return surface, normalized, i + size
    return None


def _plausible_unit(doc: Doc, i: int, size: int, surface: str) -> bool:
    """Ambiguous short units count only when glued to the number: "5m" yes, "5 in the"."""
    if surface == "nm" and doc[i].text == "nm":
        return False  # "Nm" is torque; "nm" alone is as likely a typo as nanometres
    if surface in {"point", "points"}:
        return True
    if surface == "second" and "." in doc[i - 1].text:
        return True  # "a 4.3 second dash": no ordinal has decimals
    return surface not in AMBIGUOUS_UNITS or not doc[i - 1].whitespace_


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
    nations = {"egyptian", "lebanese", "syrian", "sudanese"}
    if word in nations and i + 1 < len(doc) and doc[i + 1].lower_ in POUND_WORDS:
        return pound_unit(word, context), i + 2
    if word in CURRENCY_WORDS:
        return CURRENCY_WORDS[word], i + 1
    named = f"{word} {doc[i + 1].lower_}" if i + 1 < len(doc) else ""
    if named in CURRENCY_WORDS:  # "Danish crowns"
        return CURRENCY_WORDS[named], i + 2
    code = currency_of_sign(doc[i].text)
    # "110 JPY", "40 EUR", "1,200€"; "PS" after a number is horsepower (Pferdestärke): the
    # mangled "£" it also stands for is written before the number
    code_after = doc[i].text.isupper() and doc[i].lower_ != "ps"
    if code is not None and (code_after or not doc[i].text[:1].isalpha()):
        return code, i + 1
    return None


def _counted_noun(doc: Doc, start: int, end: int) -> Token | None:
    """The noun a number counts: its head when the head is a noun right after it."""
    for token in doc[start:end]:
        head = token.head
        counts = token.dep_ in {"nummod", "quantmod", "compound"} and head.i >= end
        if counts and head.pos_ in {"NOUN", "PROPN"} and head.i - end <= 3:
            return head
    if end < len(doc) and doc[end].pos_ == "NOUN" and doc[end].tag_ in {"NNS", "NN"}:
        return doc[end]
    if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[start].lower_ == "one":
        objects = [c for c in doc[end].children if c.dep_ == "pobj"]
        return objects[0] if objects else None  # "one of the best speakers"
    return None


def _noun_unit(doc: Doc, end: int, noun: Token) -> str:
    """The counted noun with the modifiers written between number and noun, as lemmas:
    ``14 first-team players`` -> ``first-team player``, ``two mosques`` -> ``mosque``.

    A noun that is a unit is that unit whatever describes it (``517 rushing yards`` ->
    ``yard``); a past participle tells what happened to the things, not what they are
    (``300 recorded songs`` -> ``song``); a plural name is counted in the singular
    (``1,307,000 Americans`` -> ``american``)."""
    unit = unit_of_surface(noun.text)
    if unit is not None and noun.i > end and noun.lower_ not in AMBIGUOUS_UNITS:
        return unit
    first = end if noun.i >= end else noun.i
    words = []
    for token in doc[first : noun.i + 1]:
        if token.text == "-":
            words.append("-")
        elif token.tag_ == "VBN" and token.i < noun.i:
            continue
        elif token.pos_ in MODIFIER_POS and token.lower_ not in {"of", "the"}:
            words.append(_singular(token))
    return " ".join(words).replace(" - ", "-").strip(" -") or noun.lemma_.casefold()


def _singular(token: Token) -> str:
    """The lemma, case-folded; a plural name the tagger left plural loses its ``s``."""
    lemma = token.lemma_.casefold()
    plural_name = token.tag_ == "NNPS" and lemma == token.lower_
    if plural_name and lemma.endswith("s") and not lemma.endswith("ss"):
        return lemma[:-1]
    return lemma


def _per_unit(doc: Doc, i: int, money: bool = False) -> tuple[str, int] | None:
    """``per barrel``, ``per square foot``, ``a month``: the denominator of a rate; after
    money, any unit (``$1,271.2 an ounce``)."""
    if i + 2 < len(doc) and doc[i].text == "-" and not doc[i - 1].whitespace_:
        i += 1  # "52,000 barrel-a-day"
    if i + 1 >= len(doc) or doc[i].lower_ not in {"per", "a", "an", "/"}:
        return None
    unit = _unit_after(doc, i + 1)
    after = doc[unit[2]].lower_ if unit is not None and unit[2] < len(doc) else ""
    if after in {"earlier", "ago", "later", "before", "after"}:
        return None  # "a year earlier" dates the figure, it is no rate
    rate_word = doc[i].lower_ in {"per", "/"} or money
    if unit is not None and (rate_word or unit[1] in TIME_UNITS):
        return unit[1], unit[2]
    if doc[i].lower_ == "per" and doc[i + 1].pos_ == "NOUN":
        return doc[i + 1].lemma_.casefold(), i + 2
    return None


def _currency_before(doc: Doc, start: int) -> tuple[str, int] | None:
    glued = _glued_currency(doc, start)
    if glued is not None:
        dollar_sign = start > 0 and doc[start - 1].text == "$" and not doc[start - 1].whitespace_
        return glued, start - 1 if dollar_sign else start
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
    vague = _vague_at(doc, i)
    if vague is not None:
        return vague
    number = _number_at(doc, i)
    if number is None:
        return None, i + 1
    value, end = number
    if is_titled_number(doc, i, end) or is_quoted_term(doc, i, end):
        return None, end  # "Million Dollar Mermaid", "Ocean's Eleven": a name; "zero day"
    measured = _has_unit(doc, i, end, context)
    if (
        is_date_or_time(doc, i, end, value, measured)
        or (not measured and is_name_number(doc, i, end))
        or is_street_block(doc, end)
    ):
        return None, end
    minus = i > 0 and doc[i - 1].text in {"-", "−"} and not doc[i - 1].whitespace_
    if (minus and (i < 2 or not doc[i - 2].like_num)) or (i > 0 and doc[i - 1].lower_ == "minus"):
        value = -value
    start = i
    low: float | None = None
    currency = _currency_before(doc, i)
    if currency is not None:
        start = currency[1]
    before = doc[start - 1].lower_ if start > 0 else ""
    # a range: "5 to 7", "5-7", "between 5 and 7", "three or four years"; after "by" and
    # "or" only with close ends: "rose by 50 to 7,000" is a change, "one or 20" two figures,
    # "dropped by 1 to 1.5 degrees" a range
    if end + 1 < len(doc) and doc[end].lower_ in RANGE_WORDS:
        joined = doc[end].lower_ != "and" or before == "between"
        following = _range_end(doc, end + 1)
        if following is not None and (doc[end].lower_ == "or" or before == "by"):
            joined = value < following[0] <= 2 * value
        if joined and following is not None:
            scale = _scale_in(doc, end + 1, following[1])
            if scale > 1 and _scale_in(doc, i, end) == 1 and value * scale <= following[0]:
                value *= scale  # "$89 to $93 billion": the scale of the high end is the low's
            low, (value, end) = value, following
    unit_surface, normalized, head = _unit_of(doc, i, end, currency, context)
    if low is not None and normalized == "-" and is_period(doc, i, end, value):
        return None, end  # "between 1600 and 1900": years
    if normalized == "-" and end < len(doc) and names_a_thing(doc[end]):
        return None, end  # "787 Dreamliner", "11 Pro": a model name
    counted = head is not None and head >= end and unit_of_surface(unit_surface or "") is None
    named = counted and head is not None and is_singular_name(doc[head])
    if named and doc[i].is_digit and value != 1:
        return None, end  # "358 El Brillo Way", "11 Pro Max": many of one name is a name
    if normalized == "-" and doc[i].lower_ == "one":
        return None, end  # "one" alone is a pronoun more often than a count
    unit_end = _unit_end(doc, end, unit_surface, currency)
    if normalized in TIME_UNITS and _is_modifier(doc, end, unit_end):
        return None, unit_end  # "a five-year award", "a 30-day plan": a type, not a quantity
    per = _per_unit(doc, unit_end, is_currency(normalized)) if normalized != "-" else None
    if per is not None:
        normalized, unit_end = f"{normalized} per {per[0]}", per[1]
    elif is_currency(normalized):  # "9 billion shekels ($2.4 billion) a year": the rate
        aside = _after_parenthesis(doc, unit_end)  # follows the conversion; the conversion
        per = _per_unit(doc, aside, money=True) if aside is not None else None  # is read
        normalized = f"{normalized} per {per[0]}" if per is not None else normalized  # apart
    value_range = (low, value) if low is not None else None
    hedge = approximation_before([t.text for t in doc[max(0, start - 3) : start]])
    if hedge is not None:
        start -= hedge[1]
    phrase_end = max(end, unit_end)
    return Quantity(
        start,
        phrase_end,
        value,
        value_range,
        unit_surface,
        normalized,
        hedge[0] if hedge else None,
        (i, end),
        head,
    ), phrase_end


def _unit_of(
    doc: Doc, i: int, end: int, currency: tuple[str, int] | None, context: set[str]
) -> tuple[str | None, str, int | None]:
    """The unit of the number at ``i:end`` as written and normalized (``-`` for none), and
    the token of the unit word or counted noun after the number (None for a sign before it)."""
    if currency is not None:
        return doc[currency[1]].text, currency[0], None
    glued = _GLUED_UNIT.match(doc[end - 1].text)
    if glued and unit_of_surface(glued[2]) is not None:
        return glued[2], _glued_unit(glued[2]), end - 1
    unit = _unit_after(doc, end)
    found = _currency_after(doc, end, context)
    if found is not None and (unit is None or unit[2] <= found[1]):  # "pound-feet": the
        return doc[found[1] - 1].text, found[0], found[1] - 1  # longer reading wins
    if unit is not None:
        return unit[0], unit[1], unit[2] - 1
    noun = _counted_noun(doc, i, end)
    if noun is not None:
        return noun.text, _noun_unit(doc, end, noun), noun.i
    if is_apposed_age(doc, i, end):
        return None, "year of age", None
    part_of = _fraction_of(doc, i, end)
    if part_of is not None:
        return part_of.text, unit_of_surface(part_of.text) or "-", part_of.i
    return None, "-", None


def _is_fraction(numerator: int, denominator: int, slash: str) -> bool:
    """Whether a slashed pair is a fraction: a proper one over a denominator fractions are
    written with, or any proper one written with the fraction slash "⁄" ("1⁄128"), which
    writes nothing else."""
    if slash == "⁄":
        return 0 < denominator <= MAX_FRACTION_BASE and numerator < denominator
    return denominator in SLASH_DENOMINATORS and numerator < denominator


def _fraction_of(doc: Doc, start: int, end: int) -> Token | None:
    """``1/16 of a US pint``: the unit a fraction is a part of (None when no unit)."""
    if end >= len(doc) or doc[end].lower_ != "of" or not _FRACTION.match(doc[start].text):
        return None
    whole = next((c for c in doc[end].children if c.dep_ == "pobj"), None)
    return whole if whole is not None and unit_of_surface(whole.text) is not None else None


def _glued_unit(surface: str) -> str:
    if surface == "G":
        return "generation wireless"  # "5G": the network generation
    return unit_of_surface(surface) or "-"


def _unit_end(doc: Doc, end: int, surface: str | None, currency: tuple[str, int] | None) -> int:
    """The index after the unit words that follow the number (the number's end if none)."""
    if surface is None or currency is not None or _GLUED_UNIT.match(doc[end - 1].text):
        return end
    i = end + 1 if end < len(doc) and doc[end].text in {"-", "–"} else end
    for size in range(MAX_UNIT_WORDS, 0, -1):
        words = doc[i : i + size]
        if len(words) == size and re.sub(r"\s*-\s*", "-", words.text.casefold()) == surface:
            return i + size
    return end


def _after_parenthesis(doc: Doc, i: int) -> int | None:
    """The index after a short parenthesis opening at ``i`` (``($2.4 billion)``), else None."""
    if i >= len(doc) or doc[i].text != "(":
        return None
    for j in range(i + 1, min(i + 8, len(doc))):
        if doc[j].text == ")":
            return j + 1
    return None


def _is_modifier(doc: Doc, end: int, unit_end: int) -> bool:
    hyphenated = end < len(doc) and doc[end].text in {"-", "–"} and not doc[end - 1].whitespace_
    following = doc[unit_end] if unit_end < len(doc) else None
    return hyphenated and following is not None and following.lower_ != "old"


def _vague_at(doc: Doc, i: int) -> tuple[Quantity | None, int] | None:
    """``dozens of people``, ``tens of millions of dollars``: a range of ten times."""
    word = doc[i].lower_
    span: tuple[float, float] | None = None
    after = i + 1
    inner = VAGUE_RANGES.get(doc[i + 2].lower_) if i + 2 < len(doc) else None
    if word in VAGUE_HEADS and inner is not None and doc[i + 1].lower_ == "of":
        scale = VAGUE_HEADS[word]  # "tens of millions of": ten times the inner range
        span, after = (inner[0] * scale, inner[1] * scale), i + 3
    elif word in VAGUE_RANGES:  # "hundreds of miles" too: "hundreds" heads and is vague
        span = VAGUE_RANGES[word]
    if span is None or after + 1 >= len(doc) or doc[after].lower_ != "of":
        return None
    # the noun after "of": a relative pronoun before it can be the parse's first object too
    # ("candidates whom millions of people ...")
    counted = next((c for c in doc[after].children if c.dep_ == "pobj" and c.i > after), None)
    if counted is None:
        return None
    currency = CURRENCY_WORDS.get(counted.lower_)
    unit = currency or counted.lemma_.casefold()
    if counted.lower_ in {"people", "persons"}:
        unit = "people"
    hedge = doc[i:after].text.casefold()
    found = Quantity(
        i, counted.i + 1, span[1], span, counted.text, unit, hedge, (i, after), counted.i
    )
    return found, counted.i + 1


def _scale_in(doc: Doc, start: int, end: int) -> float:
    """The largest scale written in ``doc[start:end]`` (``billion``, ``3bn``), else 1."""
    scales = [SCALES.get(t.lower_, 1.0) for t in doc[start:end]]
    glued = [_GLUED_SCALE.match(t.text) for t in doc[start:end]]
    scales += [SHORT_SCALES[g[2].casefold()] for g in glued if g]
    return max([s for s in scales if s >= 1e3], default=1.0)


def _range_end(doc: Doc, i: int) -> tuple[float, int] | None:
    if i >= len(doc) or currency_of_sign(doc[i].text) is not None:
        i += 1
    return _number_at(doc, i) if i < len(doc) else None


def _may_start(lower: str, text: str) -> bool:
    """Whether ``_read`` can find a quantity at a token (its ``lower_`` and ``text``): a vague
    plural (``hundreds``), a number word or a token with a digit (every other reading needs
    one). ``_read`` answers (None, the next token) for any other token, so a pass reads only
    these."""
    return lower in VAGUE_RANGES or lower in VAGUE_HEADS or _is_number_like(text)


@lru_cache(maxsize=1 << 16)
def _is_number_like(text: str) -> bool:
    """A word with a digit, or a number word: read once per word, not once per token."""
    return _DIGIT.search(text) is not None or is_number_word(text)


def find_quantities(doc: Doc) -> list[Quantity]:
    """The quantities of a parsed text, in text order."""
    found: list[Quantity] = []
    view = view_of(doc)
    lowers, lemmas = view.lowers, view.lemmas
    words = zip(lowers, view.words, strict=True)
    starts = [i for i, (lower, text) in enumerate(words) if _may_start(lower, text)]
    for sentence in doc.sents:
        context: set[str] | None = None  # the sentence's words, read once it has a number
        i = sentence.start
        while True:
            next_start = bisect_left(starts, i)
            if next_start == len(starts) or starts[next_start] >= sentence.end:
                break
            i = starts[next_start]
            if context is None:
                context = {*lowers[sentence.start : sentence.end]}
                context |= {lemma.casefold() for lemma in lemmas[sentence.start : sentence.end]}
            quantity, after = _read(doc, i, context)
            i = max(after, i + 1)  # always forward, whatever a reader answers
            if quantity is None:
                continue
            if found and _range_of_two(doc, found[-1], quantity):
                quantity = _joined(found.pop(), quantity)
            elif found and _change_of_two(doc, found[-1], quantity):
                quantity = _change(found.pop(), quantity)
            found.append(quantity)
    return found


def _change_of_two(doc: Doc, low: Quantity, high: Quantity) -> bool:
    """``from $36,040 at 10.45pm to $34,935``, ``from 20 miles per gallon in 2008 to 29 mpg``,
    ``from 21 mpg combined to 23``: two figures of one unit (or the second bare) after
    ``from`` and ``to``, with a few words between them and no clause break."""
    if low.range or high.range or low.start == 0 or high.start == 0:
        return False
    if doc[low.start - 1].lower_ != "from" or doc[high.start - 1].lower_ != "to":
        return False
    between = doc[low.end : high.start - 1]
    if len(between) > MAX_CHANGE_GAP or any(t.text in {";", ":", "(", ")"} for t in between):
        return False
    verbs = [t for t in between if t.pos_ in {"VERB", "AUX"} and t.tag_ != "VBN"]  # "combined"
    if verbs or any(t.lower_ in {"and", "but", "while"} for t in between):
        return False
    return high.normalized_unit in {low.normalized_unit, "-"} and low.normalized_unit != "-"


def _change(low: Quantity, high: Quantity) -> Quantity:
    joined = _joined(low, high)
    unit = high.unit if high.normalized_unit != "-" else low.unit
    return Quantity(
        joined.start,
        joined.end,
        joined.value,
        joined.range,
        unit,
        low.normalized_unit,
        joined.approximation,
        joined.number,
        high.head if high.head is not None else low.head,
        (low, high),
    )


def _range_of_two(doc: Doc, low: Quantity, high: Quantity) -> bool:
    """``1 per cent to 1.5 per cent``, ``between 5% and 6%``, ``$3 billion to $5 billion``:
    two quantities of one unit joined by a range word are one range. Not after ``by``,
    ``from`` or a verb: ``rose 5% to 7%`` tells a change."""
    if low.range or high.range or low.normalized_unit in {"-", ""}:
        return False
    if low.normalized_unit != high.normalized_unit or high.start != low.end + 1:
        return False
    joint = doc[low.end].lower_
    before = doc[low.start - 1] if low.start > 0 else None
    if before is not None and (before.lower_ in {"by", "from"} or before.pos_ in {"VERB", "AUX"}):
        return False
    between = before is not None and before.lower_ == "between"
    return joint in {"to", "-", "–"} or (joint == "and" and between)


def _joined(low: Quantity, high: Quantity) -> Quantity:
    return Quantity(
        low.start,
        high.end,
        high.value,
        (low.value, high.value),
        high.unit,
        high.normalized_unit,
        low.approximation,
        (low.number[0], high.number[1]),
        high.head,
    )
