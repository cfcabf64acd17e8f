"""Outlet names learned across articles: one outlet is counted as one source."""

from __future__ import annotations

from storyline.ingest.outlets import names_match, resolve_outlets
from tests.test_store import make_article


def test_credit_and_domain_match_names_by_initials_and_letters() -> None:
    assert names_match("credit:hw", "Harbor Wire")
    assert names_match("credit:vsna", "Valdoria State News Agency")
    assert names_match("domain:meridianpost.example", "The Meridian Post")
    assert not names_match("credit:hw", "Coastline Daily")  # a wire credit in another outlet


def test_wire_credit_learns_the_wire_name_from_a_feed_but_not_from_a_pickup() -> None:
    feed = make_article("a", outlet="Harbor Wire")
    pickup = make_article("b", outlet="Coastline Daily")
    bare = make_article("c", outlet="HW")
    clues = {
        feed.id: {"given": "Harbor Wire", "credit": "HW", "domain": "harborwire.example"},
        pickup.id: {"given": "Coastline Daily", "credit": "HW", "domain": None},
        bare.id: {"given": None, "credit": "HW", "domain": None},
    }
    assert resolve_outlets([feed, pickup, bare], clues) == {bare.id: "Harbor Wire"}


def test_no_name_is_learned_from_conflicting_metadata() -> None:
    one, two, bare = make_article("a"), make_article("b"), make_article("c", outlet="x.example")
    clues = {
        one.id: {"given": "X Daily", "credit": None, "domain": "xdaily.example"},
        two.id: {"given": "X Daily Online", "credit": None, "domain": "xdaily.example"},
        bare.id: {"given": None, "credit": None, "domain": "xdaily.example"},
    }
    assert resolve_outlets([one, two, bare], clues) == {}
