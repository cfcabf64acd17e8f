"""Lines that are a date and nothing else: the day an outlet stamped on its text.

"May 2, 2013 12: 50 PM", "Posted on Thu Jun 13, 2013 08: 45 AM PDT", "Published on: Fri, 11
Nov 2011 at 09: 56 IST", "2013 - 09 - 26", "Last Updated: Monday, 28 November 2005, 02: 24
GMT". Such a line is never a headline (cleaning) and may give the publication day (metadata):
whether it does depends on its words (a publishing word or a time of day; an update alone is
no publication day), which ``storyline.ingest.metadata.stamp_evidence`` decides.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
MONTH_NUMBER = {name: i for i, name in enumerate(MONTHS.split("|"), start=1)}
MONTH_NUMBER.update({name[:3]: i for name, i in list(MONTH_NUMBER.items())})
MONTH_NUMBER["Sept"] = 9

# "Nov", "November", "NOVEMBER"
_MONTH_WORD = r"(?P<month>(?i:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*))\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
STAMP_DATES = (
    re.compile(rf"\b{_MONTH_WORD}\s+(?P<day>\d{{1,2}}){_ORDINAL}\s*,?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}}){_ORDINAL}\s+{_MONTH_WORD}\s*,?\s+(?P<year>\d{{4}})\b"),
    re.compile(r"\b(?P<year>\d{4})\s*-\s*(?P<month>\d{1,2})\s*-\s*(?P<day>\d{1,2})\b"),
    # 14 / 09 / 2013 or 12 / 16 / 08: read only when the order is plain (a part over 12)
    re.compile(r"\b(?P<first>\d{1,2})\s*/\s*(?P<second>\d{1,2})\s*/\s*(?P<year>\d{4}|\d{2})\b"),
)
STAMP_WORD = re.compile(r"\b(?i:published|posted|created|filed)\b")
STAMP_UPDATE = re.compile(r"\b(?i:updated|modified|edited)\b")
STAMP_TIME = re.compile(r"\b\d{1,2}\s*:\s*\d{2}\b|\b\d{1,2}\s*(?i:[ap]\.?\s*m)\b")
# the words a stamp line may hold beside its date: labels, weekdays, "at", zones ("EDT", "IST")
STAMP_FILLER = re.compile(
    rf"\b(?i:{WEEKDAYS}|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?|at|on|first|"
    r"originally|last|story|published|posted|created|filed|updated|am|pm|a\.?\s*m|p\.?\s*m|"
    r"gmt|utc|hrs)\b|\b[A-Z]{2,4}\b"
)
STAMP_LENGTH = 100


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None for a day that does not exist (February 30)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def date_line(line: str) -> tuple[date, str] | None:
    """The day a line states and the words it is written with, when the line says nothing
    else: at most one word beside its date, its labels, weekday, time of day and zone (``Posted
    11 / 27 / 2005 7: 21 AM``; not ``Ten people died on November 27, 2005``)."""
    line = line.strip()
    if not line or len(line) > STAMP_LENGTH:
        return None
    found = stamp_day(line)
    if found is None:
        return None
    rest = STAMP_TIME.sub(" ", STAMP_FILLER.sub(" ", line.replace(found[1], " ")))
    return None if len(re.findall(r"[^\W\d_]{2,}", rest)) > 1 else found


def stamp_day(line: str) -> tuple[date, str] | None:
    """The first full date written in a line, and the words it is written with."""
    for pattern in STAMP_DATES:
        match = pattern.search(line)
        if match is None:
            continue
        parts = match.groupdict()
        year = int(parts["year"])
        year += 2000 if year < 100 else 0
        if parts.get("first"):
            first, second = int(parts["first"]), int(parts["second"])
            if first <= 12 and second <= 12 and first != second:
                continue  # 05 / 02 / 2013: May 2 in the US, 5 February elsewhere
            month, day_of = (first, second) if first <= 12 else (second, first)
        else:
            written = parts["month"]
            month = int(written) if written.isdigit() else _month_number(written) or 0
            day_of = int(parts["day"])
        day = safe_date(year, month, day_of) if month else None
        if day is not None:
            return day, match.group()
    return None


def _month_number(word: str) -> int | None:
    """The month a written month name or abbreviation names ("MAY", "Sept", "Nov"), else None
    ("Mayor")."""
    name = word.rstrip(".").title()
    return MONTH_NUMBER.get(name)
