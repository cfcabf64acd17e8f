"""Derived pairs kept up to date around the new articles (``link.derivation_index``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from storyline.link import derivation, derivation_index
from storyline.link.derivation import _prune_transitive
from storyline.link.derivation_index import SIGNATURE_KIND, _around, _pruned
from storyline.model import Derivation, DerivationKind, to_jsonable
from storyline.runner import rebuild
from storyline.store import open_store
from storyline.store.codec import STORIES, StoredEdge


def _pair(source: str, target: str, score: float) -> Derivation:
    return Derivation(source, target, DerivationKind.LIGHT_REWRITE, score)


def test_a_new_pair_closing_a_triangle_prunes_a_stored_pair_and_reads_only_its_part() -> None:
    store = open_store(":memory:")
    wire, pickup, apart = _pair("a", "b", 0.9), _pair("b", "c", 0.9), _pair("x", "y", 0.8)
    store.put_derivation_edges(
        [StoredEdge(d.from_id, d.to_id, True, to_jsonable(d)) for d in (wire, pickup, apart)]
    )
    # "c" arrives as another pickup of "a": a->b, a->c and b->c are one wire story's siblings
    new = _pair("a", "c", 0.9)
    around, stored = _around(store, [new])
    assert sorted((d.from_id, d.to_id) for d in around) == [("a", "b"), ("a", "c"), ("b", "c")]
    assert sorted((e.from_id, e.to_id) for e in stored) == [("a", "b"), ("b", "c")]
    rows = _pruned(around)
    assert {(e.from_id, e.to_id): e.kept for e in rows} == {
        ("a", "b"): True,
        ("a", "c"): True,
        ("b", "c"): False,  # the sibling pair the other two explain
    }
    store.put_derivation_edges(rows)
    every = _prune_transitive([wire, pickup, apart, new])
    assert store.derivations() == sorted(every, key=lambda d: (d.from_id, d.to_id))


@pytest.mark.slow
def test_a_search_of_every_pair_uses_the_texts_read_while_linking(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild (as a first run) searches every pair: its texts are read on entering the
    link stage, while the articles stream into stories, not read again after; the pairs are
    the same."""
    store = open_store(sample_db)
    before = store.derivations()

    def read_again(articles: object) -> None:
        raise AssertionError("the texts were read again after linking")

    monkeypatch.setattr(derivation, "prepared_texts", read_again)
    rebuild(store)
    assert before and store.derivations() == before
    store.close()


@pytest.mark.slow
def test_a_search_of_every_pair_writes_the_stories_while_the_pairs_align(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first run writes its stories and its articles' signatures (in the link stage's
    transaction) while the workers align the candidate pairs, not after: the writes are no
    longer on the run's serial path. The stories and pairs are those of the run before."""
    store = open_store(sample_db)
    before = (store.derivations(), [s.article_ids for s in store.stories()])
    aligning: list[bool] = []  # for each alignment: whether it is still open
    written_while: list[bool] = []
    real_results = derivation.forked_results

    @contextmanager
    def recording(function: Any, items: Any) -> Iterator[Iterator[Any]]:
        if isinstance(items, range):  # the texts read ahead, not the pairs
            with real_results(function, items) as results:
                yield results
            return
        aligning.append(True)
        with real_results(function, items) as results:
            yield results
        aligning[-1] = False

    real_put, real_analyses = type(store).put_keyed, type(store).put_analyses

    def put_keyed(self: Any, kind: str, rows: Any) -> None:
        if kind == STORIES:
            written_while.append(bool(aligning) and aligning[-1])
        real_put(self, kind, rows)

    def put_analyses(self: Any, analyses: Any) -> None:
        signed = [row for row in analyses if row[1] == SIGNATURE_KIND]
        written_while.extend([bool(aligning) and aligning[-1]] * len(signed))
        real_analyses(self, analyses)

    monkeypatch.setattr(derivation, "forked_results", recording)
    monkeypatch.setattr(type(store), "put_keyed", put_keyed)
    monkeypatch.setattr(type(store), "put_analyses", put_analyses)
    monkeypatch.setattr(derivation_index, "VERSION", "next")  # every signature made again
    rebuild(store)
    assert len(written_while) > len(before[1]) and all(written_while)
    assert (store.derivations(), [s.article_ids for s in store.stories()]) == before
    store.close()
