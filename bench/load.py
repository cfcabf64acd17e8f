"""Load test of `storyline serve`: readers at a fixed rate, SSE listeners and a writer at once.

Starts `storyline serve` on a copy of a store (loopback only, a free port), then for
``--seconds``: opens ``--listeners`` /events streams (each stays open and counts the events
it is sent), sends ``--rate`` read requests per second spread over the story list, story
pages, article pages, /api/report and search (an open loop: requests are sent on schedule
whatever the answers' latency), and uploads a reworded copy of a sample article every
``--write-every`` seconds through the authenticated upload API (202 at once; ``upload_done``
is the time until its outcome says it is read). With ``--baseline`` the same reads are first
measured with no listener and no writer, on a fresh server: the floor of the machine as it is
at the time. Prints throughput, p50/p99 per route and errors, stops the server and exits.

Run: ``python -m bench.load --db STORE`` (STORE is copied; without --db the bundled sample
corpus is analysed into a temporary store first). Targets: 200 reads/s, p99 under 100 ms,
zero errors, with 300 listeners open and the writer ingesting.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "storyline" / "samples" / "corpus"
SEARCHES = ("dam", "port OR harbor", "shipyard", "minister", "Ostrin", "flood", "cyberattack")
REWORDINGS = (("said", "stated"), ("dam", "barrage"), ("port", "harbour"), ("on", "upon"))
TARGET_RATE, TARGET_P99_MS = 200.0, 100.0
STREAM_TIMEOUT = httpx.Timeout(30.0, read=None)  # an idle stream gets a heartbeat every 15 s


@dataclass
class Tally:
    """Latencies (ms) and errors per route."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def record(self, route: str, started: float, problem: str = "") -> None:
        if problem:
            self.errors[route].append(problem)
        else:
            self.latencies[route].append((time.perf_counter() - started) * 1000)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def prepare_store(given: Path | None, folder: Path) -> Path:
    """A copy of ``given`` (or the sample corpus analysed) in ``folder``: the writer adds to it."""
    target = folder / "storyline.db"
    if given is not None:
        shutil.copy(given, target)
        return target
    command = [sys.executable, "-m", "storyline.cli", "analyze", str(SAMPLES), "--db", str(target)]
    subprocess.run(command, check=True, capture_output=True)
    return target


def start_server(store: Path, port: int, max_listeners: int) -> tuple[subprocess.Popen[str], str]:
    """`storyline serve` on 127.0.0.1:port; the process and the token it printed."""
    command = [
        sys.executable, "-m", "storyline.cli", "serve", "--db", str(store),
        "--port", str(port), "--max-listeners", str(max_listeners),
    ]  # fmt: skip
    env = {**os.environ, "COLUMNS": "400"}  # the token line must not wrap
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert server.stdout is not None
    line = server.stdout.readline()
    found = re.search(r"token for merge/split: (\S+)", line)
    if not found:
        server.kill()
        raise SystemExit(f"serve did not start: {line!r}")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200:
                return server, found[1]
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("serve did not answer within 30 s")


def read_targets(base: str) -> list[tuple[str, str]]:
    """(route name, URL) of every page and API answer the readers ask for."""
    stories = httpx.get(base + "/api/stories", timeout=30).json()
    report = httpx.get(base + "/api/report", timeout=30).json()
    targets = [("index", "/"), ("api_report", "/api/report")]
    targets += [("story", f"/stories/{s['id']}") for s in stories]
    targets += [("article", f"/articles/{a['id']}") for a in report["articles"]]
    targets += [("search", f"/?q={q}") for q in SEARCHES]
    targets += [("api_search", f"/api/stories?q={q}") for q in SEARCHES]
    return targets


async def listener(client: httpx.AsyncClient, article: str, version: str, stop: asyncio.Event,
                   tally: Tally, opened: list[int]) -> None:  # fmt: skip
    """One open story page: listen, and count each ``story`` event; the stream stays open
    after an event (the server goes on at the new version), as it does for a page that shows
    the change rather than reloading at once."""
    started = time.perf_counter()
    try:
        params = {"article": article, "version": version}
        stream = client.stream("GET", "/events", params=params, timeout=STREAM_TIMEOUT)
        async with stream as response:
            if response.status_code != 200:
                tally.record("events", started, f"HTTP {response.status_code}")
                return
            opened[0] += 1
            async for line in response.aiter_lines():
                if line.startswith("data:"):
                    tally.record("events_update", started)
                    started = time.perf_counter()
    except (httpx.HTTPError, asyncio.CancelledError) as exc:
        if not stop.is_set():
            tally.record("events", started, type(exc).__name__)


class RawReads:
    """Keep-alive HTTP/1.1 GETs on plain asyncio streams, at most ``size`` connections.

    The readers' client runs on the same two cores as the server: httpx spends about a
    millisecond of CPU per request, which at 200 requests/s is a large share of a core taken
    from the server being measured. This client does only what a GET of our pages needs."""

    def __init__(self, host: str, port: int, size: int) -> None:
        self.host, self.port = host, port
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.slots = asyncio.Semaphore(size)

    async def get(self, url: str) -> int:
        """The status of GET ``url`` (its body read and dropped)."""
        async with self.slots:
            if self.idle:
                try:
                    return await self._exchange(*self.idle.pop(), url)
                except (OSError, asyncio.IncompleteReadError):
                    pass  # the server closed the idle connection (keep-alive timeout): as any
                    # client does, send the request again on a new one
            return await self._exchange(*await asyncio.open_connection(self.host, self.port), url)

    async def _exchange(
        self, stream: asyncio.StreamReader, out: asyncio.StreamWriter, url: str
    ) -> int:
        try:
            target = quote(url, safe="/?=&:%")
            out.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
            head = (await stream.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
            status = int(head.split(" ", 2)[1])
            length = re.search(r"\r\ncontent-length: *(\d+)", head)
            if length is None:
                raise httpx.DecodingError(f"no content-length in the answer to {url}")
            await stream.readexactly(int(length[1]))
        except BaseException:
            out.close()
            raise
        if "\r\nconnection: close" in head:
            out.close()
        else:
            self.idle.append((stream, out))
        return status

    def close(self) -> None:
        for _, out in self.idle:
            out.close()


async def reader(client: RawReads, route: str, url: str, tally: Tally) -> None:
    started = time.perf_counter()
    try:
        status = await client.get(url)
        problem = "" if status == 200 else f"HTTP {status}"
    except (OSError, asyncio.IncompleteReadError, httpx.HTTPError) as exc:
        problem = type(exc).__name__
    tally.record(route, started, problem)


async def writer(client: httpx.AsyncClient, token: str, every: float, stop: asyncio.Event,
                 tally: Tally, targets: list[tuple[str, str]]) -> int:  # fmt: skip
    """Upload a reworded copy of a sample article every ``every`` seconds; the number sent."""
    texts = sorted(p for p in SAMPLES.glob("*.txt") if b"\0" not in p.read_bytes())
    sent = 0
    while not stop.is_set():
        source = texts[sent % len(texts)]
        text = source.read_text(encoding="utf-8", errors="replace")
        old, new = REWORDINGS[sent % len(REWORDINGS)]
        text = text.replace(f" {old} ", f" {new} ") + f"\n\nUpdate {sent}: officials met again."
        started = time.perf_counter()
        headers = {"X-Storyline-Token": token}
        try:
            response = await client.post(
                f"/api/upload?name=load-{sent}.txt", content=text.encode("utf-8"),
                headers=headers, timeout=120,
            )  # fmt: skip
            accepted = response.status_code == 202
            tally.record("upload", started, "" if accepted else f"HTTP {response.status_code}")
            while accepted and not stop.is_set():  # until the worker has read it
                outcome = (await client.get(response.headers["location"], headers=headers)).json()
                if outcome["status"] != "pending":
                    added = outcome.get("added") == 1
                    tally.record("upload_done", started, "" if added else str(outcome)[:80])
                    break
                await asyncio.sleep(0.2)
        except httpx.HTTPError as exc:
            tally.record("upload", started, type(exc).__name__)
        sent += 1
        # Stories get new ids as they grow: readers follow the story list, as a user would.
        stories = (await client.get("/api/stories")).json()
        targets[:] = [t for t in targets if t[0] != "story"]
        targets += [("story", f"/stories/{s['id']}") for s in stories]
        with contextlib.suppress(TimeoutError):  # the next upload, or the end of the run
            await asyncio.wait_for(stop.wait(), max(0.0, every - (time.perf_counter() - started)))
    return sent


async def no_writer() -> int:
    return 0


async def page_versions(
    client: httpx.AsyncClient, targets: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """(article, version) of each story page, as the page hands them to its event stream."""
    found: list[tuple[str, str]] = []
    for route, url in targets:
        if route == "story":
            page = (await client.get(url)).text
            match = re.search(r'data-article="([^"]+)" data-version="([^"]+)"', page)
            if match:
                found.append((match[1], match[2]))
    return found


async def load(base: str, token: str, args: argparse.Namespace) -> dict[str, Any]:
    tally, stop, opened = Tally(), asyncio.Event(), [0]
    targets = read_targets(base)
    limits = httpx.Limits(max_connections=args.listeners + 200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        pages = await page_versions(client, targets) if args.listeners else []
        listeners = [
            asyncio.create_task(listener(client, *pages[i % len(pages)], stop, tally, opened))
            for i in range(args.listeners)
        ]
        deadline = time.monotonic() + 60
        while opened[0] < args.listeners and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        writing = asyncio.create_task(
            writer(client, token, args.write_every, stop, tally, targets)
            if args.write_every > 0
            else no_writer()
        )
        pick = random.Random(42)
        address = httpx.URL(base)
        raw = RawReads(address.host, address.port or 80, size=200)
        reads: list[asyncio.Task[None]] = []
        for _, url in list(targets):  # every page rendered once, as on a server that is up
            await raw.get(url)
        started = time.perf_counter()
        for n in range(int(args.rate * args.seconds)):  # open loop: on schedule
            await asyncio.sleep(max(0.0, started + n / args.rate - time.perf_counter()))
            route, url = pick.choice(targets)
            reads.append(asyncio.create_task(reader(raw, route, url, tally)))
        await asyncio.gather(*reads)
        raw.close()
        elapsed = time.perf_counter() - started
        listening = opened[0]
        stop.set()
        uploads = await writing
        for task in listeners:
            task.cancel()
        await asyncio.gather(*listeners, return_exceptions=True)
    return summary(tally, len(reads), elapsed, listening, uploads)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def summary(
    tally: Tally, reads: int, elapsed: float, listeners: int, uploads: int
) -> dict[str, Any]:
    routes = sorted(set(tally.latencies) | set(tally.errors))
    per_route = {
        route: {
            "n": len(tally.latencies[route]),
            "p50_ms": round(percentile(tally.latencies[route], 0.50), 1),
            "p99_ms": round(percentile(tally.latencies[route], 0.99), 1),
            "errors": len(tally.errors[route]),
        }
        for route in routes
    }
    read_routes = [r for r in routes if not r.startswith(("events", "upload"))]
    all_reads = [v for r in read_routes for v in tally.latencies[r]]
    return {
        "reads": reads,
        "read_rate": round(reads / elapsed, 1),
        "read_p50_ms": round(percentile(all_reads, 0.50), 1),
        "read_p99_ms": round(percentile(all_reads, 0.99), 1),
        "read_errors": sum(len(tally.errors[r]) for r in read_routes),
        "listeners_open": listeners,
        "uploads": uploads,
        "routes": per_route,
        "error_samples": {r: sorted(set(e))[:3] for r, e in tally.errors.items() if e},
    }


def print_summary(result: dict[str, Any]) -> None:
    print(f"{'route':<14}{'n':>7}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for route, row in result["routes"].items():
        print(f"{route:<14}{row['n']:>7}{row['p50_ms']:>9}{row['p99_ms']:>9}{row['errors']:>8}")
    met = (
        result["read_rate"] >= TARGET_RATE * 0.98
        and result["read_p99_ms"] < TARGET_P99_MS
        and result["read_errors"] == 0
        and not result["error_samples"]
    )
    print(
        f"reads: {result['read_rate']}/s, p50 {result['read_p50_ms']} ms, p99 "
        f"{result['read_p99_ms']} ms, {result['read_errors']} errors; "
        f"{result['listeners_open']} listeners open; {result['uploads']} uploads; "
        f"target {'met' if met else 'NOT met'}"
    )
    if result["error_samples"]:
        print("errors:", result["error_samples"])


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--db", type=Path, help="store to copy (default: analyse the samples)")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--rate", type=float, default=TARGET_RATE, help="reads per second")
    parser.add_argument("--listeners", type=int, default=300)
    parser.add_argument("--write-every", type=float, default=2.0, help="0: no writer")
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="first measure the same reads with no listener and no writer",
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if not 0 < args.seconds <= 600:
        parser.error("--seconds must be in (0, 600]")
    results = {}
    if args.baseline:  # the floor: the same reads with no listener and no writer
        print("baseline (no listeners, no writer):")
        floor = argparse.Namespace(**{**vars(args), "listeners": 0, "write_every": 0.0})
        results["baseline"] = run_once(floor)
        print_summary(results["baseline"])
        print("full load:")
    results["load"] = run_once(args)
    print_summary(results["load"])
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


def run_once(args: argparse.Namespace) -> dict[str, Any]:
    """One measurement on a fresh copy of the store and a fresh server."""
    with tempfile.TemporaryDirectory(prefix="storyline-load-") as folder:
        store = prepare_store(args.db, Path(folder))
        port = free_port()
        server, token = start_server(store, port, max_listeners=args.listeners + 50)
        try:
            return asyncio.run(load(f"http://127.0.0.1:{port}", token, args))
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    main()
