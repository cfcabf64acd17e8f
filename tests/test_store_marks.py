"""Contract tests of the change marks every backend gives (``Store.ingested_articles_since``
and the other reads ``load_contents`` uses to read only what changed)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.model import Rejection
from storyline.store import Store, open_store
from storyline.store.sqlite import SQLiteStore
from tests.conftest import BACKENDS
from tests.test_store import make_article


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
    elif request.param == "sqlite-memory":
        url = ":memory:"
    else:
        url = str(request.getfixturevalue("postgres_url"))
    opened = open_store(url)
    yield opened
    opened.close()


def test_articles_written_after_a_mark_are_read_again(store: Store) -> None:
    first = make_article("The dam failed on Tuesday.")
    store.add_article(first)
    mark, articles = store.ingested_articles_since(0)
    assert articles == [first]
    second = make_article("The port closed on Friday.", source_path="corpus/b.txt")
    store.add_article(second)
    _, since = store.ingested_articles_since(mark)
    assert second in since  # a backend without a marker may give every article
    if isinstance(store, SQLiteStore):
        assert since == [second]


def test_an_analysis_written_again_is_after_the_mark(store: Store) -> None:
    articles = [make_article(f"Story number {n}.", source_path=f"c/{n}.txt") for n in range(3)]
    for article in articles:
        store.add_article(article)
        store.put_analysis(article.id, "mentions", "v1", [{"text": "Dam"}])
    mark, found = store.analyses_since("mentions", 0)
    assert found == {a.id: ("v1", [{"text": "Dam"}]) for a in articles}
    store.put_analysis(articles[-1].id, "mentions", "v2", [{"text": "Port"}])  # the last row
    _, since = store.analyses_since("mentions", mark)
    assert since[articles[-1].id] == ("v2", [{"text": "Port"}])


def test_result_texts_and_items_decode_to_the_result(store: Store) -> None:
    assert store.result_text("stories") is None
    assert store.result_items("stories") == []
    stories = [  # in story order: none has a dated article, so by id
        {"id": "a", "title": "A", "article_ids": ["y", "z"], "related_story_ids": ["b"]},
        {"id": "b", "title": "B", "article_ids": ["x"], "related_story_ids": ["a"]},
    ]
    store.put_result("stories", stories[::-1])
    assert json.loads(store.result_text("stories") or "") == stories
    assert [json.loads(item) for item in store.result_items("stories")] == stories


def test_a_story_result_mark_changes_when_its_row_is_written_again(store: Store) -> None:
    store.put_story_result("s1", "f1", [{"n": 1}], [])
    store.put_story_result("s2", "f1", [], [])
    before = store.story_result_marks()
    store.put_story_result("s2", "f2", [{"n": 2}], [])  # the last row, written again
    after = store.story_result_marks()
    assert after["s1"] == before["s1"]
    assert after["s2"] != before["s2"]
    store.delete_story_results(["s1"])
    assert set(store.story_result_marks()) == {"s2"}


def test_rejections_are_counted(store: Store) -> None:
    assert store.rejection_count() == 0
    store.add_rejection(Rejection("feed.jsonl", "not JSON", b"{", 3))
    assert store.rejection_count() == 1
