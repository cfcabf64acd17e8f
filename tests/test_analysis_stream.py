"""A run's analysis is one spaCy stream over its claimed runs (issue 14), each run let go once
its articles are committed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

import pytest

from storyline.analyze import stage as analysis
from storyline.errors import StoreError
from storyline.ingest.readers.base import RawArticle
from storyline.ingest.stage import build_article
from storyline.store.base import Store


class CountingTokenizer:
    """A blank English pipeline that counts the streams it is asked for."""

    streams = 0

    def __init__(self) -> None:
        import spacy

        self.blank = spacy.blank("en")
        self.max_length = self.blank.max_length
        self.lang = "en"
        self.meta = {"lang": "en", "name": "counting"}

    def pipe(self, texts: Iterable[str], batch_size: int) -> Iterator[Any]:
        CountingTokenizer.streams += 1
        return self.blank.pipe(texts, batch_size=batch_size)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> type[CountingTokenizer]:
    import storyline.nlp.language

    CountingTokenizer.streams = 0
    monkeypatch.setattr(storyline.nlp.language, "load_nlp", CountingTokenizer)
    words = analysis.Component("words", "1", lambda parsed: len(parsed.doc))
    monkeypatch.setattr(analysis, "COMPONENTS", (words,))
    monkeypatch.setattr(analysis, "CLAIM_BATCH", 3)
    return CountingTokenizer


def stored_articles(store: Store, count: int) -> list[str]:
    ids = []
    for n in range(count):
        article, _ = build_article(
            RawArticle(f"in/{n}.txt", f"Dam {n}\n\nThe dam failed on day {n}.")
        )
        store.add_article(article)
        ids.append(article.id)
    return ids


def test_several_claimed_runs_are_parsed_in_one_spacy_stream(
    store: Store, counted: type[CountingTokenizer]
) -> None:
    ids = stored_articles(store, 8)
    assert analysis.analyze_pending(store) == 8
    assert counted.streams == 1
    assert all(store.analysis(i, "words") for i in ids)


def test_each_claimed_run_is_let_go_once_its_articles_are_committed(
    store: Store, counted: type[CountingTokenizer], monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = stored_articles(store, 8)
    held: list[list[str]] = []
    committed_at_release: list[bool] = []
    claimed = store.claimed

    @contextmanager
    def recorded(article_ids: list[str], wait: bool = False) -> Iterator[list[str]]:
        with claimed(article_ids, wait) as mine:
            held.append(list(mine))
            yield mine
            committed_at_release.append(all(store.analysis(i, "words") for i in mine))
            held.remove(list(mine))

    monkeypatch.setattr(store, "claimed", recorded)
    analysis.analyze_pending(store)
    assert committed_at_release == [True, True, True]  # runs of 3, 3 and 2 articles
    assert held == []
    assert all(store.analysis(i, "words") for i in ids)


def test_a_store_error_while_claiming_stops_the_run_and_blames_no_article(
    store: Store, counted: type[CountingTokenizer], monkeypatch: pytest.MonkeyPatch
) -> None:
    stored_articles(store, 8)
    claims = 0
    claimed = store.claimed

    def failing_second(article_ids: list[str], wait: bool = False) -> Any:
        nonlocal claims
        claims += 1
        if claims == 2:
            raise StoreError("the connection to the store was lost")
        return claimed(article_ids, wait)

    monkeypatch.setattr(store, "claimed", failing_second)
    with pytest.raises(StoreError, match="connection to the store was lost"):
        analysis.analyze_pending(store)
    assert store.rejections() == []
    assert store.analyses(analysis.FAILED) == {}


class RecordingPipeline(CountingTokenizer):
    """The counting tokenizer with an entity recogniser by name: records, for each stream,
    the pipes it was asked to leave out."""

    pipe_names: ClassVar[tuple[str, ...]] = ("ner",)
    left_out: ClassVar[list[list[str]]] = []

    def pipe(self, texts: Iterable[str], batch_size: int, disable: Iterable[str] = ()) -> Any:
        RecordingPipeline.left_out.append(list(disable))
        return self.blank.pipe(texts, batch_size=batch_size)


def test_a_parse_for_components_that_read_no_entities_leaves_the_recogniser_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import storyline.nlp.language

    RecordingPipeline.left_out = []
    monkeypatch.setattr(storyline.nlp.language, "load_nlp", RecordingPipeline)
    article, _ = build_article(RawArticle("in/0.txt", "Dam fails\n\nThe dam failed on Tuesday."))
    words = analysis.Component("words", "1", lambda parsed: len(parsed.doc))
    (timexes,) = analysis.analysis_results([article], (analysis.TIMEXES,))
    list(analysis.analysis_results([article], (analysis.TIMEXES, words)))
    assert RecordingPipeline.left_out == [["ner"], []]
    assert timexes[0][1] == "timexes" and timexes[0][3]["items"]


@pytest.mark.slow
def test_time_expressions_read_without_the_recogniser_are_the_same(nlp: Any) -> None:
    from datetime import date

    from storyline.nlp.language import parse
    from storyline.nlp.time.timexes import find_timexes

    text = (
        "The Kessel dam failed on Tuesday, officials said. Engineers had warned in March that "
        "it would not hold, and the company said it will rebuild it next year. Two days later "
        "the river fell."
    )
    (whole,) = parse(nlp, [text])
    (bare,) = parse(nlp, [text], analysis.ENTITY_PIPES)
    assert whole.ents and not bare.ents
    anchor = date(2024, 5, 15)
    assert find_timexes(bare, anchor) == find_timexes(whole, anchor)
    assert len(find_timexes(bare, anchor)) >= 4
