"""Quote variants on real news: the dev split's missed variants (ECB+, eval/gold/real_news),
each built from text through the quote reader and the reconciliation."""

from __future__ import annotations

import pytest
from spacy.language import Language

from storyline.model import Assessment, QuoteDetails, Verdict
from tests.test_open_world_findings import reconciled

pytestmark = pytest.mark.slow


def quote_groups(found: list[Assessment]) -> list[Assessment]:
    """The quote findings of more than one quote."""
    return [f for f in found if isinstance(f.details, QuoteDetails) and len(f.member_ids) > 1]


def test_hastings_quote_with_and_without_is_dangerous_is_a_variant(nlp: Language) -> None:
    # 8_ecb: tokenised text spaces its straight marks; two outlets, two wordings
    one = (
        "A bomb killed two officers.\n"
        '" That person is dangerous and needs to be found as soon as possible, " said Lt. '
        "Gregg Hastings of the Oregon State Police."
    )
    two = (
        "A bomb killed two officers.\n"
        '" That person needs to be found as soon as possible, " Hastings said on Saturday.'
    )
    [group] = quote_groups(reconciled(nlp, ("AP", one), ("KATU", two)))
    assert group.verdict is Verdict.VARIANT


def test_surrey_police_statement_running_over_two_paragraphs_is_a_variant(
    nlp: Language,
) -> None:
    # 14_ecb: the statement runs on unmarked over a line break; one outlet drops "has"
    one = (
        'A Surrey Police spokeswoman said: " The fire has progressed rapidly through the store '
        "which is almost totally destroyed.\n"
        'It is being treated as potentially suspicious. "\nAnyone with information should call.'
    )
    two = (
        'Surrey Police said: " The fire progressed rapidly through the store which is almost '
        'totally destroyed.\nIt is being treated as potentially suspicious ".'
    )
    groups = quote_groups(reconciled(nlp, ("BBC", one), ("Sky", two)))
    verdicts = sorted(g.verdict.value for g in groups)
    assert verdicts == ["agreed", "variant"]  # the second paragraph is worded alike


def test_zareh_on_tsunamis_in_two_translations_is_one_quote(nlp: Language) -> None:
    # 20_ecbplus: one official's words translated twice; a different statement of his stays
    one = (
        'A tsunami was ruled out. " Because the Persian Gulf is not very deep, a tsunami is '
        'not expected, " said Mehdi Zareh, head of the seismology centre.'
    )
    two = (
        '" The Persian Gulf is not deep enough so that we can expect tsunamis, " Mehdi Zareh '
        'said.\n" Rescue teams have reached every village on the island, " Mehdi Zareh said.'
    )
    [group] = quote_groups(reconciled(nlp, ("AFP", one), ("IRNA", two)))
    assert group.verdict is Verdict.VARIANT
    assert "tsunami" in group.subject


def test_a_label_put_on_the_building_is_no_quote_of_the_fire_officer(nlp: Language) -> None:
    # 14_ecb: "described the building as a total loss" labels it; he said the words elsewhere
    one = "Fire officer Peter Guest described the building as a “total loss”."
    two = "Peter Guest described the store as a “total loss”."
    assert quote_groups(reconciled(nlp, ("BBC", one), ("Sky", two))) == []


def test_a_film_title_in_quotes_is_no_quote_of_the_actress(nlp: Language) -> None:
    # ECB+ 1_ecb (no gold split): "American Pie" in two articles was an agreed quote of Reid
    one = "Reid, who starred in “American Pie,” checked into rehab, Reid said."
    two = "Tara Reid, best known for “American Pie,” said she was fine."
    assert quote_groups(reconciled(nlp, ("People", one), ("E!", two))) == []


def test_an_ellipsis_for_left_out_words_is_no_other_wording(nlp: Language) -> None:
    # ECB+ open world: one outlet marks the words it leaves out; the words are the same
    one = (
        "The coach was fired.\n"
        "“If players have problems with Mo Cheeks, then there's got to be something wrong with"
        " those players,” Billy King said."
    )
    two = (
        "The coach was fired.\n"
        "“If players have problems with Mo Cheeks … then there's got to be something wrong"
        " with those players,” Billy King said."
    )
    [group] = quote_groups(reconciled(nlp, ("AP", one), ("ESPN", two)))
    assert group.verdict is not Verdict.VARIANT


def test_a_phrase_inside_a_longer_wording_of_the_group_is_no_other_wording(
    nlp: Language,
) -> None:
    # PolNeAR open world: the phrase runs inside the long quote, not inside the most quoted
    # wording; all three are parts of one statement
    short = "The interview aired Thursday.\n“No, I meant he's the founder of ISIS,” Trump said."
    whole = (
        "The interview aired Thursday.\n“No, I meant he's the founder of ISIS. I do. He was the"
        " most valuable player. I give him the most valuable player award,” Trump said."
    )
    phrase = "Donald Trump called President Obama “the most valuable player” for ISIS."
    found = reconciled(nlp, ("AP", short), ("CNN", short), ("NBC", whole), ("HuffPost", phrase))
    assert [g.verdict for g in quote_groups(found) if g.verdict is Verdict.VARIANT] == []
    assert any(len(g.member_ids) >= 3 for g in quote_groups(found))
