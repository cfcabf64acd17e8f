"""Calendar arithmetic for TimeML values: weeks, quarters, seasons, shifts and intervals.

A TimeML value names a calendar unit (2024-05-14, 2024-W19, 2024-05, 2024-Q2, 2024-H1,
2023-SU, 2024, 202 for the 2020s); ``interval_of`` gives the first and last day it covers and
``precision_of`` its granularity. Values with X (underspecified), durations (P3D) and the
references PRESENT_REF, PAST_REF and FUTURE_REF have no interval.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from storyline.model import Precision

MIN_YEAR, MAX_YEAR = 1, 9998  # date arithmetic must stay inside datetime's range

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist (Feb 30) or is out of range."""
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        return None


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def add_days(day: date, days: int) -> date | None:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """The (year, month) ``months`` after (year, month); negative goes back."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def week_value(day: date) -> str:
    iso_year, week, _ = day.isocalendar()
    return f"{iso_year:04d}-W{week:02d}"


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def shift_quarter(year: int, quarter: int, quarters: int) -> tuple[int, int]:
    index = year * 4 + (quarter - 1) + quarters
    return index // 4, index % 4 + 1


def season_of(day: date) -> tuple[int, str]:
    """The (year, code) of the season ``day`` is in; winter belongs to the year it starts."""
    if day.month == 12:
        return day.year, "WI"
    if day.month <= 2:
        return day.year - 1, "WI"
    return day.year, ("SP", "SU", "FA")[(day.month - 3) // 3]


def weekday_near(anchor: date, weekday: int, direction: int, inclusive: bool = True) -> date:
    """The ``weekday`` (1=Monday) on or before (direction -1) or after (+1) ``anchor``."""
    if direction < 0:
        back = (anchor.isoweekday() - weekday) % 7
        if back == 0 and not inclusive:
            back = 7
        return anchor - timedelta(days=back)
    ahead = (weekday - anchor.isoweekday()) % 7
    if ahead == 0 and not inclusive:
        ahead = 7
    return anchor + timedelta(days=ahead)


_VALUE = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})(?P<t>T.*)?)?|-W(?P<w>\d{2})(?P<we>-WE)?"
    r"|-Q(?P<q>[1-4])|-H(?P<h>[12])|-(?P<s>SP|SU|FA|WI))?$"
)


def interval_of(value: str) -> tuple[date, date] | None:
    """The first and last day a TimeML value covers, or None when it has no calendar extent."""
    if re.fullmatch(r"\d{3}", value):  # a decade: 199 is 1990-1999
        first = int(value) * 10
        return (date(max(first, MIN_YEAR), 1, 1), date(min(first + 9, MAX_YEAR), 12, 31))
    match = _VALUE.match(value)
    if not match or not MIN_YEAR <= int(match["y"]) <= MAX_YEAR:
        return None
    year = int(match["y"])
    try:
        if match["d"]:
            day = date(year, int(match["m"]), int(match["d"]))
            return day, day
        if match["m"]:
            month = int(match["m"])
            return date(year, month, 1), date(year, month, last_day(year, month))
        if match["w"]:
            monday = date.fromisocalendar(year, int(match["w"]), 1)
            if match["we"]:
                return monday + timedelta(days=5), monday + timedelta(days=6)
            return monday, monday + timedelta(days=6)
        if match["q"] or match["h"]:
            size = 3 if match["q"] else 6
            first = (int(match["q"] or match["h"]) - 1) * size + 1
            return date(year, first, 1), date(
                year, first + size - 1, last_day(year, first + size - 1)
            )
        if match["s"]:
            start_month, end_month = SEASON_MONTHS[match["s"]]
            end_year, end_month = add_months(year, 1, end_month - 1)
            return date(year, start_month, 1), date(
                end_year, end_month, last_day(end_year, end_month)
            )
    except ValueError:
        return None
    return date(year, 1, 1), date(year, 12, 31)


# The TimeML values Storyline writes (``TimeRef.value``): calendar units with X for what is
# unknown, a time of day after a date, ISO 8601 durations and the three reference values.
_YEAR = r"(?:\d{4}|XXXX)"
_CALENDAR = (
    rf"(?:{_YEAR}(?:-(?:\d{{2}}|XX)(?:-(?:\d{{2}}|XX))?|-W(?:\d{{2}}|XX)(?:-WE|-[1-7])?"
    rf"|-Q[1-4X]|-H[12]|-(?:SP|SU|FA|WI))?|\d{{3}}|\d{{2}})"
)
_DAY_TIME = r"(?:T(?:\d{2}(?::\d{2})?|MO|MI|AF|EV|NI|DT))"
_DURATION = r"(?:P(?:X[YMWDQEC]|\d+(?:\.\d+)?[YMWDQEC])|PT(?:X[HMS]|\d+(?:\.\d+)?[HMS]|\d+H\d+M))"
_TIMEX3_VALUE = re.compile(
    rf"(?:{_CALENDAR}{_DAY_TIME}?|{_DURATION}|PAST_REF|PRESENT_REF|FUTURE_REF)"
)


def is_timex3_value(value: str) -> bool:
    """Whether ``value`` is a TimeML value of the forms Storyline writes (2024-W19, P3D, ...)."""
    return _TIMEX3_VALUE.fullmatch(value) is not None


def precision_of(value: str) -> Precision:
    """How fine a TimeML value is: day, week, month, quarter, season, half, year or decade."""
    if re.fullmatch(r"[\dX]{4}-[\dX]{2}-[\dX]{2}T.*", value):
        return Precision.TIME
    patterns = (
        (r"[\dX]{4}-[\dX]{2}-[\dX]{2}", Precision.DAY),
        (r"[\dX]{4}-W[\dX]{2}(-WE)?", Precision.WEEK),
        (r"[\dX]{4}-[\dX]{2}", Precision.MONTH),
        (r"[\dX]{4}-Q[\dX]", Precision.QUARTER),
        (r"[\dX]{4}-(SP|SU|FA|WI)", Precision.SEASON),
        (r"[\dX]{4}-H[\dX]", Precision.HALF),
        (r"[\dX]{4}", Precision.YEAR),
        (r"[\dX]{3}", Precision.DECADE),
    )
    for pattern, precision in patterns:
        if re.fullmatch(pattern, value):
            return precision
    return Precision.NONE


def part_interval(start: date, end: date, part: str) -> tuple[date, date]:
    """The early, mid or late third (or the first or second half) of an interval."""
    days = (end - start).days + 1
    third = max(days // 3, 1)
    if part == "early":
        return start, start + timedelta(days=third - 1)
    if part == "mid":
        if days < 3:  # one or two days have no middle third: the middle is the whole interval
            return start, end
        return start + timedelta(days=third), end - timedelta(days=third)
    if part == "late":
        return end - timedelta(days=third - 1), end
    half = days // 2
    if half == 0:  # a single day has no halves
        return start, end
    if part == "first_half":
        return start, start + timedelta(days=half - 1)
    if part == "second_half":
        return start + timedelta(days=half), end
    return start, end
