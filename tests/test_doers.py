"""Whose figure it is: the doers that tell two figures apart (storyline.reconcile.doers)."""

from __future__ import annotations

import pytest

from storyline.model import Claim, Span, from_jsonable, to_jsonable
from storyline.reconcile.doers import different_doers, doer_keys


def test_ages_and_names_and_origins_are_read_from_a_doer() -> None:
    assert doer_keys("36 - year - old Duncan Rait").age == 36
    assert doer_keys("36 - year - old Duncan Rait").name == "Duncan Rait"
    assert doer_keys("British climber").origins == {"British"}
    assert doer_keys("man aged 70").age == 70


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Robert Buckley", "Duncan Rait"),
        ("32 - year - old Englishman Robert Buckley", "36-year-old climber"),
        ("British climber", "36 - year - old Australian man"),
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
    ],
)
def test_doers_that_may_be_one_person_are_not_different(a: str | None, b: str) -> None:
    assert not different_doers(a, b)


def test_a_claims_doer_round_trips_and_an_old_claim_loads_without_one() -> None:
    claim = Claim("a", Span(0, 9), 150.0, Span(0, 9), "metres", None, doer="climber")
    assert from_jsonable(Claim, to_jsonable(claim)) == claim
    old = {k: v for k, v in to_jsonable(claim).items() if k != "doer"}
    assert from_jsonable(Claim, old).doer is None
