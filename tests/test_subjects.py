"""One subject resolver: a quote's speaker and a claim's claimant are the same person."""

from __future__ import annotations

import pytest
from spacy.language import Language

from storyline.nlp.claims.claims import find_claims
from storyline.nlp.quotes.quotes import find_quotes


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "person"),
    [
        # "she" is a subject: the nearest person who is a subject in the paragraph, not the
        # last person named (John Smith, an object, was the claimant before)
        (
            "Maria Lopez met John Smith on Monday. “It was the worst disaster in a century,” "
            "she said, adding that 40 people died in the flood.",
            "Maria Lopez",
        ),
        # the article gives Mrs. Park a gender: "he" passes over her to the nearest man, for
        # the figure as for the words (Park Ji-won was the claimant before)
        (
            "Defense Minister Shin Won-sik spoke after Mrs. Park Ji-won left the briefing. "
            "“It is a grave threat,” he said, adding that 300 missiles were shipped.",
            "Shin Won-sik",
        ),
    ],
    ids=["she_after_john_smith", "he_after_mrs_park"],
)
def test_pronoun_claimant_is_the_speaker_of_the_same_sentence(
    nlp: Language, text: str, person: str
) -> None:
    doc = nlp(text)
    (claim,) = find_claims(doc, "a")
    (quote,) = find_quotes(doc, "a")
    assert quote.speaker == person
    assert claim.claimant == person
