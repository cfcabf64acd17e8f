"""Rendered GET responses kept per page version: a page or JSON answer is built once and then
sent from memory, without a template render, as long as what it shows is unchanged.

The key is the request (path, query, Host); each entry carries the version of the page it was
rendered at (storyline.web.page_versions: a story page depends on its story, an article page
on its story's version, the lists and the JSON report on the whole story list). A lookup asks
which snapshot would be served now (one ``stat`` of the database and its log, cheap enough for
the event loop; a change made by another process is seen at once) and serves the entry when
the page's version in that snapshot is the entry's. So a change to one story re-renders only
the pages that show it; the other pages are answered from memory through the change, with no
touch of the store. A write through the web (which builds the next snapshot itself) does not
empty the cache while it runs. Requests for a page that is being rendered wait for that render
and are answered from it: after a change, the many readers of the story list render it once.
While the server holds no snapshot, the story list and story pages read only what they show
from the store (storyline.web.stored_pages): their answers are kept per the store files'
fingerprint, and no snapshot is built for them.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

from fastapi.concurrency import run_in_threadpool

from storyline.web.edge import ASGIApp, Message, Receive, Scope, Send
from storyline.web.page_versions import known_version, page_version
from storyline.web.views import Snapshot, StoreViews, fingerprint

# Upload outcomes (/api/uploads/...) change without a store change: never cached.
CACHED_PATHS = re.compile(r"/|/stories/[^/]+|/articles/[^/]+|/api/(?!uploads/).+|/feed\.atom")
MAX_ENTRIES = 2000
MAX_BYTES = 64 * 1024 * 1024  # all entries together
Key = tuple[str, bytes, bytes]


@dataclass(frozen=True)
class Entry:
    version: str  # the page's version when it was rendered
    start: Message
    body: bytes


class PageCache:
    """ASGI middleware answering repeated GETs from memory while their page is unchanged."""

    def __init__(self, app: ASGIApp, views: StoreViews) -> None:
        self.app = app
        self.views = views
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
        snap = self._serving()
        if snap is not None:
            version = known_version(snap, key[0])
            if version is None:  # the first ask since the store changed: a thread does it
                version = await run_in_threadpool(page_version, self.views, snap, key[0])
        elif self.views.current() is None:  # pages read from the store: kept per its files
            version = self._files_version()
        else:
            return False
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

    def _files_version(self) -> str:
        """The version of every page read from the store without a snapshot: its files'."""
        return "files:" + ":".join(map(str, fingerprint(self.views.path)))

    async def _render_and_keep(self, key: Key, scope: Scope, receive: Receive, send: Send) -> None:
        if self.views.current() is None:  # no snapshot: the page may read only what it shows
            await self._render_from_store(key, scope, receive, send)
            return
        if self._serving() is None:  # the store changed: the snapshot first, so it is kept
            await run_in_threadpool(self.views.snapshot)
        before = self.views.current()
        start, body = await self._render(scope, receive, send)
        after = self.views.current()
        # Kept only when one snapshot, the same before and after, rendered it.
        if before is None or after is None or before[1] is not after[1]:
            return
        if start.get("status") != 200:
            return
        version = known_version(after[1], key[0])
        if version is None:
            version = await run_in_threadpool(page_version, self.views, after[1], key[0])
        self._keep(key, Entry(version, start, body))

    async def _render_from_store(
        self, key: Key, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """Render a page while the server holds no snapshot (``storyline.web.stored_pages``);
        kept per the store's files when no snapshot was built meanwhile and they did not
        change (a page that needs the snapshot builds it, and is kept at its next render)."""
        version = self._files_version()
        start, body = await self._render(scope, receive, send)
        unchanged = self.views.current() is None and self._files_version() == version
        if unchanged and start.get("status") == 200:
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
