"""Story page render time for a generated 200-article story, against a floor in the same run.

The story comes from input only: ``generated_articles`` writes seeded JSON Lines reports of one
event (``random.Random(42)``) and the real stage sequence builds the store, as datasette's
fixtures write input tables and let the app derive the rest. The floor is ``json.dumps`` of the
same story's report data (its articles and its timeline, claims, quotes and conflicts entries):
the least any page showing that data must do. Timings:
cold (first request: report built from the store, brief, render; the templates compiled
beforehand, as ``storyline serve`` does at start), brief + render (report
cached, brief rebuilt) and cached (brief cached; the usual case while the store is unchanged).
Run: ``python -m bench.bench_story_page [--articles 200] [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from storyline.report.json_report import report_of
from storyline.report.render import compile_templates
from storyline.runner import run
from storyline.store import open_store
from storyline.web.app import create_app

TARGET_MS = 300.0
OUTLETS = ("Harbor Wire", "Meridian", "Northgate Ledger", "Kestrel Courier", "Globe Relay", "UPI")
FILLER = (
    "Officials gave no further details.",
    "Analysts said the move was expected after weeks of preparation.",
    "Residents described long queues near the site.",
    "The statement did not say who would pay for the work.",
    "A spokesperson declined to comment on the timing.",
)


def generated_articles(count: int, seed: int = 42) -> str:
    """``count`` reports of one made-up event as JSON Lines, the same for the same seed."""
    rng = random.Random(seed)
    lines = []
    for index in range(count):
        containers = rng.choice((6700, 7000))
        text = " ".join(
            [
                f"Kim inspected a new tactical missile system in Pyongyang on May {14 + index % 3},"
                " KCNA reported.",
                "The KCNA report said Kim called for “an epochal change” in the preparations.",
                f"Defense Minister Shin Won-sik said at least {containers:,} containers were"
                " shipped in May.",
                *rng.sample(FILLER, 3),
            ]
        )
        record = {
            "id": f"bench-{index:04d}",
            "title": f"Kim inspects missile system ({index + 1})",
            "text": text,
            "published": f"2024-05-{14 + index % 3:02d}",
            "source": OUTLETS[index % len(OUTLETS)],
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(articles: int = 200, repeat: int = 5) -> dict[str, float]:
    """Print and return the timings (ms) and their ratios to the floor."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        (corpus / "reports.jsonl").write_text(generated_articles(articles), encoding="utf-8")
        store = open_store(path)
        run(store, [corpus])
        story = max(store.result("stories") or [], key=lambda s: len(s["article_ids"]))
        size = len(story["article_ids"])
        store.close()
        app = create_app(path, "bench")
        client = TestClient(app, base_url="http://127.0.0.1")
        compile_templates()  # what `storyline serve` does at start
        url = f"/stories/{story['id']}"
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        cold = (time.perf_counter() - start) * 1000
        snap = app.state.views.snapshot()
        report = report_of(snap.contents)
        data = {
            "articles": [a for a in report["articles"] if a["story_id"] == story["id"]],
            **{
                k: [e for e in report[k] if e["story_id"] == story["id"]]
                for k in ("timeline", "claims", "quotes", "conflicts")
            },
        }
        floor = _median_ms(lambda: json.dumps(data, sort_keys=True), repeat)

        runs = iter(range(repeat))

        def rebuilt() -> None:
            snap.briefs.clear()
            client.get(f"{url}?r={next(runs)}")  # a URL of its own: not the page cache's copy

        fresh = _median_ms(rebuilt, repeat)
        cached = _median_ms(lambda: client.get(url), repeat)
    results = {"floor_ms": floor, "cold_ms": cold, "brief_render_ms": fresh, "cached_ms": cached}
    print(f"Story page, {size}-article story (median of {repeat}; target < {TARGET_MS} ms)")
    print(f"  floor: json.dumps of the story's report data  {floor:8.1f} ms")
    for name, key in (("cold request", "cold_ms"), ("brief + render", "brief_render_ms"),
                      ("cached request", "cached_ms")):  # fmt: skip
        ratio = results[key] / floor
        verdict = "ok" if results[key] < TARGET_MS else "OVER TARGET"
        print(f"  {name:<15} {results[key]:8.1f} ms  = {ratio:6.1f}x floor  {verdict}")
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    main(options.articles, options.repeat)
