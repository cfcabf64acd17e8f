"""Numbers that name, date or age something rather than measure it.

``Pixel 2``, ``Boeing 737``, ``Chang'e 4``, ``COVID-19``, ``358 El Brillo Way``, ``the 400
block of East 15th Avenue`` name things, and
so does a number word in a title-cased name (``Million Dollar Mermaid``, ``Ocean's Eleven``);
``2019``, ``March 3``, ``10:45``, ``between 1600 and 1900`` date them; ``Maddon, 66,`` gives
an age. The quantity reader asks these questions of each number it reads. Pure functions
over a parsed doc.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from storyline.nlp.claims.units import CURRENCY_WORDS, currency_of_sign, unit_of_surface

MAX_AGE = 120
MONTH_WORDS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "jan.",
        "feb",
        "feb.",
        "mar",
        "mar.",
        "apr",
        "apr.",
        "jun",
        "jun.",
        "jul",
        "jul.",
        "aug",
        "aug.",
        "sep",
        "sep.",
        "sept",
        "sept.",
        "oct",
        "oct.",
        "nov",
        "nov.",
        "dec",
        "dec.",
    ]
)

CLOCK_WORDS = frozenset(
    [
        "a.m.",
        "p.m.",
        "am",
        "pm",
        "a.m",
        "p.m",
        "gmt",
        "utc",
        "et",
        "edt",
        "est",
        "bst",
        "cet",
        "o'clock",
    ]
)


def is_name_number(doc: Doc, start: int, end: int) -> bool:
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
    return (
        named
        and before.ent_type_ not in {"MONEY", "QUANTITY", "PERCENT", "CARDINAL"}
        and (before.lower_ not in MONTH_WORDS and currency_of_sign(before.text) is None)
    )


QUOTE_MARKS = frozenset({'"', "“", "”", "'", "‘", "’", "``", "''", "«", "»"})
POSSESSIVES = frozenset({"'s", "’s"})
HEADLINE_SHARE = 0.6  # a sentence whose long words are this much title-cased is a headline
LONG_WORD = 4  # "In", "And", "Of" are capitalised by headlines and titles alike: not counted


def _title_word(token: Token) -> bool:
    return token.is_alpha and token.text[:1].isupper()


def is_titled_number(doc: Doc, start: int, end: int) -> bool:
    """``Million Dollar Mermaid``, ``Ocean's Eleven``: a number written as capitalised words
    inside a run of title-cased words is part of a name (a film, a book, a band), not an
    amount, even with a currency word in the name.

    The run must hold another title-cased word. It counts when quotation marks enclose it
    exactly (a quoted title, in a headline too), or, unquoted, when it does not open its
    sentence and the sentence is no title-cased headline (``Quake Kills Seven In Iran``
    capitalises its count)."""
    if not all(_title_word(t) for t in doc[start:end]):
        return False
    left, right = start, end
    while left > 0 and (_title_word(doc[left - 1]) or doc[left - 1].text in POSSESSIVES):
        left -= 1
    while right < len(doc) and (_title_word(doc[right]) or doc[right].text in POSSESSIVES):
        right += 1
    if sum(_title_word(t) for t in doc[left:right]) < 2:
        return False
    after = right + 1 if right < len(doc) and doc[right].text in {",", "."} else right
    opened = left > 0 and doc[left - 1].text in QUOTE_MARKS
    if opened and after < len(doc) and doc[after].text in QUOTE_MARKS:
        return True
    sentence = doc[left].sent
    if left == sentence.start:
        return False
    long_words = [t for t in sentence if t.is_alpha and len(t.text) >= LONG_WORD]
    titled = sum(_title_word(t) for t in long_words)
    return titled < HEADLINE_SHARE * len(long_words)


TERM_WORDS = 3  # a quoted passage of this many words or fewer is a term, not a quotation


def is_quoted_term(doc: Doc, start: int, end: int) -> bool:
    """``a " zero day " flaw``, ``the "one China" policy``: a number inside a quoted passage
    of at most ``TERM_WORDS`` words and no verb is part of a term, not an amount."""

    def word(token: Token) -> bool:
        return token.is_alpha or token.like_num or token.text == "-"

    opened = start - 1
    while opened >= 0 and start - opened <= TERM_WORDS and word(doc[opened]):
        opened -= 1
    closed = end
    while closed < len(doc) and closed - end < TERM_WORDS and word(doc[closed]):
        closed += 1
    if opened < 0 or closed >= len(doc):
        return False
    quoted = doc[opened].text in QUOTE_MARKS and doc[closed].text in QUOTE_MARKS
    words = [t for t in doc[opened + 1 : closed] if t.text != "-"]
    # "two people died" quoted is a short quotation, not a term: a term has no verb
    said = any(t.pos_ in {"VERB", "AUX"} for t in words)
    return quoted and 0 < len(words) <= TERM_WORDS and not said


def is_period(doc: Doc, start: int, end: int, high: float) -> bool:
    """``1600 and 1900``, ``1914-1918``: a range of four-digit numbers ending in a year."""
    ends = (doc[start].text, doc[end - 1].text)
    years = all(len(text) == 4 and text.isdigit() for text in ends)
    return years and 1800 <= high <= 2100


def is_date_or_time(doc: Doc, start: int, end: int, value: float, measured: bool) -> bool:
    """A year (unless ``measured``: a unit or currency is written with it, ``$2000``), a day
    of a month, a clock time or an ordinal."""
    token = doc[start]
    year_like = end - start == 1 and token.text.isdigit() and len(token.text) == 4
    year_like = year_like and not measured
    if year_like and 1800 <= value <= 2100:
        return True
    before = doc[start - 1].lower_ if start > 0 else ""
    after = doc[end].lower_ if end < len(doc) else ""
    if before in MONTH_WORDS or after in MONTH_WORDS or after in CLOCK_WORDS:
        return True
    if after == ":" or (before == ":" and not doc[start - 1].whitespace_):
        return True
    return bool(re.match(r"^\d+(?:st|nd|rd|th)$", token.lower_))


def is_apposed_age(doc: Doc, start: int, end: int) -> bool:
    """``Maddon, 66, has``: a whole number between commas right after a person's name."""
    if start < 2 or end >= len(doc) or end - start != 1 or not doc[start].is_digit:
        return False
    name = doc[start - 2]
    apposed = doc[start - 1].text == "," and doc[end].text == ","
    return apposed and name.pos_ == "PROPN" and 0 < int(doc[start].text) < MAX_AGE


def is_street_block(doc: Doc, end: int) -> bool:
    """``the 400 block of East 15th Avenue``: a US address (the number ends at ``end``)."""
    return (
        end + 2 < len(doc)
        and doc[end].lower_ == "block"
        and doc[end + 1].lower_ == "of"
        and (doc[end + 2].text[:1].isupper() or doc[end + 2].text[:1].isdigit())
    )


def is_singular_name(token: Token) -> bool:
    """A proper noun in the singular that is no unit, currency or people: ``Way``, ``Max``."""
    return (
        token.tag_ == "NNP"
        and token.ent_type_ not in {"NORP", "GPE"}
        and unit_of_surface(token.text) is None
        and currency_of_sign(token.text) is None
        and token.lower_ not in CURRENCY_WORDS
    )


def names_a_thing(token: Token) -> bool:
    """A capitalised name right after a number: ``787 Dreamliner``, ``11 Pro``."""
    return (
        token.pos_ == "PROPN"
        and token.text[:1].isupper()
        and token.ent_type_ not in {"NORP", "GPE", "DATE"}
        and unit_of_surface(token.text) is None
        and currency_of_sign(token.text) is None
    )
