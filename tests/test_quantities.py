"""Quantities with normalized units; names of products and missions are no quantities.

Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from storyline.nlp.claims.quantities import find_quantities
from storyline.nlp.claims.units import in_base_units
from storyline.nlp.language import load_nlp

pytestmark = pytest.mark.slow


def _read(text: str) -> list[tuple[float | tuple[float, float], str]]:
    doc = load_nlp()(text)
    return [(q.range or q.value, q.normalized_unit) for q in find_quantities(doc)]


def test_units_are_normalized() -> None:
    found = _read(
        "The ferry sailed 12 km, then 7 miles, at 30 mph and used 40 per cent of its fuel."
    )
    assert found == [(12.0, "kilometre"), (7.0, "mile"), (30.0, "mile per hour"),
                     (40.0, "percentage")]  # fmt: skip


def test_currencies_by_sign_code_and_scale() -> None:
    found = _read("The council paid $3 million, 5 billion yen and 40 EUR for the new quay.")
    assert found == [(3e6, "dollar"), (5e9, "japanese yen"), (40.0, "euro")]


def test_pounds_are_weight_among_weight_words_and_money_otherwise() -> None:
    assert _read("The fisherman caught a bass that weighed 12 pounds.") == [(12.0, "pound-mass")]
    assert _read("The club paid 12 million pounds for the striker.") == [(12e6, "pound sterling")]
    assert _read("The ticket cost 50 Egyptian pounds.") == [(50.0, "egyptian pound")]


def test_ranges_keep_both_ends() -> None:
    assert _read("Prices rose between 5 and 7 percent.") == [((5.0, 7.0), "percentage")]


def test_product_and_mission_names_are_not_quantities() -> None:
    found = _read(
        "Pixel 2 users and Boeing 737 pilots watched Chang'e 4 land while COVID-19 spread."
    )
    assert found == []


def test_lengths_compare_across_units() -> None:
    km = in_base_units(12.0, "kilometre")
    miles = in_base_units(7.456, "mile")
    assert km is not None and miles is not None
    assert km[0] == miles[0] == "length"
    assert abs(km[1] - miles[1]) < 5


def test_spaced_decimals_of_a_spaced_tokenizer_read_as_one_number() -> None:
    # ECB+ texts write "6. 1 magnitude", "$2. 6 Million", "1, 000": one number each
    assert _read("A 6. 1 magnitude earthquake struck the island.") == [(6.1, "magnitude")]
    assert _read("A 7. 2-magnitude quake hit the coast.")[0][0] == 7.2
    assert _read("Thieves stole $2. 6 Million in jewels.") == [(2.6e6, "dollar")]
    assert _read("Prices grew 2. 5 percent.") == [(2.5, "percentage")]
    assert _read("About 1, 000 people fled.") == [(1000.0, "people")]


def test_a_sentence_end_between_digits_is_no_decimal_point() -> None:
    assert _read("He moved there in 2006. 1 person died.") == [(1.0, "person")]
    assert [v for v, _ in _read("The toll rose to 12. 3 more bodies were found.")] == [12.0, 3.0]
    assert [v for v, _ in _read("They scored 100, 200 and 300 points.")][:1] == [100.0]


def test_two_numbers_side_by_side_are_not_added() -> None:
    assert _read("The dice showed 5 6 twice.") == [(5.0, "-"), (6.0, "-")]


def test_millions_of_people_after_whom_is_read_once_and_the_reader_moves_on() -> None:
    # PolNeAR (HuffPost, 2016-02-01): "whom" is the parse's first object of "of", before
    # "millions"; the reader went back to "millions" forever and took 16 GB of memory
    sentence = (
        "I dug it up this week as both Sanders and Trump — both candidates whom millions of "
        "people have trouble seeing in the White House — flirt with coming victories in Iowa."
    )
    assert _read(sentence) == [((1e6, 1e7), "people")]
