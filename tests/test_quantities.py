"""Quantities with normalized units; names of products and missions are no quantities.

Sentences written for these tests.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from storyline.nlp.claims.quantities import _may_start, find_quantities
from storyline.nlp.claims.quantities import _read as _read_one
from storyline.nlp.claims.units import in_base_units
from storyline.nlp.language import load_nlp
from tests.conftest import SAMPLES

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


# ---- issue 11, NewsQuant round two: one test per rule --------------------------------------


def test_a_unit_or_currency_makes_a_number_no_year_and_no_name() -> None:
    assert _read("The laptop costs $2000.") == [(2000.0, "dollar")]
    assert _read("The trail is 2000 km long.") == [(2000.0, "kilometre")]
    assert _read("Patients took Tylenol 500mg tablets.") == [(500.0, "milligram")]
    assert _read("A 500mg dose was given.") == [(500.0, "milligram")]
    assert _read("The fund bought Acme 5.5% bonds.") == [(5.5, "percentage")]
    # a glued "s" is a plural or a possessive, not seconds: the name rule holds
    assert _read("Tesla delivered Model 3s and Channel 5s viewers watched.") == []


def test_a_tilde_is_about_and_units_glue_to_it() -> None:
    found = _read("Bake for ~25 – 40min until each piece weighs ~45g.")
    assert found == [((25.0, 40.0), "minute"), (45.0, "gram")]


def test_a_scale_letter_with_the_sentence_full_stop_and_hong_kong_dollars() -> None:
    assert _read("The flights should have cost HK $5.4m.") == [(5.4e6, "hong kong dollar")]


def test_5g_is_the_network_generation_and_45g_a_weight() -> None:
    assert _read("The deal gives 54GB of 5G data and a 45g case.") == [
        (54.0, "gigabyte"), (5.0, "generation wireless"), (45.0, "gram")
    ]  # fmt: skip


def test_glued_square_units_primes_and_symbols_after_the_number() -> None:
    assert _read("The flat has a floor area of 32m2.") == [(32.0, "square metre")]
    assert _read("The neck is 25.5″ long.") == [(25.5, "inch")]
    assert _read("It was 12C.") == [(12.0, "celsius")]
    assert _read("She bought a notebook for 1,200€ last week.") == [(1200.0, "euro")]


def test_ps_after_a_number_is_horsepower_and_pound_feet_a_torque() -> None:
    found = _read("The engine makes 300 PS and 275 pound-feet of torque.")
    assert found == [(300.0, "horsepower"), (275.0, "pound-foot")]


def test_a_rate_after_a_conversion_in_parentheses() -> None:
    found = _read("It is a 9 billion shekels ($2.4 billion) a year industry.")
    assert found == [(9e9, "shekel per year"), (2.4e9, "dollar")]


def test_hundreds_of_a_unit_is_a_vague_range_of_that_unit() -> None:
    assert _read("The plume extends hundreds of miles into space.") == [
        ((100.0, 1000.0), "mile")
    ]  # fmt: skip


def test_noun_units_drop_what_is_no_part_of_the_unit() -> None:
    assert _read("The defense gave up 517 rushing yards.") == [(517.0, "yard")]
    assert _read("He left 300 recorded songs.") == [(300.0, "song")]
    assert _read("Last week 1,307,000 Americans claimed aid.") == [(1307000.0, "american")]
    assert _read("The car has a six-cylinder engine.") == [(6.0, "cylinder")]
    assert _read("The stock trades on 6.5 times earnings.") == [(6.5, "count")]


def test_from_x_to_y_is_one_range_whose_ends_are_kept() -> None:
    doc = load_nlp()("Bitcoin fell from $36,040 at noon yesterday to $34,935 at 5am.")
    (change,) = find_quantities(doc)
    assert (change.range, change.normalized_unit) == ((36040.0, 34935.0), "dollar")
    assert change.ends is not None
    assert [end.value for end in change.ends] == [36040.0, 34935.0]
    # the second figure takes the first's unit
    assert _read("Economy climbed from 21 mpg combined to 23 for the new model.") == [
        ((21.0, 23.0), "mile per gallon")
    ]  # fmt: skip


def test_an_age_between_commas_after_a_name() -> None:
    assert _read("Maddon, 66, has lost weight.") == [(66.0, "year of age")]


def test_a_fraction_of_a_unit_is_in_that_unit() -> None:
    assert _read("A fluid ounce is 1/16 of a US pint.")[-1] == (0.0625, "pint")
    assert _read("An ounce is 1⁄128 of a US gallon.")[-1] == (1 / 128, "gallon")


@pytest.mark.parametrize(
    "text", ["The 9/11 terrorist attacks shaped his term.", "He hosted 24/7 coverage."]
)
def test_a_day_or_a_saying_written_with_a_slash_is_no_fraction(text: str) -> None:
    assert _read(text) == []


def test_close_ends_after_or_and_by_are_a_range() -> None:
    assert _read("Over the past three or four years rates fell.") == [((3.0, 4.0), "year")]
    assert _read("Temperatures dropped by 1 to 1.5 degrees Celsius.") == [
        ((1.0, 1.5), "celsius")
    ]  # fmt: skip
    # a change: far ends after "by", two figures after "or"
    assert [v for v, _ in _read("The index rose by 50 to 7,000 points.")] == [50.0, 7000.0]
    assert [v for v, _ in _read("Pick one or 20 apples.")] == [1.0, 20.0]


def test_a_rate_written_with_hyphens() -> None:
    assert _read("The city hosts one 52,000 barrel-a-day refinery.") == [
        (52000.0, "barrel per day")
    ]  # fmt: skip


def test_addresses_and_model_names_after_a_number_are_names() -> None:
    assert _read("He owned 358 El Brillo Way and 16-18 Industrial Avenue.") == []
    assert _read("Here is our review of the 11 Pro Max: a hands-on.") == []
    # a US police report's address: the block of a street, not a count of blocks
    assert _read("He was shot in the 400 block of East 15th Avenue in Eugene.") == []
    assert _read("They walked 4 blocks of the route.") == [(4.0, "block")]


def test_a_range_of_years_is_a_period() -> None:
    assert _read("Between 1600 and 1900 the climate cooled.") == []


def test_units_at_a_sentence_end_and_two_word_currencies() -> None:
    assert _read("It leased at a rate of $80 per sq m.") == [(80.0, "dollar per square metre")]
    assert _read("Fees start at 7.5 million Danish crowns.") == [(7.5e6, "danish krone")]
    assert _read("They run a 4.3 second dash.") == [(4.3, "second")]


def test_a_unit_at_a_sentence_end_leaves_the_full_stop_out() -> None:
    # the full stop is no part of "metres": the claim's doer hangs on the unit's token
    doc = load_nlp()("The climber fell about 150 metres.")
    (found,) = find_quantities(doc)
    assert doc[found.start : found.end].text == "about 150 metres"


def _sample_docs() -> list[Doc]:
    """The sample corpus's plain-text articles, parsed: real news prose with many numbers."""
    nlp = load_nlp()
    texts = [path.read_bytes().decode("utf-8", "replace") for path in sorted(SAMPLES.glob("*.txt"))]
    return [nlp(text) for text in texts]


def test_a_quantity_is_read_only_where_one_may_start() -> None:
    """``find_quantities`` reads only the tokens ``_may_start`` admits: at every other token of
    real articles ``_read`` finds nothing and moves on by one token."""
    read_at = 0
    for doc in _sample_docs():
        for sentence in doc.sents:
            context = {t.lower_ for t in sentence} | {t.lemma_.casefold() for t in sentence}
            for token in sentence:
                if not _may_start(token.lower_, token.text):
                    assert _read_one(doc, token.i, context) == (None, token.i + 1)
                elif _read_one(doc, token.i, context)[0] is not None:
                    read_at += 1
    assert read_at > 20  # the articles do hold quantities
