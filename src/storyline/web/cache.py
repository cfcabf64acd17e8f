"""Rendered GET responses kept per store version: a page or JSON answer is built once per
change of the store and then sent from memory, without a thread hop or a template render.

The key is the request (path, query, Host) and the fingerprint of the snapshot that rendered
it; a lookup asks which snapshot would be served now (one ``stat`` of the database and its
log, cheap enough for the event loop), so a change made by another process is seen at once,
and a write through the web (which builds the next snapshot itself) does not empty the cache
while it runs. Everything
cached belongs to one store version: the first answer of a new version drops the rest.
"""

from __future__ import annotations

import re

from storyline.web.edge import ASGIApp, Message, Receive, Scope, Send
from storyline.web.views import StoreViews

CACHED_PATHS = re.compile(r"/|/stories/[^/]+|/articles/[^/]+|/api/.+|/feed\.atom")
MAX_ENTRIES = 2000
MAX_BYTES = 64 * 1024 * 1024  # all entries together
Key = tuple[str, bytes, bytes]


class PageCache:
    """ASGI middleware answering repeated GETs from the responses of the current version."""

    def __init__(self, app: ASGIApp, views: StoreViews) -> None:
        self.app = app
        self.views = views
        self.version: tuple[int, ...] | None = None
        self.entries: dict[Key, tuple[Message, bytes]] = {}
        self.size = 0
        self.hits = 0

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
        serving = self.views.serving()
        if serving is not None and serving == self.version and key in self.entries:
            self.hits += 1
            start, body = self.entries[key]
            await send(dict(start))
            await send({"type": "http.response.body", "body": body, "more_body": False})
            return
        await self._render_and_keep(key, scope, receive, send)

    async def _render_and_keep(self, key: Key, scope: Scope, receive: Receive, send: Send) -> None:
        before = self.views.current()
        start: Message = {}
        chunks: list[bytes] = []

        async def send_and_copy(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = dict(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, send_and_copy)
        after = self.views.current()
        # Kept only when one snapshot, the same before and after, rendered it.
        if before is None or after is None or before[1] is not after[1]:
            return
        if start.get("status") != 200:
            return
        self._keep(after[0], key, start, b"".join(chunks))

    def _keep(self, version: tuple[int, ...], key: Key, start: Message, body: bytes) -> None:
        if version != self.version:
            self.version, self.entries, self.size = version, {}, 0
        while self.entries and (len(self.entries) >= MAX_ENTRIES or self.size > MAX_BYTES):
            dropped = self.entries.pop(next(iter(self.entries)))  # the oldest
            self.size -= len(dropped[1])
        self.entries[key] = (start, body)
        self.size += len(body)
