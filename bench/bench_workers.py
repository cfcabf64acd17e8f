"""Workers sharing one PostgreSQL store: analysis throughput of 1 worker against K, in one run.

    python -m bench.bench_workers [--articles N] [--workers K] [--db postgresql://...]

The articles (texts as ``bench.bench_analysis``: ECB+ when present) are added to a fresh
database; then the workers start together, each in its own process with the spaCy model loaded
(as a long-running ``watch`` has it), and run what ``analyze`` and ``watch`` run after ingest:
``analyze_pending`` (claims, analysis) then ``update_stages(analyze=False)`` (the link lock,
link, reconcile). Per worker: the articles it analysed, the wall and CPU time of its analysis
(CPU with its spaCy child processes), and its link step (waiting for the lock included). The
analysed counts must sum to the articles (each analysed once); the command exits 1 otherwise.

Without ``--db`` a private server is started and stopped (tests/postgres_server.py); with it,
the given server gets a new database per run, dropped afterwards.
"""

from __future__ import annotations

import argparse
import multiprocessing
import platform
import queue
import resource
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench.bench_analysis import as_articles, corpus_texts
from storyline.model import Article


@dataclass(frozen=True)
class WorkerFigures:
    analysed: int
    analysis_s: float
    analysis_cpu_s: float
    link_s: float


def _cpu() -> float:
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def work(url: str, start: Any, figures: Any) -> None:
    """One worker: load the model, wait for the others, analyse what it claims, then link."""
    from storyline.analyze.stage import analyze_pending
    from storyline.nlp.language import load_nlp
    from storyline.runner import update_stages
    from storyline.store import open_store

    load_nlp()
    store = open_store(url)
    start.wait()
    began, cpu = time.perf_counter(), _cpu()
    analysed = analyze_pending(store)
    analysis_s, analysis_cpu_s = time.perf_counter() - began, _cpu() - cpu
    began = time.perf_counter()
    update_stages(store, analyze=False)
    figures.put(WorkerFigures(analysed, analysis_s, analysis_cpu_s, time.perf_counter() - began))
    store.close()


def run_workers(url: str, count: int) -> tuple[float, list[WorkerFigures]]:
    """Start ``count`` workers on the store at ``url`` together; the wall time until the
    last is done, and each one's figures."""
    spawn = multiprocessing.get_context("spawn")  # no database connection crosses a fork
    start, figures = spawn.Barrier(count + 1), spawn.Queue()
    workers = [spawn.Process(target=work, args=(url, start, figures)) for _ in range(count)]
    for worker in workers:
        worker.start()
    start.wait()
    began = time.perf_counter()
    results: list[WorkerFigures] = []
    while len(results) < count:
        try:
            results.append(figures.get(timeout=5))
        except queue.Empty:
            if any(worker.exitcode for worker in workers):  # a worker failed: say so, not hang
                raise SystemExit("a worker failed (its traceback is above)") from None
    wall = time.perf_counter() - began
    for worker in workers:
        worker.join()
    return wall, results


def filled_database(server_url: str, articles: Sequence[Article]) -> tuple[str, str]:
    """A new database on the server holding ``articles`` (not analysed); its name and URL."""
    import psycopg

    from storyline.store import open_store

    name = f"bench_workers_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    store = open_store(url)
    for article in articles:
        store.add_article(article)
    store.close()
    return name, url


def drop(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure(server_url: str, articles: Sequence[Article], count: int) -> bool:
    name, url = filled_database(server_url, articles)
    try:
        wall, results = run_workers(url, count)
    finally:
        drop(server_url, name)
    total = sum(result.analysed for result in results)
    print(
        f"\n{count} worker(s), {len(articles)} articles: {wall:.1f} s wall for all, "
        f"{len(articles) / wall:.2f} articles/s together; analysed {total} in all"
    )
    print("| worker | analysed | analysis wall s | articles/s | CPU s per article | link s |")
    print("|---|---|---|---|---|---|")
    for number, result in enumerate(sorted(results, key=lambda r: -r.analysed), start=1):
        rate = result.analysed / result.analysis_s if result.analysis_s else 0.0
        per = result.analysis_cpu_s / result.analysed if result.analysed else 0.0
        print(
            f"| {number} | {result.analysed} | {result.analysis_s:.1f} | {rate:.2f} | "
            f"{per:.3f} | {result.link_s:.1f} |"
        )
    return total == len(articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--db", help="a postgresql:// URL of a server (default: a private server)")
    args = parser.parse_args()
    articles = as_articles(corpus_texts(args.articles))
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}")
    server = None
    if args.db is None:
        from tests.postgres_server import start_server

        server = start_server()
        server_url = server.url("postgres")
    elif args.db.startswith(("postgresql://", "postgres://")):
        server_url = args.db
    else:
        raise SystemExit(f"--db must be a postgresql:// URL; got {args.db!r} instead")
    try:
        once = all([measure(server_url, articles, 1), measure(server_url, articles, args.workers)])
    finally:
        if server is not None:
            server.stop()
    if not once:
        raise SystemExit("some article was analysed twice, or not at all")


if __name__ == "__main__":
    main()
