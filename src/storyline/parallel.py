"""Both cores for the bulk work of a run: a map over many independent items in forked processes.

A first run over many articles parses and analyses on both cores (``forked_stream``), then aligns
thousands of candidate pairs (``link.derivation``) and reconciles hundreds of stories
(``reconcile.stage``) one at a time; on one core these took a third of a bulk run (issue 14).
``forked_results`` spreads such a map over ``WORKERS`` processes forked from this one, so each
worker inherits the state the function reads (prepared texts, stored analyses, the entity
registry) instead of receiving it pickled: only the items and their results cross.

The results come back in the order of the items, so a run's output is the same byte for byte
with or without the pool. The pool is used only where it pays and where it is safe:

- from ``POOL_FROM`` items (forking and its copy-on-write pages cost about a tenth of a second);
- where the platform forks (Linux; macOS and Windows start processes by spawning, which would
  pickle the state the function reads) and the machine has a second core;
- not inside a pool worker: a nested call runs serially, so no worker forks workers of its own.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

POOL_FROM = 200  # items; fewer run serially, where a pool costs more than it saves
WORKERS = 2  # this machine's cores; the main process only waits while they work
CHUNKS_PER_WORKER = 16  # small enough that one slow chunk leaves no worker idle for long

# In a pool worker: the function it maps (set once, by the initializer, at fork time)
_function: Callable[[Any], Any] | None = None


@contextmanager
def forked_results(
    function: Callable[[Item], Result], items: Sequence[Item]
) -> Iterator[Iterator[Result]]:
    """``function`` over ``items`` on ``WORKERS`` forked processes when it pays (``pooled``),
    started on entering the block: the workers compute while the block does other work
    (writes what it already has), then it reads the results, in the order of the items. On
    leaving the block the work left is dropped and the workers end.

    ``function`` may be a closure: the workers are forked with it, never pickled. Its items
    and results are pickled, so they should be small next to the state it reads. A worker's
    exception is raised at the item that raised it. Without the pool the results are
    computed as the block reads them, so ``function`` must not depend on what the block does
    before."""
    if not pooled(len(items)):
        yield map(function, items)
        return
    chunk = max(1, len(items) // (WORKERS * CHUNKS_PER_WORKER))
    pool = _forked_pool(function, WORKERS)
    try:  # every item is handed to the workers here, before the block runs
        yield pool.map(_call, items, chunksize=chunk)
    finally:  # a block that stops early, or a worker's exception: drop the work left
        pool.shutdown(wait=True, cancel_futures=True)


def forked_stream(
    function: Callable[[Item], Result], items: Iterable[Item], workers: int = WORKERS
) -> Iterator[Result]:
    """``function`` over a stream of ``items`` on ``workers`` forked processes, each result
    yielded in the order of the items.

    Unlike ``forked_results`` the items are read as the workers need them: at most two per
    worker are handed out ahead of the result being read, so a stream that claims work as it
    is read (``analyze_pending``) claims only what is about to be done. A caller decides
    whether the stream is long enough to pay for the pool; where the platform cannot fork,
    or inside a worker, the items are computed here, one at a time."""
    if not _can_fork():
        yield from map(function, items)
        return
    pool = _forked_pool(function, workers)
    try:
        pending: deque[Future[Result]] = deque()
        for item in items:
            pending.append(pool.submit(_call, item))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:  # a reader that stops early, or a worker's exception: drop the work left
        pool.shutdown(wait=True, cancel_futures=True)


def tapered_batches(
    items: Iterable[Item], size: int, workers: int = WORKERS
) -> Iterator[list[Item]]:
    """``items`` in batches of ``size``, in order, read lazily, the last ones smaller.

    A stream of batches for ``forked_stream`` ends when its last batch does: with batches
    all of one size, one worker may still parse a whole batch while the others have nothing
    left. So ``workers`` batches' worth is read ahead, and once the stream runs out what is
    left goes in batches of a quarter of ``size``: the workers finish close together."""
    ahead: deque[Item] = deque()
    for item in items:
        ahead.append(item)
        if len(ahead) >= size * (workers + 1):
            yield [ahead.popleft() for _ in range(size)]
    small = max(1, size // 4)
    while ahead:
        yield [ahead.popleft() for _ in range(min(small, len(ahead)))]


def pooled(count: int) -> bool:
    """Whether ``forked_results`` over ``count`` items uses the pool here."""
    return count >= POOL_FROM and _can_fork()


def _can_fork() -> bool:
    return (
        _function is None  # not in a worker
        and (os.cpu_count() or 1) >= 2
        and "fork" in multiprocessing.get_all_start_methods()
    )


def _forked_pool(function: Callable[[Any], Any], workers: int) -> ProcessPoolExecutor:
    """``workers`` processes forked from this one, each holding ``function`` (``_call``)."""
    context = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(function,)
    )


def _start_worker(function: Callable[[Any], Any]) -> None:
    # forked, not spawned: ``function`` arrives as the parent's object, closure and all
    global _function
    _function = function


def _call(item: Any) -> Any:
    if _function is None:  # pragma: no cover - the initializer always ran first
        raise RuntimeError("a pool worker started without its function")
    return _function(item)
