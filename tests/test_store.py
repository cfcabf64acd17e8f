"""Contract tests every store backend must pass (parametrized over the backends)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.errors import StoreError
from storyline.model import Article, DateBasis, Published, Rejection, RemovedSpan
from storyline.store import Store, open_store


@pytest.fixture(params=["sqlite-file", "sqlite-memory"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path / 'store.db'}" if request.param == "sqlite-file" else ":memory:"
    opened = open_store(url)
    yield opened
    opened.close()


def make_article(text: str = "The dam failed on Tuesday.", **changes: object) -> Article:
    fields: dict[str, object] = dict(
        id=Article.make_id(text),
        source_path="corpus/a.txt",
        title="Dam fails",
        text=text,
        raw_text=text,
        published=Published(date(2025, 3, 4), DateBasis.DATELINE, "PORT ALDER"),
        outlet="Harbor Wire",
        removed_spans=(RemovedSpan(0, 4, "advertisement", "Ad -"),),
    )
    fields.update(changes)
    return Article(**fields)  # type: ignore[arg-type]


def test_adding_the_same_article_twice_is_a_no_op(backend: Store) -> None:
    article = make_article()
    assert backend.add_article(article) is True
    assert backend.add_article(article) is False
    assert backend.articles() == [article]


def test_article_found_by_unique_id_prefix(backend: Store) -> None:
    article = make_article()
    backend.add_article(article)
    assert backend.article(article.id[:6]) == article
    assert backend.article("zzzz") is None


def test_full_text_search_finds_words_of_title_and_text(backend: Store) -> None:
    a, b = make_article("The dam failed."), make_article("A port was attacked.", title="Port")
    backend.add_article(a)
    backend.add_article(b)
    assert backend.search("dam") == [a.id]
    assert backend.search("port") == [b.id]
    with pytest.raises(StoreError):
        backend.search('"unbalanced')


def test_transaction_commits_all_or_nothing(backend: Store) -> None:
    with pytest.raises(RuntimeError), backend.transaction():
        backend.add_article(make_article())
        raise RuntimeError("crash")
    assert backend.articles() == []


def test_rejections_keep_their_original_bytes(backend: Store) -> None:
    rejection = Rejection("corpus/bad.jsonl", "not valid JSON", b"{\xff", line=3)
    assert backend.add_rejection(rejection) is True
    assert backend.add_rejection(rejection) is False
    assert backend.rejections() == [rejection]


def test_analyses_are_versioned_and_results_replaced(backend: Store) -> None:
    article = make_article()
    backend.add_article(article)
    backend.put_analysis(article.id, "quotes", "1", [{"text": "x"}])
    assert backend.analysis(article.id, "quotes", "1") == [{"text": "x"}]
    assert backend.analysis(article.id, "quotes", "2") is None
    assert backend.analysis_versions("quotes") == {article.id: "1"}
    backend.put_result("stories", [1])
    backend.put_result("stories", [2])
    assert backend.result("stories") == [2]


def test_decisions_are_logged_in_order(backend: Store) -> None:
    backend.add_decision("merge", ["s1", "s2"], ["a", "b"], "same dam")
    backend.add_decision("split", ["s1"], ["b"], "other dam")
    assert [d["action"] for d in backend.decisions()] == ["merge", "split"]


def test_reopening_a_file_store_runs_no_migration_twice(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    open_store(path).close()
    reopened = open_store(path)
    rows = reopened.db.execute("SELECT name FROM migrations").fetchall()  # type: ignore[attr-defined]
    assert rows == [("0001_initial_schema",)]


def test_a_file_that_is_not_a_store_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are not the droids" * 100)
    with pytest.raises(StoreError, match="not a Storyline store"):
        open_store(path)


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(min_size=1, max_size=200),
    title=st.text(max_size=50),
    day=st.none() | st.dates(),
    outlet=st.none() | st.text(max_size=20),
)
def test_any_article_round_trips_through_the_store(
    text: str, title: str, day: date | None, outlet: str | None
) -> None:
    store = open_store(":memory:")
    basis = DateBasis.UNKNOWN if day is None else DateBasis.METADATA
    article = make_article(text, title=title, outlet=outlet, published=Published(day, basis))
    store.add_article(article)
    assert store.article(article.id) == article
