"""The analysis stage on Ray: workers analyse batches of articles, the driver alone writes.

Workers run ``storyline.analyze.stage.analysis_results`` -- the code the local path runs --
and return plain ``(article_id, kind, version, payload)`` tuples; the driver commits each
article's results in one transaction as they arrive (``analyze_articles``). A crash therefore
loses only uncommitted articles, and the next run's ``pending()`` skips the committed ones.
Workers never open the store, so they need no access to its file: on a cluster, every node only
needs the same ``storyline[scale]`` installed.

Tasks rather than actors: Ray reuses a worker process for the tasks it runs, and
``load_nlp`` caches the spaCy model per process, so each worker loads the model once without
an actor pool to size. Tasks also spread over whatever CPUs the cluster has (and gains), and a
task lost with its worker is simply run again by Ray (the function is pure).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from types import ModuleType
from typing import Any

from storyline.analyze.stage import (
    ANALYSER,
    BATCH,
    COMPONENTS,
    Component,
    Result,
    analysis_results,
)
from storyline.errors import RayMissing, RayUnreachable, StorylineError
from storyline.model import Article

log = logging.getLogger(__name__)

# Articles per task. The spaCy minibatch size, so workers parse the very batches the local
# path parses; at ~40 ms an article a task is seconds of work, so Ray's per-task cost is noise.
RAY_BATCH = BATCH
# Read by Ray at import: with "0" a local instance binds to 127.0.0.1 only, not the machine's
# address (Ray's own switch for single-machine use; see ray/_private/ray_constants.py).
LOOPBACK_ONLY = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"


def require_ray() -> ModuleType:
    """The ``ray`` module, or one Error line saying how to install it."""
    try:
        import ray
    except ImportError:
        raise RayMissing() from None
    return ray


def init_local(num_cpus: int | None = None) -> ModuleType:
    """Start a Ray instance on this machine only (loopback, no dashboard), ``num_cpus`` cores."""
    os.environ.setdefault(LOOPBACK_ONLY, "0")  # effective only if Ray is not imported yet
    ray = require_ray()
    ray.init(
        num_cpus=num_cpus or os.cpu_count(),
        include_dashboard=False,
        logging_level=logging.ERROR,  # the CLI prints one summary, not Ray's start-up log
        log_to_driver=False,
    )
    return ray


def _analyse_batch(
    articles: Sequence[Article], components: Sequence[Component]
) -> list[list[Result]]:
    """One Ray task: each article's results, as the local path computes them."""
    return list(analysis_results(articles, components))


def ray_results(
    articles: Sequence[Article],
    components: Sequence[Component] = COMPONENTS,
    batch: int = RAY_BATCH,
) -> Iterator[list[Result]]:
    """Each article's results, computed by Ray tasks of ``batch`` articles, as tasks finish.

    Ray must be initialised. At most two batches per cluster CPU are in flight, so a large
    corpus is not copied into the object store at once and no worker waits for the driver.
    """
    if not articles:
        return
    ray = require_ray()
    log.info("analysing %d articles on Ray in batches of %d", len(articles), batch)
    task = ray.remote(num_cpus=1)(_analyse_batch)
    shared = ray.put(tuple(components))
    batches = (articles[i : i + batch] for i in range(0, len(articles), batch))
    window = max(2, 2 * int(ray.cluster_resources().get("CPU", 1)))
    in_flight = [task.remote(b, shared) for b in islice(batches, window)]
    try:
        while in_flight:
            [ready], in_flight = ray.wait(in_flight, num_returns=1)
            log.debug("a batch finished; %d in flight", len(in_flight))
            in_flight += [task.remote(b, shared) for b in islice(batches, 1)]
            yield from _get(ray, ready)
    finally:  # the driver stopped early (an error, Ctrl-C): do not leave work running
        for ref in in_flight:
            ray.cancel(ref)


def _get(ray: ModuleType, ref: Any) -> list[list[Result]]:
    """A task's result; a Storyline error in a worker (no spaCy model, say) stays one line."""
    try:
        results: list[list[Result]] = ray.get(ref)
        return results
    except ray.exceptions.RayTaskError as exc:
        if isinstance(exc.cause, StorylineError):
            raise exc.cause from None
        raise


def unreachable(address: str, timeout: float = 5.0) -> str | None:
    """Why the head node at ``host:port`` (or ``ray://host:port``) cannot be reached, or None.

    Ray itself retries an unreachable address for minutes; a plain TCP connect tells at once.
    Addresses that are not ``host:port`` (``auto``) are left to Ray.
    """
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return None
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as exc:
        return f"no answer at {host}:{port} ({exc.strerror or exc})"
    return None


def _connect(ray: ModuleType, address: str | None) -> None:
    """Join the cluster at ``address``, else start a local instance; failures are one line."""
    problem = unreachable(address) if address else None
    if problem:
        raise RayUnreachable(f"the Ray cluster at {address}", problem)
    try:
        if address:
            ray.init(address=address, logging_level=logging.ERROR, log_to_driver=False)
        else:
            init_local()
    except Exception as exc:  # Ray raises many kinds; the user needs one line
        where = f"the Ray cluster at {address}" if address else "a local Ray instance (starting it)"
        raise RayUnreachable(where, str(exc)) from None


@contextmanager
def ray_analysis(batch: int = RAY_BATCH) -> Iterator[None]:
    """Within the block, analysis runs on Ray.

    Uses the Ray already initialised in this process, else connects to the cluster at
    ``RAY_ADDRESS``, else starts a local instance on all cores -- only once there is something
    to analyse, so a rerun with nothing pending starts nothing -- and stops what it started.
    """
    address = os.environ.get("RAY_ADDRESS")
    if not address:
        os.environ.setdefault(LOOPBACK_ONLY, "0")  # before Ray's import reads it
    ray = require_ray()  # fail before any work when Ray is missing
    started: list[bool] = []

    def analyse(
        articles: Sequence[Article], components: Sequence[Component]
    ) -> Iterator[list[Result]]:
        if articles and not ray.is_initialized():
            log.info("connecting to %s", address or "a local Ray instance")
            _connect(ray, address)
            started.append(True)
        return ray_results(articles, components, batch)

    token = ANALYSER.set(analyse)
    try:
        yield
    finally:
        ANALYSER.reset(token)
        if started:
            ray.shutdown()
