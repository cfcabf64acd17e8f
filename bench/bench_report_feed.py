"""Time and memory of the two answers that used to build the whole-store snapshot: the JSON
report (``/api/report``) and a saved search's Atom feed, read from the store (now) and from the
snapshot (before: the feed's fallback, and the report as the snapshot's dict sent whole).

The store is ``bench_index_page.write_large_store``'s (seeded; no findings), with its story
list rows written (``update_story_index``) and two saved searches: a text search (``dam``,
about a third of the stories) and the well-sourced stories. Each measure runs in a process of
its own on a fresh server (``TestClient``): the time of one answer, and how much it raised the
process's peak resident memory (``ru_maxrss``) over the server's before it; min and median
over ``repeat`` processes.
Run: ``python -m bench.bench_report_feed [--stories 20000] [--repeat 5] [--keep PATH]``.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from storyline.model import SavedSearch
from storyline.report.story_rows import INDEX_INPUTS, update_story_index
from storyline.runner import INPUTS_KIND
from storyline.store import open_store

SEARCHES = (SavedSearch(name="dam", query="dam"), SavedSearch(name="sourced", multi=True))
MEASURES = ("report", "feed:dam", "feed:sourced")


def write_store(path: Path, stories: int) -> None:
    """The benchmark store: the index page's, with current story list rows and the searches."""
    from bench.bench_index_page import write_large_store

    write_large_store(path, stories)
    store = open_store(path)
    try:
        update_story_index(store)
        store.put_result(INPUTS_KIND, "bench")
        store.put_result(INDEX_INPUTS, "bench")
        for search in SEARCHES:
            store.add_saved_search(search)
    finally:
        store.close()


def measure(path: Path, what: str, before: bool) -> tuple[float, float]:
    """(ms, MiB of peak memory added) of one answer on a fresh server."""
    from fastapi.encoders import jsonable_encoder
    from fastapi.responses import JSONResponse
    from fastapi.testclient import TestClient

    from storyline.report.json_report import report_of
    from storyline.web import pages
    from storyline.web.app import create_app

    client = TestClient(create_app(path, "bench"), base_url="http://127.0.0.1")
    if before:
        pages.rows_current = lambda store: False  # type: ignore[attr-defined]
    search = next((s for s in SEARCHES if what == f"feed:{s.name}"), None)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    if search is not None:
        size = len(client.get(f"/searches/{search.id}/feed.atom").content)
    elif before:  # the route before: the snapshot's report, sent as one JSON document
        report = report_of(client.app.state.views.snapshot().contents)  # type: ignore[attr-defined]
        size = len(JSONResponse(jsonable_encoder(report)).body)
    else:
        with client.stream("GET", "/api/report") as answer:
            size = sum(len(piece) for piece in answer.iter_bytes())
    elapsed = (time.perf_counter() - start) * 1000
    added = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024
    assert size > 0
    return elapsed, added


def main(stories: int = 20_000, repeat: int = 5, keep: Path | None = None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = keep or Path(folder) / "bench.db"
        if not path.exists():
            write_store(path, stories)
        store = open_store(path)
        try:
            sizes = f"{store.story_index_count():,} stories, {store.article_count():,} articles"
        finally:
            store.close()
        print(f"{sizes}; min / median of {repeat} fresh processes")
        for what in MEASURES:
            for before in (True, False):
                runs = [_in_process(path, what, before) for _ in range(repeat)]
                ms = [r[0] for r in runs]
                mib = [r[1] for r in runs]
                label = f"{what} ({'snapshot' if before else 'store'})"
                print(f"  {label:24} {min(ms):8.0f} / {statistics.median(ms):8.0f} ms   "
                      f"+{min(mib):6.0f} / {statistics.median(mib):6.0f} MiB peak")  # fmt: skip


def _in_process(path: Path, what: str, before: bool) -> tuple[float, float]:
    args = [sys.executable, "-m", "bench.bench_report_feed", "--one", what, "--keep", str(path)]
    args += ["--before"] if before else []
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr)
    ms, mib = json.loads(done.stdout.splitlines()[-1])
    return float(ms), float(mib)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="write the store here once and reuse it")
    parser.add_argument("--one", choices=MEASURES, help=argparse.SUPPRESS)
    parser.add_argument("--before", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        print(json.dumps(measure(options.keep, options.one, options.before)))
    else:
        main(options.stories, options.repeat, options.keep)
