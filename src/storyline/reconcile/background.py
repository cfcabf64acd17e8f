"""Which figures of a story tell of another event, place or time: its background.

``the worst since the 2004 quake that killed 230,000``, ``San Bernardino in 2015, where 14 were
killed``, ``In May, thieves stole £910,000``, ``so far``, ``home to 120,000 people``: a figure
whose sentence ties it to another event, another time, a running total or a standing fact is
no figure of the story's own event, and ``storyline.reconcile.claims`` neither sets it against
the story's figures nor counts it as agreeing with them (``background_claims``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence

from storyline.model import Claim
from storyline.nlp.claims.predicates import known_class
from storyline.reconcile.places import other_place
from storyline.reconcile.sources import SourceBook
from storyline.reconcile.text import content_lemmas

# a rate: "per year", "annually", and a player's average "23 points and eight rebounds a game"
# (after a counted plural; not "a game-high 29 points", "in a game")
RATE = re.compile(
    r"\b(?:per|a|each|every)\s+(day|week|month|year)\b|\b(daily|weekly|monthly|"
    r"annually|yearly)\b|(?<=s )(?:per|a|an|each|every)\s+(game|match|outing)\b(?!-)",
    re.IGNORECASE,
)

# a year in a claim's sentence other than its story's: the figure belongs to another event
_YEAR = re.compile(r"(?<![\d,.])(1[89]\d\d|20\d\d)(?!\d|,\d)")


def rate_unit(found: re.Match[str]) -> str:
    """What a rate is counted per, as written: ``year`` of ``per year``, ``annually``, ``game``."""
    return next(unit for unit in found.groups() if unit).lower()


def story_years(book: SourceBook) -> frozenset[int]:
    """The years of the story's dated articles."""
    return frozenset(
        a.published.date.year for a in book.articles.values() if a.published.date is not None
    )


_MONTHS = [calendar.month_name[number] for number in range(1, 13)]
# "In May", "at the end of July", "since February": a month the sentence places its figure in
_MONTH_CUE = re.compile(
    r"\b(?i:in|since|during|until|by|(?:at\s+)?the\s+(?:end|start|beginning|middle)\s+of|"
    r"early|late|mid-?)\s+(?i:early\s+|late\s+|mid-?)?(" + "|".join(_MONTHS) + r")\b"
)
# another happening before the story's: "last month", "last season", "two years after", "a day
# after", "The day following Rait's death", "earlier this year"; not "months later" (which
# dates the story's own news: "three and a half months later, the inquiry agreed: 47 died")
# nor "in the days after the collapse" (the story's own aftermath)
_OTHER_TIME_CUE = re.compile(
    r"\b(?:last|previous|past)\s+(?:month|year|season|summer|winter|spring|autumn|fall|decade)\b"
    r"|\bearlier\s+this\s+(?:month|year)\b"
    r"|\b(?<!the )(?:days?|weeks?|months?|years?|decades?)\s+(?:after|before|earlier|ago|"
    r"following|prior)\b"
    r"|\bthe\s+(?:day|week|month|year)\s+(?:after|before|following)\b",
    re.IGNORECASE,
)
# one more happening after the one the text has just told: "Thieves also targeted the Cannes
# film festival", "Days later a $2.5 million necklace was lifted"; not one more saying ("The
# governor also said that five people had received treatment")
_ONE_MORE = re.compile(
    r"\balso\s+(?!(?:said|says|told|tells|reported|reports|added|adds|noted|notes|stated|"
    r"confirmed|announced|estimated|claimed|wrote|quoted)\b)\w"
    r"|^\W*(?:\w+\s+)?(?:hours|days|weeks|months)\s+(?:later|earlier)\b",
    re.IGNORECASE,
)
# standing facts of a place or a person, not of the story's event: "Qeshm, home to 120,000
# people", "a population of 100,000", "Comeaux, who is serving three life sentences", a
# career's record ("his seven receiving touchdowns were a career best"; not "a career-high 14
# points" nor "scored 23 points to become the all-time leader": the game's figures)
# a running total over several happenings, not the story's one: "so far", "to date", "this
# year" (not "this year's team was undone by three turnovers"), "since the start of the
# season", "during the five operations it carried out"
_CUMULATIVE_CUE = re.compile(
    r"\b(?:so|thus)\s+far\b|\bto\s+date\b|\bthis\s+(?:past\s+)?(?:year|season)\b(?!\s*['’]\s*s\b)|"
    r"\bsince\s+the\s+(?:start|beginning)\s+of\b|\b(?:during|in|over|across)\s+(?:the\s+|their\s+|its\s+)?"
    r"(?:\w+\s+)?(?:operations|raids|attacks|missions|patrols|incidents|seasons|campaigns)\b",
    re.IGNORECASE,
)
_STANDING_CUE = re.compile(
    r"\bhome\s+to\b|\bpopulation\b|\binhabitants\b|\bserving\b|\bcareer\s+(?:best|record)\b",
    re.IGNORECASE,
)
# a person's household, not the story's event: "a wife and two children", "survived by three
# sons", "a father of four"
_KIN = frozenset(
    {"child", "children", "son", "daughter", "grandchild", "grandchildren", "kid", "sibling",
     "brother", "sister", "stepchild", "stepchildren"}
)  # fmt: skip
_HOUSEHOLD_CUE = re.compile(
    r"\b(?:wife|husband|widow(?:er)?|family\s+man|leaves?\s+behind|survived\s+by|"
    r"(?:father|mother|parent)\s+of)\b",
    re.IGNORECASE,
)
# a yearly rate is a standing fact (trade, budgets, output), not a figure of one event
ANNUAL_RATES = frozenset({"year", "yearly", "annually"})


def _sentence_around(claim: Claim, text: str) -> str:
    """The claim's sentence without the figure's own words (``the 2024 budget``)."""
    return (
        text[claim.span.start : claim.quantity_span.start]
        + " "
        + text[claim.quantity_span.end : claim.span.end]
    )


def background(claim: Claim, book: SourceBook, years: frozenset[int] | None = None) -> str | None:
    """What ties a claim's sentence to another event, place or time, or None for a figure of
    the story's own event.

    ``the worst since the 2004 quake that killed 230,000``, ``San Bernardino in 2015, where 14
    were killed``: a sentence that writes a year other than its article's (else its story's)
    tells of another event, and its figures are background. So does a month other than its
    article's in an unattributed figure's sentence (``In May, thieves stole £910,000``; any
    month when the article is undated), a time counted from another happening (``last
    month``, ``two years after``), a running total (``so far``, ``during the five
    operations``) and a standing fact (``home to 120,000 people``, ``serving three life
    sentences``), and so does a country that nothing else in the story names (``killed by a
    quake in eastern China`` in an Iran quake story: ``storyline.reconcile.places``). Without
    any date to go by, every written year is another time. When the scope is unsure the
    figure is left out: a wrong finding is worse than none.
    """
    article = book.articles.get(claim.article_id)
    if article is None:
        return None
    own = article.published.date
    current = {own.year} if own is not None else (story_years(book) if years is None else years)
    sentence = _sentence_around(claim, article.text)
    other: list[str] = [y for y in _YEAR.findall(sentence) if int(y) not in current]
    if other:
        return other[0]
    rest = article.text[: claim.span.start] + " " + article.text[claim.span.end :]
    others = (a.text for a in book.articles.values() if a.id != article.id)
    if (place := other_place(sentence, rest, others)) is not None:
        return place  # "a quake in eastern China" in an Iran quake story
    # an attributed figure's month may date the saying (``In March, Shin said 7,000 had been
    # sent``): an earlier reading of the same figure, which the conflict notes as such
    for month in _MONTH_CUE.finditer(sentence if claim.claimant is None else ""):
        if own is None or _MONTHS.index(month.group(1)) + 1 != own.month:
            return month.group(0)
    # a running total's scope counts the happenings it runs over: "during the five
    # operations" is as much of the total as the rifles seized in them
    whole = claim.span.of(article.text)
    if (found := _CUMULATIVE_CUE.search(whole)) is not None:
        return found.group(0)
    cues = (_OTHER_TIME_CUE, _STANDING_CUE)
    if (found := next((m for cue in cues if (m := cue.search(sentence))), None)) is not None:
        return found.group(0)
    if (rate := RATE.search(whole)) is not None and rate_unit(rate) in ANNUAL_RATES:
        return rate.group(0)
    # "killed his wife and two children" counts victims: a known happening is the event's
    counted = set(content_lemmas(claim.counted or claim.unit or ""))
    household = counted & _KIN and known_class(claim.predicate) is None
    if household and (found := _HOUSEHOLD_CUE.search(sentence)) is not None:
        return found.group(0)
    return None


def background_claims(
    claims: Sequence[Claim], book: SourceBook, years: frozenset[int] | None = None
) -> set[str]:
    """The ids of the claims that tell of another event (``background``), and of those whose
    sentence tells of one more happening (``Thieves also targeted the Cannes film festival``,
    ``Days later a necklace was lifted``) right after a background figure: the text goes on
    with that other event. The figure of the sentence before decides, in text order. Only
    figures that may be compared at all are to be given (``claims.pairable``): a year or an
    id is none."""
    found: set[str] = set()
    for article_claims in _by_article(claims).values():
        sentence: int | None = None
        before = now = False  # a background figure in the sentence before, in this one
        for claim in article_claims:
            if claim.span.start != sentence:
                sentence, before, now = claim.span.start, now, False
            if background(claim, book, years) is not None or (before and continues(claim, book)):
                found.add(claim.id)
                now = True
    return found


def _by_article(claims: Sequence[Claim]) -> dict[str, list[Claim]]:
    """A story's claims by article, each article's in text order."""
    by_article: dict[str, list[Claim]] = {}
    for claim in sorted(claims, key=lambda c: (c.article_id, c.quantity_span.start)):
        by_article.setdefault(claim.article_id, []).append(claim)
    return by_article


def continues(claim: Claim, book: SourceBook) -> bool:
    """Whether a claim's sentence tells of one more happening after the one told before it:
    ``also`` before anything but a verb of saying, or a time counted from it (``Days
    later``)."""
    article = book.articles.get(claim.article_id)
    return article is not None and _ONE_MORE.search(claim.span.of(article.text)) is not None
