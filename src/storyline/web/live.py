"""Live updates for open story pages and the story list: one producer, read from the store's
rows, many listeners.

An open story page listens on ``/events?article=...&version=...`` and is sent one ``story``
event (the URL to load) when the story holding that article no longer has that version. A
single task per server watches the store (one ``stat`` per poll), and when it changes reads,
in a thread, what the listeners compare against and nothing more: the story of each article
an open page shows (its ``story_of`` row), that story's version (its story list row) and the
story list's version (``story_rows.INDEX_SUM``), a few rows whatever the store's size. Every
listener then compares two strings. While a run is halfway (its link stage has moved articles
but their stories' rows are not yet written) nothing is announced: one event per run, at the
versions its end wrote. No whole-store snapshot is built for the feed; only a store whose
story list rows are not of its current stories (written by an older version and not run
since) is read through the snapshot, whose versions are the rows' (``story_rows``). Idle
listeners cost a coroutine and a heartbeat comment every ``heartbeat`` seconds, and their
number is capped (503 past it). An open story list listens on
``/events?index=true&version=...`` and is sent one ``index`` event when any story changes.
A stream stays open after its event, at the new version.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import Counter
from collections.abc import Callable, Collection
from contextlib import closing
from dataclasses import dataclass, field

from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from storyline.errors import TooManyListeners
from storyline.report.story_rows import stored_list_version
from storyline.store.base import Store
from storyline.web.edge import Message, Receive, Scope, Send
from storyline.web.snapshot_versions import index_version, story_versions
from storyline.web.stored_pages import rows_current, run_halfway, stories_of
from storyline.web.views import Snapshot, StoreViews, fingerprint

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LiveState:
    """What listeners compare against: the story of each article an open page shows, those
    stories' versions and the story list's version."""

    story_of: dict[str, str] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    index: str = ""  # the version of the story list (``index_version``)
    # The articles this state answers for (None: every article, as a snapshot holds them):
    # an article of none of them is read before its listener compares.
    articles: frozenset[str] | None = None

    @classmethod
    def of(cls, snap: Snapshot) -> LiveState:
        return cls(dict(snap.contents.story_of), story_versions(snap), index_version(snap))

    @classmethod
    def read(cls, store: Store, articles: Collection[str]) -> LiveState:
        """The state of these articles from the store's rows (a few rows whatever its size)."""
        story_of = stories_of(store, articles)
        rows = store.story_index_payloads(sorted(set(story_of.values())))
        versions = {story_id: row["version"] for story_id, row in rows.items()}
        return cls(story_of, versions, stored_list_version(store), frozenset(articles))

    def answers_for(self, article: str) -> bool:
        return self.articles is None or not article or article in self.articles

    def index_event(self, version: str) -> str | None:
        """The SSE ``index`` event for a story list rendered at ``version``, if stale."""
        if self.index == version:
            return None
        return f"event: index\ndata: {json.dumps({'version': self.index})}\n\n"

    def version_for(self, article: str) -> str:
        """The version of the story holding ``article`` ("" when it is in none)."""
        story_id = self.story_of.get(article)
        return self.versions.get(story_id, "") if story_id else ""

    def event_for(self, article: str, version: str) -> str | None:
        """The SSE ``story`` event for a page showing ``article`` at ``version``, if stale."""
        story_id = self.story_of.get(article)
        current = self.version_for(article)
        if current == version:
            return None
        target = f"/stories/{story_id}" if story_id else "/"
        return f"event: story\ndata: {json.dumps({'url': target, 'version': current})}\n\n"


def read_state(views: StoreViews, articles: Collection[str]) -> tuple[LiveState, bool]:
    """The live state of the store from its rows (from the snapshot when its rows are not of
    its current stories: their versions would not be those the pages show), and whether it
    is settled (False while a run is halfway: its stories are not yet all listed)."""
    with closing(views.open()) as store:
        if rows_current(store):
            return LiveState.read(store, articles), not run_halfway(store)
    return LiveState.of(views.snapshot()), True


class LiveFeed:
    """The producer task, the listener count and the articles the open pages show."""

    def __init__(
        self,
        views: StoreViews,
        max_listeners: int,
        poll_seconds: Callable[[], float],
        heartbeat: float = 15.0,
    ) -> None:
        self.views = views
        self.max_listeners = max_listeners
        self.poll_seconds = poll_seconds
        self.heartbeat = heartbeat
        self.listeners = 0
        self.watched: Counter[str] = Counter()  # article -> open pages listening for it
        self.states = 0  # states published so far: one per store change, whatever the listeners
        self._state: LiveState | None = None
        self._read_at: tuple[int, ...] | None = None  # the store files' fingerprint read
        self._reading = asyncio.Lock()
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def claim(self, article: str = "") -> None:
        """Count one more listener (of ``article``'s story, if given), or raise
        TooManyListeners (before any byte is sent)."""
        if self.listeners >= self.max_listeners:
            raise TooManyListeners(self.max_listeners)
        self.listeners += 1
        if article:
            self.watched[article] += 1

    def release(self, article: str = "") -> None:
        self.listeners -= 1
        if article:
            self.watched[article] -= 1
            if self.watched[article] <= 0:
                del self.watched[article]

    async def state(self, article: str = "") -> LiveState:
        """The state of the store as it is now (answering for ``article``), starting the
        producer (on this loop).

        A listener that connects right after a write must not be judged against the state
        before it: the producer publishes only at its next poll, so the newest state is
        published here first when it is not yet (a page rendered after a merge was sent
        back to the story by its own listener and lost its notice)."""
        loop = asyncio.get_running_loop()
        if self._task is None or self._task.done() or self._task.get_loop() is not loop:
            self._state, self._read_at = None, None
            self._reading, self._changed = asyncio.Lock(), asyncio.Event()
            self._task = loop.create_task(self._produce())
        await self._publish_newest(article)
        while self._state is None:
            await self._changed.wait()
        return self._state

    async def _publish_newest(self, article: str = "") -> None:
        """Read the state when the store changed (woken listeners: one new state) or when it
        does not answer for ``article`` yet (read quietly: nothing changed)."""
        async with self._reading:  # one read at a time: a later read is never replaced
            if self.views.write_lock.locked():
                return  # a write through the web is under way: its end is the change
            files = fingerprint(self.views.path)
            state = self._state
            if state is not None and files == self._read_at and state.answers_for(article):
                return
            watched = set(self.watched) | ({article} if article else set())
            state, settled = await run_in_threadpool(read_state, self.views, watched)
            if not settled and self._state is not None and self._state.answers_for(article):
                return  # announced once the run has written the rows: one event, not two
            changed = files != self._read_at
            self._state, self._read_at = state, files
            if changed:
                self.states += 1
                self._changed.set()  # wakes every listener of this change at once
                self._changed = asyncio.Event()

    async def _produce(self) -> None:
        while True:
            try:
                await self._publish_newest()
            except Exception:  # a store that cannot be read now may be readable at next poll
                log.exception("live feed: cannot read the store")
            await asyncio.sleep(self.poll_seconds())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, RuntimeError):
                await self._task
            self._task = None

    def change_signal(self) -> asyncio.Event:
        """The event set at the next published state (take it right after reading a state,
        with no ``await`` between, so no change can slip through)."""
        return self._changed


class EventStream(Response):
    """The response of one listener: ``retry``, heartbeats, one event per change it concerns.

    Its own ASGI call rather than a StreamingResponse so the listener count is released in
    one ``finally`` however the connection ends (even if no byte could be sent)."""

    def __init__(self, feed: LiveFeed, article: str, version: str, index: bool = False) -> None:
        super().__init__(media_type="text/event-stream")
        self.feed, self.article, self.version, self.index = feed, article, version, index

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        gone = asyncio.Event()

        async def watch_disconnect() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            gone.set()

        watcher = asyncio.create_task(watch_disconnect())
        try:
            await send(_start())
            await send(_chunk("retry: 3000\n\n"))
            await self._stream(send, gone)
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except OSError:  # the client went away mid-send
            pass
        finally:
            watcher.cancel()
            self.feed.release("" if self.index else self.article)

    async def _stream(self, send: Send, gone: asyncio.Event) -> None:
        while not gone.is_set():
            state = await self.feed.state("" if self.index else self.article)
            changed = self.feed.change_signal()
            if self.index:
                event = state.index_event(self.version)
            elif state.answers_for(self.article):
                event = state.event_for(self.article, self.version)
            else:  # not read yet (a write through the web is under way): judged at its end
                event = None
            if event is not None:
                # The stream stays open at the version just announced: a client that does not
                # reload hears of the next change without reconnecting, and 300 listeners do
                # not come back at once after every change.
                await send(_chunk(event))
                self.version = state.index if self.index else state.version_for(self.article)
            waits = {asyncio.ensure_future(changed.wait()), asyncio.ensure_future(gone.wait())}
            done, pending = await asyncio.wait(
                waits, timeout=self.feed.heartbeat, return_when=asyncio.FIRST_COMPLETED
            )
            for waiting in pending:
                waiting.cancel()
            if not done:
                await send(_chunk(": still here\n\n"))


def _start() -> Message:
    headers = [
        (b"content-type", b"text/event-stream; charset=utf-8"),
        (b"cache-control", b"no-store"),
        (b"x-accel-buffering", b"no"),
    ]
    return {"type": "http.response.start", "status": 200, "headers": headers}


def _chunk(text: str) -> Message:
    return {"type": "http.response.body", "body": text.encode("utf-8"), "more_body": True}
