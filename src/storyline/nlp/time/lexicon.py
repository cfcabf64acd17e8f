"""Words of time expressions: months, weekdays, seasons, units, parts of day and numbers.

Shared by the grammar (``timex_grammar``), which builds its regular expressions from these
lists, and by normalization (``timex_resolve``), which maps the matched words to TimeML values.
"""

from __future__ import annotations

import re

from storyline.nlp.numbers import parse_number


def word_list(text: str) -> list[str]:
    """The words of a space-separated list: keeps long word lists readable."""
    return text.split()


MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3,
    "thursday": 4, "thu": 4, "thurs": 4, "friday": 5, "fri": 5, "saturday": 6, "sat": 6,
    "sunday": 7, "sun": 7,
}  # fmt: skip

SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}  # fmt: skip

# TimeML part-of-day codes: "Friday night" is 2024-05-10TNI.
DAY_PARTS: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}  # fmt: skip

# Calendar units and their ISO 8601 duration letters; time units go after the "T".
UNITS: dict[str, str] = {
    "year": "Y", "month": "M", "week": "W", "day": "D", "fortnight": "W", "hour": "H",
    "minute": "M", "second": "S", "decade": "Y", "century": "Y", "quarter": "M",
}  # fmt: skip
TIME_UNITS = frozenset({"hour", "minute", "second"})
UNIT_SCALE: dict[str, int] = {"decade": 10, "century": 100, "fortnight": 2, "quarter": 3}

SMALL_NUMBERS: dict[str, int] = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "dozen": 12, "couple": 2, "pair": 2,
}  # fmt: skip
VAGUE_NUMBERS = frozenset({"few", "several", "some", "many", "numerous", "couple of", "number"})
ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "last": 4, "final": 4,
}  # fmt: skip

_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_WORD_NUMBER = (
    rf"(?:(?:{_TENS})(?:[- ](?:{_ONES}))?|{_TEENS}|{_ONES}|a|an|a\s+dozen|dozen|a\s+couple"
    r"(?:\s+of)?|a\s+pair\s+of|a\s+few|few|several|some|many|a\s+number\s+of)"
    r"(?:\s+(?:hundred|thousand))?"
)
# A year as spoken in broadcast transcripts: "nineteen ninety-six", "the year two thousand".
SPOKEN_YEAR = (
    rf"(?i:(?:nineteen|twenty)[\s-]+(?:(?:{_TENS})(?:[\s-](?:{_ONES}))?|{_TEENS}|oh[\s-](?:{_ONES}))"
    rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{_ONES}|{_TEENS}))?)"
)


def parse_spoken_year(text: str) -> int | None:
    """1996 for "nineteen ninety-six", 2000 for "two thousand", None for anything else."""
    words = re.sub(r"[\s-]+", " ", text.strip().lower()).replace(" oh ", " ")
    if words.startswith("two thousand"):
        number = count_value(words[len("two thousand") :].replace(" and ", " ").strip() or "zero")
        return 2000 + int(number) if number is not None else None
    century, _, rest = words.partition(" ")
    tail = count_value(rest) if rest else None
    if century not in ("nineteen", "twenty") or tail is None:
        return None
    return (19 if century == "nineteen" else 20) * 100 + int(tail)


# A count as written: "two", "twenty-four", "a couple of", "5 1/2", "1.5", "a few".
NUMBER = rf"(?:\d+(?:\.\d+)?(?:\s+\d/\d)?|(?i:{_WORD_NUMBER}))"


def count_value(text: str) -> float | None:
    """The value of a count as written, or None for a vague one ("several", "a few")."""
    words = re.sub(r"\s+", " ", text.strip().lower().replace("-", " "))
    if any(vague in words for vague in VAGUE_NUMBERS):
        return None
    return parse_number(words)
