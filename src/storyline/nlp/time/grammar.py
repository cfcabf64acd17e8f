"""The grammar of time expressions: one regular expression per kind of expression.

Each rule finds candidate spans in the raw text; ``find_candidates`` keeps the longest of any
overlapping candidates, so "September last year" wins over "last year" and "4 a.m. EDT
Thursday" over "Thursday". Month and weekday names must be capitalised ("may", "march" and
"sun" are ordinary words); every other word matches in any case. Turning a candidate into a
TimeML value is ``timex_resolve``'s job: a rule may match more than the resolver accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from storyline.nlp.time.lexicon import NUMBER, SPOKEN_YEAR, word_list

_FULL_MONTHS = word_list(
    "January February March April May June July August September October November December"
)
_ABBR_MONTHS = word_list("Jan Feb Mar Apr Jun Jul Aug Sept Sep Oct Nov Dec")
_FULL_DAYS = word_list("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
_ABBR_DAYS = word_list("Mon Tues Tue Wed Thurs Thu Fri Sat Sun")


def _capitalised(words: list[str]) -> str:
    """Alternation of words as Capitalised or UPPER CASE (headlines), never lower case."""
    forms = [form for word in words for form in (word, word.upper())]
    return "|".join(sorted(forms, key=len, reverse=True))


MONTH = rf"(?:(?:{_capitalised(_FULL_MONTHS)})\b|(?:{_capitalised(_ABBR_MONTHS)})(?:\.|(?=\s+\d)))"
WEEKDAY = rf"(?:(?:{_capitalised(_FULL_DAYS)})(?=s?\b)|(?:{_capitalised(_ABBR_DAYS)})\.)"
YEAR = r"(?:1[0-9]\d\d|20\d\d)(?![\d,.]\d)(?!\s*(?:%|percent))"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d|\s*(?:%|percent))"
UNIT = (
    r"(?i:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|century"
    r"|fortnights?|quarters?)"
)
SEASON = r"(?i:spring|summer|fall|autumn|winter)"
DAY_PART = r"(?i:morning|afternoon|evening|night)"
# TimeBank keeps "more than", "at least", "nearly" inside a duration but leaves "about",
# "over", "within" out.
APPROX = (
    r"(?i:nearly|almost|more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|up\s+to|no\s+more\s+than"
    r"|no\s+less\s+than|the\s+better\s+part\s+of)"
)
MOD = (
    r"(?i:early|late|mid-?|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle"
    r"\s+of|the\s+rest\s+of|around|about|the\s+first\s+half\s+of|the\s+second\s+half\s+of"
    r"|the\s+last\s+half\s+of|earlier|later)"
)
REL = (
    r"(?i:this\s+past|this\s+coming|this|last|next|the\s+past|the\s+last|the\s+coming"
    r"|the\s+next|the\s+previous|the\s+current|the\s+following|the\s+same|the\s+preceding"
    r"|the\s+prior|the\s+latest|that)"
)
REF_YEAR = (
    rf"(?:{YEAR}|{SPOKEN_YEAR}|(?i:this|last|next)\s+year|(?i:the)\s+year"
    rf"|(?i:fiscal)\s+{YEAR})"
)
_START = r"(?<![\w$€£.,/-])"  # not inside a word, a number or an amount
_END = r"(?![\w-])"
# Chinese, Japanese and Korean write a date against the words around it ("日付2020/7/11に"):
# only a Latin letter, a digit or a number's punctuation next to it joins it to something else
# (a dash after it opens a range or a list item: "2020/7/11-12", "2020/7/11-函館11R")
_NUMERIC_START = r"(?<![0-9A-Za-z$€£.,/:-])"
_NUMERIC_END = r"(?![0-9A-Za-z/:]|\.\d)"

RULES: dict[str, str] = {
    "iso": rf"{_START}(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?![\d:T])",
    "slash": rf"{_START}(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})/(?P<y>\d{{4}}|\d{{2}}){_END}",
    # the year first is always year, month, day, in any language: "2020/7/11", "2020.07.11",
    # "2020年7月11日", "2020년 7월 11일"
    "ymd": rf"{_NUMERIC_START}(?P<y>(?:1[0-9]|20)\d\d)(?:(?P<sep>[/.])(?P<m>\d{{1,2}})(?P=sep)"
    r"(?P<d>\d{1,2})|\s?[年년]\s?(?P<m2>\d{1,2})\s?[月월]\s?(?P<d2>\d{1,2})\s?[日일])"
    rf"{_NUMERIC_END}",
    "mdy": rf"{_START}(?:(?P<wd>{WEEKDAY}),?\s+)?(?:(?P<mod>{MOD})\s+)?(?P<month>{MONTH})\s+"
    rf"(?P<day>{DAY})(?:,?\s+(?P<year>{YEAR}))?{_END}",
    "dmy": rf"{_START}(?:(?P<wd>{WEEKDAY}),?\s+)?(?:(?i:the)\s+)?(?P<day>{DAY})\s+(?:(?i:of)\s+)?"
    rf"(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR}))?{_END}",
    "month": rf"{_START}(?:(?P<rel>{REL})\s+)?(?:(?P<mod>{MOD})[\s]*)?(?P<month>{MONTH})"
    rf"(?:,?\s+(?:(?i:of)\s+)?(?P<year>{REF_YEAR}))?{_END}",
    "year": rf"{_START}(?:(?P<mod>{MOD})[\s]*)?(?:(?P<pre>(?i:fiscal(?:\s+year)?|the\s+year"
    rf"|calendar\s+year|calendar|year)\s+))?(?P<year>{YEAR})(?:\s+(?P<post>(?i:or\s+later)))?"
    r"(?!\s+(?i:people|troops|soldiers|men|women|workers|jobs|units|shares|tons|feet|meters"
    r"|metres|miles|km|kilometers|kilometres|dollars|yuan|won|cars|homes|members|votes|cases"
    r"|deaths|rounds|containers|times|hours|pages|words|points))"
    rf"{_END}",
    "spoken": rf"{_START}(?:(?i:the\s+year)\s+)?(?P<year>{SPOKEN_YEAR}){_END}",
    "decade": rf"{_START}(?:(?P<the>(?i:the))\s+)?(?:(?P<mod>(?i:early|late|mid))[\s-]*)?"
    rf"(?:(?P<dec>1\d\d|20\d)0|'(?P<short>\d)0)(?i:s){_END}",
    "century": rf"{_START}(?:(?i:the)\s+)?(?P<n>\d{{1,2}})(?i:st|nd|rd|th)[\s-]+(?i:century)"
    rf"{_END}",
    "weekday": rf"{_START}(?:(?P<rel>{REL}|(?i:early|late))\s+)?"
    rf"(?P<wd>{WEEKDAY})(?P<pl>s)?(?:\s+(?P<part>{DAY_PART}))?{_END}",
    "relday": rf"{_START}(?:(?P<mod>(?i:early|late|earlier|later|mid-?))\s*)?"
    r"(?P<word>(?i:today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday"
    r"|the\s+day\s+after\s+tomorrow))"
    rf"(?:\s+(?P<part>{DAY_PART}))?{_END}",
    "daypart": r"(?<![\w-])(?P<phrase>(?i:(?:later\s+|earlier\s+)?this\s+(?:morning|afternoon"
    r"|evening)|last\s+night|overnight|mid-?afternoon|(?:in\s+)?the\s+(?:morning|afternoon"
    r"|evening)))(?![\w-])",
    # Words TimeBank tags less often than not ("previously", "soon", a bare "future") are left out.
    "ref": r"(?<![\w-])(?P<word>(?i:now|currently|nowadays|these\s+days|at\s+present"
    r"|presently|recently|lately|the\s+past|the\s+future|the\s+near\s+future"
    r"|the\s+short\s+term|the\s+long\s+term|the\s+near\s+term"
    r"|current(?!\s+(?:account|affairs|events))"
    r"|recent\s+(?:years|months|weeks|days|decades|times)"
    r"|coming\s+(?:years|months|weeks|days)))(?![\w-])",
    "relunit": rf"{_START}(?:(?P<mod>{MOD})\s+)?(?P<rel>{REL})\s+(?P<unit>(?i:week|weekend"
    r"|month|year|quarter|decade|century|fiscal\s+year|day|morning|afternoon|evening"
    rf"|night)){_END}",
    "theunit": rf"{_START}(?P<mod>{MOD}|(?i:the\s+full|the\s+whole|the\s+current))\s+"
    rf"(?:(?i:the)\s+)?(?P<unit>(?i:year|month|week|decade|century)){_END}",
    "yearend": r"(?<![\w-])(?P<word>(?i:year[-\s]end|year's\s+end|year-ago|year-earlier"
    r"|the\s+weekend|this\s+weekend|the\s+year\s+before))(?![\w-])",
    "season": rf"{_START}(?:(?P<rel>{REL}|(?i:the|early|late|mid-?))\s+)?"
    rf"(?:(?P<mod>(?i:early|late|mid-?))\s*)?(?P<season>{SEASON})(?:\s+(?:(?i:of)\s+)?"
    rf"(?P<year>{YEAR}))?{_END}(?!\s+(?i:of)\s+(?!\d))",
    "quarter": rf"{_START}(?:(?P<the>(?i:the))\s+)?(?:(?P<qyear2>{YEAR})\s+)?"
    r"(?P<pre>(?:(?i:fiscal|calendar|this\s+year's"
    r"|last\s+year's|year-ago|year-earlier|comparable|latest|current|same|previous|prior"
    r"|most\s+recent|recent|just-ended|just\s+ended|past)[\s-]+)*)"
    r"(?:(?P<ord>(?i:first|second|third|fourth|1st|2nd|3rd|4th|last))[\s-]+)?"
    r"(?:(?i:fiscal)[\s-]+)?(?P<q>(?i:quarter|period|half))(?!\s+(?i:of)\s+(?!"
    + REF_YEAR
    + rf"))(?:\s+(?:(?i:of)\s+)?(?P<qyear>{REF_YEAR}))?{_END}",
    "qcode": rf"{_START}(?P<q>Q[1-4])(?:\s+(?P<year>{YEAR}))?{_END}",
    "duration": rf"{_START}(?:(?P<the>(?i:the))\s+)?(?:(?P<rel>(?i:past|last|next|first|coming"
    r"|previous|following|final|latest|same|recent|preceding|initial|other))\s+)?"
    rf"(?:(?P<approx>{APPROX})\s+)?(?P<num>{NUMBER})[\s-]*(?P<unit>{UNIT})"
    r"(?![\s-](?i:old)\b)(?:\s+(?P<half>(?i:and\s+a\s+half)))?"
    r"(?:\s+(?P<dir>(?i:ago|earlier|later|from\s+now|hence|before|after)))?(?![\w])",
    "plural": r"(?<![\w-])(?P<unit>(?i:years|months|weeks|days|decades|hours|minutes|centuries))"
    r"(?=\s+(?i:ago|of|to\s+come|earlier|later)\b|\s*[.,;]|\s+(?i:and|or)\b)",
    "set": rf"{_START}(?P<each>(?i:every|each|per))\s+(?:(?i:other)\s+)?(?:(?P<num>{NUMBER})\s+)?"
    rf"(?P<unit>(?i:day|week|month|year|quarter|hour|minute|{DAY_PART[4:-1]}|weekend)s?"
    rf"|{WEEKDAY}|{MONTH}|{SEASON})(?P<pl>s)?{_END}",
    "setadv": r"(?<![\w-])(?P<adv>(?i:daily|weekly|monthly|yearly|hourly|nightly"
    r"|biannually|semiannually|bi-weekly|biweekly))(?![\w-])",
    "per": r"(?<![\w-])(?:(?i:once|twice|thrice|times|percent|dollars|cents|million|billion)|\d%?)"
    r"\s+(?P<t>(?i:a|an|per)\s+(?P<unit>day|week|month|year|hour))(?![\w-])",
    "time": rf"{_START}(?:(?P<approx>(?i:around|about|approximately|shortly\s+(?:before|after)|"
    r"just\s+(?:before|after)))\s+)?(?P<h>[01]?\d)(?:[:.](?P<mi>[0-5]\d))?\s*"
    r"(?P<ampm>[aApP]\.?\s?[mM]\b\.?)(?:\s+(?P<tz>[A-Z]{2,4}T|GMT|UTC))?"
    rf"(?:,?\s+(?:(?i:on)\s+)?(?P<day>{WEEKDAY}|(?i:today|tonight|yesterday|tomorrow)"
    rf"|(?P<month>{MONTH})\s+(?P<mday>{DAY})))?",
    "clock": rf"{_START}(?P<word>(?i:noon|midnight|midday))(?:\s+(?P<day>{WEEKDAY}"
    r"|(?i:today|yesterday|tomorrow)))?(?![\w-])",
    "holiday": rf"{_START}(?:(?P<rel>(?i:last|this|next))\s+)?(?P<hol>Christmas(?:\s+(?:Day|Eve))?"
    r"|New\s+Year's(?:\s+(?:Day|Eve))?|Thanksgiving(?:\s+Day)?|Independence\s+Day|Halloween"
    rf"|Valentine's\s+Day|Easter(?:\s+Sunday)?)(?:,?\s+(?P<year>{YEAR}))?{_END}",
}


@dataclass(frozen=True, slots=True)
class Starts:
    """The characters a rule's match can start with, worked out by hand from the rule (a test
    checks them against it): ``cased`` as a character class reads them, ``any_case`` letters in
    either case as ``(?i)`` reads them. Put in a lookahead before the rule, they let the regular
    expression engine pass a position that starts no match in one step, instead of trying each
    alternative the rule opens with there; the matches are the same."""

    cased: str = ""
    any_case: str = ""

    def lookahead(self) -> str:
        classes = [f"[{self.cased}]"] if self.cased else []
        if self.any_case:
            classes.append(f"(?i:[{self.any_case}])")
        return f"(?={'|'.join(classes)})"


STARTS: dict[str, Starts] = {
    "iso": Starts(r"\d"),
    "slash": Starts(r"\d"),
    "ymd": Starts("12"),
    "mdy": Starts("ADFJMNOSTW", "aelmt"),
    "dmy": Starts("0123456789FMSTW", "t"),
    "month": Starts("ADFJMNOS", "aelmnt"),
    "year": Starts("12", "aceflmty"),
    "spoken": Starts("", "nt"),
    "decade": Starts("'12", "elmt"),
    "century": Starts(r"\d", "t"),
    "weekday": Starts("FMSTW", "elnt"),
    "relday": Starts("", "elmty"),
    "daypart": Starts("", "eilmot"),
    "ref": Starts("", "aclnprt"),
    "relunit": Starts("", "aelmnt"),
    "theunit": Starts("", "aelmt"),
    "yearend": Starts("", "ty"),
    "season": Starts("", "aeflmnstw"),
    "quarter": Starts("12", "1234cfhjlmpqrsty"),
    "qcode": Starts("Q"),
    "duration": Starts(r"\d", "acdefilmnoprstu"),
    "plural": Starts("", "cdhmwy"),
    "set": Starts("", "ep"),
    "setadv": Starts("", "bdhmnswy"),
    "per": Starts(r"\d", "bcdmopt"),
    "time": Starts(r"\d", "ajs"),
    "clock": Starts("", "mn"),
    "holiday": Starts("CEHINTV", "lnt"),
}

COMPILED: dict[str, re.Pattern[str]] = {
    name: re.compile(STARTS[name].lookahead() + rx) for name, rx in RULES.items()
}


@dataclass(frozen=True, slots=True)
class Needs:
    """What a text must contain for a rule to match anywhere in it, worked out by hand from the
    rule: one of ``words`` in any case, one of ``names`` as written, and a digit if ``digit``
    (an empty tuple asks for nothing). A rule whose needs a text does not meet is not run on it:
    it could not have matched, so the candidates are the same."""

    words: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    digit: bool = False


def _name_starts(words: list[str]) -> tuple[str, ...]:
    """The first three letters of each name, Capitalised and UPPER CASE: every form of a month
    or weekday the grammar accepts starts with one of them."""
    starts = sorted({word[:3] for word in words})
    return (*starts, *(start.upper() for start in starts))


_MONTH_NAMES = _name_starts(_FULL_MONTHS)
_WEEKDAY_NAMES = _name_starts(_FULL_DAYS)
_UNITS = ("year", "month", "week", "day", "hour", "minute", "second", "decade", "centur")

NEEDS: dict[str, Needs] = {
    "iso": Needs(names=("-",), digit=True),
    "slash": Needs(names=("/",), digit=True),
    "ymd": Needs(names=("/", ".", "年", "년"), digit=True),
    "mdy": Needs(names=_MONTH_NAMES, digit=True),
    "dmy": Needs(names=_MONTH_NAMES, digit=True),
    "month": Needs(names=_MONTH_NAMES),
    "year": Needs(digit=True),
    "spoken": Needs(words=("nineteen", "twenty", "thousand")),
    "decade": Needs(names=("0",)),
    "century": Needs(words=("century",)),
    "weekday": Needs(names=_WEEKDAY_NAMES),
    "relday": Needs(words=("today", "tonight", "yesterday", "tomorrow")),
    "daypart": Needs(words=("morning", "afternoon", "evening", "night")),
    "ref": Needs(
        words=(
            *("now", "current", "days", "present", "recent", "lately", "past", "future"),
            *("term", "coming"),
        )
    ),
    "relunit": Needs(words=(*_UNITS, "quarter", "morning", "afternoon", "evening", "night")),
    "theunit": Needs(words=("year", "month", "week", "decade", "century")),
    "yearend": Needs(words=("year", "weekend")),
    "season": Needs(words=("spring", "summer", "fall", "autumn", "winter")),
    "quarter": Needs(words=("quarter", "period", "half")),
    "qcode": Needs(names=("Q1", "Q2", "Q3", "Q4")),
    "duration": Needs(words=(*_UNITS, "fortnight", "quarter")),
    "plural": Needs(
        words=("years", "months", "weeks", "days", "decades", "hours", "minutes", "centuries")
    ),
    "set": Needs(words=("every", "each", "per")),
    "setadv": Needs(
        words=("daily", "weekly", "monthly", "yearly", "hourly", "nightly", "annually")
    ),
    "per": Needs(names=("day", "week", "month", "year", "hour")),
    "time": Needs(digit=True),
    "clock": Needs(words=("noon", "midnight", "midday")),
    "holiday": Needs(
        names=(
            *("Christmas", "New", "Thanksgiving", "Independence", "Halloween", "Valentine"),
            "Easter",
        )
    ),
}

# The letters (?i) matches to an ASCII letter that str.lower() does not turn into it: a text
# with one of them is searched by every rule that needs a word.
_CASE_FOLDED_APART = re.compile("[\u0130\u0131\u017f]")
_DIGIT = re.compile(r"\d")


class TextFacts:
    """What ``Needs`` asks of one text, each worked out at most once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._names: dict[tuple[str, ...], bool] = {}  # several rules need the same names

    @cached_property
    def lowered(self) -> str | None:
        """The text in lower case, None if a letter in it folds apart (every word may be in it)."""
        if _CASE_FOLDED_APART.search(self.text):
            return None
        return self.text.lower()

    @cached_property
    def has_digit(self) -> bool:
        return _DIGIT.search(self.text) is not None

    def has_word(self, words: tuple[str, ...]) -> bool:
        lowered = self.lowered
        return lowered is None or any(word in lowered for word in words)

    def has_name(self, names: tuple[str, ...]) -> bool:
        found = self._names.get(names)
        if found is None:
            found = self._names[names] = any(name in self.text for name in names)
        return found

    def meets(self, needs: Needs) -> bool:
        return (
            (not needs.digit or self.has_digit)
            and (not needs.names or self.has_name(needs.names))
            and (not needs.words or self.has_word(needs.words))
        )


# When two candidates cover exactly the same characters, the rule listed first wins.
PRIORITY = {name: rank for rank, name in enumerate(("per", "set", "relunit", *RULES))}


# A bare four-digit number that a comparison opens or a unit or currency closes counts
# something, in any language: "не менее 1998 кубических см" (a volume), "etwa 2000 syrische
# Pfund" (a sum), "1925 रुपये प्रति क्विंटल" (a price), "724 empujadas y 1747 hits" (the last of
# a list of counts). The unit may follow one lowercase word
# (an adjective: "кубических", "syrische"); a comparison is one no year takes ("more than",
# "более"), not "about", "around" or "at least", which date a year ("around 2010", "the
# highest turnout since at least 1980"). Words that are also
# English verbs or letters of other uses ("won", "m.": Lithuanian "metų", year) are left out.
COUNTED_AFTER = re.compile(
    r"\s+(?:[^\W\d_A-Z][^\W\d_]*\s+)?(?i:(?:cm|mm|km|kg|mg|ml|m2|m²|m3|m³|ccm|kw|mw|kwh|gb|mb"
    r"|см|мм|км|кг|мг|мл|га|квт)(?!\w)\.?|(?:pfund|pounds?|euros?|dollars?|dólares|dollari|dolarów"
    r"|долларов|доллара|рублей|рубля|руб|евро|гривен|юаней|yen|yuan|rupees?|rupien|रुपये|रुपए"
    r"|pesos|reais|złotych|zł|kronor|kroner|francs?|francos|liras?|dinars?|dirhams?|riyals?"
    r"|ringgit|shillings?|naira|liters?|litres?|litros|tonnes?|tonnen|toneladas|тонн|литров"
    r"|meters?|metres?|metros|метров|hectares?|hectáreas|kilometers?|kilómetros|kilomètres"
    r"|километров|kilograms?|kilogramm|килограммов)(?!\w))"
)
COUNTED_BEFORE = re.compile(
    r"(?i:more\s+than|less\s+than|fewer\s+than"
    r"|не\s+менее|не\s+более|более|менее|свыше|mehr\s+als|weniger\s+als|mindestens"
    r"|höchstens|plus\s+de|moins\s+de|au\s+moins|más\s+de|menos\s+de|al\s+menos|mais\s+de"
    r"|pelo\s+menos|ponad|co\s+najmniej|oltre|almeno)\s+$"
    # the last of a list of counts: "724 empujadas y 1747 hits"
    r"|\d[\d.,]*\s+[^\W\d_]+\s+(?i:y|and|et|und|e|и|i|ve)\s+$"
)


def counts_something(text: str, start: int, end: int) -> bool:
    """Whether the bare number ``text[start:end]`` is a count or amount, not a year."""
    return bool(
        COUNTED_AFTER.match(text, end) or COUNTED_BEFORE.search(text[max(0, start - 24) : start])
    )


# a number and unit or an ordinal and quarter joined by a hyphen are an adjective
ADJECTIVE_DURATION = re.compile(r"\w-" + UNIT)
ADJECTIVE_QUARTER = re.compile(
    r"(?i:first|second|third|fourth|1st|2nd|3rd|4th|last)-(?i:quarter|half)"
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A span one rule matched: ``match`` keeps the groups the resolver reads."""

    start: int
    end: int
    rule: str
    match: re.Match[str]


def _span(rule: str, match: re.Match[str]) -> tuple[int, int]:
    if "t" in match.re.groupindex and match.group("t"):
        return match.span("t")
    groups = match.groupdict()
    # "the eight-year war", "the third-quarter results": TimeBank leaves the article out of
    # an adjective; "the nine months", "the year-ago quarter" keep it (a period named before)
    bare_article = groups.get("the") and not groups.get("rel")
    adjective = {"duration": ADJECTIVE_DURATION, "quarter": ADJECTIVE_QUARTER}.get(rule)
    if bare_article and adjective is not None and adjective.search(match.group(0)):
        return match.end("the") + 1, match.end()
    if (
        rule == "duration"
        and match.group("dir")
        and match.group("dir").lower()
        in (
            "before",
            "after",
        )
    ):  # "two days after he visited": the duration is the timex, the rest is its anchor
        return match.start(), match.start("dir") - 1
    return match.span()


def find_candidates(text: str) -> list[Candidate]:
    """Non-overlapping candidates in text order, the longest of any overlapping ones."""
    found: list[Candidate] = []
    facts = TextFacts(text)
    for rule, pattern in COMPILED.items():
        if not facts.meets(NEEDS[rule]):
            continue
        for match in pattern.finditer(text):
            start, end = _span(rule, match)
            bare_year = rule == "year" and not (match["pre"] or match["mod"])
            if bare_year and counts_something(text, start, end):
                continue
            if end > start and text[start:end].strip():
                found.append(Candidate(start, end, rule, match))
    found.sort(key=lambda c: (c.start - c.end, PRIORITY[c.rule], c.start))
    taken: list[Candidate] = []
    for candidate in found:
        if all(candidate.end <= t.start or candidate.start >= t.end for t in taken):
            taken.append(candidate)
    return sorted(taken, key=lambda c: c.start)
