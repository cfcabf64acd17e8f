"""Story page render time for a generated 200-article story, against a floor in the same run.

The floor is ``json.dumps`` of the same story's report data (its articles and its timeline,
claims, quotes and conflicts entries): the least any page showing that data must do. Timings:
cold (first request: report built from the store, brief, template), brief + render (report
cached, brief rebuilt) and cached (brief cached; the usual case while the store is unchanged).
Run: ``python -m bench.bench_story_page [--articles 200] [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from storyline.store import open_store
from storyline.web.app import create_app
from storyline.web.fixture import fill_fixture_store

TARGET_MS = 300.0


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
        store = open_store(path)
        (story,) = fill_fixture_store(store, stories=1, articles_per_story=articles)
        store.close()
        app = create_app(path, "bench")
        client = TestClient(app, base_url="http://127.0.0.1")
        url = f"/stories/{story['id']}"
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        cold = (time.perf_counter() - start) * 1000
        snap = app.state.views.snapshot()
        report = snap.report
        data = {
            "articles": [a for a in report["articles"] if a["story_id"] == story["id"]],
            **{k: report[k] for k in ("timeline", "claims", "quotes", "conflicts")},
        }
        floor = _median_ms(lambda: json.dumps(data, sort_keys=True), repeat)

        def rebuilt() -> None:
            snap.briefs.clear()
            client.get(url)

        fresh = _median_ms(rebuilt, repeat)
        cached = _median_ms(lambda: client.get(url), repeat)
    results = {"floor_ms": floor, "cold_ms": cold, "brief_render_ms": fresh, "cached_ms": cached}
    print(f"Story page, {articles}-article story (median of {repeat}; target < {TARGET_MS} ms)")
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
