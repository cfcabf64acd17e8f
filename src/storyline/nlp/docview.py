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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc


class DocView:
    """The text of one document and its words by token index, read in one pass."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.length = len(doc)
        self.words: list[str] = []  # each token's text
        self.lowers: list[str] = []  # each token's lower-cased text
        self.quote_marks: list[bool] = []  # whether each token is a quotation mark
        self.lemmas: list[str] = []  # each token's lemma ("" without a lemmatizer)
        self.sentence_starts: list[bool] = []  # whether each token opens a sentence
        self.starts: list[int] = []  # each token's first character in ``text`` (``Token.idx``)
        spaced = []
        offset = 0
        for token in doc:
            self.starts.append(offset)
            offset += len(token.text_with_ws)
            self.words.append(token.text)
            self.lowers.append(token.lower_)
            self.quote_marks.append(token.is_quote)
            self.lemmas.append(token.lemma_)
            self.sentence_starts.append(bool(token.is_sent_start))
            spaced.append(token.text_with_ws)
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
