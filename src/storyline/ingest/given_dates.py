"""Date fields given by the input (JSONL ``published``, news-please ``date_publish``).

Most are ISO timestamps. Some are not: "yesterday", "3 hours ago", "June 7", "2024-02-30".
A relative value is resolved against the record's own crawl date (news-please's
``date_download``): "yesterday" means the day before the page was fetched, never the day
before today. A value that cannot be resolved is not dropped in silence: the caller gets
the reason, which becomes the article's date evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from storyline.ingest.date_decision import DateEvidence, EvidenceKind

# Fields that say when a record was fetched: the anchor of a relative publication date.
CRAWL_FIELDS = ("date_download", "crawled", "crawled_at", "fetched", "retrieved", "scraped_at")
EARLIEST = date(1995, 1, 1)
# two unrelated reference days: a value read the same from both is absolute
PROBES = (datetime(2001, 3, 14, 12), datetime(2013, 9, 27, 12))
WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class GivenDate:
    """The evidence an input date field gives, or the reason it gives none."""

    evidence: DateEvidence | None
    problem: str | None = None


@lru_cache(maxsize=1024)
def parse_relative_to(value: str, base: datetime) -> date | None:
    """The day a free-form date names ("3 days ago", "mardi 3 mars"), read relative to ``base``
    (kept: a feed repeats its values, and each is read against two probes)."""
    import dateparser  # slow to import: only for values that are not ISO

    # Without a word a value reads the same in every language: one locale, not all 200 of
    # them (0.13 s each for a mangled timestamp such as "202`-03-06T09:15"; the ISO "T" and
    # "Z" are single letters, not words).
    languages = None if WORD.search(value) else ["en"]
    found = dateparser.parse(
        value,
        languages=languages,
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "STRICT_PARSING": False},
    )
    return found.date() if found else None


def crawl_day(record: dict[str, Any]) -> tuple[date, str] | None:
    """The day the record was fetched, from its first crawl field that holds an ISO date."""
    for field in CRAWL_FIELDS:
        value = record.get(field)
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip()[:10]), field
            except ValueError:
                continue
    return None


def given_date(value: object, field: str, record: dict[str, Any], today: date) -> GivenDate:
    """Evidence from an input's own date field ``field`` holding ``value``."""
    if value in (None, ""):
        return GivenDate(None)
    source = f"input field {field}"
    shown = repr(value) if not isinstance(value, str) else f"'{value.strip()[:40]}'"
    if not isinstance(value, str):
        return GivenDate(None, f"{source} {shown} is not a date string; ignored")
    text = value.strip()
    day: date | None
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        day = None
        if text[:4].isdigit() and text[4:5] == "-":
            return GivenDate(None, f"{source} {shown} is not a calendar day; ignored")
    if day is None:
        first, second = (parse_relative_to(text, base) for base in PROBES)
        if first is None:
            return GivenDate(None, f"{source} {shown} is not a date; ignored")
        if first == second:
            day = first
        else:  # relative: its meaning depends on when it was written
            anchor = crawl_day(record)
            if anchor is None:
                return GivenDate(
                    None,
                    f"{source} {shown} is relative and the record has no crawl date"
                    f" ({', '.join(CRAWL_FIELDS[:2])}) to count from; ignored",
                )
            day = parse_relative_to(
                text, datetime(anchor[0].year, anchor[0].month, anchor[0].day, 12)
            )
            if day is None:
                return GivenDate(None, f"{source} {shown} is not a date; ignored")
            source = f"{source} {shown} counted from {anchor[1]} {anchor[0].isoformat()}"
            text = ""
    if day > today or day < EARLIEST:
        return GivenDate(None, f"{source} {shown} is an impossible publication date; ignored")
    return GivenDate(DateEvidence(day, EvidenceKind.GIVEN, source, text))
