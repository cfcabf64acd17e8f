"""The bulk work of a run on both cores (issue 14): same results, same order, same report."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline import parallel
from storyline.analyze import stage
from storyline.analyze.stage import COMPONENTS, analysis_results
from storyline.ingest.stage import CLUES_KIND
from storyline.link.credits import credits_in
from storyline.link.derivation import prepared_texts
from storyline.parallel import (
    POOL_FROM,
    forked_results,
    forked_stream,
    pooled,
    tapered_batches,
)
from storyline.report.json_report import report_json
from storyline.runner import ingest_paths, rebuild
from storyline.store import open_store
from tests.conftest import SAMPLES
from tests.test_derivation import article


@pytest.fixture(autouse=True)
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pool runs here even on a one-core machine: forking works there, only slower."""
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)


def test_the_pool_is_used_from_its_threshold_only() -> None:
    assert pooled(POOL_FROM) and not pooled(POOL_FROM - 1)


def forked_map(function: Any, items: Any) -> list[Any]:
    with forked_results(function, items) as results:
        return list(results)


def test_results_come_back_in_input_order_from_other_processes() -> None:
    offset = 7  # a closure: the workers are forked with it, not sent it pickled
    results = forked_map(lambda n: (n + offset, os.getpid()), range(POOL_FROM * 3))
    assert [value for value, _ in results] == [n + offset for n in range(POOL_FROM * 3)]
    workers = {pid for _, pid in results}
    assert os.getpid() not in workers
    assert len(workers) == parallel.WORKERS


def test_few_items_run_in_this_process() -> None:
    results = forked_map(lambda n: os.getpid(), range(POOL_FROM - 1))
    assert set(results) == {os.getpid()}


def test_a_nested_call_runs_serially_in_its_worker() -> None:
    def inner_pids(_: int) -> tuple[int, set[int]]:
        inner = forked_map(lambda n: os.getpid(), range(POOL_FROM))
        return os.getpid(), set(inner)

    for worker, inner in forked_map(inner_pids, range(POOL_FROM)):
        assert worker != os.getpid()
        assert inner == {worker}


@pytest.mark.parametrize("mapped", [forked_map, lambda f, items: list(forked_stream(f, items))])
def test_a_workers_exception_is_raised_to_the_caller(mapped: Any) -> None:
    def fails_at_300(n: int) -> int:
        if n == 300:
            raise ValueError(f"item {n}")
        return n

    with pytest.raises(ValueError, match="item 300"):
        mapped(fails_at_300, range(POOL_FROM * 2))


@pytest.mark.slow
def test_the_report_is_byte_identical_with_and_without_the_pool(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sample store rebuilt (every derivation searched, every story reconciled) with the
    pool forced on every map and with no pool at all gives the same JSON report."""
    real_pooled = parallel.pooled
    used: list[bool] = []

    def counted(count: int) -> bool:
        used.append(real_pooled(count))
        return used[-1]

    reports = {}
    for name, pool_from in (("pool", 1), ("serial", 10**9)):
        monkeypatch.setattr(parallel, "POOL_FROM", pool_from)
        monkeypatch.setattr(parallel, "pooled", counted)
        used.clear()
        store = open_store(shutil.copy(sample_db, tmp_path / f"{name}.db"))
        rebuild(store)
        reports[name] = report_json(store)
        store.close()
        assert any(used) == (name == "pool")
    assert '"derivations": [\n    {' in reports["serial"]  # the samples have derivations
    assert reports["pool"] == reports["serial"]


def test_texts_read_on_the_pool_equal_those_read_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The link stage's prepared texts, signatures and credits, read on forked workers, are
    what this process reads: the derivation search sees the same texts either way."""
    texts = [
        'Rescue teams searched the valley. "We found nobody," the mayor said on Tuesday.',
        "SEOUL, May 15 (UPI) -- Farmers count their losses after a late frost, Yonhap reported.",
        "The",  # no content words: no signature
    ]
    articles = [article(text, key=str(n)) for n, text in enumerate(texts)]
    found = {}
    for name, pool_from in (("pool", 1), ("serial", 10**9)):
        monkeypatch.setattr(parallel, "POOL_FROM", pool_from)
        prepared, signatures = prepared_texts(articles)
        numbers = range(len(prepared))
        found[name] = (
            [prepared[n] for n in numbers],
            signatures,
            [prepared.credits_of(n) for n in numbers],
        )
    assert found["pool"] == found["serial"]
    assert found["serial"][1][2] is None
    assert found["pool"][2] == [credits_in(text) for text in texts]
    assert found["pool"][2][1] == {"UPI", "Yonhap"}


def test_files_read_on_the_pool_are_stored_as_read_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ingest reads the sample files (every format, a corrupt upload, a feed of several
    articles) on forked workers and commits them here, file by file in their order: the
    same articles, clues and rejections as reading them here, and a second run adds none."""
    ingested = {}
    for name, pool_from in (("pool", 1), ("serial", 10**9)):
        monkeypatch.setattr(parallel, "POOL_FROM", pool_from)
        store = open_store(tmp_path / f"{name}.db")
        files, first = ingest_paths(store, [SAMPLES])
        _, again = ingest_paths(store, [SAMPLES])
        ingested[name] = (
            files,
            first,
            again.added,
            [(a.id, a.title, a.text, a.published, a.outlet) for a in store.ingested_articles()],
            store.analyses(CLUES_KIND),
            store.rejections(),
        )
        store.close()
    assert ingested["pool"] == ingested["serial"]
    files, first, added_again, articles, _, rejections = ingested["serial"]
    assert files > 1 and first.added and rejections and not added_again
    assert len(articles) == len(first.added)


def test_forked_results_compute_while_the_block_does_other_work(tmp_path: Path) -> None:
    """The workers start on entering the block: every item is done before the block reads a
    result (reconcile writes the entity registry meanwhile), and the results keep their order."""

    def marked(n: int) -> int:
        (tmp_path / str(n)).touch()
        return n * 2

    items = range(POOL_FROM)
    with forked_results(marked, items) as results:
        deadline = time.monotonic() + 60
        while len(list(tmp_path.iterdir())) < len(items) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(list(tmp_path.iterdir())) == len(items)
        assert list(results) == [n * 2 for n in items]


def test_a_stream_is_read_as_the_workers_need_it() -> None:
    """``forked_stream`` returns results in order from other processes, and takes at most two
    items per worker from its stream ahead of the result being read (``analyze_pending``
    claims articles as it reads them)."""
    taken: list[int] = []

    def stream() -> Iterator[int]:
        for n in range(40):
            taken.append(n)
            yield n

    ahead = []
    results = []
    for value, pid in forked_stream(lambda n: (n * 3, os.getpid()), stream()):
        ahead.append(len(taken) - len(results))
        results.append((value, pid))
    assert [value for value, _ in results] == [n * 3 for n in range(40)]
    assert os.getpid() not in {pid for _, pid in results}
    assert max(ahead) <= 2 * parallel.WORKERS


def test_batches_taper_at_the_end_of_a_stream_read_lazily() -> None:
    """``tapered_batches``: every item once, in order; full batches while the stream lasts,
    a quarter-size tail once it ends (the workers finish close together), and no more read
    ahead than the workers' batches."""
    taken: list[int] = []

    def stream() -> Iterator[int]:
        for n in range(100):
            taken.append(n)
            yield n

    batches, ahead, given = [], [], 0
    for batch in tapered_batches(stream(), 8, workers=2):
        batches.append(batch)
        given += len(batch)
        ahead.append(len(taken) - given)
    assert [n for batch in batches for n in batch] == list(range(100))
    sizes = [len(batch) for batch in batches]
    assert sizes == [8] * 10 + [2] * 10  # 20 left when the stream ended: quarter batches
    assert max(ahead) < 8 * (2 + 1)  # never more than the workers' batches and one ahead
    assert list(tapered_batches([], 8)) == []
    assert list(tapered_batches([1, 2, 3], 8)) == [[1, 2], [3]]


@pytest.mark.slow
def test_the_analysis_on_forked_workers_equals_the_analysis_here(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each forked worker parses its batch and runs the components (no Doc crosses
    processes): the results are those of one process, article by article, in order."""
    store = open_store(sample_db)
    articles = list(store.ingested_articles())
    store.close()
    streams = []
    real_stream = parallel.forked_stream

    def counted(*args: Any, **kwargs: Any) -> Any:
        streams.append(args)
        return real_stream(*args, **kwargs)

    monkeypatch.setattr(parallel, "forked_stream", counted)
    monkeypatch.setattr(stage, "PARALLEL_FROM", 1)  # the 26 sample articles are enough
    here = list(analysis_results(articles, COMPONENTS, processes=1))
    assert not streams
    forked = list(analysis_results(articles, COMPONENTS, processes=2))
    assert streams
    assert forked == here
    assert len(here) == len(articles) and all(len(r) == len(COMPONENTS) for r in here)
