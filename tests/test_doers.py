"""Whose figure it is: the doers that tell two figures apart (storyline.reconcile.doers)."""

from __future__ import annotations

import pytest

from storyline.model import Claim, Span, from_jsonable, to_jsonable
from storyline.reconcile.doers import DoerKeys, different_doers, doer_keys, someone_else


def test_ages_and_names_and_origins_are_read_from_a_doer() -> None:
    assert doer_keys("36 - year - old Duncan Rait").age == 36
    assert doer_keys("36 - year - old Duncan Rait").name == "Duncan Rait"
    assert doer_keys("British climber").origins == {"United Kingdom"}
    assert doer_keys("man aged 70").age == 70


def test_an_apposition_and_a_nationality_describe_a_named_doer() -> None:
    assert doer_keys("Robert Buckley (32)") == DoerKeys("Robert Buckley", 32, frozenset())
    assert doer_keys("Duncan Rait (an Australian)").origins == {"Australia"}
    # a nationality before a name, or alone, is a description, not a name
    assert doer_keys("Englishman Robert Buckley") == DoerKeys(
        "Robert Buckley", None, frozenset({"United Kingdom"})
    )
    assert doer_keys("Briton") == DoerKeys(None, None, frozenset({"United Kingdom"}))
    assert doer_keys("Bill English").name == "Bill English"  # a surname is not a nationality


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Robert Buckley", "Duncan Rait"),
        ("32 - year - old Englishman Robert Buckley", "36-year-old climber"),
        ("British climber", "36 - year - old Australian man"),
        # the open-world false conflict: 2,000 ft (Buckley) vs 150 m (another climber)
        ("Briton", "36 - year - old Australian climber"),
        ("Robert Buckley (32)", "36 - year - old Australian climber"),
        ("Englishman Robert Buckley", "Australian climber"),
        ("Duncan Rait (an Australian)", "Robert Buckley (a British climber)"),
    ],
)
def test_two_people_are_different_doers(a: str, b: str) -> None:
    assert different_doers(a, b)
    assert different_doers(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Buckley", "32 - year - old Englishman Robert Buckley"),
        ("man", "36 - year - old Australian climber"),  # "the man" could be anyone
        ("Duncan Rait", "Australian climber"),  # a name against a description: unknown
        ("Australian man", "36-year-old Australian climber"),
        (None, "Duncan Rait"),
        # one nationality in different words: British, Briton and English are one country
        ("Briton", "British climber"),
        ("English climber", "British man"),
        ("Englishman Robert Buckley", "Robert Buckley (a British climber)"),
        ("Robert Buckley (32)", "32 - year - old Englishman Robert Buckley"),
        ("Robert Buckley (32)", "Australian climber"),  # an age against no age: unknown
    ],
)
def test_doers_that_may_be_one_person_are_not_different(a: str | None, b: str) -> None:
    assert not different_doers(a, b)


def test_a_claims_doer_round_trips_and_an_old_claim_loads_without_one() -> None:
    claim = Claim("a", Span(0, 9), 150.0, Span(0, 9), "metres", None, doer="climber")
    assert from_jsonable(Claim, to_jsonable(claim)) == claim
    old = {k: v for k, v in to_jsonable(claim).items() if k != "doer"}
    assert from_jsonable(Claim, old).doer is None


def test_a_persons_name_that_a_descriptions_article_never_writes_is_someone_else() -> None:
    player = "The reigning national player of the year had nine rebounds. Hansbrough scored 20."
    clark = "Earl Clark finished with 22 points and nine rebounds."
    assert someone_else("Earl Clark", "reigning national player", (clark, player))
    assert someone_else("reigning national player", "Earl Clark", (player, clark))
    # the description's article names him, an agency may be "officials", a bare name decides
    assert not someone_else("Tyler Hansbrough", "reigning national player", (clark, player))
    assert not someone_else("FBI", "officials", ("The FBI offered", "Officials offered"))
    assert not someone_else("Earl Clark", "Briton", (clark, player))  # an origin: its own rule
    assert not someone_else("Earl Clark", None, (clark, player))
