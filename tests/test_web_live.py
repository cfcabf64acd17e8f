"""Live updates over real sockets: one read of the store's rows per change for every listener,
no snapshot, and a cap."""

from __future__ import annotations

import asyncio
import json
import re
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("uvicorn")
import httpx
from fastapi import FastAPI

from storyline.report.story_rows import stored_list_version
from storyline.store import open_store
from storyline.web.app import create_app
from storyline.web.live import LiveFeed, LiveState
from storyline.web.stored_pages import stories_of
from storyline.web.views import StoreViews
from tests.live_server import merge_elsewhere, run_async, serving

TOKEN = "live-token"


@pytest.fixture
def app(sample_db: Path) -> FastAPI:
    made = create_app(sample_db, TOKEN, max_listeners=60)
    made.state.poll_seconds = 0.1
    return made


async def listen(client: httpx.AsyncClient, params: dict[str, str], opened: asyncio.Event,
                 count: list[int]) -> list[str]:  # fmt: skip
    """Lines of one /events stream until its ``story`` event."""
    lines: list[str] = []
    async with client.stream("GET", "/events", params=params) as response:
        assert response.status_code == 200
        async for line in response.aiter_lines():
            if line.startswith("retry:"):
                count[0] += 1
                if count[0] == 50:
                    opened.set()
            lines.append(line)
            if line.startswith("data:"):
                return lines
    return lines


async def fan_out(base: str, article: str, version: str, story_id: str, second: str) -> Any:
    opened, count = asyncio.Event(), [0]
    params = {"article": article, "version": version}
    async with httpx.AsyncClient(base_url=base, timeout=20) as client:
        listeners = [asyncio.create_task(listen(client, params, opened, count)) for _ in range(50)]
        await asyncio.wait_for(opened.wait(), 20)
        merged = await client.post(
            "/api/stories/merge",
            json={"first": story_id, "second": second, "reason": "same event"},
            headers={"X-Storyline-Token": TOKEN},
        )
        assert merged.status_code == 200
        return await asyncio.wait_for(asyncio.gather(*listeners), 20)


def test_many_listeners_get_the_same_event_from_one_read(app: FastAPI) -> None:
    with serving(app) as base:
        first, second = httpx.get(base + "/api/stories").json()[:2]
        page = httpx.get(f"{base}/stories/{first['id']}").text
        article, version = re.search(
            r'data-article="([^"]+)" data-version="([^"]+)"', page
        ).groups()
        builds = app.state.views.builds
        streams = run_async(fan_out(base, article, version, first["id"], second["id"]))
    events = {lines[-1] for lines in streams}
    assert len(events) == 1 and '"url": "/stories/' in events.pop()
    assert all("event: story" in lines for lines in streams)
    # the merge built no snapshot and the producer published its state once, for all 50
    # listeners (its first state, when the first listener came, and the merge's)
    assert app.state.views.builds == builds
    assert app.state.live.states == 2
    assert app.state.live.listeners == 0


async def hold_open(base: str, extra: int) -> list[int]:
    """Open 60 listeners (the cap), then ``extra`` more; the statuses of the extra ones."""
    async with httpx.AsyncClient(base_url=base, timeout=20) as client:
        params = {"article": "none", "version": ""}  # nothing to tell: they stay open
        held = [client.stream("GET", "/events", params=params) for _ in range(60)]
        responses = [await stream.__aenter__() for stream in held]
        assert {r.status_code for r in responses} == {200}
        refused = [(await client.get("/events", params=params)).status_code for _ in range(extra)]
        await held[0].__aexit__(None, None, None)
        await asyncio.sleep(0.2)
        again = await client.stream("GET", "/events", params=params).__aenter__()
        refused.append(again.status_code)
        for stream in held[1:]:
            await stream.__aexit__(None, None, None)
        await again.aclose()
    return refused


def test_listeners_past_the_cap_get_503(app: FastAPI) -> None:
    with serving(app) as base:
        statuses = run_async(hold_open(base, extra=3))
    assert statuses == [503, 503, 503, 200]  # a closed listener frees its place


def test_idle_listeners_get_heartbeats(app: FastAPI) -> None:
    app.state.live.heartbeat = 0.2

    async def first_lines() -> list[str]:
        async with httpx.AsyncClient(base_url=base, timeout=10) as client:
            params = {"article": "none", "version": ""}
            async with client.stream("GET", "/events", params=params) as response:
                lines = []
                async for line in response.aiter_lines():
                    lines.append(line)
                    if line.startswith(": still here"):
                        return lines
        return lines

    with serving(app) as base:
        assert run_async(first_lines())[-1] == ": still here"


def test_a_listener_stays_open_after_its_event_and_hears_the_next_change(app: FastAPI) -> None:
    """No reconnect herd: one stream carries one event per change, each with the new version."""

    async def two_events(base: str, ids: list[str], article: str, version: str) -> list[str]:
        events: list[str] = []
        async with httpx.AsyncClient(base_url=base, timeout=20) as client:
            params = {"article": article, "version": version}
            async with client.stream("GET", "/events", params=params) as response:
                merge_elsewhere(app.state.views.path, ids[0], ids[1])
                async for line in response.aiter_lines():
                    if line.startswith("data:"):
                        events.append(line)
                        if len(events) == 2:
                            break
                        # the event names the merged story (the older id): a third joins it
                        merged = re.search(r"/stories/(\w+)", line).group(1)
                        merge_elsewhere(app.state.views.path, merged, ids[2])
        return events

    with serving(app) as base:
        ids = [story["id"] for story in httpx.get(base + "/api/stories").json()[:3]]
        page = httpx.get(f"{base}/stories/{ids[0]}").text
        article, version = re.search(
            r'data-article="([^"]+)" data-version="([^"]+)"', page
        ).groups()
        first, second = run_async(two_events(base, ids, article, version))
    assert first != second  # each event names the version it announces
    assert app.state.live.listeners == 0


async def story_and_index_events(
    base: str, story: dict[str, str], index: dict[str, str], change: Any
) -> list[str]:
    """The first event of a story page's listener and of the story list's, after ``change``."""
    async with httpx.AsyncClient(base_url=base, timeout=20) as client:
        opened = [asyncio.Event(), asyncio.Event()]

        async def first(params: dict[str, str], ready: asyncio.Event) -> str:
            async with client.stream("GET", "/events", params=params) as response:
                async for line in response.aiter_lines():
                    if line.startswith("retry:"):
                        ready.set()
                    if line.startswith("data:"):
                        return line
            return ""

        heard = [
            asyncio.create_task(first(p, ready))
            for p, ready in zip([story, index], opened, strict=True)
        ]
        await asyncio.wait_for(asyncio.gather(*(ready.wait() for ready in opened)), 20)
        await asyncio.sleep(0.3)  # the producer has read the state before the change
        await asyncio.to_thread(change)
        return list(await asyncio.wait_for(asyncio.gather(*heard), 20))


def test_a_store_change_with_open_listeners_builds_no_snapshot(app: FastAPI) -> None:
    """The live feed reads the rows of the stories the open pages show and the story list's
    version: a change made by another process reaches a story page and the story list, and
    the server never builds its whole-store snapshot."""
    views = app.state.views
    with closing(open_store(views.path)) as store:
        first, second = (row["row"]["id"] for row in store.story_index_page("latest", None, 2))
    with serving(app) as base:
        page = httpx.get(f"{base}/stories/{second}").text
        article, version = re.search(
            r'data-article="([^"]+)" data-version="([^"]+)"', page
        ).groups()
        listed = re.search(r'id="live-index" data-version="([^"]+)"', httpx.get(base).text)[1]
        story_event, index_event = run_async(
            story_and_index_events(
                base,
                {"article": article, "version": version},
                {"index": "true", "version": listed},
                lambda: merge_elsewhere(views.path, first, second),
            )
        )
        merged = json.loads(story_event.removeprefix("data:"))
        shown = httpx.get(base + merged["url"]).text
        assert f'data-version="{merged["version"]}"' in shown  # the event names the page's version
    with closing(open_store(views.path)) as store:
        assert merged["url"] == f"/stories/{stories_of(store, [article])[article]}"
        assert (
            json.loads(index_event.removeprefix("data:"))["version"]
            == (stored_list_version(store))
            != listed
        )
    assert views.current() is None and views.builds == 0
    assert app.state.live.listeners == 0


def test_a_listener_that_comes_during_a_web_write_is_judged_after_it(sample_db: Path) -> None:
    """While a write through the web holds the store, the feed reads nothing: a page that
    starts listening then is not told its story changed (its article is not read yet), and
    is judged by the state read once the write is over."""
    views = StoreViews(sample_db)
    feed = LiveFeed(views, 10, poll_seconds=lambda: 0.05)
    with closing(open_store(sample_db)) as store:
        one, two = (s.article_ids[0] for s in store.stories()[:2])
        version = store.story_index_payloads([stories_of(store, [two])[two]])

    async def states() -> list[LiveState]:
        read = [await feed.state(one)]
        with views.write_lock:
            read.append(await feed.state(two))
        read.append(await feed.state(two))
        await feed.stop()
        return read

    before, during, after = run_async(states())
    assert before.answers_for(one) and not during.answers_for(two)
    assert (
        after.answers_for(two) and after.version_for(two) == next(iter(version.values()))["version"]
    )
    assert views.current() is None
