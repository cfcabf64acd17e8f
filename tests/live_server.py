"""A real uvicorn server on a free 127.0.0.1 port in a thread, for tests that need sockets
(browsers, many concurrent streams), and a store change made as another process would."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

import httpx
import uvicorn

from storyline.decisions import merge_stories
from storyline.store import open_store

Result = TypeVar("Result")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free 127.0.0.1 port in a thread; yield its base URL."""
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=1
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=5)


def run_async(coroutine: Coroutine[Any, Any, Result]) -> Result:
    """``asyncio.run`` in a thread of its own: a test process may already run an event loop
    in this thread (Playwright's sync API leaves one), and asyncio.run refuses to nest."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def first_event(app: Any, params: dict[str, str]) -> str:
    """The lines of one /events stream of ``app``, served on a socket, up to its first event
    (the stream itself stays open: the client ends it)."""

    async def listen(base: str) -> str:
        lines: list[str] = []
        async with (
            httpx.AsyncClient(base_url=base, timeout=20) as client,
            client.stream("GET", "/events", params=params) as response,
        ):
            async for line in response.aiter_lines():
                lines.append(line)
                if line.startswith("data:"):
                    break
        return "\n".join(lines)

    with serving(app) as base:
        return run_async(listen(base))


def merge_elsewhere(path: Any, first: str, second: str) -> None:
    """An analyst's merge of two stories, made through the stage sequence by another process
    (its own connection to the store), as the server sees a change it did not make."""
    store = open_store(path)
    try:
        merge_stories(store, first, second, "one event")
    finally:
        store.close()
