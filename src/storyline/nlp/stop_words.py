"""English stop words: spaCy's list, loaded on first use.

Importing ``spacy.lang.en`` runs spaCy's package init (and thinc's, and torch's when it is
installed): seconds that a run which finds nothing new must not pay (issue 14). So the list is
read here, once, when a caller first needs it, by every module that filters stop words.
"""

from __future__ import annotations

from functools import cache


@cache
def stop_words() -> frozenset[str]:
    """spaCy's English stop words (lower case)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)
