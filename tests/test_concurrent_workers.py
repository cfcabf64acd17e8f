"""Several workers on one PostgreSQL store: no lost work, no work done twice, one linker.

Three `storyline analyze` processes ingest overlapping thirds of the sample corpus into one
database at once. Each article must be analysed by exactly one of them (the claims of
``Store.claimed``), and the stories must be those of one run over the store as it was filled
(``storyline rebuild``), with one story-change record per change (the link lock,
``Store.exclusive``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

from storyline.link.updates import UPDATES_KIND
from storyline.runner import INPUTS_KIND, _link_inputs, rebuild
from storyline.store import open_store
from storyline.store.base import Store
from tests.conftest import SAMPLES

REPO = Path(__file__).resolve().parents[1]
WORKERS = 3
ANALYSED = re.compile(r"analysed (\d+) articles")


def overlapping_thirds(corpus: Path, folder: Path) -> list[Path]:
    """Three folders, each named like ``corpus`` (so articles get the same source labels as
    in a run over ``corpus``) and each holding two of its three thirds: every file in two."""
    files = sorted(corpus.iterdir())
    thirds = [files[i::WORKERS] for i in range(WORKERS)]
    roots = []
    for worker in range(WORKERS):
        root = folder / f"worker{worker}" / corpus.name
        root.mkdir(parents=True)
        for path in thirds[worker] + thirds[(worker + 1) % WORKERS]:
            shutil.copy(path, root / path.name)
        roots.append(root)
    return roots


def partition(store: Store) -> list[list[str]]:
    """Which articles are told together: the stories' article ids, whatever the story ids."""
    return sorted(sorted(story["article_ids"]) for story in store.result("stories") or [])


@pytest.mark.slow
def test_three_workers_analyse_each_article_once_and_link_as_one_run(
    postgres_url: str, sample_template: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    command = [sys.executable, "-m", "storyline.cli", "--log-level", "info", "analyze"]
    workers = [
        subprocess.Popen(
            [*command, str(root), "--db", postgres_url],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for root in overlapping_thirds(SAMPLES, tmp_path)
    ]
    analysed = []
    for worker in workers:
        _out, errors = worker.communicate(timeout=300)
        assert worker.returncode == 0, errors
        analysed += [int(count) for count in ANALYSED.findall(errors)]

    shared, sequential = open_store(postgres_url), open_store(sample_template)
    try:
        assert shared.articles() == sequential.articles()
        assert len(analysed) == WORKERS
        assert sum(analysed) == len(sequential.articles())  # each article analysed once
        assert shared.result(INPUTS_KIND) == _link_inputs(shared)  # the last link saw it all
        stories = {story["id"] for story in shared.result("stories")}
        assert set(shared.story_fingerprints()) == stories
        logged = [
            (update["story_id"], update["change"], tuple(update["added_article_ids"]))
            for update in shared.result(UPDATES_KIND)
        ]
        assert len(logged) == len(set(logged))  # no change recorded twice
        # the workers' links, one after another, told the stories one run over the store tells
        # (a stream's stories follow the order articles arrived in, which the workers
        # interleave: the sequential run's order may tell a borderline article elsewhere)
        linked = partition(shared)
        assert sorted(a for story in linked for a in story) == sorted(
            a.id for a in sequential.articles()
        )
        rebuild(shared)
        assert linked == partition(shared)
    finally:
        shared.close()
        sequential.close()


def test_a_claimed_article_is_skipped_by_other_workers(postgres_url: str) -> None:
    first, second = open_store(postgres_url), open_store(postgres_url)
    try:
        with first.claimed(["a", "b"]) as held:
            assert held == ["a", "b"]
            with second.claimed(["c", "b", "a"]) as others:
                assert others == ["c"]
        with second.claimed(["c", "b", "a"]) as released:
            assert released == ["c", "b", "a"]
    finally:
        first.close()
        second.close()


def test_a_claim_ends_with_its_worker_connection(postgres_url: str) -> None:
    first, second = open_store(postgres_url), open_store(postgres_url)
    try:
        claims = first.claimed(["a"])
        assert claims.__enter__() == ["a"]
        first.close()  # the worker dies holding its claim
        with second.claimed(["a"], wait=True) as taken:
            assert taken == ["a"]
    finally:
        second.close()


@pytest.mark.parametrize("lock", ["exclusive", "claimed"])
def test_a_waiting_worker_goes_on_when_the_holder_lets_go(postgres_url: str, lock: str) -> None:
    holder, waiter = open_store(postgres_url), open_store(postgres_url)
    entered = threading.Event()

    def hold(store: Store) -> AbstractContextManager[Any]:
        return store.exclusive("link") if lock == "exclusive" else store.claimed(["a"], wait=True)

    def wait() -> None:
        with hold(waiter):
            entered.set()

    try:
        with hold(holder):
            thread = threading.Thread(target=wait)
            thread.start()
            assert not entered.wait(0.5)
        assert entered.wait(10)
        thread.join()
    finally:
        holder.close()
        waiter.close()


def test_a_sqlite_store_grants_every_claim_and_lock(tmp_path: Path) -> None:
    first, second = open_store(tmp_path / "one.db"), open_store(tmp_path / "one.db")
    try:
        with first.claimed(["a", "b"]) as held, second.claimed(["b", "a"]) as again:
            assert (held, again) == (["a", "b"], ["b", "a"])
        with first.exclusive("link"), second.exclusive("link"):
            pass
    finally:
        first.close()
        second.close()
