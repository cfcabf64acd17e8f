"""What the web pages show, computed from the store and cached until the store file changes.

The server opens the store per request (SQLite connections are not shared across threads);
the store's contents and the briefs built from them are kept while the database files are
unchanged, so a story page costs one brief and one template render. When the files change, one
thread builds the next snapshot while the others go on serving the last one. Only the pages
that need the whole store build it (storyline.web.stored_pages says which): the story list,
story pages and the live feed read the store's rows, and the JSON report is streamed from the
store.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from starlette.requests import Request

from storyline.errors import MissingStore
from storyline.link.updates import UPDATES_KIND, logged_updates
from storyline.model import Article, Finding, SavedSearch, StoryUpdate
from storyline.report.brief import Brief, build_brief, finding_anchor
from storyline.report.contents import Contents, load_contents
from storyline.store import Store, open_store

Built = TypeVar("Built")


def fingerprint(path: Path) -> tuple[int, ...]:
    """Changes whenever the SQLite file or its write-ahead log is written (``StoreViews``
    keeps a connection open so that reads alone never checkpoint the log and change it)."""
    parts: list[int] = []
    for file in (path, path.with_name(path.name + "-wal")):
        try:
            stat = file.stat()
            parts += [stat.st_mtime_ns, stat.st_size]
        except OSError:
            parts += [0, 0]
    return tuple(parts)


@dataclass
class Snapshot:
    """The store as of one fingerprint: its records, its JSON report and derived lookups."""

    contents: Contents
    updates: list[StoryUpdate]
    mentions: dict[str, set[str]]  # article id -> casefolded mention texts
    entity_articles: dict[str, set[str]] = field(default_factory=dict)  # entity id -> articles
    briefs: dict[str, Brief] = field(default_factory=dict)
    derived: dict[str, Any] = field(default_factory=dict)  # lookups built on first use
    # The snapshot this one replaced (its own ``previous`` dropped, so one is kept at most):
    # what did not change since can be taken from it rather than built again.
    previous: Snapshot | None = field(default=None, repr=False, compare=False)
    # What the next snapshot needs to read only what changed (``load_snapshot``):
    mention_entities: dict[str, frozenset[str]] = field(default_factory=dict)  # article -> ids
    mentions_mark: int = 0
    mentions_changed: set[str] | None = None  # articles whose mentions were read again
    updates_text: str | None = None

    def once(self, name: str, build: Callable[[], Built]) -> Built:
        """``build()``, made on first use and kept in ``derived[name]`` for this snapshot."""
        if name not in self.derived:
            self.derived[name] = build()
        built: Built = self.derived[name]
        return built

    @property
    def articles(self) -> dict[str, Article]:
        return self.contents.by_id

    def brief(self, story_id: str) -> Brief:
        if story_id not in self.briefs:
            self.briefs[story_id] = build_brief(self.contents, story_id, include_removed=True)
        return self.briefs[story_id]


def load_snapshot(store: Store, previous: Snapshot | None = None) -> Snapshot:
    """Read everything the pages need from an open store; with ``previous`` (the snapshot of
    the same store before), only what changed since (``load_contents``)."""
    contents = load_contents(store, previous.contents if previous is not None else None)
    mark = previous.mentions_mark if previous is not None else 0
    mark, changed = store.analyses_since("mentions", mark)
    if previous is None:
        snap = Snapshot(contents, [], {}, {})
    else:
        snap = Snapshot(
            contents, [], dict(previous.mentions), dict(previous.entity_articles),
            mention_entities=dict(previous.mention_entities),
        )  # fmt: skip
    snap.mentions_mark = mark
    snap.mentions_changed = set(changed) if previous is not None else None
    owned: set[str] = set()  # entities whose article set this snapshot made (not shared)
    for article_id, (_, items) in changed.items():
        _index_mentions(snap, article_id, items, owned)
    updates = store.result_text(UPDATES_KIND)
    same = previous is not None and previous.updates_text == updates
    snap.updates = previous.updates if previous is not None and same else logged_updates(updates)
    snap.updates_text = updates
    return snap


def _index_mentions(
    snap: Snapshot, article_id: str, items: list[dict[str, Any]], owned: set[str]
) -> None:
    """Put one article's mentions (read again) in the snapshot's lookups. The sets of the
    snapshot before are replaced, never changed: it may still be serving; a set this snapshot
    made (``owned``) is changed in place (a copy per article made the first snapshot of a
    large store quadratic in the articles of its most mentioned entities)."""
    texts = {m["text"].casefold() for m in items if m.get("text")}
    snap.mentions[article_id] = texts
    entities = frozenset(m["entity_id"] for m in items if m.get("entity_id"))
    before = snap.mention_entities.pop(article_id, frozenset())
    lookup = snap.entity_articles
    for entity_id in before - entities:
        left = lookup[entity_id] - {article_id}
        if left:
            lookup[entity_id] = left
            owned.add(entity_id)
        else:
            del lookup[entity_id]
    for entity_id in entities - before:
        if entity_id in owned:
            lookup[entity_id].add(article_id)
        else:
            lookup[entity_id] = lookup.get(entity_id, set()) | {article_id}
            owned.add(entity_id)
    if entities:
        snap.mention_entities[article_id] = entities


def views_of(request: Request) -> StoreViews:
    """The store views of the app serving ``request`` (``create_app`` sets them)."""
    views: StoreViews = request.app.state.views
    return views


class StoreViews:
    """Per-request store access and the cached snapshot of one store file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._build_lock = threading.Lock()  # one snapshot built at a time
        self._cached: tuple[tuple[int, ...], Snapshot] | None = None
        self.write_lock = threading.Lock()  # one merge/split/upload at a time
        self.builds = 0  # snapshots built so far (the live feed and tests watch it)
        # SQLite checkpoints the write-ahead log into the database file when its last
        # connection closes: a request's read would then change the files' fingerprint, and
        # the next request would build a snapshot of unchanged contents. An idle connection
        # held here (never in a transaction) keeps the request connections from being last.
        self._keeper: sqlite3.Connection | None = None

    def open(self) -> Store:
        if not self.path.exists():
            raise MissingStore(self.path)
        self._keep_open()  # a page read without a snapshot must not change the fingerprint
        return open_store(self.path)

    def current(self) -> tuple[tuple[int, ...], Snapshot] | None:
        """The last snapshot built and the fingerprint it was built at (None before the first)."""
        return self._cached

    def serving(self) -> tuple[int, ...] | None:
        """The fingerprint of the snapshot ``snapshot()`` would return now without building
        one (None when it would build): lets the page cache answer while a write is under way."""
        cached = self._cached
        if cached is None:
            return None
        if self.write_lock.locked() or self._build_lock.locked():
            return cached[0]
        return cached[0] if cached[0] == fingerprint(self.path) else None

    def snapshot(self) -> Snapshot:
        """The store's snapshot: the cached one while the files are unchanged, while a write
        through the web is under way (it builds the next one itself) or while another thread
        is building the next one; otherwise the next one, built here."""
        cached = self._cached
        if cached is not None:
            busy = self.write_lock.locked() or not self._build_lock.acquire(blocking=False)
            if busy:
                return cached[1]
            try:
                if cached[0] == fingerprint(self.path):
                    return cached[1]
                return self._build()
            finally:
                self._build_lock.release()
        with self._build_lock:
            return self._cached[1] if self._cached is not None else self._build()

    def _keep_open(self) -> None:
        if self._keeper is None and self.path.exists():
            self._keeper = sqlite3.connect(self.path, check_same_thread=False)
            # a connection joins the log only when it first reads (its transaction ends here)
            self._keeper.execute("SELECT count(*) FROM sqlite_master").fetchone()

    def _build(self) -> Snapshot:
        self._keep_open()
        key = fingerprint(self.path)  # taken first: a write during the read shows as a change
        before = self._cached[1] if self._cached is not None else None
        store = self.open()
        try:
            snap = load_snapshot(store, before)
        finally:
            store.close()
        if before is not None:
            snap.previous = before
            before.previous = None
        self._cached = (key, snap)
        self.builds += 1
        return snap

    def invalidate(self) -> None:
        """Forget the snapshot: the next request builds one."""
        with self._build_lock:
            self._cached = None


def filter_stories(
    snap: Snapshot,
    matching_articles: set[str] | None,
    outlet: str = "",
    entity: str = "",
    date_from: str = "",
    date_to: str = "",
    language: str = "",
) -> set[str]:
    """Ids of stories with an article that matches every given filter."""
    wanted = entity.casefold().strip()
    chosen = set()
    by_id = snap.contents.by_id
    # Only the articles a text search found, when there was one: a pass over the whole store
    # was most of a search's time on a 150,000-article store.
    candidates = (
        snap.contents.articles
        if matching_articles is None
        else [by_id[a] for a in matching_articles if a in by_id]
    )
    story_of = snap.contents.story_of
    if not (outlet or language or wanted or date_from or date_to):  # the text search alone
        return {story_of[a.id] for a in candidates if a.id in story_of}
    for article in candidates:
        texts = snap.mentions.get(article.id, ())
        if not article_matches(article, texts, outlet, wanted, date_from, date_to, language):
            continue
        if story_id := story_of.get(article.id):
            chosen.add(story_id)
    return chosen


def article_matches(
    article: Article,
    mention_texts: Iterable[str],
    outlet: str = "",
    entity: str = "",
    date_from: str = "",
    date_to: str = "",
    language: str = "",
) -> bool:
    """Whether an article passes every given filter (``entity``: casefolded, found in one of
    its casefolded ``mention_texts``; dates: ISO days, an undated article passes none)."""
    day = article.published.date.isoformat() if article.published.date else ""
    if outlet and (article.outlet or "") != outlet:
        return False
    if language and (article.language or "") != language:
        return False
    if entity and not any(entity in m for m in mention_texts):
        return False
    return not (
        (date_from and (not day or day < date_from)) or (date_to and (not day or day > date_to))
    )


def facets(snap: Snapshot, limit: int = 40) -> dict[str, list[str]]:
    """Values offered by the filters: outlets, and the most mentioned entities."""
    counts = article_counts(snap, "mention_counts", _mention_texts, snap.mentions_changed)
    return {
        "outlets": sorted(article_counts(snap, "outlet_counts", _outlet, reread_articles(snap))),
        # Ties broken by name: the order mentions were read in (which changes with
        # incremental snapshots) must not change the names offered.
        "entities": sorted(sorted(counts, key=lambda n: (-counts[n], n))[:limit]),
    }


def article_counts(
    snap: Snapshot,
    name: str,
    values: Callable[[Snapshot, str], Iterable[str]],
    changed: Iterable[str] | None,
) -> Counter[str]:
    """How many articles have each value (``values`` of an article id), once per snapshot:
    from the counts of the snapshot before, for the ``changed`` articles only, when it has
    them (None: counted over every article)."""
    if name not in snap.derived:
        before = snap.previous
        if before is not None and name in before.derived and changed is not None:
            counts = Counter(before.derived[name])
            for article_id in changed:
                counts.subtract(values(before, article_id))
                counts.update(values(snap, article_id))
            snap.derived[name] = +counts  # values no article has left are dropped
        else:
            snap.derived[name] = Counter(v for a in snap.contents.by_id for v in values(snap, a))
    counted: Counter[str] = snap.derived[name]
    return counted


def reread_articles(snap: Snapshot) -> frozenset[str] | None:
    """The articles read again since the snapshot before (None: all of them)."""
    return snap.contents.marks.reread if snap.contents.marks is not None else None


def _outlet(snap: Snapshot, article_id: str) -> tuple[str, ...]:
    article = snap.contents.by_id.get(article_id)
    return (article.outlet,) if article is not None and article.outlet else ()


def _mention_texts(snap: Snapshot, article_id: str) -> Iterable[str]:
    return snap.mentions.get(article_id, ())


def finding_anchors(findings: Iterable[Finding]) -> dict[str, str]:
    """Claim, quote and event id -> the anchor of the story finding (of ``findings``, one
    story's) it belongs to."""
    return {
        member.id: finding_anchor(finding) for finding in findings for member in finding.members
    }


def saved_searches(views: StoreViews, snap: Snapshot) -> list[SavedSearch]:
    """The store's saved searches, read once per snapshot: saving or deleting one writes the
    store file, so the next request is served from a new snapshot that reads them again."""

    def read() -> list[SavedSearch]:
        store = views.open()
        try:
            return store.saved_searches()
        finally:
            store.close()

    return snap.once("saved_searches", read)
