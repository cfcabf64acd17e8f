"""Wire credits naming outlets (``link.credits``)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.ingest.outlets import names_match
from storyline.link.credits import credited_outlets, credits_outlet

OUTLETS = ["Associated Press", "Harbor Wire", "The Harbor Wire", "Coastline Daily", "hw", "élan"]
CREDITS = ["AP", "HW", "hw", "Harbor Wire", "HARBOR WIRE", "Coastline", "CD", "É", "Reuters"]


def _names(credit: str, outlet: str) -> bool:
    """The rule, spelled out: the outlet's name, a known credit of it (the table of
    outlets.json, "AP" for "Associated Press"), or a one-word credit of its name or initials."""
    known = {"ap": "associated press", "reuters": "reuters"}
    folded = credit.casefold()
    return (
        folded == outlet.casefold()
        or known.get(folded) == outlet.casefold()
        or (" " not in credit and names_match(f"credit:{folded}", outlet))
    )


def test_a_credit_names_an_outlet_by_name_known_credit_or_initials() -> None:
    assert credits_outlet({"AP"}, "Associated Press")
    assert credits_outlet({"HW"}, "Harbor Wire")
    assert credits_outlet({"harbor wire"}, "Harbor Wire")
    assert not credits_outlet({"HW"}, "Coastline Daily")
    assert not credits_outlet({"Harbor Wire Service"}, "Harbor Wire")
    assert not credits_outlet({"AP"}, None)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([*OUTLETS, None]), st.sets(st.sampled_from(CREDITS))),
        max_size=6,
    )
)
def test_credited_outlets_are_those_another_outlets_article_credits(
    crediting: list[tuple[str | None, set[str]]],
) -> None:
    # the outlets are looked up by what names them instead of testing every credit against
    # every outlet (a bulk run of 1,644 articles: 270 outlets, 1,931 credits); same outlets
    expected = {
        outlet
        for outlet in OUTLETS
        for by, credits in crediting
        if by != outlet and any(_names(credit, outlet) for credit in credits)
    }
    assert credited_outlets(OUTLETS, crediting) == expected
    for outlet in OUTLETS:
        for _, credits in crediting:
            assert credits_outlet(credits, outlet) == any(_names(c, outlet) for c in credits)
