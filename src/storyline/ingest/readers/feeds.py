"""RSS and Atom feeds: each entry with text is an article (feedparser)."""

from __future__ import annotations

import time
from datetime import date

import feedparser

from storyline.ingest.readers.base import RawArticle, ReaderOutput
from storyline.ingest.readers.html import html_article
from storyline.model import Rejection


def _entry_day(entry: feedparser.FeedParserDict) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None


def read_feed(source_path: str, raw: bytes) -> ReaderOutput:
    feed = feedparser.parse(raw)
    if feed.bozo and not feed.entries:
        reason = getattr(feed, "bozo_exception", None) or "not an RSS or Atom feed"
        yield Rejection(source_path, f"not a readable RSS/Atom feed ({reason})", raw)
        return
    outlet = feed.feed.get("title") or None
    for number, entry in enumerate(feed.entries, start=1):
        contents = [c.get("value", "") for c in entry.get("content", [])]
        body = max(contents, key=len) if contents else entry.get("summary", "")
        if not body.strip():
            yield Rejection(source_path, f"feed entry {number} has no text", b"", number)
            continue
        found = html_article(
            source_path,
            f"<html><body><article>{body}</article></body></html>",
            entry.get("link"),
            number,
        )
        if isinstance(found, str):
            yield Rejection(source_path, f"feed entry {number}: {found}", body.encode(), number)
            continue
        day = _entry_day(entry)
        yield RawArticle(
            source_path=source_path,
            raw_text=found.raw_text,
            title=entry.get("title") or found.title,
            published=found.published if day is None else date.fromisoformat(day),
            url=entry.get("link"),
            external_id=entry.get("id") or None,
            outlet=outlet,
            byline=entry.get("author") or None,
            line=number,
        )
