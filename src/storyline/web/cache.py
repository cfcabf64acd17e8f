"""Rendered GET responses kept per page version: a page or JSON answer is built once and then
sent from memory, without a template render, as long as what it shows is unchanged.

The key is the request (path, query, Host); each entry carries the version of the page it was
rendered at. A page read from the store's rows (the story list and its text searches, story,
article and entity pages, the JSON API's stories, articles and saved searches:
storyline.web.stored_pages; the route says so with ``read_from_rows``) is kept per the store
files' fingerprint (one ``stat`` of the database and its log, cheap enough for the event loop;
a change made by another process is seen at once): after a change its next request renders it
again from the rows, and no snapshot is built; an article page is kept per its story's row
version instead (``stored_pages.stored_version``, read in a thread once per change), so a
change to other stories leaves it served from memory. A page read from the whole-store
snapshot is kept per its version in the snapshot that would be served now
(storyline.web.page_versions), and a write through the web (during which the last snapshot is
served) does not empty the cache.
Requests for a page that is being rendered wait for that render and are answered from it:
after a change, the many readers of the story list render it once.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, replace

from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request

from storyline.store.base import Store
from storyline.web.edge import ASGIApp, Message, Receive, Scope, Send
from storyline.web.page_versions import known_version, page_version
from storyline.web.views import Snapshot, StoreViews, fingerprint

# Upload outcomes (/api/uploads/...) change without a store change: never cached. The JSON
# report (/api/report) is streamed from the store: kept, it would be held whole.
CACHED_PATHS = re.compile(
    r"/|/stories/[^/]+|/articles/[^/]+|/entities/[^/]+|/api/(?!uploads/|report$).+|/feed\.atom"
)
MAX_ENTRIES = 2000
MAX_BYTES = 64 * 1024 * 1024  # all entries together
Key = tuple[str, bytes, bytes]
StoredVersion = Callable[[Store, str], "str | None"]  # (store, path) -> the page's version
FILES = "files:"  # the version of a page read from the rows: the store files' fingerprint
FROM_ROWS = "storyline.read_from_rows"  # set in the request's state by such a page


def read_from_rows(request: Request, version: str = "") -> None:
    """Say that the page answering ``request`` reads the store's rows only, not the snapshot:
    it is kept per the store's files, or with ``version`` (``stored_pages.stored_version`` of
    its path) per what it shows, through changes that leave that unchanged."""
    setattr(request.state, FROM_ROWS, version or True)


@dataclass(frozen=True)
class Entry:
    version: str  # the page's version when it was rendered
    start: Message
    body: bytes
    files: str = ""  # a page read from the rows: the store files' version it is known at


class PageCache:
    """ASGI middleware answering repeated GETs from memory while their page is unchanged."""

    def __init__(
        self, app: ASGIApp, views: StoreViews, stored_version: StoredVersion = lambda s, p: None
    ) -> None:
        self.app = app
        self.views = views
        self.stored_version = stored_version  # ``stored_pages.stored_version``
        self.entries: dict[Key, Entry] = {}
        self.size = 0
        self.hits = 0
        self.renders = 0
        # pages being rendered now: a request for one of them waits for that render (after a
        # change, the readers of a page would otherwise all render it at once)
        self.rendering: dict[Key, asyncio.Event] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        cacheable = (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and CACHED_PATHS.fullmatch(scope["path"]) is not None
        )
        if not cacheable:
            await self.app(scope, receive, send)
            return
        host = dict(scope["headers"]).get(b"host", b"")
        key: Key = (scope["path"], scope.get("query_string", b""), host)
        while True:
            if await self._answer_kept(key, send):
                return
            rendering = self.rendering.get(key)
            if rendering is None:
                break
            await rendering.wait()  # the same page is being rendered: wait for it, not twice
        done = self.rendering[key] = asyncio.Event()
        try:
            await self._render_and_keep(key, scope, receive, send)
        finally:
            del self.rendering[key]
            done.set()

    async def _answer_kept(self, key: Key, send: Send) -> bool:
        """Send the kept answer for ``key`` if it is still the page's current version."""
        entry = self.entries.get(key)
        if entry is None:
            return False
        version: str | None
        if entry.files:  # read from the rows: kept per the store's files or its own version
            files = self._files_version()
            version = entry.version if files == entry.files else None
            if version is None and not entry.version.startswith(FILES):
                version = await run_in_threadpool(self._stored_version, key[0])
                if version == entry.version:  # unchanged by this change: known at these files
                    self._keep(key, replace(entry, files=files))
        else:
            snap = self._serving()
            if snap is None:  # the snapshot of the store as it is now is not built yet
                return False
            version = known_version(snap, key[0])
            if version is None:  # the first ask since the store changed: a thread does it
                version = await run_in_threadpool(page_version, self.views, snap, key[0])
        if version != entry.version:
            return False
        self.hits += 1
        await send(dict(entry.start))
        await send({"type": "http.response.body", "body": entry.body, "more_body": False})
        return True

    def _serving(self) -> Snapshot | None:
        """The snapshot a request would be answered from now, if it needs no build."""
        cached = self.views.current()
        serving = self.views.serving()
        return cached[1] if cached is not None and cached[0] == serving else None

    def _stored_version(self, path: str) -> str | None:
        with closing(self.views.open()) as store:
            return self.stored_version(store, path)

    def _files_version(self) -> str:
        """The version of every page read from the store's rows: its files'."""
        return FILES + ":".join(map(str, fingerprint(self.views.path)))

    async def _render_and_keep(self, key: Key, scope: Scope, receive: Receive, send: Send) -> None:
        """Render a page, and keep it when it was read from the rows of files that did not
        change meanwhile, or from one snapshot, the same before and after (a page that
        builds the snapshot is kept at its next render)."""
        files = self._files_version()
        before = self.views.current()
        start, body = await self._render(scope, receive, send)
        if start.get("status") != 200:
            return
        read = scope.get("state", {}).get(FROM_ROWS)
        if read:
            if self._files_version() == files:
                self._keep(key, Entry(files if read is True else read, start, body, files))
            return
        after = self.views.current()
        if before is None or after is None or before[1] is not after[1]:
            return
        version = known_version(after[1], key[0])
        if version is None:
            version = await run_in_threadpool(page_version, self.views, after[1], key[0])
        self._keep(key, Entry(version, start, body))

    async def _render(self, scope: Scope, receive: Receive, send: Send) -> tuple[Message, bytes]:
        """Render a page to ``send``, and return its start message and its body."""
        start: Message = {}
        chunks: list[bytes] = []

        async def send_and_copy(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = dict(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        self.renders += 1
        await self.app(scope, receive, send_and_copy)
        return start, b"".join(chunks)

    def _keep(self, key: Key, entry: Entry) -> None:
        replaced = self.entries.pop(key, None)
        if replaced is not None:
            self.size -= len(replaced.body)
        while self.entries and (len(self.entries) >= MAX_ENTRIES or self.size > MAX_BYTES):
            dropped = self.entries.pop(next(iter(self.entries)))  # the oldest
            self.size -= len(dropped.body)
        self.entries[key] = entry
        self.size += len(entry.body)
