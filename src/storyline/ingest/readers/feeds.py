"""RSS and Atom feeds: each entry with text is an article (feedparser)."""

from __future__ import annotations

import re
import time
from datetime import date

import feedparser

from storyline.errors import input_reason
from storyline.ingest.readers.base import MAX_FEED_ITEMS, RawArticle, ReaderOutput
from storyline.ingest.readers.html import html_article
from storyline.model import Rejection


def _entry_day(entry: feedparser.FeedParserDict) -> date | None:
    """The entry's own publication (or update) day; None when absent or impossible."""
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return date.fromisoformat(time.strftime("%Y-%m-%d", parsed))
            except (ValueError, OverflowError, TypeError):
                return None
    return None


ITEM_START = re.compile(rb"<(?:[A-Za-z][\w.-]*:)?(?:item|entry)[\s>/]")


def _cut_after_items(raw: bytes, limit: int) -> int | None:
    """The offset where item ``limit + 1`` starts, or None when the feed has no more items."""
    for count, found in enumerate(ITEM_START.finditer(raw), start=1):
        if count > limit:
            return found.start()
    return None


def read_feed(source_path: str, raw: bytes) -> ReaderOutput:
    # Cut before parsing: feedparser's cost grows with the whole file, so a feed with 300k
    # items is refused past the cap without being parsed (feedparser reads the cut feed).
    cut = _cut_after_items(raw, MAX_FEED_ITEMS)
    if cut is not None:
        yield Rejection(
            source_path, input_reason("E142", limit=MAX_FEED_ITEMS), raw[cut:], MAX_FEED_ITEMS + 1
        )
        raw = raw[:cut]
    try:
        feed = feedparser.parse(raw)
    except (UnicodeError, ValueError) as exc:  # an XML declaration naming an unusable encoding
        yield Rejection(source_path, f"not a readable RSS/Atom feed ({exc})", raw)
        return
    if feed.bozo and not feed.entries:
        reason = getattr(feed, "bozo_exception", None) or "not an RSS or Atom feed"
        yield Rejection(source_path, f"not a readable RSS/Atom feed ({reason})", raw)
        return
    outlet = feed.feed.get("title") or None
    for number, entry in enumerate(feed.entries, start=1):
        # a field may be present and null (``None``): absent and empty read the same
        contents = [c.get("value") or "" for c in entry.get("content") or []]
        body = max(contents, key=len) if contents else entry.get("summary") or ""
        if not isinstance(body, str) or not body.strip():
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
            published=found.published if day is None else day,
            url=entry.get("link"),
            external_id=entry.get("id") or None,
            outlet=outlet,
            byline=entry.get("author") or None,
            line=number,
        )
