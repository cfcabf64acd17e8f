"""Normalization: a grammar candidate, its anchor and its tense become a TIMEX3 type and value.

Values follow TimeML as used in TimeBank: 2024-05-14, 2024-W19, 2024-05, 2024-Q2, 2024-H1,
2023-SU, 2024, 199 (the 1990s), P3D, PT5H, XXXX-WXX-2 (every Tuesday), PRESENT_REF. The
anchor is the article's publication date; without one, values that depend on it stay
underspecified (XXXX-08-21, XXXX-WXX-2) rather than guessed. Bare weekdays, months and days of
a month take their direction from the tense of the clause ("on Tuesday" in a past-tense
report is the Tuesday before the anchor). Anaphoric expressions ("that year", "the following
day", "two years later") resolve against the last date the text itself mentioned.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from dateutil.easter import easter

from storyline.model import TimexType
from storyline.nlp.time.grammar import Candidate
from storyline.nlp.time.lexicon import (
    DAY_PARTS,
    MONTHS,
    ORDINALS,
    SEASONS,
    TIME_UNITS,
    UNIT_SCALE,
    UNITS,
    WEEKDAYS,
    count_value,
    parse_spoken_year,
    word_list,
)
from storyline.nlp.time.values import (
    add_days,
    add_months,
    quarter_of,
    safe_date,
    season_of,
    shift_quarter,
    week_value,
    weekday_near,
)

PAST, PRESENT, FUTURE = "past", "present", "future"
ANAPHORIC = frozenset(
    {"that", "the same", "the following", "the previous", "the preceding", "the prior"}
)
BACK = frozenset({"last", "the past", "the last", "this past", "the previous", "the latest"})
AHEAD = frozenset({"next", "the next", "the coming", "this coming", "the following"})
TAKES_EFFECT = re.compile(r"(?i:\b(?:effective|starting|beginning|expiring|payable)\s+(?:on\s+)?)$")
SOONEST = re.compile(r"(?i:as\s+(?:soon|early)\s+as|no\s+(?:sooner|earlier)\s+than)\s+$")
# Words after which a bare "May" is the month, not the verb.
MONTH_CUES = frozenset(
    word_list(
        "in of since until till by during through from to before after early late mid and or "
        "between last next this"
    )
)


@dataclass(frozen=True, slots=True)
class Context:
    """What a candidate is resolved against."""

    anchor: date | None
    tense: str | None = None  # past, present or future: the clause the expression is in
    ref: date | None = None  # the last day the text mentioned, for "that day", "two days later"
    quarter: tuple[int, int] | None = None  # (year, quarter) the text is reporting on
    before: str = ""  # a few characters of text before the candidate
    day_first: bool = False  # 4/5/2020 is the 4th of May (outside the US English press)


@dataclass(frozen=True, slots=True)
class Resolved:
    type: TimexType
    value: str
    part: str | None = None  # early, mid, late, first_half, second_half of the value's interval


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def _part(mod: str | None) -> str | None:
    mod = _norm(mod).rstrip("-")
    table = {
        "early": "early", "the beginning of": "early", "the start of": "early", "mid": "mid",
        "the middle of": "mid", "late": "late", "the end of": "late",
        "the first half of": "first_half", "the second half of": "second_half",
        "the last half of": "second_half",
    }  # fmt: skip
    return table.get(mod)


def _direction(ctx: Context) -> int:
    return {PAST: -1, FUTURE: 1}.get(ctx.tense or "", 0)


def _day(value: date | None, anchored: bool = True) -> str | None:
    return value.isoformat() if value and anchored else None


def _date(t: TimexType, value: str | None, part: str | None = None) -> Resolved | None:
    return Resolved(t, value, part) if value else None


# A month or day written without a year is taken in the year that puts it nearest the anchor;
# the tense moves it a year only when that leaves it this many days on the wrong side
# ("in October" in a past-tense report of 15 March is last October; "payable Dec. 7" in a
# past-tense report of 26 October is still this December). Tuned on TimeBank.
TENSE_SLACK_DAYS = 62


def _year_of(month: int, day: int | None, ctx: Context) -> int | None:
    """The year of a month (and day) written without one, from the anchor and the tense."""
    if ctx.anchor is None:
        return None
    anchor = ctx.anchor

    def offset(year: int) -> int:
        written = safe_date(year, month, day or 15) or safe_date(year, month, 28)
        return (written - anchor).days if written else 10**6

    year = min((anchor.year - 1, anchor.year, anchor.year + 1), key=lambda y: abs(offset(y)))
    # "effective Feb. 1", "starting June 1": a date things take effect from lies ahead even in
    # a past-tense report ("the company said the pact, effective June 1, ...")
    direction = 1 if TAKES_EFFECT.search(ctx.before) else _direction(ctx)
    if direction < 0 and offset(year) > TENSE_SLACK_DAYS:
        year -= 1
    elif direction > 0 and offset(year) < -TENSE_SLACK_DAYS:
        year += 1
    return year


def _ref_year(text: str | None, ctx: Context) -> int | None:
    """The year of "2023", "fiscal 2023", "last year", "this year", "the year"."""
    words = _norm(text)
    match = re.search(r"\d{4}", words)
    if match:
        return int(match[0])
    spoken = parse_spoken_year(words)
    if spoken is not None:
        return spoken
    if ctx.anchor is None:
        return None
    return ctx.anchor.year + {"last year": -1, "next year": 1}.get(words, 0)


def _x(year: int | None) -> str:
    return f"{year:04d}" if year is not None else "XXXX"


# ---- calendar dates ---------------------------------------------------------------------------


def _calendar(m: Groups, ctx: Context) -> Resolved | None:
    month = MONTHS[_norm(m["month"]).rstrip(".")]
    day = int(re.sub(r"\D", "", m.required("day")))
    year = int(m["year"]) if m["year"] else _year_of(month, day, ctx)
    if safe_date(year or 2000, month, day) is None:
        return None
    return Resolved(TimexType.DATE, f"{_x(year)}-{month:02d}-{day:02d}", _part(m["mod"]))


def _numeric(m: Groups, ctx: Context) -> Resolved | None:
    year = int(m.required("y"))
    if len(m.required("y")) == 2:
        year += 2000 if year < 50 else 1900
    day = safe_date(year, int(m.required("m")), int(m.required("d")))
    return _date(TimexType.DATE, _day(day))


def _year_first(m: Groups, ctx: Context) -> Resolved | None:
    """2020/7/11, 2020.07.11, 2020年7月11日: year, month, day, in every language that writes
    the year first."""
    month, day = m["m"] or m.required("m2"), m["d"] or m.required("d2")
    return _date(TimexType.DATE, _day(safe_date(int(m.required("y")), int(month), int(day))))


def _slash(m: Groups, ctx: Context) -> Resolved | None:
    """4/5/2020: April 5 in US English, the 4th of May in most other languages' text
    ("Senin (4/5/2020)": Monday the 4th of May, an Indonesian page)."""
    if not ctx.day_first:
        return _numeric(m, ctx)
    year = int(m.required("y"))
    if len(m.required("y")) == 2:
        year += 2000 if year < 50 else 1900
    day = safe_date(year, int(m.required("d")), int(m.required("m")))
    return _date(TimexType.DATE, _day(day))


def _month(m: Groups, ctx: Context) -> Resolved | None:
    word = _norm(m["month"]).rstrip(".")
    rel = _norm(m["rel"])
    if word == "may" and not (m["rel"] or m["mod"] or m["year"]):
        previous = ctx.before.split()[-1:] or [""]
        if previous[0].lower() not in MONTH_CUES:
            return None
    month = MONTHS[word]
    if m["year"]:
        year = _ref_year(m["year"], ctx)
    elif ctx.anchor is None:
        year = None
    elif rel in BACK:
        year = ctx.anchor.year - (1 if month >= ctx.anchor.month else 0)
    elif rel in AHEAD:
        year = ctx.anchor.year + (1 if month <= ctx.anchor.month else 0)
    elif rel == "this":
        year = ctx.anchor.year
    else:
        year = _year_of(month, None, ctx)
    return Resolved(TimexType.DATE, f"{_x(year)}-{month:02d}", _part(m["mod"]))


def _year(m: Groups, ctx: Context) -> Resolved | None:
    year = int(m.required("year"))
    part = _part(m["mod"])
    if part in ("first_half", "second_half"):
        return Resolved(TimexType.DATE, f"{year}-H{1 if part == 'first_half' else 2}")
    return Resolved(TimexType.DATE, str(year), part)


def _spoken(m: Groups, ctx: Context) -> Resolved | None:
    year = parse_spoken_year(m["year"] or "")
    return Resolved(TimexType.DATE, str(year)) if year else None


def _decade(m: Groups, ctx: Context) -> Resolved | None:
    decade = m["dec"] or f"19{m['short']}"
    return Resolved(TimexType.DATE, decade, _part(m["mod"]))


def _century(m: Groups, ctx: Context) -> Resolved | None:
    number = int(m.required("n"))
    return Resolved(TimexType.DATE, f"{number - 1:02d}") if 1 <= number <= 99 else None


def _season(m: Groups, ctx: Context) -> Resolved | None:
    code = SEASONS[_norm(m["season"])]
    rel = _norm(m["rel"]).rstrip("-")
    if not (m["rel"] or m["mod"] or m["year"]):
        return None  # a bare "fall" or "spring" is too often a verb or a noun
    if m["year"]:
        year: int | None = int(m["year"])
    elif ctx.anchor is None:
        year = None
    else:
        now_year, now_code = season_of(ctx.anchor)
        order = list(SEASONS.values())
        year = ctx.anchor.year
        later = order.index(code) > order.index(now_code) if year == now_year else False
        if rel in BACK or (rel not in AHEAD and rel != "this" and later and _direction(ctx) < 0):
            year -= 1 if later or code == now_code else 0
        elif rel in AHEAD and not later:
            year += 1
    part = _part(m["mod"]) or _part(rel)
    return Resolved(TimexType.DATE, f"{_x(year)}-{code}", part)


def _holiday(m: Groups, ctx: Context) -> Resolved | None:
    name = _norm(m["hol"])
    fixed = {"christmas eve": (12, 24), "new year's eve": (12, 31), "halloween": (10, 31),
             "independence day": (7, 4), "valentine's day": (2, 14)}  # fmt: skip

    def on(year: int) -> date | None:
        if name.startswith("christmas"):
            return safe_date(year, *fixed.get(name, (12, 25)))
        if name.startswith("new year"):
            return safe_date(year, *fixed.get(name, (1, 1)))
        if name.startswith("thanksgiving"):
            first = date(year, 11, 1)
            return add_days(first, (3 - first.weekday()) % 7 + 21)
        if name.startswith("easter"):
            return easter(year)
        return safe_date(year, *fixed[name])

    if m["year"]:
        return _date(TimexType.DATE, _day(on(int(m["year"]))))
    anchor = ctx.anchor
    if anchor is None:
        return None
    year, rel = anchor.year, _norm(m["rel"])
    day = on(year)
    if day and (rel == "last" or (not rel and _direction(ctx) < 0)) and day > anchor:
        day = on(year - 1)
    elif day and (rel == "next" or (not rel and _direction(ctx) > 0)) and day < anchor:
        day = on(year + 1)
    elif day and not rel and not _direction(ctx):  # no tense: the nearest one
        nearest = [d for d in (on(year - 1), day, on(year + 1)) if d]
        day = min(nearest, key=lambda d: abs((d - anchor).days))
    return _date(TimexType.DATE, _day(day))


# ---- days, weekdays and times of day ----------------------------------------------------------


def _weekday_date(weekday: int, rel: str, ctx: Context) -> date | None:
    if rel in ANAPHORIC and ctx.ref is not None:
        step = 1 if rel == "the following" else -1
        return weekday_near(ctx.ref, weekday, step, inclusive=rel in ("that", "the same"))
    if ctx.anchor is None:
        return None
    if rel in BACK or rel in ANAPHORIC:
        return weekday_near(ctx.anchor, weekday, -1, inclusive=False)
    if rel in AHEAD:
        return weekday_near(ctx.anchor, weekday, 1, inclusive=False)
    if rel == "this":
        return add_days(ctx.anchor, weekday - ctx.anchor.isoweekday())
    if SOONEST.search(ctx.before):  # "as soon as Tuesday": a day still to come
        return weekday_near(ctx.anchor, weekday, 1)
    if ctx.tense == PRESENT:
        # "meets Monday", "plans to hold ... Tuesday": the present of news names the nearest
        # such day, on either side
        before = weekday_near(ctx.anchor, weekday, -1)
        after = weekday_near(ctx.anchor, weekday, 1)
        return before if (ctx.anchor - before) <= (after - ctx.anchor) else after
    return weekday_near(ctx.anchor, weekday, 1 if _direction(ctx) > 0 else -1)


def _weekday(m: Groups, ctx: Context) -> Resolved | None:
    weekday = WEEKDAYS[_norm(m["wd"]).rstrip(".")]
    part = DAY_PARTS.get(_norm(m["part"]))
    time_of_day = f"T{part}" if part else ""
    if m["pl"]:
        return Resolved(TimexType.SET, f"XXXX-WXX-{weekday}{time_of_day}")
    day = _weekday_date(weekday, _norm(m["rel"]), ctx)
    value = day.isoformat() if day else f"XXXX-WXX-{weekday}"
    return Resolved(TimexType.TIME if part else TimexType.DATE, value + time_of_day)


def _relday(m: Groups, ctx: Context) -> Resolved | None:
    word = _norm(m["word"])
    offset = {"yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
              "the day after tomorrow": 2}.get(word, 0)  # fmt: skip
    part = "NI" if word == "tonight" else DAY_PARTS.get(_norm(m["part"]))
    day = add_days(ctx.anchor, offset) if ctx.anchor else None
    value = (day.isoformat() if day else "XXXX-XX-XX") + (f"T{part}" if part else "")
    return Resolved(TimexType.TIME if part else TimexType.DATE, value)


def _daypart(m: Groups, ctx: Context) -> Resolved | None:
    phrase = _norm(m["phrase"])
    part = DAY_PARTS.get(phrase.split()[-1].replace("mid-", "").replace("mid", ""), "AF")
    base = ctx.anchor
    if phrase.startswith(("the ", "in the ")):
        base = ctx.ref or ctx.anchor
    elif phrase == "last night":
        base = add_days(ctx.anchor, -1) if ctx.anchor else None
    return Resolved(TimexType.TIME, f"{base.isoformat() if base else 'XXXX-XX-XX'}T{part}")


def _time_day(word: str | None, ctx: Context) -> date | None:
    words = _norm(word).rstrip(".")
    if words in WEEKDAYS:
        return _weekday_date(WEEKDAYS[words], "", ctx)
    if ctx.anchor is None:
        return None
    return add_days(ctx.anchor, {"yesterday": -1, "tomorrow": 1}.get(words, 0))


def _clock_time(m: Groups, ctx: Context) -> Resolved | None:
    hour = int(m.required("h"))
    if not 1 <= hour <= 12:
        return None
    ampm = m.required("ampm").lower()
    if ampm.startswith("p") and hour != 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    if m["month"]:
        month = MONTHS[_norm(m["month"]).rstrip(".")]
        number = int(re.sub(r"\D", "", m["mday"] or ""))
        year = _year_of(month, number, ctx)
        day = safe_date(year, month, number) if year else None
    else:
        day = _time_day(m["day"], ctx)
    clock = f"T{hour:02d}:{m['mi'] or '00'}"
    return Resolved(TimexType.TIME, (day.isoformat() if day else "XXXX-XX-XX") + clock)


def _noon(m: Groups, ctx: Context) -> Resolved | None:
    clock = "T24:00" if _norm(m["word"]) == "midnight" else "T12:00"
    day = _time_day(m["day"], ctx)
    return Resolved(TimexType.TIME, (day.isoformat() if day else "XXXX-XX-XX") + clock)


# ---- references and units relative to the anchor ----------------------------------------------


def _ref(m: Groups, ctx: Context) -> Resolved | None:
    word = _norm(m["word"])
    stretch = re.fullmatch(r"(?:recent|coming) (years|months|weeks|days)", word)
    if stretch:  # "in recent months", "in coming weeks": a stretch of unknown length, PXM
        return Resolved(TimexType.DURATION, f"PX{UNITS[stretch[1][:-1]]}")
    if word.startswith(("recent", "the past", "previously", "formerly", "lately")):
        return Resolved(TimexType.DATE, "PAST_REF")
    if word in ("the future", "the near future", "future", "soon", "the long term",
                "the short term"):  # fmt: skip
        return Resolved(TimexType.DATE, "FUTURE_REF")
    return Resolved(TimexType.DATE, "PRESENT_REF")


def _unit_value(unit: str, base: date | None, offset: int) -> str | None:
    """The value of the ``unit`` (week, month, ...) ``offset`` units from the one ``base`` is in."""
    if base is None:
        return {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "day":
                "XXXX-XX-XX", "quarter": "XXXX-QX"}.get(unit, "XXXX")  # fmt: skip
    if unit == "day":
        return _day(add_days(base, offset))
    if unit in ("week", "weekend"):
        shifted = add_days(base, 7 * offset)
        return week_value(shifted) + ("-WE" if unit == "weekend" else "") if shifted else None
    if unit == "month":
        year, month = add_months(base.year, base.month, offset)
        return f"{year:04d}-{month:02d}" if _year_fits(year) else None
    if unit == "quarter":
        year, quarter = shift_quarter(base.year, quarter_of(base), offset)
        return f"{year:04d}-Q{quarter}" if _year_fits(year) else None
    # a decade is written with three digits and a century with two: "next decade" from the
    # 9990s must not become "1000", which reads as the year 1000
    if unit == "decade":
        decade = base.year // 10 + offset
        return f"{decade:03d}" if 0 <= decade <= 999 else None
    if unit == "century":
        century = base.year // 100 + offset
        return f"{century:02d}" if 0 <= century <= 99 else None
    year = base.year + offset
    return f"{year:04d}" if _year_fits(year) else None


def _year_fits(year: int) -> bool:
    """Whether a year can be written as a TimeML year (four digits, 0001-9999)."""
    return 1 <= year <= 9999


def _relunit(m: Groups, ctx: Context) -> Resolved | None:
    rel, unit = _norm(m["rel"]), _norm(m["unit"]).replace("fiscal ", "")
    anaphoric = rel in ANAPHORIC
    base = ctx.ref if anaphoric and ctx.ref else ctx.anchor
    offset = -1 if rel in BACK else 1 if rel in AHEAD else 0
    if anaphoric and rel in ("the previous", "the preceding", "the prior"):
        offset = -1
    if unit in DAY_PARTS:
        if rel not in ("this", "last", "that", "the same", "the following", "the next"):
            return None
        day = add_days(base, -1 if rel == "last" else offset) if base else None
        return Resolved(TimexType.TIME, f"{_day(day) or 'XXXX-XX-XX'}T{DAY_PARTS[unit]}")
    if unit == "day" and rel not in ANAPHORIC | {"the next"}:
        return None
    part = _part(m["mod"])
    value = _unit_value(unit, base, offset)
    if value and part in ("first_half", "second_half") and unit == "year":
        return Resolved(TimexType.DATE, f"{value}-H{1 if part == 'first_half' else 2}")
    return _date(TimexType.DATE, value, part)


def _theunit(m: Groups, ctx: Context) -> Resolved | None:
    unit, part = _norm(m["unit"]), _part(m["mod"])
    value = _unit_value(unit, ctx.ref if unit == "day" else ctx.anchor, 0)
    if value and part in ("first_half", "second_half") and unit == "year":
        return Resolved(TimexType.DATE, f"{value}-H{1 if part == 'first_half' else 2}")
    return _date(TimexType.DATE, value, part)


def _year_ago(ctx: Context) -> str:
    """ "a year ago", "year-earlier": the same quarter a year before when the text reports on a
    quarter (results news), else the year before."""
    if ctx.quarter:
        return f"{ctx.quarter[0] - 1:04d}-Q{ctx.quarter[1]}"
    return _x(ctx.anchor.year - 1 if ctx.anchor else None)


def _yearend(m: Groups, ctx: Context) -> Resolved | None:
    word = _norm(m["word"])
    if word in ("year-ago", "year-earlier"):
        return Resolved(TimexType.DATE, _year_ago(ctx))
    if word == "the year before":
        base = ctx.ref or ctx.anchor
        return Resolved(TimexType.DATE, _x(base.year - 1 if base else None))
    if word.endswith("weekend"):
        if ctx.anchor is None:
            return Resolved(TimexType.DATE, "XXXX-WXX-WE")
        saturday = weekday_near(ctx.anchor, 6, 1 if _direction(ctx) > 0 else -1)
        return Resolved(TimexType.DATE, week_value(saturday) + "-WE")
    return Resolved(TimexType.DATE, _x(ctx.anchor.year if ctx.anchor else None), "late")


# ---- quarters and halves ----------------------------------------------------------------------


def _quarter(m: Groups, ctx: Context) -> Resolved | None:
    kind, pre, ordinal = _norm(m["q"]), _norm(m["pre"]), _norm(m["ord"])
    if not (m["the"] or ordinal or pre) or (kind == "period" and not (pre or m["qyear"])):
        return None
    if kind == "half" and not ordinal:
        return None
    a_year_before = any(w in pre for w in ("year-ago", "year-earlier", "last year's"))
    year = _ref_year(m["qyear"], ctx) if m["qyear"] else None
    if m["qyear2"]:
        year = int(m["qyear2"])
    code = "H" if kind == "half" else "Q"
    if ordinal and not (ordinal == "last" and kind == "quarter" and not m["qyear"]):
        number = ORDINALS[ordinal] if kind == "quarter" else (1 if ordinal == "first" else 2)
        if year is None and ctx.anchor is not None:
            year = ctx.anchor.year
            start_month = (number - 1) * (3 if code == "Q" else 6) + 1
            if start_month > ctx.anchor.month and _direction(ctx) <= 0:
                year -= 1
        if a_year_before and year is not None and not m["qyear"]:
            year -= 1
        return Resolved(TimexType.DATE, f"{_x(year)}-{code}{number}")
    if kind == "half":
        return None
    if ctx.quarter:  # "the quarter", "the latest period": the quarter the text reports on
        quarter_year, number = ctx.quarter
    elif ctx.anchor is not None:
        quarter_year, number = shift_quarter(ctx.anchor.year, quarter_of(ctx.anchor), -1)
    else:
        return Resolved(TimexType.DATE, "XXXX-QX")
    if a_year_before:
        quarter_year -= 1
    return Resolved(TimexType.DATE, f"{year or quarter_year:04d}-Q{number}")


def _qcode(m: Groups, ctx: Context) -> Resolved | None:
    number = int(m.required("q")[1])
    year = int(m["year"]) if m["year"] else _year_of((number - 1) * 3 + 1, None, ctx)
    return Resolved(TimexType.DATE, f"{_x(year)}-Q{number}")


# ---- durations, "ago", sets -------------------------------------------------------------------


def _period(amount: float | None, unit: str) -> str:
    """ISO 8601 duration: P3D, PT5H30M, P20Y (a decade is ten years), PXY for "several years"."""
    base = unit.rstrip("s").replace("centurie", "century").replace("centurys", "century")
    letter = UNITS.get(base, "Y")
    prefix = "PT" if base in TIME_UNITS else "P"
    if amount is None:
        return prefix + "X" + {"decade": "E", "century": "C"}.get(base, letter)
    amount *= UNIT_SCALE.get(base, 1)
    if amount != int(amount) and base == "hour":
        minutes = round((amount - int(amount)) * 60)
        return f"PT{int(amount)}H{minutes}M" if int(amount) else f"PT{minutes}M"
    number = int(amount) if amount == int(amount) else round(amount, 2)
    return f"{prefix}{number}{letter}"


def _shifted(base: date, amount: float | None, unit: str, sign: int) -> str | None:
    """The date ``amount`` units before (sign -1) or after ``base``, at the unit's granularity."""
    if amount is None or amount != int(amount):
        return "PAST_REF" if sign < 0 else "FUTURE_REF"
    steps = int(amount) * sign
    base_unit = unit.rstrip("s").replace("centurie", "century")
    if base_unit in TIME_UNITS:
        return base.isoformat()
    if base_unit == "day":
        return _day(add_days(base, steps))
    if base_unit in ("week", "fortnight"):
        shifted = add_days(base, 7 * steps * UNIT_SCALE.get(base_unit, 1))
        return week_value(shifted) if shifted else None
    if base_unit in ("month", "quarter"):
        year, month = add_months(base.year, base.month, steps * UNIT_SCALE.get(base_unit, 1))
        return f"{year:04d}-{month:02d}"
    year = base.year + steps * UNIT_SCALE.get(base_unit, 1)
    return f"{year:04d}" if 1 <= year <= 9999 else None


def _duration(m: Groups, ctx: Context) -> Resolved | None:
    unit, number, direction = _norm(m["unit"]), _norm(m["num"]), _norm(m["dir"])
    if number in ("a", "an") and unit.startswith(("second", "quarter")):
        return None  # "a second time", "a quarter of the vote"
    if unit == "second" and re.match(r"[\s-]+(quarter|half)", m.string[m.end() :]):
        return None  # "the 1988 second quarter"
    if unit.startswith("quarter") and re.match(r"\s+of\b", m.string[m.end() :]):
        return None
    amount = count_value(number)
    if m["half"] and amount is not None:
        amount += 0.5
    if direction in ("ago", "earlier", "later", "from now", "hence"):
        sign = -1 if direction in ("ago", "earlier") else 1
        if number in ("a", "an", "one") and unit == "year" and direction != "later":
            return Resolved(TimexType.DATE, _year_ago(ctx))
        base = ctx.ref if direction in ("earlier", "later") and ctx.ref else ctx.anchor
        if base is None:
            return Resolved(TimexType.DATE, "PAST_REF" if sign < 0 else "FUTURE_REF")
        return _date(TimexType.DATE, _shifted(base, amount, unit, sign))
    return Resolved(TimexType.DURATION, _period(amount, unit))


def _plural(m: Groups, ctx: Context) -> Resolved | None:
    return Resolved(TimexType.DURATION, _period(None, _norm(m["unit"])))


def _set(m: Groups, ctx: Context) -> Resolved | None:
    word = _norm(m["unit"]).rstrip(".")
    amount = count_value(m["num"]) if m["num"] else 1.0
    if word in WEEKDAYS:
        return Resolved(TimexType.SET, f"XXXX-WXX-{WEEKDAYS[word]}")
    if word in MONTHS:
        return Resolved(TimexType.SET, f"XXXX-{MONTHS[word]:02d}")
    if word in SEASONS:
        return Resolved(TimexType.SET, f"XXXX-{SEASONS[word]}")
    if word.rstrip("s") in DAY_PARTS:
        return Resolved(TimexType.SET, f"XXXX-XX-XXT{DAY_PARTS[word.rstrip('s')]}")
    if word.startswith("weekend"):
        return Resolved(TimexType.SET, "XXXX-WXX-WE")
    if word.startswith("quarter") and amount == 1:
        return Resolved(TimexType.SET, "P1Q")
    return Resolved(TimexType.SET, _period(amount, word))


def _setadv(m: Groups, ctx: Context) -> Resolved | None:
    word = m.required("adv")
    if word != word.lower():
        return None  # "Daily Mail", "Weekly Standard": names, not frequencies
    values = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M",
              "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H", "quarterly": "P3M",
              "biannually": "P6M", "semiannually": "P6M", "bi-weekly": "P2W",
              "biweekly": "P2W"}  # fmt: skip
    return Resolved(TimexType.SET, values[word])


def _per(m: Groups, ctx: Context) -> Resolved | None:
    return Resolved(TimexType.SET, _period(1.0, _norm(m["unit"])))


RESOLVERS: dict[str, Callable[[Groups, Context], Resolved | None]] = {
    "iso": _numeric, "slash": _slash, "ymd": _year_first, "mdy": _calendar, "dmy": _calendar,
    "month": _month,
    "year": _year, "spoken": _spoken, "decade": _decade, "century": _century, "weekday": _weekday,
    "relday": _relday, "daypart": _daypart, "ref": _ref, "relunit": _relunit,
    "theunit": _theunit, "yearend": _yearend, "season": _season, "quarter": _quarter,
    "qcode": _qcode, "duration": _duration, "plural": _plural, "set": _set,
    "setadv": _setadv, "per": _per, "time": _clock_time, "clock": _noon, "holiday": _holiday,
}  # fmt: skip


class Groups:
    """A match's named groups; a group the rule does not have reads as None."""

    def __init__(self, match: re.Match[str]) -> None:
        self.match = match
        self.groups = match.groupdict()
        self.string = match.string

    def __getitem__(self, name: str) -> str | None:
        return self.groups.get(name)

    def required(self, name: str) -> str:
        """A group every match of the rule fills (not inside an optional part)."""
        value = self.groups.get(name)
        if value is None:
            raise KeyError(f"rule {self.match.re.pattern!r} did not fill group {name!r}")
        return value

    def end(self) -> int:
        return self.match.end()


# a year TimeML cannot write: before 0001 or after 9999 (arithmetic from an anchor at the edge)
_UNWRITABLE_YEAR = re.compile(r"^(?:-|0000|\d{5})")


def resolve(candidate: Candidate, ctx: Context) -> Resolved | None:
    """The TIMEX3 type and value of a candidate, or None when it is not a time expression
    (or its value would fall outside the years 0001-9999)."""
    resolved = RESOLVERS[candidate.rule](Groups(candidate.match), ctx)
    if resolved is not None and _UNWRITABLE_YEAR.match(resolved.value):
        return None
    return resolved
