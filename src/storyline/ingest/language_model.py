"""py3langid's language identifier, scoring a text to the same bits in under half the time.

Ingest classifies every article it reads (``metadata.detect_language``); in the bulk benchmark
that was a third of ingest's CPU (issue 14), spent in two places this module changes:

- py3langid counts a text's features by walking its automaton over the text one byte at a time,
  in Python. The automaton is Aho-Corasick over the model's byte n-grams: after any bytes its
  state is the longest suffix of them that begins a feature, so it is set by the last
  ``WALK_DEPTH`` bytes alone (the longest feature). Every position's state is then
  ``WALK_DEPTH`` steps from the start state over the bytes before it, and numpy takes each
  step for all positions at once.
- Its feature weights are stored as float16 and the ~900 rows a text gathers were widened to
  float32 at every call; here the whole table is widened once (exactly).

The counts come out as py3langid's (same features, same order), so the sums and the scores do.

Imported only when a text is classified: numpy and the model cost ~0.5 s, which a run that
reads nothing new does not pay.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from numpy.typing import NDArray
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from py3langid.modelio import load_model

# The bytes of the longest feature of the pinned model (py3langid 0.4.0): after this many
# bytes the automaton's state no longer depends on where it started (checked by
# tests/test_language_model.py)
WALK_DEPTH = 6


def load_identifier() -> LanguageIdentifier:
    """The model, its probabilities normalised (a confidence in [0, 1])."""
    weights, priors, languages, nextmove, rows, outputs = load_model(MODEL_DIR / MODEL_FILE)
    return SteppedIdentifier(
        weights.astype(np.float32),
        priors,
        languages,
        nextmove,
        outputs,
        norm_probs=True,
        tk_row=rows,
    )


class SteppedIdentifier(LanguageIdentifier):  # type: ignore[misc]  # py3langid has no types
    """A ``LanguageIdentifier`` that walks its automaton one step over all of a text's bytes at
    a time."""

    __slots__ = ("_feature_of", "_next_state", "_row_start")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # a state's row start + a byte -> the next state; a state -> its feature (-1: none)
        self._next_state = np.asarray(self.tk_nextmove)
        self._row_start = np.asarray(self._rowbase, dtype=np.intp)
        self._feature_of = np.asarray(self.tk_output, dtype=np.intp)

    def _raw_score(self, text: bytes) -> NDArray[np.float32]:
        counts = self.feature_counts(text)
        score: NDArray[np.float32] = (
            super()._raw_score(text)  # no feature at all: py3langid's own floor
            if counts is None
            else self._sparse_score(counts, self.nb_ptc)
        )
        return score

    def feature_counts(self, text: bytes) -> Counter[int] | None:
        """Feature -> how often the text holds it, in the order of first appearance (the
        order py3langid sums the weights in), as its ``visit_counts``; None for a text
        without any."""
        found = self._feature_of[self.states(text)]
        return Counter(found[found >= 0].tolist()) or None

    def states(self, text: bytes) -> NDArray[np.intp]:
        """The automaton's state after each byte of the text (see the module)."""
        data = np.frombuffer(text, dtype=np.uint8)
        states = np.zeros(len(data), dtype=np.intp)
        for back in reversed(range(min(WALK_DEPTH, len(data)))):
            # every position reads the byte ``back`` before it; those with fewer bytes
            # before them are still at the start state
            row = self._row_start[states[back:]]
            states[back:] = self._next_state[row + data[: len(data) - back]]
        return states
