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
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Sequence

from eval.clustering_metrics import score_clustering

from bench.stream_corpus import stream
from storyline.analyze.features import ArticleFeatures, article_features
from storyline.link.cluster import StoryClusterer, _days_apart, _Story
from storyline.link.consolidate import LOCAL_SETTINGS, LocalSecondLook, consolidate

WINDOW = 1000


class BruteForceClusterer(StoryClusterer):
    """The same model scoring every story in the time window: the cost a store without an
    index would pay."""

    def _candidates(self, vectors: dict[str, dict[str, float]], day: int | None) -> list[_Story]:
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


def timed_local(
    features: Sequence[ArticleFeatures], starts: Sequence[int]
) -> tuple[float, float, dict[int, float], dict[str, str]]:
    """The stream with the local second look run after each day's articles, as a store runs
    it: stream seconds, second-look seconds, the second look's mean seconds per article in
    ``WINDOW`` articles from each start (a day's cost spread over its articles), and the
    stories (article id -> label)."""
    clusterer = StoryClusterer()
    look = LocalSecondLook(LOCAL_SETTINGS)
    stream_total = look_total = 0.0
    per_window: dict[int, float] = {}
    day_start = 0
    while day_start < len(features):
        day_end = day_start
        while (
            day_end < len(features) and features[day_end].published == features[day_start].published
        ):
            day_end += 1
        batch = []
        began = time.process_time()
        for f in features[day_start:day_end]:
            batch.append((f, clusterer.add(f)))
        stream_total += time.process_time() - began
        began = time.process_time()
        look.add(batch)
        spent = time.process_time() - began
        look_total += spent
        for i in range(day_start, day_end):
            for start in starts:
                if start <= i < start + WINDOW:
                    per_window[start] = (
                        per_window.get(start, 0.0) + spent / (day_end - day_start) / WINDOW
                    )
        day_start = day_end
    labels = {a: str(n) for n, group in enumerate(look.groups()) for a in group}
    return stream_total, look_total, per_window, labels


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
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    early, middle, late = WINDOW, args.size // 5, args.size - WINDOW
    clusterer = StoryClusterer()
    total, windows = timed_windows(clusterer, features, [early, middle, late])
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    gold = {a.id: a.event for a in articles}
    scores = score_clustering(gold, clusterer.assignments())

    # The second look over the whole stream, as the link stage runs it after the stream, and
    # over the first fifth: per-article cost of each, to show it stays flat as the store grows.
    groups: dict[str, list[str]] = {}
    for article_id, key in clusterer.assignments().items():
        groups.setdefault(key, []).append(article_id)
    fifth = set(a.id for a in articles[: args.size // 5])
    began = time.process_time()
    consolidate(
        features[: args.size // 5],
        [[a for a in g if a in fifth] for g in groups.values() if g[0] in fifth],
    )
    small = (time.process_time() - began) / (args.size // 5)
    began = time.process_time()
    consolidated = consolidate(features, list(groups.values()))
    second_look = time.process_time() - began
    labels = {a: str(n) for n, g in enumerate(consolidated) for a in g}
    after = score_clustering(gold, labels)

    # The local second look (only the stories each day touched and their neighbours), after
    # each day's articles, in the same run: the step a store would run.
    local_stream, local_look, local_windows, local_labels = timed_local(
        features, [early, middle, late]
    )
    local = score_clustering(gold, local_labels)

    peer_late = args.peer_size - WINDOW
    _, peer = timed_windows(BruteForceClusterer(), features[: args.peer_size], [early, peer_late])

    throughput = args.size / total
    print(f"stream: {args.size} articles, {len(set(gold.values()))} events, seed 42")
    print(f"throughput: {throughput:,.0f} articles/s = {throughput / 1000:.2f}x the 1,000/s floor")
    print(
        f"cost per article: {windows[early] * 1e6:.0f} us after {early:,} stored, "
        f"{windows[middle] * 1e6:.0f} us after {middle:,}, "
        f"{windows[late] * 1e6:.0f} us after {late:,}: ratio {windows[late] / windows[early]:.2f} "
        f"to the first window, {windows[late] / windows[middle]:.2f} once the 21-day window is full"
    )
    print(
        f"brute-force peer: {peer[early] * 1e6:.0f} us after {early:,}, "
        f"{peer[peer_late] * 1e6:.0f} us after {peer_late:,}: "
        f"ratio {peer[peer_late] / peer[early]:.2f}; "
        f"index speed-up at {peer_late:,}: {peer[peer_late] / windows[early]:.1f}x"
    )
    with_second = args.size / (total + second_look)
    print(
        f"with the second look (consolidate): {with_second:,.0f} articles/s = "
        f"{with_second / 1000:.2f}x the floor, {with_second / throughput:.2f}x the stream alone; "
        f"its cost per article {small * 1e6:.0f} us over {args.size // 5:,} articles, "
        f"{second_look / args.size * 1e6:.0f} us over {args.size:,} "
        f"(ratio {second_look / args.size / small:.2f}); "
        f"B-cubed F1 {after.bcubed.f1:.4f} ({after.predicted_clusters} stories)"
    )
    with_local = args.size / (local_stream + local_look)
    print(
        f"with the local second look (LocalSecondLook, one batch a day): {with_local:,.0f} "
        f"articles/s = {with_local / 1000:.2f}x the floor, "
        f"{with_local / throughput:.2f}x the stream alone "
        f"(its own pass here: {args.size / local_stream:,.0f}/s); its cost per article "
        f"{local_windows[early] * 1e6:.0f} us after {early:,}, "
        f"{local_windows[middle] * 1e6:.0f} us after {middle:,}, "
        f"{local_windows[late] * 1e6:.0f} us after {late:,} "
        f"(ratio {local_windows[late] / local_windows[early]:.2f}, "
        f"{local_windows[late] / local_windows[middle]:.2f} once the window is full); "
        f"B-cubed F1 {local.bcubed.f1:.4f} (P {local.bcubed.precision:.4f}, "
        f"R {local.bcubed.recall:.4f}, {local.predicted_clusters} stories)"
    )
    print(
        f"memory: peak RSS {rss_after / 1024:.0f} MiB "
        f"(+{(rss_after - rss_before) / 1024:.0f} MiB while clustering)"
    )
    print(
        f"B-cubed F1 vs generator events: {scores.bcubed.f1:.4f} "
        f"({scores.predicted_clusters} stories, {scores.gold_clusters} events)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
