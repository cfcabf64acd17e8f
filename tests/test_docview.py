"""The shared read of a document: built once per document, never stale after retokenizing."""

from __future__ import annotations

from storyline.nlp.docview import view_of
from storyline.nlp.language import blank_nlp


def test_view_reads_the_words_of_the_doc() -> None:
    doc = blank_nlp()('He said: "We will go."')
    view = view_of(doc)
    assert view.text == doc.text
    assert view.words == [t.text for t in doc]
    assert view.lowers == [t.lower_ for t in doc]
    assert view.lemmas == [t.lemma_ for t in doc]
    assert [i for i, mark in enumerate(view.quote_marks) if mark] == [3, 8]


def test_view_is_shared_while_a_doc_is_read_and_renewed_for_the_next() -> None:
    nlp = blank_nlp()
    first, second = nlp("North Korea fired."), nlp("South Korea replied.")
    assert view_of(first) is view_of(first)
    assert view_of(second).words[0] == "South"
    assert view_of(first).words[0] == "North"


def test_retokenized_doc_gets_a_new_view() -> None:
    doc = blank_nlp()("North Korea fired.")
    assert len(view_of(doc).words) == 4
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:2])
    assert view_of(doc).words == ["North Korea", "fired", "."]
