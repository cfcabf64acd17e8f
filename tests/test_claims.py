"""Numeric claims: what is counted, how many, who says so and how firmly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from storyline.model import Claim, Stance
from storyline.nlp.claims.claims import claims_as_json, find_claims
from storyline.nlp.claims.numbers import (
    approximation_before,
    ordinal_value,
    vague_quantity,
)
from storyline.nlp.claims.predicates import counted_key, predicate_class
from storyline.nlp.numbers import parse_number
from tests.conftest import SEEDS

# ---- reading numbers ------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**12))
def test_digits_with_thousands_separators_read_back(number: int) -> None:
    assert parse_number([f"{number:,}"]) == number
    assert parse_number([str(number)]) == number


@given(
    st.integers(min_value=1, max_value=999),
    st.sampled_from([("thousand", 1e3), ("million", 1e6), ("billion", 1e9)]),
)
def test_scale_words_multiply(number: int, scale: tuple[str, float]) -> None:
    word, factor = scale
    assert parse_number([str(number), word]) == number * factor


def test_spelled_and_vague_numbers() -> None:
    assert parse_number(["twenty-five"]) == 25
    assert parse_number(["two", "hundred", "thousand"]) == 200_000
    assert parse_number(["containers"]) is None
    assert vague_quantity(["hundreds"]) == 200
    assert vague_quantity(["tens", "of", "thousands"]) == 20_000
    assert ordinal_value("fourth") == 4 and ordinal_value("21st") == 21


@given(st.lists(st.sampled_from(["the", "North", "shipped", "has"]), max_size=4))
def test_the_longest_hedge_wins(prefix: list[str]) -> None:
    assert approximation_before([*prefix, "at", "least"]) == ("at least", 2)
    assert approximation_before([*prefix, "no", "more", "than"]) == ("no more than", 3)


# ---- claims in the seed articles (real model) -----------------------------------------------


@pytest.fixture(scope="module")
def seeds(nlp: Language) -> dict[str, Doc]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return {p.name[:3]: nlp(Path(p).read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}


def by_text(doc: Doc) -> dict[str, Claim]:
    return {c.quantity_span.of(doc.text): c for c in find_claims(doc, "x")}


@pytest.mark.slow
def test_seed_001_shipments_claimed_by_the_defense_minister(seeds: dict[str, Doc]) -> None:
    claims = by_text(seeds["001"])
    containers = claims["at least 6,700 containers"]
    assert (containers.quantity, containers.unit, containers.approximation) == (
        6700,
        "containers",
        "at least",
    )
    assert containers.claimant == "Shin Won-sik" and containers.claimant_entity_id
    rounds = claims["around 3 million rounds"]
    assert rounds.quantity == 3_000_000 and rounds.approximation == "around"
    assert rounds.counted == "rounds of 152-millimeter artillery shells"
    assert rounds.claimant == "Shin Won-sik"
    smaller = claims["500,000 rounds"]
    assert smaller.counted == "rounds of 122-millimeter artillery shells"
    assert smaller.claimant == "Shin Won-sik"
    assert containers.predicate == "ship"


@pytest.mark.slow
def test_seed_002_seven_thousand_containers_of_munitions(seeds: dict[str, Doc]) -> None:
    (claim,) = find_claims(seeds["002"], "002")
    assert claim.quantity == 7000 and claim.counted == "containers of munitions"
    assert claim.predicate == "send"
    assert claim.claimant == "Shin Won-sik" and claim.stance is Stance.STATED
    assert claim.span.of(seeds["002"].text).startswith("In March, South Korean Defense Minister")


@pytest.mark.slow
def test_seed_001_rank_is_a_claim_of_the_iiss(seeds: dict[str, Doc]) -> None:
    rank = by_text(seeds["001"])["fourth-largest"]
    assert (rank.quantity, rank.unit, rank.counted) == (4, "rank", "largest standing army")
    assert rank.claimant == "International Institute for Strategic Studies"


@pytest.mark.slow
def test_calibres_years_dates_and_ids_are_not_claims(seeds: dict[str, Doc]) -> None:
    # 000: "240-millimetre", "2023-2024", "December 17"; 003: "2024", the MENAFN id line
    assert find_claims(seeds["000"]) == []
    assert find_claims(seeds["003"]) == []
    quantities = {c.quantity for doc in seeds.values() for c in find_claims(doc)}
    assert not quantities & {240, 152, 122, 2024, 2026, 1970, 56.4}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "stance", "claimant"),
    [
        ("North Korea denied it had sent 300 missiles to Russia.", Stance.DENIED, "North Korea"),
        ("The North is suspected of selling more than 1,000 rifles.", Stance.SUSPECTED, None),
        (
            "The United States has accused North Korea of providing 7,000 tons of weapons.",
            Stance.ALLEGED,
            "United States",
        ),
        ("Police said 12 people died in the fire.", Stance.STATED, "Police"),
        ("About 40 people died, according to the ministry.", Stance.STATED, "ministry"),
        # "the company": the one organisation a clause just before makes its subject
        (
            "Kraft Foods closed its plant on Friday.\n\n"
            "The company said 100 employees were in the building.",
            Stance.STATED,
            "Kraft Foods",
        ),
        (
            "Microsoft and Google competed for the contract.\n\n"
            "The company said it would hire 300 engineers.",
            Stance.STATED,
            "company",
        ),
    ],
)
def test_stance_and_claimant(nlp: Language, sentence: str, stance: Stance, claimant: str) -> None:
    (claim,) = find_claims(nlp(sentence))
    assert claim.stance is stance
    assert claim.claimant == claimant


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentence",
    [
        "The 33-year-old actress was released in 2019.",
        "He was aged 70 when he left at 3:45 p.m. on Friday.",
        "The UN passed Resolution 2270 against the regime.",
        "It tested a 240mm multiple rocket launcher and a 30-day plan.",
        "Suddenly, the No. 5 Saints do not look as big a threat.",
    ],
)
def test_ages_times_names_and_types_are_not_claims(nlp: Language, sentence: str) -> None:
    assert find_claims(nlp(sentence)) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "written", "unit"),
    [
        ("Earlier on Sunday a 5.6 quake jolted the island.", "5.6 quake", "magnitude"),
        ("A 6.1-magnitude earthquake struck the island.", "6.1-magnitude", "magnitude"),
        ("A magnitude 6 quake can cause severe damage.", "6 quake", "magnitude"),
        ("Three quakes hit the island on Sunday.", "Three quakes", "quakes"),
    ],
)
def test_a_decimal_before_a_quake_is_its_magnitude(
    nlp: Language, sentence: str, written: str, unit: str
) -> None:
    # 20_ecb (ECB+ dev): "a 5.6 quake" counted 5.6 quakes; "6.1-magnitude" named a type
    (claim,) = find_claims(nlp(sentence))
    assert (claim.quantity_span.of(sentence), claim.unit) == (written, unit)


@pytest.mark.slow
def test_a_deed_beside_a_verb_of_saying_has_no_claimant(nlp: Language) -> None:
    # 3_ecbplus (ECB+ dev): "put" (as in "put the toll at 41") made the fugitive the claimant
    # of the pistols he stole; a clause with a subject of its own stays the speaker's
    (stolen,) = find_claims(
        nlp(
            "Comeaux put on one officer's gray uniform and black boots, then stole two "
            "semi-automatic pistols before fleeing on foot."
        )
    )
    assert (stolen.counted, stolen.claimant) == ("semi-automatic pistols", None)
    said = find_claims(nlp("Police said 5 people were arrested, and 3 others were released."))
    assert [c.claimant for c in said] == ["Police", "Police"]


@pytest.mark.slow
def test_money_percent_and_vague_quantities(nlp: Language) -> None:
    doc = nlp(
        "Officials said about 40% of the population fled, US$5 million in aid was sent and "
        "tens of thousands of troops were deployed."
    )
    claims = by_text(doc)
    assert claims["about 40%"].counted == "the population"
    assert claims["US$5 million"].unit == "dollar"
    (stolen,) = find_claims(nlp("Raiders hit a Paris jewellery store for €2m on Monday."))
    assert (stolen.quantity, stolen.unit) == (2_000_000, "euro")
    vague = claims["tens of thousands"]
    assert (vague.quantity, vague.counted, vague.claimant) == (20_000, "troops", "Officials")


@pytest.mark.slow
def test_claims_as_json_points_at_the_quantity_phrase(seeds: dict[str, Doc]) -> None:
    doc = seeds["001"]
    rows = claims_as_json(doc, None)
    assert rows and all(doc.text[r["start"] : r["end"]] == r["text"] for r in rows)
    keys = {"start", "end", "text", "quantity", "unit", "counted", "approximation", "claimant",
            "stance", "predicate", "agent"}  # fmt: skip
    assert all(set(r) == keys for r in rows)
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)


# ---- what happened to the counted thing, and when -------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "written", "predicate"),
    [
        ("The storm swept the coast, killing at least 30 people, police said.",
         "at least 30 people", "kill"),
        ("Officials said 12 residents lost their lives in the fire.", "12 residents", "lose life"),
        ("Divers were searching for 9 sailors reported missing.", "9 sailors", "missing"),
        ("Some 500 families who have lost their homes will get aid.", "Some 500 families",
         "lose home"),
        ("A fund of 20 million euros was released for the victims.", "20 million euros",
         "release"),
        ("The strike halted the loading of 800 containers at the port.", "800 containers",
         "halt"),
        ("The inquiry agreed with them: 52 people died in the fire.", "52 people", "die"),
        ("The ministry put the death toll at 58.", "58", "toll"),
        ("The hospital lists name 64 dead.", "64 dead", "dead"),
        ("Of its 600 inhabitants, dozens died.", "600 inhabitants", None),
        ("The party's budget for the year is 3 million euros.", "3 million euros", "budget"),
        ("About 60 residents began to evacuate their homes.", "About 60 residents", "evacuate"),
        ("The four robbers, two of whom wore wigs, fled.", "four robbers", "flee"),
        ("The four robbers, two of whom wore wigs, fled.", "two of whom", "wear"),
    ],
)  # fmt: skip
def test_predicate_says_what_happened_to_the_counted_thing(
    nlp: Language, sentence: str, written: str, predicate: str | None
) -> None:
    claim = by_text(nlp(sentence))[written]
    assert claim.predicate == predicate


@pytest.mark.slow
def test_a_tally_noun_holds_a_bare_number(nlp: Language) -> None:
    claim = by_text(nlp("The ministry put the official death toll at 58 on Friday."))["58"]
    assert (claim.unit, claim.counted, claim.claimant) == ("toll", "the official death toll",
                                                           "ministry")  # fmt: skip


@pytest.mark.slow
def test_a_year_or_an_earlier_moment_pins_the_claim_in_time(nlp: Language) -> None:
    doc = nlp(
        "The fire is the worst since floods killed 29 people in 2009. When the office said "
        "that 41 people had died, families knew the number was wrong. Now 47 people are dead."
    )
    claims = by_text(doc)
    past = claims["29 people"].time
    assert past is not None and (past.value, past.start_date.year) == ("2009", 2009)
    earlier = claims["41 people"].time
    assert earlier is not None and earlier.value == "PAST_REF"
    assert claims["47 people"].time is None


@pytest.mark.slow
def test_a_dateline_is_no_claimant(nlp: Language) -> None:
    (claim,) = find_claims(nlp("VELLIN, March 5 -- Records show that 47 people died in the fire."))
    assert claim.claimant is None and claim.predicate == "die"


@pytest.mark.slow
def test_pixel_2_users_and_chang_e_4_are_names_not_quantities(nlp: Language) -> None:
    pixel = by_text(nlp("About 30 percent of Pixel 2 users reported the bug, Google said."))
    assert list(pixel) == ["About 30 percent"]
    assert by_text(nlp("China's Chang'e 4 probe landed on the far side of the moon.")) == {}


@pytest.mark.slow
def test_pounds_are_a_weight_unless_the_text_says_whose_money(nlp: Language) -> None:
    assert (
        by_text(nlp("The boxer weighed 200 pounds before the fight."))["200 pounds"].unit
        == "pound-mass"
    )
    assert (
        by_text(nlp("He was fined 500 pounds by the court."))["500 pounds"].unit == "pound sterling"
    )


@pytest.mark.slow
def test_a_change_from_x_to_y_is_two_claims(nlp: Language) -> None:
    # the quantity reader reads "from X ... to Y" as one range; a claim is each figure
    claims = by_text(nlp("Bitcoin fell from $36,040 at noon yesterday to $34,935, traders said."))
    assert sorted(claim.quantity for claim in claims.values()) == [34935.0, 36040.0]
    assert all(claim.upper is None for claim in claims.values())


# ---- the doer of a measured figure ------------------------------------------------------------


def test_the_doer_of_a_fall_is_the_climber_described_or_named(nlp: Language) -> None:
    text = (
        "A 36-year-old Australian climber died after falling about 150 metres.\n"
        "Another climber, Robert Buckley, died on Saturday. He fell about 2,000ft."
    )
    first, second = find_claims(nlp(text))
    assert first.doer == "36-year-old Australian climber"
    assert second.doer == "Robert Buckley"  # "He", resolved to the person named before


def test_a_name_that_finished_with_its_figures_is_their_doer(nlp: Language) -> None:
    text = "Earl Clark finished with 22 points and nine rebounds, as Louisville won 71-57."
    assert [c.doer for c in find_claims(nlp(text))] == ["Earl Clark", "Earl Clark"]
    # a pronoun is left unresolved there, and a "with" of what was had names no doer
    for text in (
        "Gary Gomes was arrested. He has been charged with two counts of murder.",
        "INS Sukanya nabbed 26 Somali pirates with six AK 47 rifles.",
    ):
        assert find_claims(nlp(text))[-1].doer is None


def test_the_team_is_the_organisation_the_sentence_before_made_its_subject(
    nlp: Language,
) -> None:
    text = (
        "According to this L.A. Times story, the Angels have made an eight-year offer to first"
        " baseman Mark Teixeira.\nThe dollar amount was unspecified, but Bill Shaikin says the"
        " team was believed to have offered at least $160 million."
    )
    assert [c.doer for c in find_claims(nlp(text))] == ["Angels"]
    (claim,) = find_claims(nlp("Microsoft reported on Monday. The company earned $5 billion."))
    assert claim.doer == "Microsoft"
    # two organisations before it: which one is meant is a guess, and the figure keeps the words
    text = (
        "The Angels and the Nationals have made offers to Mark Teixeira."
        " The team offered $160 million."
    )
    assert [c.doer for c in find_claims(nlp(text))] == ["team"]


def test_whose_the_counted_thing_is_is_its_doer(nlp: Language) -> None:
    text = "Artino was never better. His 14 points bettered his career high of 13."
    assert [c.doer for c in find_claims(nlp(text))] == ["Artino"]
    (claim,) = find_claims(nlp("Artino's 14 points led the team."))
    assert claim.doer == "Artino"
    # a place's people are its own, no doer's: an origin
    (claim,) = find_claims(nlp("Iran's 80 million people face shortages."))
    assert claim.doer is None
    # "his" of a clause with a subject is the subject's own, not whom a pronoun rule guesses
    text = (
        "Artino played well early. In the second half, Echenique scored two three-point plays"
        " and grabbed 3 of his 11 rebounds."
    )
    assert {c.doer for c in find_claims(nlp(text))} == {"Echenique"}


@pytest.mark.parametrize(
    ("text", "doer"),
    [
        # the open world: "Echenique" read as an organisation, so "He" went to Artino
        (
            "Artino was able to find success.\n\n"
            "In the second half, though, Echenique got, um, engaged with things.\n\n"
            "He scored all 11 of his points.",
            "He",
        ),
        # a person's name as the subject before: the pronoun is theirs
        (
            "Artino played early.\n\nIn the second half, Ryan Carter took over.\n\n"
            "He scored 11 points.",
            "Ryan Carter",
        ),
        # a word of the person's own name, however tagged, is that person
        (
            "Vincent Jackson was arrested on Friday.\n\n"
            "A fourth-year pro out of Northern Colorado, Jackson enjoyed a breakout year.\n\n"
            "He set career-highs of 59 receptions.",
            "Vincent Jackson",
        ),
        # the person's own name among the subjects before: theirs, whatever else is a subject
        (
            "Gary Ross wrote the script.\n\n"
            "Ross is a seasoned filmmaker and Lionsgate isn't accustomed to paying such fees.\n\n"
            "He ended up taking a relatively low $3 million to direct.",
            "Gary Ross",
        ),
    ],
)
def test_he_after_a_name_the_tagger_took_for_no_person_is_no_one_named(
    nlp: Language, text: str, doer: str
) -> None:
    assert [c.doer for c in find_claims(nlp(text))] == [doer]


def test_figures_in_parentheses_after_a_name_are_that_names_not_the_sentences(
    nlp: Language,
) -> None:
    """Real ECB+ and PolNeAR lines: a parenthesis of figures after a name is that person's,
    body's or place's record, bid or size; what the sentence says happens to the name does
    not happen to them (Rahman was blasted, not his 36 knockouts)."""
    text = (
        "Wladimir Klitschko (52-3, 46 KOs) blasted a sluggish Hasim Rahman (45-7-2, 36 KOs)"
        " in Mannheim, Germany on Saturday night."
    )
    ko, other = find_claims(nlp(text))
    assert (ko.doer, ko.predicate) == ("Wladimir Klitschko", None)  # not "(52)": no age
    assert (other.doer, other.predicate) == ("sluggish Hasim Rahman", None)  # as written
    text = "John McCain got nearly 60 million votes and was crushed by Obama (69 million votes)."
    assert [(c.doer, c.predicate) for c in find_claims(nlp(text))][-1] == ("Obama", None)
    text = "Iran will threaten little Israel (8,000 square miles) with nuclear bombs."
    (claim,) = find_claims(nlp(text))
    assert (claim.doer, claim.predicate) == (None, None)  # a place's size: an origin's
    # a parenthesis after a figure restates it, and one closed before the figure is no holder
    (km, miles) = find_claims(nlp("The quake struck seven km (4 miles) east of Dargahan."))
    assert miles.predicate == km.predicate == "strike"
    text = "The next six helped him overtake Buford (2, 116), the last two players ahead of him."
    assert find_claims(nlp(text))[-1].predicate == "help"


def test_the_counted_thing_as_subject_has_no_doer(nlp: Language) -> None:
    (claim,) = find_claims(nlp("At least 47 people died in the flood."))
    assert claim.doer is None


def test_an_apposition_gives_the_doer_its_age_and_nationality(nlp: Language) -> None:
    (claim,) = find_claims(nlp("Robert Buckley, 32, fell about 2,000 feet on Saturday."))
    assert claim.doer == "Robert Buckley (32)"
    (claim,) = find_claims(nlp("Duncan Rait, an Australian, fell 150 metres on Friday."))
    assert claim.doer == "Duncan Rait (an Australian)"


@pytest.mark.parametrize(
    "sentence",
    [
        # numbers joined by "by" name a type or a size
        "A police source said the men drove a large four - by - four car into the store.",
        # a decimal split at its point cannot be read (6? 1? 6.1?)
        "The survey said it was a magnitude - 6. 1 temblor that hit the island.",
        "The quake was followed by aftershocks with magnitudes ranging from 3. 6 to 4. 3.",
        # a score or a record is no range of values
        "The Chargers reached the playoffs with an 8 - 8 record.",
        "The Colts clinched a playoff berth with a 31-24 victory against the Jaguars.",
        # the open world's "4 three attempts" and "4 mins": a made-of-tried ratio and the
        # smaller part of a compound measure
        "He made 3 - of - 4 three attempts from 3 - point range, the coach said.",
        "Total downtime was 1hr 4 mins, the company said in a statement.",
        # a share written "N in M" counts neither N nor M things, and a poll's margin of error
        # reports nothing (the open world's "10 Democratic voters" and "3.4 percentage points")
        "Nearly eight in 10 Democratic voters overall said they have made up their mind.",
        "Nine in 10 Democratic registered voters say they think she could win.",
        "The margin of sampling error for all respondents is plus or minus 3.4 percentage points.",
        "The poll has a margin of error of 4 percentage points, the pollster said.",
    ],
)
def test_types_split_decimals_and_scores_are_not_claims(nlp: Language, sentence: str) -> None:
    assert find_claims(nlp(sentence)) == []


def test_counts_beside_in_and_a_number_of_days_or_places_are_still_claims(nlp: Language) -> None:
    games = find_claims(nlp("The team won 3 games in 10 days, the coach said."))
    assert [(c.quantity, c.unit) for c in games] == [(3.0, "games")]
    arrests = find_claims(nlp("Police said 25 people were arrested in 3 cities on Friday."))
    assert [(c.quantity, c.unit) for c in arrests] == [(25.0, "people"), (3.0, "cities")]
    (lead,) = find_claims(nlp("Clinton leads by 3.4 percentage points in the poll, they said."))
    assert (lead.quantity, lead.unit) == (3.4, "percentage point")


def test_a_range_and_a_decimal_written_whole_are_still_claims(nlp: Language) -> None:
    (rise,) = find_claims(nlp("Prices rose by 4 to 5 percent in March, officials said."))
    assert (rise.quantity, rise.upper) == (4.0, 5.0)
    (quake,) = find_claims(nlp("A 5.6 magnitude earthquake hit the island, officials said."))
    assert quake.quantity == 5.6
    # "by" and a year: a deadline, not a size
    (toll,) = find_claims(nlp("The death toll had reached 41 by 2009, officials said."))
    assert toll.quantity == 41


# ---- trust in the open world: names, citations, arrests --------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "quantities"),
    [
        ('She starred in "Bathing Beauty" and "Million Dollar Mermaid." She was 91.', set()),
        ('"Million Dollar Mermaid" Swimmer And Actress Dies Aged 91.', set()),
        ("He starred in Ocean's Eleven and paid $5 million for the house.", {5e6}),
        ("Ten fire engines attended the blaze.", {10}),
        ('" Two men came in, " he said.', {2}),
    ],
)
def test_number_words_in_title_cased_names_are_names(
    nlp: Language, sentence: str, quantities: set[float]
) -> None:
    assert {c.quantity for c in find_claims(nlp(sentence))} == quantities


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        # the accused, subject of a passive shared by "charged", claims nothing
        (
            "Police Chief Jim Williams announced Sharron Smith was arrested on Friday and "
            "charged with two counts of first degree murder.",
            "Jim Williams",
        ),
        # a town written before the noun that speaks is not the source: its police are
        (
            "Staunton police have arrested and charged Sharron Diane Crawford Smith, age 61, "
            "with two counts of first-degree murder.",
            "Staunton police",
        ),
    ],
)
def test_a_claimant_is_cited_not_merely_named(nlp: Language, sentence: str, claimant: str) -> None:
    (claim,) = [c for c in find_claims(nlp(sentence)) if c.quantity == 2]
    assert claim.claimant == claimant


@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        (
            "A statement from the Defence PRO says the navy captured three boats of the pirates.",
            "Defence PRO",
        ),
        ("The ministry's statement said three people were killed in the attack.", "ministry"),
        ("A Pentagon report said three people were killed in the attack.", "Pentagon"),
        # a statement nobody is named as giving has no claimant, never "statement"
        ("The statement said three people were killed in the attack.", None),
        # the open world's "reports" and "Two class action lawsuits" as sources: unnamed
        # reports and a counted phrase speak for nobody
        ("The Orioles, according to reports, offered three players a new deal.", None),
        ("Two lawsuits have accused the school of defrauding three students.", None),
        ("According to Reuters, three people were killed in the attack.", "Reuters"),
        # 3_ecbplus of the dev gold: a place before a common noun does not own the statement
        ("Three guards were hurt, according to a Texas prison statement Monday.", None),
        # the open world's "Benghazi" as a source: a place before an email says what it is
        # about, not who wrote it; a poll bears its maker's name
        (
            "The department withheld a key Benghazi email that would have revealed the deletion "
            "of three servers.",
            None,
        ),
        ("A Quinnipiac poll found three candidates ahead of the field.", "Quinnipiac"),
    ],
)
def test_a_report_speaks_for_its_owner(nlp: Language, sentence: str, claimant: str | None) -> None:
    (claim,) = [c for c in find_claims(nlp(sentence)) if c.quantity == 3]
    assert claim.claimant == claimant


def test_arrests_seizures_and_busts_are_one_class_and_members_are_people() -> None:
    assert {predicate_class(p) for p in ("arrest", "seize", "capture", "bust")} == {"arrest"}
    assert counted_key("members", "seize") == "people"


@pytest.mark.slow
def test_people_suspected_of_something_were_busted_not_suspected(nlp: Language) -> None:
    doc = nlp(
        "A mafioso committed suicide hours after his arrest in a police bust of almost 100 "
        "people suspected of trying to re-establish the commission."
    )
    (claim,) = [c for c in find_claims(doc) if c.quantity == 100]
    assert predicate_class(claim.predicate) == "arrest"


@pytest.mark.slow
def test_a_stray_capital_opening_a_cut_text_is_no_claimant(nlp: Language) -> None:
    # a scrap of a cut headline opening the text ("Regains didn't reveal ...") was a claimant
    # and, with no outlet, an "independent source" of the open world
    text = (
        "Regains didn't reveal the amounts, but the deal is worth at least $160 million.\n\n"
        "The Red Sox also put in a bid."
    )
    (claim,) = find_claims(nlp(text), "a")
    assert claim.claimant is None
    # a name the article writes as one elsewhere still speaks
    text = (
        "Hollis didn't reveal the amounts, but said the deal is worth $160 million.\n\n"
        "The club thanked Hollis for the talks."
    )
    assert [c.claimant for c in find_claims(nlp(text), "a")] == ["Hollis"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        # real_news heldout2: the figure is the newspaper's, the speaker of its own clause
        (
            "Hollis didn't reveal the dollar amounts, but the newspaper speculates the deal is "
            "worth at least $160 million.",
            "newspaper",
        ),
        # a clause with a speaker of its own, whose verb says nothing: nobody, not Hollis
        (
            "The club thanked Hollis.\n\nHollis didn't reveal the dollar amounts, but the "
            "newspaper guesses the deal is worth at least $160 million.",
            None,
        ),
    ],
)
def test_a_figure_is_given_by_the_speaker_of_its_own_clause(
    nlp: Language, sentence: str, claimant: str | None
) -> None:
    (claim,) = find_claims(nlp(sentence), "a")
    assert claim.claimant == claimant


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentence",
    [
        # the open world's "deficits", "information" and "slide" as independent sources
        "Over 10 years, through fiscal year 2025, deficits would add up to $1.5 trillion more "
        "than the budget office had predicted.",
        "The Gibe was about 150 nautical miles from Aden when the pirates fired at it, "
        "according to information available now.",
        "A slide from a presentation shows what the 2017 Ford Fusion, made in Hermosillo, "
        "costs: $3,000 less than in Michigan.",
        # documents nobody is named as giving speak for nobody
        "Whites made up just 36 percent of the electorate in 2012, according to exit polls.",
        "G-III has more than 7,600 employees, according to company documents.",
        # a line without its period: the next line's subject is no "according to" source
        "Police intervened when more than a hundred people joined in a vigil where Kimani "
        "Gray was shot 11 times by police on Saturday, according to RussiaToday\n\n"
        "Brooklynites on Twitter reported that police followed the march.",
    ],
)
def test_a_thing_or_an_idea_is_no_claimant(nlp: Language, sentence: str) -> None:
    claims = find_claims(nlp(sentence), "a")
    assert claims and all(c.claimant is None for c in claims)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        ("Officials said 12 people died.", "Officials"),
        ("Twelve people died, according to the ministry.", "ministry"),
        ("About 270 people have now been resettled, officials said.", "officials"),
        ("Witnesses said 12 people were hurt.", "Witnesses"),
        ("Iranian media said 12 people were hurt.", "Iranian media"),
        # real_news dev: a common noun that names a person by apposition speaks as them
        (
            "The head of the team, Alireza Safa, estimated that 12 houses were destroyed.",
            "Alireza Safa",
        ),
        # open world: a clause beside the saying whose subject is no one who speaks
        (
            "The middle fifth paid 8.9 percent, the agency said in a June report, and those "
            "in the bottom fifth paid 0.8 percent.",
            "agency",
        ),
        # open world: a name the tagger took for a common noun, capitalised mid-sentence
        (
            "Polls show a lead, with RealClearPolitics showing her ahead 3 points.",
            "RealClearPolitics",
        ),
        # a document given by someone named speaks for them
        ("Some 55 percent of voters agreed, according to a Quinnipiac poll.", "Quinnipiac"),
        ("Ferguson had two murders in 2014, according to FBI data.", "FBI"),
    ],
)
def test_people_bodies_and_outlets_keep_their_claims(
    nlp: Language, sentence: str, claimant: str
) -> None:
    claims = find_claims(nlp(sentence), "a")
    assert claims and all(c.claimant == claimant for c in claims)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        # the open world's junk sources: the role beside a name is not the source, the name is
        (
            "A Twitter spokesman, Christopher Abboud, said on Saturday that there were "
            "three million tweets with the hashtag.",
            "Christopher Abboud",
        ),
        # an unnamed spokesperson voices the organisation named after them
        ("A spokesman for the Pentagon said three soldiers were wounded.", "Pentagon"),
        (
            "Executives for Mondelez, which generated more than $30 billion in revenue last "
            "year, say the company will save $3 million annually with the cuts.",
            "Mondelez",
        ),
        # a friend of someone is not that someone
        ("A friend of John Smith said three people died.", "friend"),
        # "add" and "claim" with the figure as their object are deeds, not sayings
        ("While the U.S. added around 3 million jobs in December, China suffered.", None),
        ("The quake claimed three lives, officials said.", "officials"),
        ("He added that three people died.", None),
        # a document speaks for its owner: an agency's account, a department's website
        ("Three people died, according to an Associated Press account.", "Associated Press"),
        (
            "Three people died, according to the state health department's website.",
            "state health department",
        ),
    ],
)
def test_a_source_is_who_speaks_not_the_role_or_the_deed(
    nlp: Language, sentence: str, claimant: str | None
) -> None:
    (claim,) = [c for c in find_claims(nlp(sentence)) if c.quantity in (3, 3_000_000)]
    assert claim.claimant == claimant


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "counted", "claimant"),
    [
        # the open world's pronoun claimants that were a gun, a name quoted by the speaker
        # and a person of the other gender: "she" and "he" resolve only to someone the
        # article shows as a person, never to one the speaker quotes, else to no one
        (
            "Yvonne Hiller said she was angry.\n\nShe returned with a .357 Magnum that she "
            "legally owned.\n\nShe said she sought out three coworkers from her shift.",
            "three coworkers",
            "Yvonne Hiller",
        ),
        # the person meant may be one the tagger missed or showed no sign of: no one, never
        # the nearest person who is shown (Autor)
        (
            "Mr. Autor said trade helps.\n\nSome defenders of trade, like Gary Clyde Hufbauer, "
            "a senior fellow, agree.\n\nBut the benefit is 10 times the size of the losses, he "
            "said.",
            "10 times",
            None,
        ),
        (
            'Tara Reid said she was fine.\n\n"Tara was 100 percent professional," he told E! News.',
            "100 percent",
            None,
        ),
        (
            "Mr. Fogels said the plan worked.\n\nHer report notes that the project got almost "
            "$10 million.",
            "almost $10 million",
            None,
        ),
        # names cut wrong: a sentence's first word is no part of a name, a name is not cut
        # at an abbreviation, an organisation split by the tagger is one name, a document's
        # owner is the whole name before it and never one letter or a quoted title
        (
            "Without Bloomberg in the mix, Trump and Sanders were in a dead heat.\n\n"
            '"I am 100% convinced that you cannot win," Bloomberg told New York magazine.',
            "100%",
            "Bloomberg",
        ),
        (
            '"Everyone was respectful," said Juror No. 8, one of six women on the panel.',
            "six women",
            None,
        ),
        # a name closing its sentence before the next one is whole
        (
            "“There were dozens of Democrats who said they were pro-life,” added Pavone.\xa0"
            "“Today the party has few.”",
            "dozens",
            "Pavone",
        ),
        (
            "At least a dozen employees had been celebrating, according to Vancouver Police "
            "spokesperson Const. Tim Fanning.",
            "dozen employees",
            None,
        ),
        (
            "Columbia Savings amp Loan Association announced a loss of $226.3 million.",
            "$226.3 million",
            "Columbia Savings amp Loan Association",
        ),
        (
            "A Real Clear Politics average of polls shows Clinton leading by 2.2 percent.",
            "2.2 percent",
            "Real Clear Politics",
        ),
        (
            "A Field Poll of the Democratic race put his support at 5 percent.",
            "5 percent",
            "Field Poll",
        ),
        ("The Q poll also finds that 39 percent blame his supporters.", "39 percent", None),
        # a figure describing the speaker is the reporter's, not the speaker's
        (
            "Heritage, which owns 51% of the shares, said it will exchange one share for each "
            "common share.",
            "51%",
            None,
        ),
        # a count of who answered a survey is no one who claims
        (
            "A Times/CBS News poll found that roughly three times as many African-Americans"
            " said their family's financial situation was better as said it was worse.",
            "roughly three times",
            None,
        ),
        (
            'The plan would cost about $1.38 trillion a year, according to the "Medicare for '
            'all" document he released.',
            "about $1.38 trillion a year",
            None,
        ),
    ],
)
def test_a_claimant_is_someone_never_a_word_the_tagger_took_for_a_name(
    nlp: Language, text: str, counted: str, claimant: str | None
) -> None:
    claims = find_claims(nlp(text), "a")
    (claim,) = [c for c in claims if text[c.quantity_span.start : c.quantity_span.end] == counted]
    assert claim.claimant == claimant
