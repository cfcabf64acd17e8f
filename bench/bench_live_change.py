"""The first pages after a store change while a story page and the story list are open live.

A server (uvicorn on a free 127.0.0.1 port, in a thread; templates compiled first, live feed
polling every 0.2 s) answers the story list and the largest story's page, then holds two
listeners open: that story page's (``/events?article=..&version=..``) and the story list's
(``/events?index=true&version=..``). The largest story is then merged with the smallest one
through the stage sequence, on a connection of its own (as an analyst's merge in another
process). Timed: the merge, the story listener's event (from the merge's start: the store
is written in several transactions, and the feed may announce one before the merge ends),
then, once both the merge and the event are done, the first request of the story page the
event names, of the story list and of a text search (the longest word of that story's
title). Also reported: the snapshots the server built over the whole run and its peak
resident memory growth (MB, from the app's creation; the merge runs in the same process).

Each run opens a copy of a store kept by ``bench.bench_update --keep DIR``:

    python -m bench.bench_live_change DIR/1000 [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from bench.bench_update import peak_rss, reset_peak_rss
from storyline.decisions import merge_stories
from storyline.report.render import compile_templates
from storyline.store import open_store
from storyline.web.app import create_app

LIVE = re.compile(r'data-article="([^"]+)" data-version="([^"]+)"')
LIST = re.compile(r'id="live-index" data-version="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _listen(base: str, params: dict[str, str], opened: threading.Event) -> tuple[str, float]:
    """The first event's ``data:`` line of one /events stream, and when it came."""
    async with (
        httpx.AsyncClient(base_url=base, timeout=120) as client,
        client.stream("GET", "/events", params=params) as response,
    ):
        async for line in response.aiter_lines():
            if line.startswith("retry:"):
                opened.set()
            if line.startswith("data:"):
                return line, time.perf_counter()
    return "", time.perf_counter()


def _ends(path: Path) -> tuple[str, str, str]:
    """The largest and the smallest story (by articles) of the store, and the largest's title."""
    store = open_store(path)
    try:
        largest = store.story_index_page("size", None, 1)[0]["row"]
        smallest = store.story_index_page("size", None, 1, descending=True)[0]["row"]["id"]
        return largest["id"], smallest, largest["title"]
    finally:
        store.close()


def one_run(kept: Path) -> dict[str, Any]:
    """One fresh server over a copy of ``kept``: the timings after one merge."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "store.db"
        shutil.copy(kept / "store.db", path)
        largest, smallest, title = _ends(path)
        compile_templates()
        app = create_app(path, "bench")
        app.state.poll_seconds = 0.2
        baseline = reset_peak_rss()
        server = uvicorn.Server(uvicorn.Config(app, port=_free_port(), log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        base = f"http://127.0.0.1:{server.config.port}"
        try:
            return _measure(app, base, path, (largest, smallest, title)) | {
                "peak_mb": peak_rss() - baseline
            }
        finally:
            server.should_exit = True
            thread.join(timeout=10)


def _measure(app: Any, base: str, path: Path, ends: tuple[str, str, str]) -> dict[str, Any]:
    largest, smallest, title = ends
    with httpx.Client(base_url=base, timeout=120) as client:
        article, version = LIVE.search(client.get(f"/stories/{largest}").text).groups()  # type: ignore[union-attr]
        listed = LIST.search(client.get("/").text).group(1)  # type: ignore[union-attr]
        events: dict[str, tuple[str, float]] = {}
        opened = [threading.Event(), threading.Event()]
        listeners = [
            ("story", {"article": article, "version": version}, opened[0]),
            ("index", {"index": "true", "version": listed}, opened[1]),
        ]
        threads = [
            threading.Thread(
                target=lambda n=name, p=params, o=flag: events.__setitem__(
                    n, asyncio.run(_listen(base, p, o))
                ),
                daemon=True,
            )
            for name, params, flag in listeners
        ]
        for listener in threads:
            listener.start()
        for flag in opened:
            flag.wait(120)
        while app.state.live.states < 1:  # the feed's first state is published
            time.sleep(0.02)
        builds = app.state.views.builds
        started = time.perf_counter()
        store = open_store(path)
        try:
            merge_stories(store, largest, smallest, "bench: one event")
        finally:
            store.close()
        merged = time.perf_counter()
        threads[0].join(120)
        line, heard = events["story"]
        url = json.loads(line.removeprefix("data:"))["url"]
        asked = time.perf_counter()
        page = client.get(url)
        shown = time.perf_counter()
        index = client.get("/")
        listed_at = time.perf_counter()
        word = max(re.findall(r"[A-Za-z]{5,}", title), key=len)
        search = client.get("/", params={"q": word})
        searched = time.perf_counter()
        assert page.status_code == 200 and index.status_code == 200 and search.status_code == 200
        threads[1].join(120)
        return {
            "merge_ms": (merged - started) * 1000,
            "event_ms": (heard - started) * 1000,
            "story_ms": (shown - asked) * 1000,
            "index_ms": (listed_at - shown) * 1000,
            "search_ms": (searched - listed_at) * 1000,
            "builds_after_change": app.state.views.builds - builds,
            "builds": app.state.views.builds,
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kept", type=Path, help="a folder kept by bench.bench_update --keep")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = [one_run(args.kept) for _ in range(args.runs)]
    for run in runs:
        print(json.dumps({k: round(v, 1) for k, v in run.items()}))
    medians = {k: round(statistics.median(r[k] for r in runs), 1) for k in runs[0]}
    print("median", json.dumps(medians))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
