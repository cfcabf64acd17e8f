"""Outlet names learned across articles: one outlet is counted as one source."""

from __future__ import annotations

import pytest

from storyline.ingest.metadata import extract_metadata
from storyline.ingest.outlets import clean_outlet_name, names_match, resolve_outlets
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


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("&amp;copy; 2016 aryanews.com", "aryanews.com"),
        ("1999-2005 Factoría Creativa. Tel. +34 91 555 55 55", "Factoría Creativa"),
        ("Copyright © 2016 NPR", "NPR"),
        ("© 2024 Harbor Wire. All rights reserved.", "Harbor Wire"),
        ("News | The Harbor Wire", "The Harbor Wire"),
        ("20 Minutes", "20 Minutes"),
        ("contact@coastline.example", None),
        ("2016", None),
    ],
)
def test_outlet_names_are_cleaned_of_copyright_contact_and_date_debris(
    raw: str, name: str | None
) -> None:
    assert clean_outlet_name(raw) == name


def test_a_junk_site_name_gives_a_clean_outlet_and_keeps_the_raw_value() -> None:
    meta = extract_metadata("Body text of the article.", (), given_outlet="© 2016 aryanews.com")
    assert meta.outlet == "aryanews.com"
    assert meta.outlet_clues.given == "© 2016 aryanews.com"
