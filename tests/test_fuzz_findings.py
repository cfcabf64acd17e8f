"""Regression tests for what the fuzzing campaign (``fuzz/``) found, one per finding."""

from __future__ import annotations

from datetime import date

import pytest
import spacy

from storyline.nlp.claims.numbers import ordinal_value, parse_number
from storyline.nlp.time.timexes import find_timexes
from storyline.nlp.time.values import is_timex3_value, part_interval

NLP = spacy.blank("en")


def _values(text: str, anchor: date) -> list[str]:
    return [timex.value for timex in find_timexes(NLP.make_doc(text), anchor)]


def test_next_year_after_9999_is_left_unresolved() -> None:
    # was "10000": not a TimeML year, and no interval can be computed for it
    assert _values("The first vessel is due before the end of next year.", date(9999, 12, 31)) == []


def test_next_decade_after_the_9990s_is_not_the_year_1000() -> None:
    # was "1000": a decade written with four digits reads as the year 1000
    values = _values("Work resumes next decade.", date(9995, 6, 1))
    assert "1000" not in values
    assert all(is_timex3_value(value) for value in values)


def test_last_year_before_year_one_is_left_unresolved() -> None:
    assert all(not v.startswith("0000") for v in _values("It failed last year.", date(1, 5, 1)))


@pytest.mark.parametrize("part", ["mid", "first_half", "second_half", "early", "late"])
def test_part_of_a_single_day_is_that_day(part: str) -> None:
    day = date(2024, 5, 14)
    assert part_interval(day, day, part) == (day, day)  # "mid" was (May 15, May 13)


def test_middle_of_two_days_is_both_days() -> None:
    first, last = date(2024, 5, 18), date(2024, 5, 19)
    assert part_interval(first, last, "mid") == (first, last)


def test_number_with_four_hundred_digits_is_not_a_number() -> None:
    # float() of 400 digits is inf, which a claim's value cannot hold nor JSON write
    assert parse_number(["9" * 400]) is None
    assert parse_number(["9" * 300, "trillion", "trillion"]) is None
    assert parse_number(["6,700"]) == 6700.0


def test_ordinal_with_five_thousand_digits_is_not_a_rank() -> None:
    # int() raised ValueError: exceeds the 4,300-digit limit for integer string conversion
    assert ordinal_value("9" * 5000 + "th") is None
    assert ordinal_value("21st") == 21
