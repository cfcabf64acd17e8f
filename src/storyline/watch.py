"""Live updates: ingest new articles as they arrive.

``watch`` polls folders (and feed files) for new or changed files and runs the stage sequence
(``storyline.runner``) over what changed, which logs one record per changed story
(``storyline.link.updates``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from storyline.model import StoryUpdate
from storyline.store.base import Store

log = logging.getLogger(__name__)

FEED_SUFFIXES = (".xml", ".rss", ".atom")

# A file as last seen: (modification time in ns, size in bytes)
Seen = dict[Path, tuple[int, int]]


def scan(paths: Iterable[Path], own: frozenset[Path] = frozenset()) -> Seen:
    """Every article file under ``paths`` with its modification time and size, but the
    store's own files (``own``)."""
    from storyline.ingest.stage import discover

    seen: Seen = {}
    for path in discover(list(paths), own):
        try:  # a dangling link or a link loop has no stat of its own: its link's is used, so
            # that it is read (and refused, with its reason) like any other entry
            stat = path.stat() if path.exists() else path.lstat()
        except OSError:  # removed between listing and stat: it will not be read this round
            continue
        seen[path] = (stat.st_mtime_ns, stat.st_size)
    return seen


def ingest_files(store: Store, roots: Sequence[Path], files: Sequence[Path]) -> list[StoryUpdate]:
    """Ingest ``files`` (labelled relative to ``roots``), bring every stage up to date and log
    the story changes; return them."""
    from storyline.runner import ingest_files as ingest
    from storyline.runner import update_stages

    report = ingest(store, files, list(roots))
    if not report.added:
        return []
    return update_stages(store)


def watch(
    store: Store,
    paths: Sequence[Path],
    interval: float = 2.0,
    feed_interval: float = 60.0,
    cycles: int | None = None,
    on_change: Callable[[list[StoryUpdate]], None] | None = None,
) -> None:
    """Poll ``paths`` every ``interval`` seconds; ingest new and changed files, and re-read feed
    files (RSS/Atom) every ``feed_interval`` seconds even when unchanged. ``cycles`` bounds the
    number of polls (None: until interrupted)."""
    seen: Seen = {}
    last_feed_read = 0.0
    done = 0
    while cycles is None or done < cycles:
        current = scan(paths, store.own_files())
        due = time.monotonic() - last_feed_read >= feed_interval
        changed = [p for p, sig in sorted(current.items()) if seen.get(p) != sig]
        if due:
            changed += [
                p for p in sorted(current) if p.suffix in FEED_SUFFIXES and p not in changed
            ]
            last_feed_read = time.monotonic()
        seen = current
        if changed:
            log.info("%d new or changed files", len(changed))
            changes = ingest_files(store, paths, changed)
            for change in changes:
                log.info("story %s %s", change.story_id[:12], change.summary)
            if changes and on_change:
                on_change(changes)
        done += 1
        if cycles is None or done < cycles:
            time.sleep(interval)
