"""A run's analysis is one spaCy stream over its claimed runs (issue 14), each run let go once
its articles are committed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

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
