"""Agreed facts on real news: the dev split's missed agreements (ECB+, eval/gold/real_news),
each built from text through the claim extractor and the reconciliation."""

from __future__ import annotations

import pytest
from spacy.language import Language

from storyline.model import Assessment, ClaimDetails, Verdict
from tests.test_open_world_findings import reconciled, written

pytestmark = pytest.mark.slow


def agreed(found: list[Assessment]) -> list[Assessment]:
    """The agreed figures of a story's findings."""
    return [f for f in found if f.verdict is Verdict.AGREED and isinstance(f.details, ClaimDetails)]


def test_a_56_quake_and_a_56_magnitude_earthquake_agree(nlp: Language) -> None:
    # 20_ecb: "a 5.6 quake" was read as 5.6 quakes, so the magnitude every outlet gives
    # never met the "5.6 magnitude earthquake" of another
    one = (
        "A 5.6 magnitude earthquake hit an island off Iran's southern coast on Sunday, "
        "injuring five people and damaging buildings, Iranian media said."
    )
    two = (
        "Earlier on Sunday a 5.6 quake jolted the island, some 930 miles south of the "
        "capital, Tehran."
    )
    [magnitude] = [f for f in agreed(reconciled(nlp, ("IRNA", one), ("Reuters", two)))]
    assert magnitude.details.unit == "magnitude"  # type: ignore[union-attr]
    assert sorted(written(magnitude)) == ["5.6 magnitude", "5.6 quake"]


def test_semi_automatic_and_semiautomatic_pistols_are_one_thing(nlp: Language) -> None:
    # 3_ecbplus: the hyphen split one word in two, and the two counted phrases did not nest;
    # the fugitive who "put on" a uniform "then stole" them is no source of the figure
    one = "Comeaux escaped with a 12 - gauge shotgun and 2 semiautomatic pistols."
    two = (
        "Arcade Comeaux escaped on Monday.\n"
        "He put on one officer's gray uniform and black boots, then stole a 12 - gauge "
        "shotgun and two semi - automatic pistols before fleeing on foot."
    )
    found = agreed(reconciled(nlp, ("Chron", one), ("KHOU", two)))
    [pistols] = [f for f in found if f.details.unit == "pistols"]  # type: ignore[union-attr]
    assert sorted(written(pistols)) == ["2 semiautomatic pistols", "two semi - automatic pistols"]
    assert [side.claimant for side in pistols.details.sides] == [None, None]  # type: ignore[union-attr]
    assert not [s for s in pistols.independent_sources if "Comeaux" in s]


def test_residents_who_began_to_evacuate_were_evacuated(nlp: Language) -> None:
    # "began to evacuate" gave the predicate "begin", which set the figure against the
    # evacuation other outlets report instead of with it
    one = "About 60 residents began to evacuate their homes as the fire spread on Sunday."
    two = "Firefighters evacuated 60 residents from nearby homes on Sunday."
    [residents] = agreed(reconciled(nlp, ("BBC", one), ("Sky", two)))
    assert residents.details.predicate == "evacuation"  # type: ignore[union-attr]
    assert sorted(written(residents)) == ["60 residents", "About 60 residents"]


def test_two_of_them_counts_the_boats_counted_before(nlp: Language) -> None:
    # 12_ecbplus: "two of them managed to flee" counted nothing, so the two boats that got
    # away, told alike by every outlet, were no agreed fact
    one = (
        "The incident occurred when five boats were seen approaching the vessels. "
        "While two of them managed to flee, the warship intercepted the other three."
    )
    two = (
        "Five pirate boats tried to attack these vessels but were challenged by the ship. "
        "After a brief skirmish, two of them managed to flee the area."
    )
    [boats] = agreed(reconciled(nlp, ("PTI", one), ("IANS", two)))
    assert boats.details.unit == "boats"  # type: ignore[union-attr]
    assert written(boats) == ["two of them", "two of them"]
    assert boats.details.predicate == "displacement"  # type: ignore[union-attr]


def test_a_part_of_a_group_never_conflicts_with_a_whole(nlp: Language) -> None:
    # "two of them died" tells of a part of the injured; it is no rival of "five died"
    one = "The blast injured 12 people on Sunday, and two of them died in hospital."
    two = "Five people died in the blast on Sunday, police said."
    found = reconciled(nlp, ("AP", one), ("Reuters", two))
    assert not [f for f in found if f.verdict is Verdict.CONFLICT]


# The open world's wrong agreed groups (trust session 5): a wrong finding is worse than none.


def test_two_sums_of_one_value_for_different_things_are_two_facts(nlp: Language) -> None:
    # an Iowa ad buy and a candidate's loans, both "$1 million": what the money is, the noun
    # it modifies or the object of "in", tells them apart; one fire's damage still agrees
    ad = "The ad is part of a $1 million Iowa buy from Our Principles PAC, aides said."
    loans = "Cruz belittled the issue of the $1 million in loans, calling it an error."
    assert not agreed(reconciled(nlp, ("CNN", ad), ("Politico", loans)))
    fire = "The fire caused $1 million in damages to the church, officials said."
    damage = "The fire did an estimated $1 million damage to the church on Friday."
    [sum_] = agreed(reconciled(nlp, ("AP", fire), ("KTUU", damage)))
    assert sorted(written(sum_)) == ["$1 million", "an estimated $1 million"]


def test_the_same_points_of_two_players_are_two_facts(nlp: Language) -> None:
    # "paced by 13 points from McDermott" / "from Seth VanDeest": whose points they are is
    # the name they come from; each player's 13, told by two outlets, still agrees
    one = "The Jays led 33 - 26 at the half, paced by 13 points from McDermott."
    two = "Drake was paced by 13 points from Seth VanDeest, while Carter had 12 points."
    found = agreed(reconciled(nlp, ("AP", one), ("ESPN", two), ("Yahoo", one), ("CBS", two)))
    thirteens = [f for f in found if written(f) == ["13 points", "13 points"]]
    outlets = [sorted(side.article_id for side in f.details.sides) for f in thirteens]  # type: ignore[union-attr]
    assert sorted(outlets) == [["a0", "a2"], ["a1", "a3"]]


def test_the_two_ends_of_a_relation_are_no_figure(nlp: Language) -> None:
    # "between two parties": a relation's two ends, not a count that agrees with the "two
    # parties" of another sentence; an election that will have two parties is a figure
    one = "Exit polls told a tale of two parties, with Republicans more unhappy than Democrats."
    two = "Voters do not cherish a middle ground between two parties, the survey found."
    found = reconciled(nlp, ("NYT", one), ("WaPo", two))
    assert [written(f) for f in found if isinstance(f.details, ClaimDetails)] == [["two parties"]]
    assert not agreed(found)
    election = "For the first time, its parliamentary elections will have two parties."
    [parties] = agreed(reconciled(nlp, ("TASS", election), ("RFE", election)))
    assert written(parties) == ["two parties", "two parties"]


def test_a_kind_one_side_lacks_is_another_thing_when_other_things_happen(nlp: Language) -> None:
    # "two passes" that time was left for and "two touchdown passes" thrown: the kind one
    # side names and the other lacks, with different predicates, makes two things
    one = "That left the Jaguars with 12 seconds, still time for two passes in the end zone."
    two = "He threw two touchdown passes and set up a game-tying field goal."
    assert not agreed(reconciled(nlp, ("AP", one), ("ESPN", two)))
    # the same kind of deed still agrees with the kind unnamed
    three = "Manning threw two passes to Wayne in the fourth quarter."
    four = "Manning threw two touchdown passes in the fourth quarter."
    [passes] = agreed(reconciled(nlp, ("AP", three), ("ESPN", four)))
    assert sorted(written(passes)) == ["two passes", "two touchdown passes"]
    # an adjective describes the thing and names no other kind (11_ecbplus's election)
    five = "Representatives of the two political parties will compete for victory."
    six = "For the first time, its parliamentary elections will have two parties."
    [parties] = agreed(reconciled(nlp, ("TASS", five), ("RFE", six)))
    assert sorted(written(parties)) == ["two parties", "two political parties"]
