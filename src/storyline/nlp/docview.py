"""One read of a parsed document's words, shared by the analysis components.

The components of the analysis (time expressions, quotes, claims, entities, events, features)
read the same ``Doc`` one after the other. ``Doc.text`` joins every token again on each call,
and each pass over the tokens makes a ``Token`` object per word and looks its strings up; a
``DocView`` does that once per document and the components share it (``view_of``).

A view holds what the tokenization fixes (the text, the words and their lexical flags) and
the lemmas, as they stand when the document is first read: the analysis changes none of them.
It holds no entities, which a caller may still set on a parsed document.
"""

from __future__ import annotations

import threading
from itertools import accumulate
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc


class DocView:
    """The text of one document and its words by token index, read in one pass."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.length = len(doc)
        # one array of the token attributes, not a ``Token`` object and its string look-ups
        # per word: the view's strings are the same, for a fifth of the time
        columns = doc.to_array(["ORTH", "LOWER", "LEMMA", "IS_QUOTE", "SENT_START", "SPACY"])
        orth, lower, lemma, quote, sent_start, spacy = (
            columns.T.tolist() if self.length else [[] for _ in range(6)]
        )
        strings = doc.vocab.strings
        named = {key: strings[key] for key in {*orth, *lower, *lemma}}
        self.words: list[str] = [named[key] for key in orth]  # each token's text
        self.lowers: list[str] = [named[key] for key in lower]  # each token's lower-cased text
        # whether each token is a quotation mark
        self.quote_marks: list[bool] = [bool(flag) for flag in quote]
        self.lemmas: list[str] = [named[key] for key in lemma]  # "" without a lemmatizer
        # whether each token opens a sentence (1; -1 is "no", 0 "not set")
        self.sentence_starts: list[bool] = [flag == 1 for flag in sent_start]
        spaced = [
            word + " " if space else word for word, space in zip(self.words, spacy, strict=True)
        ]
        # each token's first character in ``text`` (``Token.idx``)
        self.starts: list[int] = [0, *accumulate(map(len, spaced))][: self.length]
        self.text = "".join(spaced)  # what ``doc.text`` joins again on each call


class _Current(threading.local):
    """The document each thread is analysing (its components read one at a time): threads
    that analyse at once (the web server's, a ``watch`` beside them) keep a view each."""

    view: DocView | None = None


_current = _Current()


def view_of(doc: Doc) -> DocView:
    """The view of ``doc``, built on the first call for it in this thread and shared while it
    is being read (a document retokenized since gets a new view)."""
    view = _current.view
    if view is None or view.doc is not doc or view.length != len(doc):
        view = _current.view = DocView(doc)
    return view
