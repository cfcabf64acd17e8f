"""Numbers written in words or digits: the one reader shared by time expressions and claims.

``parse_number`` turns the words of a number into its value: digits with thousands separators
and decimals (``6,700``, ``1.5``), spelled numbers (``twenty-five``, ``a dozen``, ``a couple``),
scale words multiplying what precedes them (``3 million``, ``two hundred thousand``) and a
fraction after a whole number (``5 1/2``). Pure functions over words, no spaCy.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {
    "hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mn": 1e6, "mln": 1e6, "bn": 1e9, "tn": 1e12, "dozen": 12.0,
}  # fmt: skip
# words that stand for one or two only at the head of a number: "a dozen", "a couple"
LEADING_WORDS = {"a": 1, "an": 1, "single": 1, "couple": 2, "pair": 2}
DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_FRACTION = re.compile(r"^(\d)/(\d)$")


def _words_of(number: str | Sequence[str]) -> list[str]:
    if isinstance(number, str):  # "twenty-five" and "twenty five" are one number
        return number.strip().casefold().replace("-", " ").split()
    return [word.casefold() for word in number]


def parse_number(number: str | Sequence[str]) -> float | None:
    """The value of a number written as words (a string or its words), or None if not one.

    ``["3", "million"]`` -> 3e6, ``"a dozen"`` -> 12, ``"5 1/2"`` -> 5.5, ``"containers"`` ->
    None. ``a``, ``an``, ``couple`` and ``pair`` count only at the head (``a couple of``).
    """
    total, current, seen = 0.0, 0.0, False
    words = _words_of(number)
    for position, word in enumerate(words):
        fraction = _FRACTION.match(word)
        if DIGITS.match(word):
            current += float(word.replace(",", ""))
        elif word in UNITS_WORDS:
            current += UNITS_WORDS[word]
        elif "-" in word and all(part in UNITS_WORDS for part in word.split("-")):
            current += sum(UNITS_WORDS[part] for part in word.split("-"))
        elif word in SCALES:
            scale = SCALES[word]
            current = (current or 1.0) * scale
            if scale >= 1e3:  # "two hundred thousand": close the group at each big scale
                total, current = total + current, 0.0
        elif fraction and seen and int(fraction[2]):  # "5 1/2"
            current += int(fraction[1]) / int(fraction[2])
        elif word in LEADING_WORDS and (position == 0 or words[position - 1] == "a"):
            current += LEADING_WORDS[word] if word not in {"a", "an"} or _alone(words) else 0.0
        elif (word == "of" and position > 0 and words[position - 1] in {"couple", "pair"}) or (
            word in {"a", "and"} and seen
        ):
            continue
        else:
            return None
        seen = True
    value = total + current
    # hundreds of digits (or scale words) overflow the float to inf, which no claim can hold
    # and JSON cannot write: that is not a number news reports
    return value if seen and math.isfinite(value) else None


def _alone(words: list[str]) -> bool:
    """Whether a leading ``a`` is the number itself (``a day``), not the head of ``a dozen``."""
    return len(words) == 1 or (words[1] not in SCALES and words[1] not in LEADING_WORDS)
