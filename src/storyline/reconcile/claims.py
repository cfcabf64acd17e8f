"""Reconciling numeric claims: the same figure reported, with the same or different values.

Two claims report the same figure when they count the same thing in the same unit
(``containers`` and ``containers of munitions``: one counted phrase contains the other, lemma
by lemma; ``people``, ``citizens``, ``47 dead`` and a *death toll* all count people; calibres
such as ``152-millimeter`` must be equal) and nothing says they cover different periods (a
rate ``per year`` or a player's points ``a game`` against a total, years that do not overlap,
``two more bodies`` against a total, a figure of an earlier moment against the current one)
nor that one is a change
(``up eight points from March``) and the other a level or a margin (``ahead by 8 points``). A
bare number with neither unit nor counted noun, a year or an id is never paired: those would be
false alarms; nor is a figure of another event (``background``), nor one whose sentence tells of
one more happening right after such a figure (``Thieves also targeted the Cannes film
festival``, ``Days later``).

Equal values then agree whoever reports them, unless they count nothing but their unit and
are told of different happenings in articles more than a week apart (``$15 an hour`` paid
in February, a ``$15 an hour`` wage in June), or they are of two known doers (``13 points
from McDermott`` / ``from VanDeest``) of whom nothing says they did different things, or one
names a kind of the thing that the other lacks (``two touchdown passes`` thrown, ``two
passes`` left time for) while their predicates differ, or one doer is a person's name that
the other's article, with a bare description for its doer, never writes (``Earl Clark``'s nine
rebounds, the ``reigning national player``'s). Values that agree only within a hedge's
tolerance must also say one thing happened or count the very same thing (``2.5 million people
eligible`` are not ``some 2.44 million people`` who voted).

Different values are compared only when the claims also say the same thing happened
(``killed 41`` / ``47 died``: one predicate class of ``storyline.nlp.claims.predicates``),
and never when one reporting line gives both without setting two claimants against each
other (41 dead now, 29 in a flood of 2009).

Different values are never set against each other when they come from two articles that tell
of look-alike events (other values for two kinds of thing, the same for none: two captures of
pirates in one story) or that were published more than a week apart; figures of two known
doers doing one thing are two facts whatever their values; a part of a group (``two of them
died``) is no rival of a whole (``five died``); a range agrees only with a range.

A group whose values differ beyond what their hedges allow (``around`` 5 %, an exact figure
0.5 % for rounding) is a *conflict*; the details say whether one speaker gave both values,
whether the values may refer to different dates, and whether a bound (``at least 6,700``)
makes the two figures compatible after all.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property

from storyline.model import Article, Assessment, Claim, ClaimDetails, Side, Verdict
from storyline.nlp.claims.numbers import VAGUE_HEDGES
from storyline.nlp.claims.predicates import (
    NOMINAL_STATES,
    PEOPLE,
    PREDICATE_CLASSES,
    TALLY_NOUNS,
    counted_key,
    known_class,
    predicate_class,
)
from storyline.nlp.claims.units import DIMENSIONS as UNIT_DIMENSIONS
from storyline.nlp.claims.units import in_base_units
from storyline.nlp.numbers import UNITS_WORDS
from storyline.reconcile.background import (
    RATE,
    background_claims,
    rate_unit,
    story_years,
)
from storyline.reconcile.claim_values import hedge_of, interval, measured, values_agree
from storyline.reconcile.doers import different_doers, nationality, someone_else, unresolved
from storyline.reconcile.places import placed_apart
from storyline.reconcile.sources import (
    SourceBook,
    agreement_verdict,
    reporting_lines,
    resolve_sources,
)
from storyline.reconcile.text import compound_lemmas, content_lemmas, lemma, names_compatible

_CALIBRE = re.compile(r"(\d+(?:\.\d+)?)\s*-?\s*(?:mm|millimet(?:er|re)s?)\b", re.IGNORECASE)
_TIME_CUES = re.compile(
    r"\b(?:(?i:in|since|by|until|as of|through)\s+(?i:early\s+|late\s+|mid-?)?)?"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+\d{1,2})?"
    r"(?:,?\s+\d{4})?\b"
    r"|\b(?i:since|as of|until)\s+(?:the\s+)?[\w-]+"
    r"|\b(?i:last|this|next)\s+(?:week|month|year)\b"
    r"|\b(?i:previously|earlier|already|so far|to date|recently)\b"
    r"|\b(?i:in|since|by)\s+(?:19|20)\d{2}\b",
)
MIN_YEAR, MAX_YEAR = 1800, 2100
# things two articles count alike, all with other values and none the same: two events
LOOK_ALIKE_DIFFERENCES = 2
# articles published further apart than this do not dispute one figure
DISPUTE_DAYS = 7
# physical measures are compared as quantities in their dimension's base unit (the claim
# extractor's one unit table: 2,000ft and 609 metres are one length)
DIMENSIONS = frozenset(dimension for dimension, _size in UNIT_DIMENSIONS.values())
# a part taken of a group: "two of them", "two of whom", "three of the skiffs"
# "two of them", "five of his rebounds": some of a group or of someone's total
_PART = re.compile(r"\bof\s+(?:them|whom|those|these|the|his|her|their|its)\b", re.IGNORECASE)
# what is left besides someone the sentence names: "His mother and 10 other people drowned",
# "22 others" wounded beside the dead: a part, no rival of the whole ("11 people who died")
_REMAINDER = re.compile(r"\bothers?\b", re.IGNORECASE)
# a stretch of the event a sentence limits its figures to: "During the game's deciding 15 - 2
# run", "in the second half", "over the final minutes"
_STRETCH = re.compile(
    r"\b(?:during|in|over)\s+the\s+(?:[\w'’-]+\s+){0,3}?(?:first|second|third|fourth|"
    r"final|last|opening|closing|deciding|decisive)\s+(?:[\w'’-]+\s+){0,4}?"
    r"(?:half|quarter|period|run|stretch|spell|minutes|inning|round|lap)\b"
    r"(?!\s+of\s+(?:the|this|last|his|her|their)\s+(?:season|year|campaign|career))"
    # "during a pivotal 15 - 2 run", "In 8 first - half minutes", "at the half"
    r"|\b(?:during|in|over)\s+(?:an?|the|\d+)\s+(?:[\w'’-]+\s+){0,4}?(?:run|stretch|spell)\b"
    r"|\b(?:first|second)\s*-?\s*half\s+minutes\b|\bat\s+(?:the\s+)?half(?:time)?\b",
    re.IGNORECASE,
)
INCREMENT_WORDS = frozenset({"more", "additional", "another", "further", "extra"})
# a count of an earlier time: "four prior arrests" of a suspect are not the protests' arrests
EARLIER_WORDS = frozenset({"prior", "previous", "earlier", "past", "former"})
# words that pick some of a series: "three recent polls", "the first two contests", "the top
# two candidates", "4 Super Tuesday states" (a day or month names which ones)
SERIES_WORDS = frozenset(
    {"early", "recent", "first", "last", "latest", "next", "final", "opening", "upcoming", "top",
     "remaining", *(name.casefold() for name in (*calendar.day_name, *calendar.month_name[1:]))}
)  # fmt: skip
# counts so small that two figures of different things meet by chance ("two", "six points")
CHANCE_COUNT = 10
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")
CALENDAR_WORDS = frozenset(
    [*calendar.day_name, *calendar.month_name[1:], *calendar.month_abbr[1:], *calendar.day_abbr]
)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_WORD = re.compile(r"[^\W\d_][\w'-]*")
# a change from an earlier time written before its figure: "25 percent support, up eight points
# from March", "shares were down 3%", "a rise of 8 points"; not "picked up", "set up" (a particle)
_CHANGE_BEFORE = re.compile(
    r"(?:[,;(]|\b(?:is|was|are|were|be|been|now|still))\s+(?:up|down)\s*$"
    r"|\b(?:an?|the)\s+(?:increase|rise|drop|decline|gain|jump)\s+of\s*$",
    re.IGNORECASE,
)
# a threshold written right after a figure: "$15 an hour or less", "$100,000 or more"
_BOUND_AFTER = re.compile(
    r"\s*(?:or|and)\s+(less|more|fewer|lower|higher|above|below|under|over|up)\b",
    re.IGNORECASE,
)
# more of what was told before, written right before a figure: "another 20,000 people", "a
# further 20,000", "an additional $5 million"
_ADDED_BEFORE = re.compile(r"\b(?:another|an?\s+(?:further|additional|extra))\s*$", re.IGNORECASE)
# a verb of moving written right before a count: "Cruz rose three points in the CBS survey" is
# a move, not a lead (of a physical measure it is the distance: "fell 700 metres")
_MOVED_BY = re.compile(
    r"\b(?:rose|risen|rises|fell|fallen|falls|jumped|jumps|slipped|slips|slid|surged|"
    r"surges|declined|dipped|plunged|soared)\s*$",
    re.IGNORECASE,
)
FREQUENCY_UNITS = frozenset({"time", "times", "fold"})
# what polls, margins and games are all told in
POINT_UNITS = frozenset({"point", "percentage point"})
SHARE_UNITS = frozenset(
    {"%", "percent", "per cent", "percentage", "pct", "fraction"}
)  # "arrested three times": how often
PREDICATE_WORDS = frozenset(w for w in PREDICATE_CLASSES if " " not in w)
# endings of adjectives and participles: "political", "semiautomatic", "armed", "missing"
ADJECTIVE_ENDINGS = (
    "al", "ic", "ive", "ous", "ful", "less", "able", "ible", "ary", "ian", "ese", "ish", "ed",
    "ing", "ern",
)  # fmt: skip


@dataclass(frozen=True)
class _Counted:
    """A claim with the keys that decide what it counts and what happened to it."""

    claim: Claim
    unit: str  # the counted noun, or the dimension of a physical measure ("length")
    counted: frozenset[str]
    calibres: frozenset[str]
    rate: str
    predicate: str | None  # the synonym class of the claim's predicate
    known: bool  # whether the lexicon knows the predicate (kill, strand) or it is a bare lemma
    increment: bool  # "two more bodies", "up eight points from March": a change, not a level
    earlier: bool  # "four prior arrests": a count of an earlier time
    bound: str  # "$15 an hour or less", "$100,000 or more": a threshold, and which way
    part: bool  # "two of them", "two of the skiffs": a part of a group, no rival of a whole
    kinds: frozenset[str]  # the counted words before its noun: "touchdown" of touchdown passes
    series: frozenset[str]  # which ones of a series: "first" four states, "recent" polls
    line: str  # the reporting line of the claim's article
    origins: frozenset[str]  # the countries its counted phrase names: "Yemeni pirates"
    text: str  # its article's text ("" when the article is unknown)

    # what small counts compare (``_said_of_one_thing``), read once per claim and only for them

    @cached_property
    def sentence(self) -> str:
        """The claim's sentence as written, spacing aside."""
        return " ".join(self.claim.span.of(self.text).split()) if self.text else ""

    @cached_property
    def after(self) -> str:
        """Its sentence's words after the figure, spacing aside (`` in Kenya and 10 ...``)."""
        span, own = self.claim.span, self.claim.quantity_span
        return " " + " ".join(self.text[own.end : span.end].split()) if self.text else ""

    @cached_property
    def other_numbers(self) -> frozenset[str]:
        """The numbers its sentence writes besides its own figure (``364``, ``29``)."""
        span, own = self.claim.span, self.claim.quantity_span
        around = self.text[span.start : own.start] + " " + self.text[own.end : span.end]
        digits = (n.replace(",", "") for n in _NUMBER.findall(around))
        # "the seven bullets" and "seven bullets entered": one figure, written in words
        spelled = (
            f"{UNITS_WORDS[w]:g}"
            for w in _WORD.findall(around.casefold())
            if UNITS_WORDS.get(w, 0) > 1
        )
        return frozenset((*digits, *spelled))

    @cached_property
    def names(self) -> frozenset[str]:
        """The capitalised words of its sentence past the first word, days and months aside."""
        rest = self.sentence.split(maxsplit=1)[1] if " " in self.sentence else ""
        return frozenset(_CAPITALISED.findall(rest)) - CALENDAR_WORDS


def _calibres(text: str) -> frozenset[str]:
    return frozenset(f"{float(m.group(1)):g}mm" for m in _CALIBRE.finditer(text))


def _rate(claim: Claim, articles: Mapping[str, Article]) -> str:
    article = articles.get(claim.article_id)
    if article is None:
        return ""
    found = RATE.search(claim.span.of(article.text))
    return rate_unit(found) if found else ""


def pairable(claim: Claim) -> bool:
    """Whether a claim may be compared at all: years, ids and bare numbers never are."""
    if claim.unit is None and claim.counted is None:
        return False
    is_whole = float(claim.quantity).is_integer()
    return not (
        claim.unit is None
        and is_whole
        and MIN_YEAR <= claim.quantity <= MAX_YEAR
        and not claim.counted
    )


def _keys(claim: Claim, book: SourceBook) -> _Counted:
    raw_unit = claim.unit.casefold() if claim.unit else ""
    unit = counted_key(raw_unit, claim.predicate)
    unit = unit if unit == "people" else lemma(raw_unit)
    base = in_base_units(claim.quantity, claim.normalized_unit or "")
    if base is not None:
        unit = base[0]  # 2,000ft and 609 metres: one length
    counted = _CALIBRE.sub(" ", claim.counted or "")
    # a compound counts as written apart and as one word: "semi - automatic pistols" and
    # "semiautomatic pistols" are one thing, and so are "three-storey" and "storey" buildings
    lemmas = [*content_lemmas(counted), *compound_lemmas(counted)]
    words = frozenset(w for w in lemmas if not w.isdigit())
    around = _Around.of(claim, book)
    increment = bool(words & INCREMENT_WORDS) or _is_change(claim, around) or _is_added(around)
    earlier = bool(words & EARLIER_WORDS)
    # the words that say who or what happened are the predicate's business, not the noun's
    words -= {unit} | INCREMENT_WORDS | EARLIER_WORDS | PREDICATE_WORDS
    if unit == "people":
        words -= PEOPLE | TALLY_NOUNS | NOMINAL_STATES | {"official"}
    kinds = words & _premodifiers(counted, raw_unit)
    series = (words & SERIES_WORDS) | _series_before(around)
    return _Counted(
        claim,
        unit,
        words,
        _calibres(claim.counted or ""),
        _rate(claim, book.articles),
        predicate_class(claim.predicate),
        known_class(claim.predicate) is not None,
        increment,
        earlier,
        _bound(around),
        _is_part(around.written) or _STRETCH.search(around.sentence) is not None,
        kinds,
        series,
        book.line(claim.article_id),
        _origins(claim),
        around.text,
    )


@dataclass(frozen=True, slots=True)
class _Around:
    """A figure's article text and its sentence cut around the figure ("" when the article is
    unknown): what the rules read before, in and after the figure."""

    text: str
    before: str  # the sentence up to the figure: "where another "
    written: str  # the figure as written: "20, 000 people"
    after: str  # a few words after it: " or less. He says"
    sentence: str

    @staticmethod
    def of(claim: Claim, book: SourceBook) -> _Around:
        article = book.articles.get(claim.article_id)
        text = article.text if article is not None else ""
        start, end = claim.quantity_span.start, claim.quantity_span.end
        return _Around(
            text,
            text[claim.span.start : start],
            text[start:end],
            text[end : end + 24],
            claim.span.of(text),
        )


def _is_part(written: str) -> bool:
    """Whether a quantity phrase counts a part of a group (``two of them``) or what is left
    of it besides someone named (``10 other people``, ``22 others``)."""
    return _PART.search(written) is not None or _REMAINDER.search(written) is not None


def _premodifiers(counted: str, noun: str) -> frozenset[str]:
    """The nouns a counted phrase writes before its noun, which name a kind of it
    (``touchdown`` of ``touchdown passes``; none for ``containers of munitions``). Words
    with an adjective's ending describe the thing and name no other kind of it (``political
    parties`` are parties; ``semiautomatic``)."""
    words = counted.casefold().split()
    if noun not in words:
        return frozenset()
    before = " ".join(words[: words.index(noun)])
    lemmas = [*content_lemmas(before), *compound_lemmas(before)]
    return frozenset(w for w in lemmas if not w.endswith(ADJECTIVE_ENDINGS) and w.isalpha())


def _is_change(claim: Claim, around: _Around) -> bool:
    """Whether the claim's sentence writes its figure as a change from an earlier time (``up
    eight points from March``): a change is no level nor margin (``ahead by 8 points``)."""
    if _CHANGE_BEFORE.search(around.before) is not None:
        return True
    measure = in_base_units(claim.quantity, claim.normalized_unit or "") is not None
    return not measure and _MOVED_BY.search(around.before) is not None


def _is_added(around: _Around) -> bool:
    """Whether the claim's sentence writes its figure as more of what it told before
    (``where another 20,000 people marched``, ``a further 20,000``): a second group, no
    account of the first (``as many as 20,000 people took to the streets of Athens``)."""
    return _ADDED_BEFORE.search(around.before) is not None


def _bound(around: _Around) -> str:
    """Which way a figure written as a threshold bounds what it is told of (``jobs pay $15 an
    hour or less``: "less"; ``households making $100,000 or more``: "more"), "" for a figure
    told as a value: a threshold is no account of a value (``up to $15 an hour``)."""
    found = _BOUND_AFTER.match(around.after)
    return found.group(1).casefold() if found else ""


def _series_before(around: _Around) -> frozenset[str]:
    """The series word written right before a count (``the first four states``): which ones
    of a series it counts."""
    before = _WORD.findall(around.before[-24:])
    return frozenset(word.casefold() for word in before[-1:]) & SERIES_WORDS


def _interval(claim: Claim, articles: Mapping[str, Article]) -> tuple[date, date] | None:
    """The calendar interval a claim holds for: its own time, else its article's date."""
    if claim.time is not None:
        if claim.time.start_date is None or claim.time.end_date is None:
            return None
        return claim.time.start_date, claim.time.end_date
    article = articles.get(claim.article_id)
    published = article.published.date if article is not None else None
    return (published, published) if published is not None else None


def _periods_differ(a: Claim, b: Claim, articles: Mapping[str, Article]) -> bool:
    """True when the claims are pinned to different times: years that do not overlap (an
    undated claim holds for its article's date), or a figure of an earlier moment
    (``PAST_REF``: ``When the office said that 41 had died``) against a current one."""
    if a.time is None and b.time is None:
        return False
    past = [c.time is not None and c.time.value == "PAST_REF" for c in (a, b)]
    if past[0] != past[1]:
        return True
    first, second = _interval(a, articles), _interval(b, articles)
    if first is None or second is None:
        return False
    return first[1] < second[0] or second[1] < first[0]


def _counts_the_same(a: _Counted, b: _Counted, articles: Mapping[str, Article]) -> bool:
    """Same unit, calibre, rate and kind of figure, nested counted phrases, same period.

    A share says what it is a share of (``40 percent of the buildings``, ``70 percent of the
    industrial structure``: two wholes), and a physical measure says what was measured by its
    predicate (``fell 700 metres``; ``25 miles east of Houston`` and ``25 miles from where he
    escaped`` are two distances): without that on both sides, two figures are not compared.
    """
    if (a.unit, a.calibres, a.rate, a.increment, a.earlier, a.bound) != (
        b.unit,
        b.calibres,
        b.rate,
        b.increment,
        b.earlier,
        b.bound,
    ):
        return False
    if not (a.counted and b.counted) and not a.unit:
        return False
    if a.unit in SHARE_UNITS and not (a.counted and b.counted):
        return False
    if a.unit in DIMENSIONS and not (a.predicate and a.predicate == b.predicate):
        return False
    if a.counted and b.counted and not (a.counted <= b.counted or b.counted <= a.counted):
        return False
    return not _periods_differ(a.claim, b.claim, articles)


def _published_apart(a: Claim, b: Claim, articles: Mapping[str, Article]) -> bool:
    """Whether the articles of two figures were published more than ``DISPUTE_DAYS`` apart:
    two values so far apart tell of two events, or of a figure revised since, never of two
    outlets disputing one figure."""
    first, second = articles.get(a.article_id), articles.get(b.article_id)
    days = [x.published.date for x in (first, second) if x is not None]
    if len(days) < 2 or days[0] is None or days[1] is None:
        return False
    return abs((days[0] - days[1]).days) > DISPUTE_DAYS


def _bare_measure_apart(a: _Counted, b: _Counted, articles: Mapping[str, Article]) -> bool:
    """Whether two equal figures that count nothing but their unit (``$15 an hour``, ``5
    percent``) are told of different happenings (their predicates differ, or one has none)
    in articles published more than ``DISPUTE_DAYS`` apart: a common value, not one fact
    told twice."""
    if a.claim.counted or b.claim.counted or a.predicate == b.predicate:
        return False
    return _published_apart(a.claim, b.claim, articles)


def _distinct_claimants(a: Claim, b: Claim) -> bool:
    if not (a.claimant and b.claimant):
        return False
    if a.claimant_entity_id and a.claimant_entity_id == b.claimant_entity_id:
        return False
    return not names_compatible(a.claimant, b.claimant)


def _doer(claim: Claim) -> str | None:
    """Who does what the figure measures: the resolved doer, else the named agent (a claim
    stored before doers were read has only the agent)."""
    return claim.doer or claim.agent


def _someone_else(a: Claim, b: Claim, articles: Mapping[str, Article]) -> bool:
    """Whether one figure's doer is a name that the other's article, whose doer is a bare
    description, never writes (``storyline.reconcile.doers.someone_else``)."""
    first, second = articles.get(a.article_id), articles.get(b.article_id)
    if first is None or second is None:
        return False
    return someone_else(_doer(a), _doer(b), (first.text, second.text))


def same_thing(
    a: _Counted,
    b: _Counted,
    articles: Mapping[str, Article],
    apart: frozenset[frozenset[str]] = frozenset(),
) -> bool:
    """Whether two claims report the same figure, so that their values may be compared.

    Figures of two different doers (``storyline.reconcile.doers``) doing one thing are two
    facts, whatever their values. Equal values need only count the same thing, with no
    predicates of different known classes (41 killed is not 41 injured): one order of 12
    vessels is told as placed by the state, won by the yard and built by it. Different values
    need more before they are called a conflict: they are of one doer, they never come from
    two articles that tell of look-alike events (``apart``: ``look_alike_articles``) or were
    published more than a week apart, and they need the same predicate class (``killed`` /
    ``died`` / ``lost their lives``) that the lexicon knows, or the same predicate of a
    physical measure (a fall of 609 metres or of 700; a range is not a distance flown), and,
    within one reporting line, two different claimants that the text sets against each other;
    otherwise one article telling of 41 dead now and 29 in 2009 would contradict itself.
    """
    if not _counts_the_same(a, b, articles):
        return False
    if _someone_else(a.claim, b.claim, articles):
        return False  # Earl Clark's nine rebounds, and the player of the year's in another game
    two_doers = different_doers(_doer(a.claim), _doer(b.claim))
    if two_doers and a.predicate == b.predicate:
        # two doers doing one thing, or of whom nothing more is said: Artino's 14 points and
        # Carter's 14 points, "13 points from McDermott" and "from VanDeest" are two facts
        # (an order of 12 vessels placed by the state and won by the yard is one)
        return False
    if values_agree(a.claim, b.claim):
        opposed = a.predicate and b.predicate and a.predicate != b.predicate
        # a kind one side names and the other lacks ("two touchdown passes" thrown, "two
        # passes" left time for) is the same thing only where nothing says otherwise
        if opposed and (a.known or b.known or bool(a.kinds) != bool(b.kinds)):
            return False
        if _bare_measure_apart(a, b, articles):
            return False  # "$15 an hour" paid to canvassers in February, a $15 wage in June
        if _chance_count(a) and not _said_of_one_thing(a, b):
            return False
        if (_vague(a.claim) or _vague(b.claim)) and not _one_happening(a, b):
            return False  # "thousands of Americans" held, and "thousands" home in coffins
        if a.unit in POINT_UNITS and not _one_score(a, b):
            return False  # a poll's lead of "3 points", an approval "three points higher"
        return measured(a.claim) == measured(b.claim) or _told_alike(a, b)
    if two_doers:
        return False  # two climbers' falls, "Brees completed 28", "Warner completed 17"
    if a.part or b.part:
        return False  # "two of them died" and "five people died": a part and its whole
    if frozenset((a.claim.article_id, b.claim.article_id)) in apart:
        return False  # two look-alike events' reports (``look_alike_articles``)
    if _published_apart(a.claim, b.claim, articles):
        return False  # a toll of 2008 and one of 2011: two events or a revision, no dispute
    if placed_apart((a.sentence, a.after), (b.sentence, b.after)):
        return False  # 1,000 wounded at the embassy in Nairobi, 58 at the one in Dar es Salaam
    if a.predicate is None or a.predicate != b.predicate or a.unit in FREQUENCY_UNITS:
        return False
    if not (a.known or a.unit in DIMENSIONS):
        return False  # "28 passes" and "41 passes" completed: what the lexicon cannot vouch for
    if not _one_figure_told_twice(a, b):
        return False
    return a.line != b.line or _distinct_claimants(a.claim, b.claim)


def _one_figure_told_twice(a: _Counted, b: _Counted) -> bool:
    """What two different values need beyond their predicate to be one figure in dispute.

    - They count people or things of the same origins: ``11 Yemeni pirates`` are some of the
      ``23 pirates`` seized (``12 Somali and 11 Yemeni``).
    - A measure has a doer on both sides: ``716 yards rushing`` and ``He had just 269 yards``
      may be two players' (a fall of ``Duncan Rait`` and of a ``36-year-old Australian``
      may be one).
    - Neither is the figure of a pronoun its article does not resolve: ``It killed 612
      people`` (an earlier quake), ``They also attacked a television crew's truck, injuring
      at least two people`` (a part of the riots' toll).
    """
    if a.origins != b.origins:
        return False
    if unresolved(_doer(a.claim)) or unresolved(_doer(b.claim)):
        return False
    return a.unit not in DIMENSIONS or bool(_doer(a.claim) and _doer(b.claim))


def _origins(claim: Claim) -> frozenset[str]:
    """The countries a counted phrase names its things' origin by: ``Yemeni pirates``."""
    words = _WORD.findall(claim.counted or "")
    return frozenset(country for word in words if (country := nationality(word)))


def _chance_count(counted: _Counted) -> bool:
    """Whether a figure is a count small enough to meet another by chance: a whole number of
    things up to ``CHANCE_COUNT`` (not a measure: a 5.6 magnitude, a .308 average)."""
    value = measured(counted.claim)
    return float(value).is_integer() and value <= CHANCE_COUNT and counted.unit not in DIMENSIONS


def _said_of_one_thing(a: _Counted, b: _Counted) -> bool:
    """Whether two small counts say more in common than their number and noun: one thing
    happened to both (one predicate), they name what they count beyond its noun, one as the
    other or more (``two political parties``, ``2 parties``) but not which ones of a series
    one side alone says (``three recent polls``, ``three polls``), both are some doer's who may be
    one (``Hansbrough``, ``the reigning national player of the year``), or their sentences
    are one, give another figure alike (``29 of 34 for 364 yards and three touchdowns``) or
    name one person, place or thing (``seven bullets entered Gray's body``, ``Seven bullets
    hit Mr. Gray``).
    Counts of ten or fewer meet by chance: a poll's lead of ``six points`` and another poll's
    margin of error of ``six points``, the ``first two states`` to vote and ``two of the
    states`` a candidate won. A part never meets a whole (``eight of the past nine contests``,
    ``the past eight contests``), and two parts, which may be of two wholes (``Five of his
    points came in a 7 - 0 run``, ``five points during a pivotal 15 - 2 run``), meet only in one
    sentence, with another figure alike, or by one predicate."""
    if a.part != b.part:
        return False  # "seven of the past eight contests" won and "eight of the past nine"
    if _one_predicate(a, b):
        return True
    if a.part:  # two parts of what may be two wholes: "Five of his points came in a 7 - 0
        # run", "five points during a pivotal 15 - 2 run"
        return _one_sentence(a, b) or _figure_alike(a, b)
    if a.series != b.series:
        # one side says which ones of a series it counts, the other not: "three recent polls"
        # and "three polls" of another week, "three early states" won and "the first three
        # states" to vote; names of a race's candidates are in every sentence of it
        return _one_sentence(a, b) or _figure_alike(a, b)
    nested = a.counted <= b.counted or b.counted <= a.counted
    if nested and (a.counted or b.counted):
        return True
    doers = _one_doer(a, b)
    if doers is not None:
        return doers
    if _one_sentence(a, b) or _figure_alike(a, b):
        return True
    # one named person, place or thing both sentences tell of: "seven bullets entered Gray's
    # body", "Seven bullets hit Mr. Gray"
    return bool(a.names & b.names)


def _one_predicate(a: _Counted, b: _Counted) -> bool:
    """Whether one thing happened to both figures (one predicate class)."""
    return bool(a.predicate and a.predicate == b.predicate)


def _one_sentence(a: _Counted, b: _Counted) -> bool:
    return bool(a.sentence) and a.sentence == b.sentence


def _figure_alike(a: _Counted, b: _Counted) -> bool:
    """Whether both sentences give another figure alike: ``29 of 34 for 364 yards``."""
    return bool(a.other_numbers & b.other_numbers)


def _one_doer(a: _Counted, b: _Counted) -> bool | None:
    """Whether two figures' doers may be one (``Hansbrough``, ``the reigning national player
    of the year``); None when either side names none or only a pronoun it does not resolve."""
    first, second = _doer(a.claim), _doer(b.claim)
    if not (first and second) or unresolved(first) or unresolved(second):
        return None
    return not different_doers(first, second)


def _vague(claim: Claim) -> bool:
    """Whether a claim gives a magnitude, not a figure: ``thousands``, ``tens of thousands``."""
    return hedge_of(claim) in VAGUE_HEDGES


def _one_happening(a: _Counted, b: _Counted) -> bool:
    """Whether two figures say one thing happened or come from one sentence: what two
    magnitudes (``millions of people``) need to be one fact, since news writes them of
    anything."""
    return _one_predicate(a, b) or _one_sentence(a, b)


def _one_score(a: _Counted, b: _Counted) -> bool:
    """Whether two equal scores in points are one: one thing done (``scored``), one doer
    named on both sides, one sentence, or another figure both sentences give, and never the
    points of two doers named apart (Carter ``scored 14 points``, Artino's ``14 points
    bettered his career high of 13``, whatever else the sentences share). Points are what
    every poll, margin and game is told in: equal ones meet by chance."""
    doers = _one_doer(a, b)
    if doers is False:
        return False
    return _one_happening(a, b) or _figure_alike(a, b) or bool(doers)


def _told_alike(a: _Counted, b: _Counted) -> bool:
    """Whether two figures say the same thing happened (one predicate class) or count the very
    same thing: what two values that agree only within a hedge's tolerance need to be one
    figure (``2.5 million people eligible`` and ``some 2.44 million people`` who voted are two).
    A sum of money counts nothing: ``about $47 billion`` and ``$45 billion`` may be two
    fortunes; and a share of what it counts is one only by one predicate: ``76 percent of the
    vote`` counted and ``close to 80 percent of the vote`` won."""
    counts_a_thing = bool(a.claim.counted and b.claim.counted) and a.unit not in SHARE_UNITS
    return _one_predicate(a, b) or (counts_a_thing and a.counted == b.counted)


def _may_be_one_figure(a: _Counted, b: _Counted, articles: Mapping[str, Article]) -> bool:
    """Whether two figures may measure one thing: they count the same thing, of no two known
    doers, and no two predicates say different things happened (86 treated, 47 died)."""
    if a.predicate and b.predicate and a.predicate != b.predicate:
        return False
    if different_doers(_doer(a.claim), _doer(b.claim)):
        return False
    if _someone_else(a.claim, b.claim, articles):
        return False
    return _counts_the_same(a, b, articles)


def look_alike_articles(keyed: Sequence[_Counted], book: SourceBook) -> frozenset[frozenset[str]]:
    """The pairs of articles that tell of two look-alike events, not of one.

    Two reports of one event agree on some of the things both count; two reports of two
    captures of pirates in one story (two boats, seven rifles, 13 magazines; three boats, six
    rifles, 12 magazines) differ on every one. Articles that give different values for at
    least ``LOOK_ALIKE_DIFFERENCES`` kinds of thing (units: boats, rifles) and the same value
    for none are kept from conflicting: a wrong conflict is worse than a missed one. Two
    values of one kind (two falls of two climbers, told by both) are no such evidence.
    """
    agreeing: set[frozenset[str]] = set()
    differing: dict[frozenset[str], set[str]] = {}  # article pair -> the units they differ on
    by_unit: dict[str, list[_Counted]] = {}
    for item in keyed:
        if item.unit and item.unit not in FREQUENCY_UNITS:
            by_unit.setdefault(item.unit, []).append(item)
    for same_unit in by_unit.values():
        for i, a in enumerate(same_unit):
            for b in same_unit[i + 1 :]:
                pair = frozenset((a.claim.article_id, b.claim.article_id))
                if len(pair) < 2 or not _may_be_one_figure(a, b, book.articles):
                    continue
                if values_agree(a.claim, b.claim):
                    agreeing.add(pair)
                else:
                    differing.setdefault(pair, set()).add(a.unit)
    return frozenset(
        pair
        for pair, units in differing.items()
        if pair not in agreeing and len(units) >= LOOK_ALIKE_DIFFERENCES
    )


def group_claims(claims: Sequence[Claim], book: SourceBook) -> list[list[Claim]]:
    """Claims in groups of the same figure (complete linkage, in input order): a claim joins
    the first group whose every member reports the same figure. Background figures (tied to
    another year, or told right after such a figure: ``background_claims``) stay alone: they
    are no finding of this story."""
    years = story_years(book)
    told_apart = background_claims([c for c in claims if pairable(c)], book, years)
    comparable = {c.id for c in claims if pairable(c) and c.id not in told_apart}
    keyed_claims = [_keys(claim, book) for claim in claims]
    apart = look_alike_articles([k for k in keyed_claims if k.claim.id in comparable], book)
    groups: list[list[_Counted]] = []
    open_groups: list[list[_Counted]] = []  # those a comparable claim started: they may grow
    for keyed in keyed_claims:
        if keyed.claim.id not in comparable:
            groups.append([keyed])
            continue
        home = next(
            (
                g
                for g in open_groups
                if all(same_thing(keyed, other, book.articles, apart) for other in g)
            ),
            None,
        )
        if home is None:
            groups.append([keyed])
            open_groups.append(groups[-1])
        else:
            home.append(keyed)
    return [[k.claim for k in group] for group in groups]


def time_cues(claim: Claim, articles: Mapping[str, Article]) -> list[str]:
    """What the claim's sentence says about when: ``In March``, ``since the summit``,
    ``previously``; the claim's resolved time value first when it has one."""
    cues = [claim.time.value] if claim.time else []
    article = articles.get(claim.article_id)
    if article is not None:
        cues += [m.group(0) for m in _TIME_CUES.finditer(claim.span.of(article.text))]
    return cues


def side_of(claim: Claim, book: SourceBook) -> Side:
    """One figure of a group as the report shows it: as written, by whom, and when."""
    article = book.articles.get(claim.article_id)
    return Side(
        member_id=claim.id,
        article_id=claim.article_id,
        value=claim.quantity,
        as_written=claim.quantity_span.of(article.text) if article else None,
        approximation=claim.approximation,
        predicate=claim.predicate,
        claimant=claim.claimant,
        stance=claim.stance,
        time=tuple(time_cues(claim, book.articles)),
        published=article.published.date if article else None,
    )


def _conflict_facts(group: Sequence[Claim], sides: Sequence[Side]) -> tuple[bool, bool, bool]:
    """Same speaker? Maybe different dates? Do the bounds still allow one value?"""
    claimants = [c.claimant for c in group]
    same_speaker = all(claimants) and all(names_compatible(claimants[0], c) for c in claimants)
    # the when of each value: its time, else the cues of its sentence, else its article's date
    whens = {side.time or (str(side.published),) for side in sides}
    bounds = [interval(c) for c in group]
    compatible = max(lo for lo, _ in bounds) <= min(hi for _, hi in bounds)
    return bool(same_speaker), len(whens) > 1, compatible


def _figures(group: Sequence[Claim], sides: Sequence[Side]) -> str:
    """The distinct values of a group, each as first written with the articles giving it:
    ``at least 41 people (6 articles) vs 47 people (2 articles)``. A value written in two
    units is one value (``about 60 metres (200 feet)``)."""
    buckets: list[list[tuple[Claim, Side]]] = []
    for pair in zip(group, sides, strict=True):
        home = next((b for b in buckets if values_agree(b[0][0], pair[0])), None)
        if home is None:
            buckets.append([pair])
        else:
            home.append(pair)
    shown = []
    for same in buckets:
        first = same[0][1]
        written = first.as_written or f"{first.value:g}"
        articles = sorted({side.article_id for _claim, side in same})
        where = f"{len(articles)} articles" if len(articles) > 1 else articles[0][:8]
        shown.append(f"{written} ({where})")
    return " vs ".join(shown)


def assess_claims(story_id: str, group: Sequence[Claim], book: SourceBook) -> Assessment:
    """The verdict on one group of claims: conflict, agreed or single-source."""
    lines = reporting_lines(book, (c.article_id for c in group))
    upstreams = [(c.article_id, book.upstream(c.claimant)) for c in group]
    sources = book.names(resolve_sources(book, upstreams))
    disagree = any(not values_agree(a, b) for i, a in enumerate(group) for b in group[i + 1 :])
    first = group[0]
    counted = sorted((c.counted for c in group if c.counted), key=lambda t: (-len(t), t))
    subject = (counted[0] if counted else first.unit) or "quantity"
    sides = tuple(side_of(c, book) for c in group)
    details = ClaimDetails(
        counted=first.counted,
        unit=first.unit,
        predicate=predicate_class(next((c.predicate for c in group if c.predicate), None)),
        sides=sides,
        reporting_lines=len(lines),
    )
    notes = [
        f"{len(lines)} reporting line(s), {len(sources)} independent source(s): "
        + ", ".join(sources)
    ]
    if disagree:
        verdict = Verdict.CONFLICT
        same_speaker, may_differ, compatible = _conflict_facts(group, sides)
        details = replace(
            details,
            same_speaker=same_speaker,
            may_differ_in_time=may_differ,
            bounds_compatible=compatible,
        )
        notes.append("different values: " + _figures(group, sides))
        if same_speaker:
            notes.append(f"both from the same speaker, {first.claimant}")
        if may_differ:
            notes.append(
                "the values may refer to different dates: "
                + "; ".join(", ".join(side.time) or "no date given" for side in sides)
            )
        if compatible:
            notes.append("the hedges (at least / up to / around) leave room for one value")
    else:
        verdict = agreement_verdict(c.article_id for c in group)
    return Assessment(
        story_id,
        verdict,
        subject,
        tuple(c.id for c in group),
        tuple(sources),
        tuple(notes),
        details,
    )


def reconcile_claims(story_id: str, claims: Sequence[Claim], book: SourceBook) -> list[Assessment]:
    """One assessment per group of claims of the story."""
    return [assess_claims(story_id, g, book) for g in group_claims(claims, book)]
