"""Another place: figures whose sentence sets them in a country the story is not about."""

from __future__ import annotations

import pytest
from spacy.language import Language

from storyline.model import ClaimDetails, Verdict
from storyline.reconcile.places import countries_named, other_place
from tests.test_open_world_findings import reconciled, written


def test_a_country_named_only_in_the_figures_sentence_is_another_place() -> None:
    sentence = "On Saturday, more than a dozen people were killed by a quake in eastern China."
    assert other_place(sentence, "A quake hit southern Iran.", ["Iranian officials said"]) == (
        "in eastern China"
    )


def test_the_storys_own_country_is_no_other_place() -> None:
    # named elsewhere in the article, or in another article by demonym or capital
    assert other_place("Ten died in Iran.", "A quake hit southern Iran.", []) is None
    assert other_place("Ten died in China.", "", ["Chinese officials said"]) is None
    assert other_place("Ten died in China.", "", ["Officials in Beijing said"]) is None
    assert countries_named("Officials in Tehran and the Iranian Red Crescent") == {"Iran"}


@pytest.mark.slow
def test_the_quake_in_eastern_china_is_no_side_of_the_qeshm_toll(nlp: Language) -> None:
    # 20_ecbplus (ECB+ dev): a Qeshm quake report closes on another quake's dead in China;
    # the first reports' "at least three" and "three" dead met that dozen as a conflict
    first = (
        "A powerful earthquake has hit southern Iran, destroying several villages and killing "
        "at least three people and injuring others, according to reports.\n"
        "The governor of Qeshm island told the AFP news agency four villages had been "
        "destroyed and three people killed."
    )
    second = (
        "An earthquake hit southern Iran on Sunday, toppling buildings on Qeshm island.\n"
        "On Saturday, more than a dozen people were killed by a quake in eastern China."
    )
    found = reconciled(nlp, ("BBC", first), ("CBC", second))
    claims = [f for f in found if isinstance(f.details, ClaimDetails)]
    assert Verdict.CONFLICT not in {f.verdict for f in claims}
    assert ["dozen people"] in [written(f) for f in claims]  # alone: no finding of the story
