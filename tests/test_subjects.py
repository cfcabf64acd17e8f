"""One subject resolver: a quote's speaker and a claim's claimant are the same person."""

from __future__ import annotations

import pytest
from spacy.language import Language

from storyline.nlp.claims.claims import find_claims
from storyline.nlp.quotes.quotes import find_quotes


@pytest.fixture(scope="module")
def nlp() -> Language:
    from storyline.nlp.language import load_nlp

    return load_nlp()


@pytest.mark.slow
def test_she_who_gives_a_figure_and_a_quote_is_one_person(nlp: Language) -> None:
    # "she" is a subject: the nearest person who is a subject in the paragraph (Maria Lopez),
    # not the last person named (John Smith, an object); the claimant was John Smith before
    doc = nlp(
        "Maria Lopez met John Smith on Monday. “It was the worst disaster in a century,” "
        "she said, adding that 40 people died in the flood."
    )
    (claim,) = find_claims(doc, "a")
    (quote,) = find_quotes(doc, "a")
    assert quote.speaker == "Maria Lopez"
    assert claim.claimant == quote.speaker


@pytest.mark.slow
def test_he_after_mrs_park_is_the_minister_for_claim_and_quote(nlp: Language) -> None:
    # the article gives Mrs. Park a gender: "he" passes over her to the nearest man, for the
    # figure as for the words (the claimant was Park Ji-won before)
    doc = nlp(
        "Defense Minister Shin Won-sik spoke after Mrs. Park Ji-won left the briefing. "
        "“It is a grave threat,” he said, adding that 300 missiles were shipped."
    )
    (claim,) = find_claims(doc, "a")
    (quote,) = find_quotes(doc, "a")
    assert quote.speaker == "Shin Won-sik"
    assert claim.claimant == quote.speaker
