"""What the web pages show, computed from the store and cached until the store file changes.

The server opens the store per request (SQLite connections are not shared across threads);
the report and the briefs built from it are kept while the database files are unchanged, so
a story page costs one brief and one template render.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.errors import StoreError
from storyline.link.updates import UPDATES_KIND
from storyline.report.brief import build_brief
from storyline.report.json_report import build_report
from storyline.store import Store, open_store


def fingerprint(path: Path) -> tuple[int, ...]:
    """Changes whenever the SQLite file or its write-ahead log is written."""
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
    """The store as of one fingerprint: its report and derived lookups."""

    report: dict[str, Any]
    updates: list[dict[str, Any]]
    cited: dict[str, list[str]]
    mentions: dict[str, set[str]]
    briefs: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def articles(self) -> dict[str, dict[str, Any]]:
        return {a["id"]: a for a in self.report["articles"]}

    def brief(self, story_id: str) -> dict[str, Any]:
        if story_id not in self.briefs:
            self.briefs[story_id] = build_brief(
                self.report, story_id, include_removed=True, cited_sources=self.cited
            )
        return self.briefs[story_id]


def load_snapshot(store: Store) -> Snapshot:
    """Read everything the pages need from an open store."""
    cited: dict[str, list[str]] = {}
    for article_id, quotes in store.analyses("quotes").items():
        names = {q.get("cited_source") for q in quotes if isinstance(q, dict)}
        cited[article_id] = sorted(n for n in names if isinstance(n, str) and n)
    mentions = {
        article_id: {m["text"].casefold() for m in items if isinstance(m, dict) and m.get("text")}
        for article_id, items in store.analyses("mentions").items()
    }
    return Snapshot(build_report(store), store.result(UPDATES_KIND) or [], cited, mentions)


class StoreViews:
    """Per-request store access and the cached snapshot of one store file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._cached: tuple[tuple[int, ...], Snapshot] | None = None
        self.write_lock = threading.Lock()  # one merge/split at a time

    def open(self) -> Store:
        if not self.path.exists():
            raise StoreError(f"{self.path}: no such store; run `storyline analyze` first", "E201")
        return open_store(self.path)

    def snapshot(self) -> Snapshot:
        with self._lock:
            key = fingerprint(self.path)
            if self._cached is None or self._cached[0] != key:
                store = self.open()
                try:
                    self._cached = (key, load_snapshot(store))
                finally:
                    store.close()
            return self._cached[1]

    def invalidate(self) -> None:
        with self._lock:
            self._cached = None


def story_rows(snap: Snapshot, story_ids: set[str] | None = None) -> list[dict[str, Any]]:
    """The story list: title, size, outlets and dates of each story."""
    articles = snap.articles
    rows = []
    for story in snap.report["stories"]:
        if story_ids is not None and story["id"] not in story_ids:
            continue
        members = [articles[a] for a in story["article_ids"] if a in articles]
        dates = sorted(d for a in members if (d := (a.get("published") or {}).get("date")))
        rows.append(
            {
                "id": story["id"],
                "title": story["title"],
                "articles": len(members),
                "outlets": sorted({a.get("outlet") or "unknown outlet" for a in members}),
                "first": dates[0] if dates else None,
                "last": dates[-1] if dates else None,
            }
        )
    return rows


def filter_stories(
    snap: Snapshot,
    matching_articles: set[str] | None,
    outlet: str = "",
    entity: str = "",
    date_from: str = "",
    date_to: str = "",
) -> set[str]:
    """Ids of stories with an article that matches every given filter."""
    wanted = entity.casefold().strip()
    chosen = set()
    for article in snap.report["articles"]:
        day = (article.get("published") or {}).get("date") or ""
        if matching_articles is not None and article["id"] not in matching_articles:
            continue
        if outlet and (article.get("outlet") or "") != outlet:
            continue
        if wanted and not any(wanted in m for m in snap.mentions.get(article["id"], ())):
            continue
        if (date_from and (not day or day < date_from)) or (date_to and (not day or day > date_to)):
            continue
        if article.get("story_id"):
            chosen.add(article["story_id"])
    return chosen


def facets(snap: Snapshot, limit: int = 40) -> dict[str, list[str]]:
    """Values offered by the filters: outlets, and the most mentioned entities."""
    counts: Counter[str] = Counter(m for names in snap.mentions.values() for m in names)
    return {
        "outlets": sorted({a["outlet"] for a in snap.report["articles"] if a.get("outlet")}),
        "entities": sorted(name for name, _ in counts.most_common(limit)),
    }


def reconciled_links(brief: Mapping[str, Any]) -> list[tuple[str, int, int, str, set[str]]]:
    """(article id, start, end, anchor, member ids) for every finding of a brief."""
    found = []
    for key in ("agreed", "conflicts", "variants", "single_source", "other"):
        for item in brief[key]:
            refs = list(item["refs"]) + [r for side in item.get("sides", []) for r in side["refs"]]
            for ref in refs:
                found.append(
                    (
                        ref["article_id"],
                        ref["start"],
                        ref["end"],
                        item["id"],
                        set(item["member_ids"]),
                    )
                )
    return found
