"""The stepped language identifier: py3langid's counts and scores, to the bit."""

from __future__ import annotations

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts

from storyline.ingest.language_model import WALK_DEPTH, SteppedIdentifier, load_identifier

TEXTS = [
    "Der Stadtrat von Kleinhausen hat am Dienstag einen neuen Busplan beschlossen.",
    "Le conseil municipal de Petitbourg a adopté mardi un nouveau plan de bus.",
    "市议会周二通过了新的公交计划，十二条线路每十分钟一班。",
    "Live updates",
    "Ab",  # fewer bytes than the walk's depth
    "é",
    "",
    "   \n\n",
    'The council voted 7-2 on Tuesday; the mayor said — again — "no".\n\nÇa va? Да. 好的。',
    "x" * 5000,
]


@pytest.fixture(scope="module")
def stepped() -> SteppedIdentifier:
    identifier = load_identifier()
    assert isinstance(identifier, SteppedIdentifier)
    return identifier


@pytest.fixture(scope="module")
def library() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@pytest.mark.parametrize("text", TEXTS)
def test_feature_counts_are_the_walk_of_py3langid(stepped: SteppedIdentifier, text: str) -> None:
    data = stepped._encode(text)
    expected = visit_counts(stepped.tk_nextmove, stepped._rowbase, stepped.tk_output, data)
    counts = stepped.feature_counts(data)
    assert (None if counts is None else list(counts.items())) == (
        None if expected is None else list(expected.items())  # the order the weights are summed
    )


@pytest.mark.parametrize("text", TEXTS)
def test_scores_are_py3langids_to_the_bit(
    stepped: SteppedIdentifier, library: LanguageIdentifier, text: str
) -> None:
    assert np.array_equal(stepped._decide(text), library._decide(text))
    assert stepped.classify(text) == library.classify(text)


def test_walk_depth_is_the_longest_feature_of_the_model(stepped: SteppedIdentifier) -> None:
    # the greatest number of bytes from the start to any state of the automaton: in an
    # Aho-Corasick automaton, the longest prefix of a feature
    next_state = np.asarray(stepped.tk_nextmove)
    row_start = np.asarray(stepped._rowbase, dtype=np.intp)
    reached = np.zeros(len(row_start), dtype=bool)
    reached[0] = True
    frontier, depth = np.array([0]), 0
    while len(frontier):
        step = np.zeros(len(row_start), dtype=bool)
        step[next_state[row_start[frontier, None] + np.arange(256)]] = True
        frontier = np.flatnonzero(step & ~reached)
        reached[frontier] = True
        depth += bool(len(frontier))
    assert reached.all()
    assert depth == WALK_DEPTH
