"""The analysis stage on Ray (``storyline analyze --ray``) against the local path, in one run.

Peer: ``storyline.analyze.stage.analyze_articles`` as ``storyline analyze`` runs it on this
machine (two forked processes from 200 articles, each parsing and analysing). Measured:
the same call with ``storyline.scale.ray_analysis`` -- Ray tasks of 32 articles on a local
instance with one worker per core, the driver committing each article -- over the same
articles into a second in-memory store, then checked to hold exactly the same analyses.

    python -m bench.bench_scale [--articles N]

Figures: Ray start-up; the first Ray run (each worker loads the spaCy model) and a second run
on warm workers (into a fresh store); each as a ratio to the local run. On one machine Ray can
at best match the local two-process path: the point is that the same code runs on a cluster.
Texts: as ``bench.bench_analysis`` (ECB+ when present, else the sample corpus repeated).
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Sequence

from bench.bench_analysis import as_articles, corpus_texts, timed
from storyline.analyze.stage import COMPONENTS, analyze_articles
from storyline.model import Article
from storyline.nlp.language import load_nlp
from storyline.scale import ray_analysis
from storyline.scale.ray_analyze import init_local
from storyline.store import Store, open_store


def filled_store(articles: Sequence[Article]) -> Store:
    store = open_store(":memory:")
    for article in articles:
        store.add_article(article)
    return store


def same_analyses(first: Store, second: Store) -> bool:
    return all(first.analyses(c.kind) == second.analyses(c.kind) for c in COMPONENTS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    args = parser.parse_args()
    articles = as_articles(corpus_texts(args.articles))
    nlp = load_nlp()
    list(nlp.pipe(article.text for article in articles[:20]))  # warm up, as bench_analysis

    # The local run goes first and last, so drift on a shared machine shows in the figures.
    local = filled_store(articles)
    local_first = timed(lambda: analyze_articles(local, articles))
    cores = os.cpu_count() or 1
    started = time.perf_counter()
    ray = init_local(cores)
    start_s = time.perf_counter() - started
    cold, warm = filled_store(articles), filled_store(articles)
    with ray_analysis():  # uses the instance just started
        cold_s = timed(lambda: analyze_articles(cold, articles))
        warm_s = timed(lambda: analyze_articles(warm, articles))
    ray.shutdown()
    local_last = timed(lambda: analyze_articles(filled_store(articles), articles))
    local_s = min(local_first, local_last)  # the ratios flatter the peer, not Ray

    words = sum(len(a.text.split()) for a in articles)
    print(
        f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}, "
        f"{len(articles)} articles, {words:,} words"
    )
    print(f"local analysis, first / last run:     {local_first:7.2f} / {local_last:.2f} s")
    print(f"Ray start-up, local instance:         {start_s:7.2f} s")
    print(f"Ray analysis, cold workers:           {cold_s:7.2f} s (each loads the model)")
    print(f"Ray analysis, warm workers:           {warm_s:7.2f} s")
    print(f"ratio Ray / local (faster run), cold: {cold_s / local_s:.2f}")
    print(f"ratio Ray / local (faster run), warm: {warm_s / local_s:.2f}")
    same = same_analyses(local, cold) and same_analyses(local, warm)
    print(f"same analyses as the local path: {'yes' if same else 'NO'}")
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
