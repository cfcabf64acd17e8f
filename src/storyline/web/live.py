"""Live updates for open story pages and the story list: one producer, one snapshot per
change, many listeners.

An open story page listens on ``/events?article=...&version=...`` and is sent one ``story``
event (the URL to load) when the story holding that article no longer has that version. A
single task per server watches the store (one ``stat`` per poll, in a thread), and when it
changes reads the new snapshot and the version of every story once, also in a thread; every
listener then compares two strings. Idle listeners cost a coroutine and a heartbeat comment
every ``heartbeat`` seconds, and their number is capped (503 past it). An open story list
listens on ``/events?index=true&version=...`` and is sent one ``index`` event when any story
changes. A stream stays open after its event, at the new version.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from storyline.errors import TooManyListeners
from storyline.model import Story, content_id, to_jsonable
from storyline.report.contents import NO_RESULTS, Contents, StoryResults
from storyline.report.story_rows import VERSION_MODULUS, list_version, version_hash
from storyline.report.story_rows import story_version as story_version_of
from storyline.web.edge import Message, Receive, Scope, Send
from storyline.web.views import Snapshot, StoreViews

log = logging.getLogger(__name__)


def version_of(parts: list[Any]) -> str:
    """A short content id of JSON-able parts: equal parts, equal version."""
    return content_id(json.dumps(to_jsonable(parts), sort_keys=True, default=str))


def story_version(snap: Snapshot, story_id: str) -> str:
    """Changes whenever anything the story page shows about this story changes."""
    contents = snap.contents
    story = next((s for s in contents.stories if s.id == story_id), None)
    return _version(contents, story, contents.results.get(story_id, NO_RESULTS))


def _version(contents: Contents, story: Story | None, results: StoryResults) -> str:
    """The version of one story as the snapshot holds it (``story_rows.story_version``)."""
    return story_version_of(story, results, contents.members(story) if story is not None else [])


def story_versions(snap: Snapshot) -> dict[str, str]:
    """``story_version`` of every story, with findings and timeline grouped in one pass (once
    per snapshot: the live feed and the page cache both ask)."""
    return snap.once("story_versions", lambda: _story_versions(snap))


def _story_versions(snap: Snapshot) -> dict[str, str]:
    """Incremental: only the stories whose record, findings or timeline ``load_contents``
    read again get a new version; the ids recomputed or gone are kept in
    ``derived["versions_changed"]`` (absent after a full computation)."""
    contents, before = snap.contents, snap.previous
    marks = contents.marks
    changed = marks.changed_stories if marks is not None else None
    if before is None or changed is None or "story_versions" not in before.derived:
        stale = {s.id for s in contents.stories}
        old: dict[str, str] = {}
    else:
        old = before.derived["story_versions"]
        stale = set(changed)
        # the stories of the articles read again: a member's date or outlet is on their page
        reread = marks.reread if marks is not None else None
        stale |= {contents.story_of[a] for a in reread or () if a in contents.story_of}
    results = contents.results
    if not old:
        return {
            s.id: _version(contents, s, results.get(s.id, NO_RESULTS)) for s in contents.stories
        }
    # The order of the versions does not matter (they are looked up by id): the versions
    # before, copied, with the stories read again put in and those gone taken out.
    versions = dict(old)
    current = {s.id: s for s in contents.stories if s.id in stale}
    for story_id in stale:
        story = current.get(story_id)
        if story is None:
            versions.pop(story_id, None)
        else:
            versions[story_id] = _version(contents, story, results.get(story_id, NO_RESULTS))
    snap.derived["versions_changed"] = stale
    return versions


def index_version(snap: Snapshot) -> str:
    """Changes whenever a story is added, removed or changed (once per snapshot): a sum of
    one hash per (story, version), so a change to a few stories costs a few hashes."""
    if "index_version" not in snap.derived:
        versions = story_versions(snap)
        before = snap.previous
        changed = snap.derived.get("versions_changed")
        if before is not None and "index_sum" in before.derived and changed is not None:
            old = story_versions(before)
            total = before.derived["index_sum"]
            total -= sum(version_hash(sid, old[sid]) for sid in changed if sid in old)
            total += sum(version_hash(sid, versions[sid]) for sid in changed if sid in versions)
        else:
            total = sum(version_hash(sid, v) for sid, v in versions.items())
        snap.derived["index_sum"] = total % VERSION_MODULUS
        snap.derived["index_version"] = list_version(total)
    version: str = snap.derived["index_version"]
    return version


@dataclass(frozen=True)
class LiveState:
    """What listeners compare against: each article's story and that story's version."""

    story_of: dict[str, str] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    index: str = ""  # the version of the story list (``index_version``)

    @classmethod
    def of(cls, snap: Snapshot) -> LiveState:
        return cls(dict(snap.contents.story_of), story_versions(snap), index_version(snap))

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


class LiveFeed:
    """The producer task and the listener count of one app."""

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
        self.states = 0  # states published so far: one per store change, whatever the listeners
        self._state: LiveState | None = None
        self._shown: Snapshot | None = None
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def claim(self) -> None:
        """Count one more listener, or raise TooManyListeners (before any byte is sent)."""
        if self.listeners >= self.max_listeners:
            raise TooManyListeners(self.max_listeners)
        self.listeners += 1

    def release(self) -> None:
        self.listeners -= 1

    async def state(self) -> LiveState:
        """The state of the store as it is now, starting the producer (on this loop).

        A listener that connects right after a write must not be judged against the state
        before it: the producer publishes only at its next poll, so the newest snapshot is
        published here first when it is not yet (a page rendered after a merge was sent
        back to the story by its own listener and lost its notice)."""
        loop = asyncio.get_running_loop()
        if self._task is None or self._task.done() or self._task.get_loop() is not loop:
            self._state, self._shown, self._changed = None, None, asyncio.Event()
            self._task = loop.create_task(self._produce())
        await self._publish_newest()
        while self._state is None:
            await self._changed.wait()
        return self._state

    async def _publish_newest(self) -> None:
        snap = await run_in_threadpool(self.views.snapshot)
        if snap is not self._shown:
            state = await run_in_threadpool(LiveState.of, snap)
            if snap is not self._shown:  # not published meanwhile by another caller
                self._state, self._shown = state, snap
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
            self.feed.release()

    async def _stream(self, send: Send, gone: asyncio.Event) -> None:
        while not gone.is_set():
            state = await self.feed.state()
            changed = self.feed.change_signal()
            if self.index:
                event = state.index_event(self.version)
            else:
                event = state.event_for(self.article, self.version)
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
