"""Stop words: spaCy's lists, loaded on first use.

Importing ``spacy.lang.en`` runs spaCy's package init (and thinc's, and torch's when it is
installed): seconds that a run which finds nothing new must not pay (issue 14). So a list is
read here, once, when a caller first needs it, by every module that filters stop words.
"""

from __future__ import annotations

import importlib
from functools import cache


@cache
def stop_words(language: str | None = None) -> frozenset[str]:
    """spaCy's English stop words (lower case), and those of ``language`` (an ISO 639-1 code)
    where spaCy has a list for it (76 languages): the function words of a German or Gujarati
    page say nothing about its event either, and English ones turn up in any page."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = frozenset(STOP_WORDS)
    if language in (None, "en") or not language.isalpha():
        return words
    try:
        module = importlib.import_module(f"spacy.lang.{language}.stop_words")
    except ImportError:
        return words
    return words | frozenset(w.casefold() for w in getattr(module, "STOP_WORDS", ()))
