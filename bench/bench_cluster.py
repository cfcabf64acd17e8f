"""Benchmark of the clustering step alone: throughput, flat cost as the store grows, memory.

Run from the repo root: ``python -m bench.bench_cluster`` (``--size 20000`` for a quick run).

Article features are computed before the clock starts (``article_features`` without a spaCy
doc), so only ``StoryClusterer.add`` is timed, in CPU time of this process
(``time.process_time``), which other work on the machine does not inflate. Figures, all from
one run on one stream of ``bench.stream_corpus``:

- throughput over the whole stream, and its ratio to the 1,000 articles/s floor;
- the mean cost of an article in the window after 1,000 stored articles, after ``size / 5``
  (the 21-day time window of the index is full by then) and in the last window (around
  ``size`` stored articles), and their ratios (target: at most 1.5);
- the same two windows for a brute-force peer that scores every story in the time window
  instead of using the inverted index, on a shorter stream, to show what the index saves;
- peak resident memory of the process and B-cubed F1 against the generator's events.

The shipped clusterer (with its second look, ``ClusterModel.second_look``) and the stream alone
(``second_look=None``) run on the same stream in the same run, for their ratio.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import replace

from eval.clustering_metrics import score_clustering

from bench.stream_corpus import stream
from storyline.analyze.features import ArticleFeatures, article_features
from storyline.link.cluster import StoryClusterer, _days_apart, _Story, load_model

WINDOW = 1000


class BruteForceClusterer(StoryClusterer):
    """The same model scoring every story in the time window: the cost a store without an
    index would pay."""

    def _candidates(self, terms: list[tuple[str, float]], day: int | None) -> list[_Story]:
        if day is not None and (self._latest_day is None or day > self._latest_day):
            self._latest_day = day
        return [
            story
            for story in self._stories.values()
            if day is None or _days_apart(day, story) <= self.model.window_days
        ]


def timed_windows(
    clusterer: StoryClusterer, features: Sequence[ArticleFeatures], starts: Sequence[int]
) -> tuple[float, dict[int, float]]:
    """Total seconds, and mean seconds per article in ``WINDOW`` articles from each start."""
    per_window: dict[int, float] = {}
    total = 0.0
    for i, f in enumerate(features):
        # CPU time of this process: other processes on a shared machine do not inflate it
        began = time.process_time()
        clusterer.add(f)
        spent = time.process_time() - began
        total += spent
        for start in starts:
            if start <= i < start + WINDOW:
                per_window[start] = per_window.get(start, 0.0) + spent / WINDOW
    return total, per_window


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_cluster")
    parser.add_argument("--size", type=int, default=100_000, help="articles in the stream")
    parser.add_argument("--peer-size", type=int, default=5_000, help="articles for the peer")
    args = parser.parse_args(argv)
    for name, value in (("--size", args.size), ("--peer-size", args.peer_size)):
        if value < 2 * WINDOW:  # an early and a late window of WINDOW articles each
            parser.error(f"{name} must be at least {2 * WINDOW:,}; got {value:,} instead")

    articles = list(stream(args.size))
    features = [article_features(a.id, a.title, a.text, a.published) for a in articles]
    gold = {a.id: a.event for a in articles}
    early, middle, late = WINDOW, args.size // 5, args.size - WINDOW
    alone_model = replace(load_model(), second_look=None)

    # The stream alone (no second look), then the shipped clusterer (with it), in one run.
    alone = StoryClusterer(alone_model)
    alone_total, alone_windows = timed_windows(alone, features, [early, middle, late])
    alone_scores = score_clustering(gold, alone.assignments())
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    clusterer = StoryClusterer()
    total, windows = timed_windows(clusterer, features, [early, middle, late])
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scores = score_clustering(gold, clusterer.assignments())

    peer_late = args.peer_size - WINDOW
    _, peer = timed_windows(
        BruteForceClusterer(alone_model), features[: args.peer_size], [early, peer_late]
    )

    throughput = args.size / total
    alone_throughput = args.size / alone_total
    print(f"stream: {args.size} articles, {len(set(gold.values()))} events, seed 42")
    print(
        f"throughput with the second look (as shipped): {throughput:,.0f} articles/s = "
        f"{throughput / 1000:.2f}x the 1,000/s floor; the stream alone {alone_throughput:,.0f}/s"
        f" (ratio {throughput / alone_throughput:.2f})"
    )
    print(
        f"cost per article: {windows[early] * 1e6:.0f} us after {early:,} stored, "
        f"{windows[middle] * 1e6:.0f} us after {middle:,}, "
        f"{windows[late] * 1e6:.0f} us after {late:,}: ratio {windows[late] / windows[early]:.2f} "
        f"to the first window, {windows[late] / windows[middle]:.2f} once the 21-day window is "
        f"full (the stream alone: {alone_windows[early] * 1e6:.0f} / "
        f"{alone_windows[middle] * 1e6:.0f} / {alone_windows[late] * 1e6:.0f} us)"
    )
    print(
        f"brute-force peer (stream alone): {peer[early] * 1e6:.0f} us after {early:,}, "
        f"{peer[peer_late] * 1e6:.0f} us after {peer_late:,}: "
        f"ratio {peer[peer_late] / peer[early]:.2f}; "
        f"index speed-up at {peer_late:,}: {peer[peer_late] / alone_windows[early]:.1f}x"
    )
    print(
        f"memory: peak RSS {rss_after / 1024:.0f} MiB "
        f"(+{(rss_after - rss_before) / 1024:.0f} MiB while clustering with the second look)"
    )
    for name, found in (("with the second look", scores), ("the stream alone", alone_scores)):
        print(
            f"B-cubed F1 vs generator events, {name}: {found.bcubed.f1:.4f} "
            f"(P {found.bcubed.precision:.4f}, R {found.bcubed.recall:.4f}; "
            f"{found.predicted_clusters} stories, {found.gold_clusters} events)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
