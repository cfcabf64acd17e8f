"""The shared read of a document: built once per document, never stale after retokenizing."""

from __future__ import annotations

from spacy.tokens import Doc

from storyline.nlp.docview import view_of
from storyline.nlp.language import blank_nlp


def assert_view_reads_the_tokens(doc: Doc) -> None:
    """The view says what each ``Token`` of ``doc`` says."""
    view = view_of(doc)
    assert view.text == doc.text
    assert view.words == [t.text for t in doc]
    assert view.lowers == [t.lower_ for t in doc]
    assert view.lemmas == [t.lemma_ for t in doc]
    assert view.starts == [t.idx for t in doc]
    assert view.quote_marks == [t.is_quote for t in doc]
    assert view.sentence_starts == [bool(t.is_sent_start) for t in doc]


def test_view_reads_the_words_of_the_doc() -> None:
    doc = blank_nlp()('He said:  "We will go."\n\nThen  they went.')
    assert_view_reads_the_tokens(doc)
    assert [i for i, mark in enumerate(view_of(doc).quote_marks) if mark] == [4, 9]


def test_view_of_a_parsed_doc_reads_what_its_tokens_say() -> None:
    """Read from the token array, the view says what each ``Token`` says: lemmas and sentence
    starts of the parse, quotation marks of every kind, white-space tokens, an empty text."""
    from storyline.nlp.language import pipeline_for

    nlp = pipeline_for("en")
    assert nlp is not None
    texts = [
        "“We will go,” she said.  They didn't.\n\nThen ‘Kim’ left at 5 p.m. on Nov. 27, 2005.",
        "",
        "  ",
        "Ünïcode wörds — and `` TeX-style '' marks.",
    ]
    for doc in nlp.pipe(texts):
        assert_view_reads_the_tokens(doc)


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


def test_threads_reading_documents_at_once_keep_a_view_each() -> None:
    """Two threads analysing their own documents in turns do not rebuild each other's view
    (the web server's threads and a ``watch`` beside them)."""
    import threading

    nlp = blank_nlp()
    docs = {"a": nlp("North Korea fired."), "b": nlp("South Korea replied.")}
    views: dict[str, list[object]] = {"a": [], "b": []}
    turns = [threading.Event(), threading.Event()]

    def read(name: str, mine: threading.Event, theirs: threading.Event) -> None:
        for _ in range(3):
            mine.wait(5)
            mine.clear()
            views[name].append(view_of(docs[name]))
            theirs.set()

    threads = [
        threading.Thread(target=read, args=("a", turns[0], turns[1])),
        threading.Thread(target=read, args=("b", turns[1], turns[0])),
    ]
    for thread in threads:
        thread.start()
    turns[0].set()
    for thread in threads:
        thread.join(10)
    assert len(views["a"]) == len(views["b"]) == 3
    assert all(view is views["a"][0] for view in views["a"])
    assert all(view is views["b"][0] for view in views["b"])
