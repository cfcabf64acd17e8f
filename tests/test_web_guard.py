"""The web edge: bodies refused by token and size before they are read, the Host allow-list,
security headers on 500s, and the page cache following the store."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from fastapi import FastAPI
from fastapi.testclient import TestClient

from storyline.decisions import merge_stories
from storyline.store import open_store
from storyline.web.app import create_app
from storyline.web.edge import FORM_LIMIT, JSON_LIMIT, MAX_UPLOAD_BYTES
from storyline.web.story_index import all_rows
from tests.conftest import LOCAL
from tests.live_server import merge_elsewhere, run_async

TOKEN = "guard-token"
GIGABYTE = 1024**3
WRITE_ROUTES = ("/stories/merge", "/api/stories/merge", "/api/stories/abc/split", "/api/upload")


@pytest.fixture
def app(sample_db: Path) -> FastAPI:
    return create_app(sample_db, TOKEN, allowed_host=["news.internal"])


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=LOCAL, raise_server_exceptions=False) as test_client:
        yield test_client


def never_read() -> Iterator[bytes]:
    """A request body that fails the test if the server reads any of it."""
    raise AssertionError("the server read the body of a request it should have refused")
    yield b""  # pragma: no cover


class RawCall:
    """One request made on the raw ASGI channel, counting the body bytes the app pulls."""

    def __init__(self, app: FastAPI, method: str, path: str, headers: dict[str, str]) -> None:
        self.app, self.method, self.path = app, method, path
        self.headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        self.read = 0
        self.status = 0
        self.body = b""

    def run(self, chunk: bytes, chunks: int) -> RawCall:
        """Send ``chunks`` chunks of ``chunk`` (no Content-Length: chunked transfer)."""
        scope: dict[str, Any] = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": self.method, "scheme": "http", "path": self.path,
            "raw_path": self.path.encode(), "query_string": b"", "root_path": "",
            "headers": [(b"host", b"127.0.0.1:8000"), *self.headers],
            "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8000),
        }  # fmt: skip
        sent = 0

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent == chunks:
                return {"type": "http.request", "body": b"", "more_body": False}
            sent += 1
            self.read += len(chunk)
            return {"type": "http.request", "body": chunk, "more_body": True}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                self.status = message["status"]
            elif message["type"] == "http.response.body":
                self.body += message.get("body", b"")

        run_async(self.app(scope, receive, send))
        return self


def test_unauthenticated_gigabyte_post_is_refused_before_its_body_is_read(
    client: TestClient,
) -> None:
    for route in WRITE_ROUTES:
        started = time.monotonic()
        refused = client.post(
            route, content=never_read(), headers={"Content-Length": str(GIGABYTE)}
        )
        assert refused.status_code == 401, (route, refused.text)
        assert time.monotonic() - started < 2
    api = client.post("/api/stories/merge", content=never_read())  # chunked, no length
    assert api.json()["error"]["code"] == "E401"


def test_wrong_token_header_is_refused_before_the_body(client: TestClient) -> None:
    for route in WRITE_ROUTES:
        refused = client.post(route, content=never_read(), headers={"X-Storyline-Token": "no"})
        assert refused.status_code == 401, route


def test_unauthenticated_chunked_form_is_cut_at_the_form_cap(app: FastAPI) -> None:
    call = RawCall(app, "POST", "/stories/merge", {}).run(b"a" * 4096, chunks=100_000)
    assert call.status == 401
    assert call.read <= FORM_LIMIT + 4096  # not the 400 MB offered


def test_oversized_authenticated_bodies_get_413(client: TestClient, app: FastAPI) -> None:
    declared = client.post(
        "/api/stories/merge",
        content=b"{}",
        headers={"X-Storyline-Token": TOKEN, "Content-Length": str(JSON_LIMIT + 1)},
    )
    assert declared.status_code == 413 and declared.json()["error"]["code"] == "E413"
    form = client.post(
        "/stories/merge",
        content=never_read(),
        headers={"X-Storyline-Token": TOKEN, "Content-Length": str(GIGABYTE)},
    )
    assert form.status_code == 413
    chunked = RawCall(app, "POST", "/api/stories/merge", {"X-Storyline-Token": TOKEN})
    assert chunked.run(b" " * 8192, chunks=1000).status == 413
    assert chunked.read <= JSON_LIMIT + 8192


def test_authenticated_upload_is_cut_at_20_mib_while_it_streams(app: FastAPI) -> None:
    mebibyte = b"x" * 1024 * 1024
    call = RawCall(app, "POST", "/api/upload", {"X-Storyline-Token": TOKEN}).run(mebibyte, 500)
    assert call.status == 413 and b'"E413"' in call.body
    assert call.read <= MAX_UPLOAD_BYTES + len(mebibyte)
    uploads = app.state.views.path.parent / "uploads"
    assert list(uploads.iterdir()) == []  # the cut upload left nothing behind


def test_form_token_still_works_within_the_form_cap(client: TestClient) -> None:
    first, second = (s["id"] for s in client.get("/api/stories").json()[:2])
    form = {"first": first, "second": second, "reason": "", "token": "wrong"}
    assert client.post("/stories/merge", data=form).status_code == 401
    padded = {**form, "reason": "x" * (FORM_LIMIT + 1)}
    assert client.post("/stories/merge", data=padded).status_code == 401  # no token: not read


def test_foreign_host_gets_400_with_the_json_error_shape(client: TestClient) -> None:
    for path in ("/api/report", "/", "/events"):
        refused = client.get(path, headers={"Host": "evil.example"})
        assert refused.status_code == 400
        assert refused.json()["error"]["code"] == "E400"
        assert "evil.example" in refused.json()["error"]["message"]
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000", "news.internal", "LOCALHOST"):
        assert client.get("/api/report", headers={"Host": host}).status_code == 200, host


def test_500_carries_csp_and_nosniff(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_self: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("storyline.web.views.StoreViews.open", broken)
    for path in ("/api/report", "/"):
        failed = client.get(path)
        assert failed.status_code == 500
        assert "script-src 'self'" in failed.headers["content-security-policy"]
        assert failed.headers["x-content-type-options"] == "nosniff"
    assert client.get("/api/report").json()["error"]["code"] == "E999"


def page_cache(app: FastAPI) -> Any:
    cache = app.middleware_stack
    while not hasattr(cache, "hits"):  # the PageCache inside the middleware stack
        cache = cache.app
    return cache


def test_pages_are_cached_per_store_version(client: TestClient, app: FastAPI) -> None:
    cache = page_cache(app)
    first = client.get("/").text
    assert client.get("/").text == first and client.get("/").text == first
    assert cache.hits >= 1
    stories = client.get("/api/stories").json()
    merge_elsewhere(app.state.views.path, stories[0]["id"], stories[1]["id"])  # seen at once
    after = client.get("/").text
    assert after != first and after.count('href="/stories/') < first.count('href="/stories/')


def test_a_change_to_one_story_re_renders_only_the_pages_that_show_it(
    client: TestClient, app: FastAPI
) -> None:
    """Per-page versions: after two stories merge, the article pages of the other stories are
    still answered from memory, and the merged stories' pages show the change."""
    cache = page_cache(app)
    stories = client.get("/api/stories").json()
    report = client.get("/api/report").json()
    story_of = {a["id"]: a["story_id"] for a in report["articles"]}
    first, second, other = (story["id"] for story in stories[:3])
    inside = next(a for a, s in story_of.items() if s == second)
    outside = [a for a, s in story_of.items() if s == other]
    pages = {a: client.get(f"/articles/{a}").text for a in [inside, *outside]}
    merge_elsewhere(app.state.views.path, first, second)
    merged = client.get("/api/report").json()
    moved_to = next(a["story_id"] for a in merged["articles"] if a["id"] == inside)
    assert moved_to in {first, second}
    assert client.get(f"/articles/{inside}").text != pages[inside]
    hits = cache.hits
    for article in outside:
        assert client.get(f"/articles/{article}").text == pages[article]
    assert cache.hits == hits + len(outside)


def test_the_index_rows_of_unchanged_stories_are_reused_after_a_change(
    client: TestClient, app: FastAPI
) -> None:
    """Incremental index of the snapshot (what searches and filters page): a merge of two
    stories builds one row, not the whole index."""
    stories = client.get("/api/stories").json()
    assert len(all_rows(app.state.views.snapshot())) == len(stories)
    merge_elsewhere(app.state.views.path, stories[0]["id"], stories[1]["id"])
    assert len(all_rows(app.state.views.snapshot())) == len(stories) - 1
    snap = app.state.views.current()[1]
    assert snap.previous is not None and snap.previous.previous is None  # one kept at most
    assert snap.derived["rows_reused"] == len(stories) - 2  # all but the merged two


def test_a_saved_search_shows_on_the_cached_story_list_at_once(client: TestClient) -> None:
    """The story list is cached per its stories and the saved searches: saving one changes no
    story, and the list must not be served from before it."""
    assert "Dam watch" not in client.get("/").text
    assert client.get("/api/searches").json() == []
    saved = client.post(
        "/api/searches",
        json={"name": "Dam watch", "q": "dam"},
        headers={"X-Storyline-Token": TOKEN},
    )
    assert saved.status_code == 201
    assert "Dam watch" in client.get("/").text
    assert [s["name"] for s in client.get("/api/searches").json()] == ["Dam watch"]


def test_readers_of_a_changed_page_wait_for_one_render(client: TestClient, app: FastAPI) -> None:
    """After a change, the requests that arrive while a page is being rendered are answered
    from that render: the story list is rendered once for eight readers, not eight times."""
    import asyncio

    import httpx

    cache = page_cache(app) if client.get("/").status_code == 200 else None
    assert cache is not None
    stories = client.get("/api/stories").json()
    merge_elsewhere(app.state.views.path, stories[0]["id"], stories[1]["id"])
    before = cache.renders

    async def eight_readers() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=LOCAL) as reader:
            return list(await asyncio.gather(*(reader.get("/") for _ in range(8))))

    answers = run_async(eight_readers())
    assert [a.status_code for a in answers] == [200] * 8
    assert all(stories[1]["id"] not in a.text for a in answers)  # merged away
    assert len({a.text for a in answers}) == 1
    assert cache.renders - before == 1


def test_reading_a_store_another_process_holds_open_builds_no_second_snapshot(
    client: TestClient, app: FastAPI
) -> None:
    """A merge written while another process holds the store open stays in the write-ahead
    log; the snapshot built after it must not count the log's checkpoint (SQLite runs it when
    the last connection closes) as a new change: one merge, one snapshot."""
    views = app.state.views
    stories = client.get("/api/stories").json()
    holder = open_store(views.path)  # e.g. a `watch` process between its runs
    writer = open_store(views.path)
    try:
        merge_stories(writer, stories[0]["id"], stories[1]["id"], "one event")
    finally:
        writer.close()
    assert len(views.snapshot().contents.stories) == len(stories) - 1
    builds = views.builds
    holder.close()  # the last connection but the server's: the log is checkpointed here
    views.snapshot()
    assert views.builds == builds
