"""Live updates: ingest new articles as they arrive, and log how stories changed.

``watch`` polls folders (and feed files) for new or changed files, runs every stage over what
changed and appends one record per changed story to the ``story_updates`` result. The Atom
feed (``storyline.pipeline.exports.atom_feed``) and the web UI's server-sent events read it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storyline.store.base import Store

UPDATES_KIND = "story_updates"
KEEP_UPDATES = 500
FEED_SUFFIXES = (".xml", ".rss", ".atom")

# A file as last seen: (modification time in ns, size in bytes)
Seen = dict[Path, tuple[int, int]]


def utc_now() -> str:
    """The current time as an Atom/RFC 3339 timestamp, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def story_changes(
    before: Sequence[Mapping[str, Any]], after: Sequence[Mapping[str, Any]], at: str
) -> list[dict[str, Any]]:
    """One record per story of ``after`` that did not exist in ``before``: new, grew (new
    articles joined), merged (articles of several stories) or split (articles left)."""
    old_story_of = {a: s["id"] for s in before for a in s["article_ids"]}
    old_ids = {s["id"] for s in before}
    changes = []
    for story in after:
        if story["id"] in old_ids:
            continue
        olds = sorted({old_story_of[a] for a in story["article_ids"] if a in old_story_of})
        added = sorted(a for a in story["article_ids"] if a not in old_story_of)
        if not olds:
            change = "new"
        elif len(olds) > 1:
            change = "merged"
        else:
            change = "grew" if added else "split"
        changes.append(
            {
                "at": at,
                "story_id": story["id"],
                "title": story["title"],
                "change": change,
                "previous_story_ids": olds,
                "added_article_ids": added,
                "article_count": len(story["article_ids"]),
                "summary": f"{change}: {len(added)} new articles, "
                f"{len(story['article_ids'])} in all",
            }
        )
    return changes


def record_story_changes(
    store: Store, before: Sequence[Mapping[str, Any]], at: str | None = None
) -> list[dict[str, Any]]:
    """Log how the store's stories changed since ``before``; return the new log records."""
    changes = story_changes(before, store.result("stories") or [], at or utc_now())
    if changes:
        log = (store.result(UPDATES_KIND) or []) + changes
        store.put_result(UPDATES_KIND, log[-KEEP_UPDATES:])
    return changes


def scan(paths: Iterable[Path]) -> Seen:
    """Every article file under ``paths`` with its modification time and size."""
    from storyline.pipeline.ingest import discover

    seen: Seen = {}
    for path in discover(list(paths)):
        try:
            stat = path.stat()
        except OSError:  # removed between listing and stat: it will not be read this round
            continue
        seen[path] = (stat.st_mtime_ns, stat.st_size)
    return seen


def ingest_files(store: Store, roots: Sequence[Path], files: Sequence[Path]) -> list[dict]:
    """Ingest ``files`` (labelled relative to ``roots``), bring every stage up to date and log
    the story changes; return them."""
    from storyline.pipeline.analyze import analyze_pending
    from storyline.pipeline.ingest import IngestReport, ingest_file, source_label
    from storyline.pipeline.link import link_store
    from storyline.pipeline.reconcile_stage import reconcile_store

    before = store.result("stories") or []
    report = IngestReport()
    for path in files:
        ingest_file(store, path, source_label(path, list(roots)), report)
    if not report.added:
        return []
    analyze_pending(store)
    link_store(store)
    reconcile_store(store)
    return record_story_changes(store, before)


def watch(
    store: Store,
    paths: Sequence[Path],
    interval: float = 2.0,
    feed_interval: float = 60.0,
    cycles: int | None = None,
    on_change: Callable[[list[dict[str, Any]]], None] | None = None,
) -> None:
    """Poll ``paths`` every ``interval`` seconds; ingest new and changed files, and re-read feed
    files (RSS/Atom) every ``feed_interval`` seconds even when unchanged. ``cycles`` bounds the
    number of polls (None: until interrupted)."""
    seen: Seen = {}
    last_feed_read = 0.0
    done = 0
    while cycles is None or done < cycles:
        current = scan(paths)
        due = time.monotonic() - last_feed_read >= feed_interval
        changed = [p for p, sig in sorted(current.items()) if seen.get(p) != sig]
        if due:
            changed += [
                p for p in sorted(current) if p.suffix in FEED_SUFFIXES and p not in changed
            ]
            last_feed_read = time.monotonic()
        seen = current
        if changed:
            changes = ingest_files(store, paths, changed)
            if changes and on_change:
                on_change(changes)
        done += 1
        if cycles is None or done < cycles:
            time.sleep(interval)
