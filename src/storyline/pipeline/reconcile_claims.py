"""Reconciling numeric claims: the same thing counted, the same or different values.

Two claims are about the same thing when they count it in the same unit (``containers`` and
``containers of munitions``: one counted phrase contains the other, lemma by lemma, and
calibres such as ``152-millimeter`` must be equal), the claimants are the same or one is
unknown, and nothing says they cover different periods (a rate ``per year`` against a total,
or two claim times that do not overlap). A bare number with neither unit nor counted noun,
a year or an id is never paired: those would be false alarms.

A group whose values differ beyond what their hedges allow (``around`` 10 %, an exact figure
0.5 % for rounding) is a *conflict*; the details say whether one speaker gave both values,
whether the values may refer to different dates, and whether a bound (``at least 6,700``)
makes the two figures compatible after all.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from storyline.model import Article, Assessment, Claim, Verdict
from storyline.pipeline.reconcile_sources import SourceBook, reporting_lines, resolve_sources
from storyline.pipeline.reconcile_text import content_lemmas, lemma, names_compatible

EXACT_TOLERANCE = 0.005  # an exact figure may still be rounded in the last digits
LOOSE_TOLERANCE = 0.10  # "around", "about", "some", "nearly" ...
LOOSE = frozenset(
    {
        "about",
        "around",
        "some",
        "roughly",
        "approximately",
        "nearly",
        "almost",
        "close to",
        "an estimated",
        "estimated",
        "as many as",
        "as much as",
        "an average of",
        "on average",
        "just over",
        "just under",
        "well over",
    }
)
LOWER_BOUNDS = frozenset(
    {
        "at least",
        "more than",
        "over",
        "upwards of",
        "in excess of",
        "no fewer than",
        "no less than",
        "just over",
        "well over",
    }
)
UPPER_BOUNDS = frozenset(
    {
        "at most",
        "less than",
        "fewer than",
        "no more than",
        "up to",
        "under",
        "just under",
        "as few as",
    }
)
# vague plurals: the claims module gives their least value; they reach up to the next scale
VAGUE_UPPER = {
    "dozens": 120.0,
    "hundreds": 1e3,
    "thousands": 1e4,
    "millions": 1e7,
    "billions": 1e10,
}
_CALIBRE = re.compile(r"(\d+(?:\.\d+)?)\s*-?\s*(?:mm|millimet(?:er|re)s?)\b", re.IGNORECASE)
_RATE = re.compile(
    r"\b(?:per|a|each|every)\s+(day|week|month|year)\b|\b(daily|weekly|monthly|"
    r"annually|yearly)\b",
    re.IGNORECASE,
)
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


@dataclass(frozen=True)
class _Counted:
    """A claim with the keys that decide what it counts."""

    claim: Claim
    unit: str
    counted: frozenset[str]
    calibres: frozenset[str]
    rate: str


def _calibres(text: str) -> frozenset[str]:
    return frozenset(f"{float(m.group(1)):g}mm" for m in _CALIBRE.finditer(text))


def _rate(claim: Claim, articles: Mapping[str, Article]) -> str:
    article = articles.get(claim.article_id)
    if article is None:
        return ""
    found = _RATE.search(claim.span.of(article.text))
    return (found.group(1) or found.group(2)).lower() if found else ""


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


def _keys(claim: Claim, articles: Mapping[str, Article]) -> _Counted:
    counted = claim.counted or ""
    words = frozenset(w for w in content_lemmas(_CALIBRE.sub(" ", counted)) if not w.isdigit())
    unit = lemma(claim.unit.casefold()) if claim.unit else ""
    return _Counted(claim, unit, words - {unit}, _calibres(counted), _rate(claim, articles))


def _periods_overlap(a: Claim, b: Claim) -> bool:
    """False only when both claims carry calendar intervals and these do not overlap."""
    if a.time is None or b.time is None:
        return True
    if None in (a.time.start_date, a.time.end_date, b.time.start_date, b.time.end_date):
        return True
    return not (a.time.end_date < b.time.start_date or b.time.end_date < a.time.start_date)  # type: ignore[operator]


def same_thing(a: _Counted, b: _Counted) -> bool:
    """Whether two claims count the same thing, in the same unit, for the same period."""
    if a.unit != b.unit or a.calibres != b.calibres or a.rate != b.rate:
        return False
    if not (a.counted and b.counted) and not a.unit:
        return False
    if a.counted and b.counted and not (a.counted <= b.counted or b.counted <= a.counted):
        return False
    if a.claim.claimant and b.claim.claimant:
        same_id = (
            a.claim.claimant_entity_id and a.claim.claimant_entity_id == b.claim.claimant_entity_id
        )
        if not (same_id or names_compatible(a.claim.claimant, b.claim.claimant)):
            return False
    return _periods_overlap(a.claim, b.claim)


def group_claims(claims: Sequence[Claim], articles: Mapping[str, Article]) -> list[list[Claim]]:
    """Claims in groups of the same thing counted (complete linkage, in input order): a claim
    joins the first group whose every member counts the same thing."""
    groups: list[list[_Counted]] = []
    for claim in claims:
        keyed = _keys(claim, articles)
        home = next(
            (
                g
                for g in groups
                if pairable(claim)
                and pairable(g[0].claim)
                and all(same_thing(keyed, other) for other in g)
            ),
            None,
        )
        if home is None:
            groups.append([keyed])
        else:
            home.append(keyed)
    return [[k.claim for k in group] for group in groups]


def _hedge(claim: Claim) -> str:
    return (claim.approximation or "").casefold()


def interval(claim: Claim) -> tuple[float, float]:
    """The values a claim allows, given its hedge."""
    value, hedge = claim.quantity, _hedge(claim)
    if hedge in VAGUE_UPPER:
        return value, VAGUE_UPPER[hedge]
    if hedge in LOWER_BOUNDS:
        return value, math.inf
    if hedge in UPPER_BOUNDS:
        return 0.0, value
    spread = LOOSE_TOLERANCE if hedge in LOOSE else EXACT_TOLERANCE
    return value * (1 - spread), value * (1 + spread)


def values_agree(a: Claim, b: Claim) -> bool:
    """Whether two figures for the same thing agree as written: equal within the looser of
    their hedges' tolerances (vague plurals: their ranges overlap)."""
    if _hedge(a) in VAGUE_UPPER or _hedge(b) in VAGUE_UPPER:
        return _overlap(interval(a), interval(b))
    spread = max(LOOSE_TOLERANCE if _hedge(c) in LOOSE else EXACT_TOLERANCE for c in (a, b))
    return abs(a.quantity - b.quantity) <= spread * max(abs(a.quantity), abs(b.quantity))


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def time_cues(claim: Claim, articles: Mapping[str, Article]) -> list[str]:
    """What the claim's sentence says about when: ``In March``, ``since the summit``,
    ``previously``; the claim's resolved time value first when it has one."""
    cues = [claim.time.value] if claim.time else []
    article = articles.get(claim.article_id)
    if article is not None:
        cues += [m.group(0) for m in _TIME_CUES.finditer(claim.span.of(article.text))]
    return cues


def _value_entry(claim: Claim, book: SourceBook) -> dict[str, Any]:
    article = book.articles.get(claim.article_id)
    published = article.published.date if article else None
    return {
        "claim_id": claim.id,
        "article_id": claim.article_id,
        "value": claim.quantity,
        "as_written": claim.quantity_span.of(article.text) if article else None,
        "approximation": claim.approximation,
        "claimant": claim.claimant,
        "stance": claim.stance.value,
        "time": time_cues(claim, book.articles),
        "published": published.isoformat() if published else None,
    }


def _conflict_facts(group: Sequence[Claim], book: SourceBook) -> dict[str, Any]:
    """Same speaker? Maybe different dates? Do the bounds still allow one value?"""
    claimants = [c.claimant for c in group]
    same_speaker = all(claimants) and all(names_compatible(claimants[0], c) for c in claimants)
    # the when of each value: its time, else the cues of its sentence, else its article's date
    whens = {
        tuple(time_cues(c, book.articles)) or (str(_value_entry(c, book)["published"]),)
        for c in group
    }
    bounds = [interval(c) for c in group]
    compatible = max(lo for lo, _ in bounds) <= min(hi for _, hi in bounds)
    return {
        "same_speaker": bool(same_speaker),
        "may_differ_in_time": len(whens) > 1,
        "bounds_compatible": compatible,
    }


def _figure(claim: Claim, book: SourceBook) -> str:
    entry = _value_entry(claim, book)
    written = entry["as_written"] or f"{claim.quantity:g}"
    return f"{written} ({claim.article_id[:8]})"


def assess_claims(story_id: str, group: Sequence[Claim], book: SourceBook) -> Assessment:
    """The verdict on one group of claims: conflict, agreed or single-source."""
    lines = reporting_lines(book, (c.article_id for c in group))
    upstreams = [(c.article_id, book.upstream(c.claimant)) for c in group]
    sources = sorted({book.display(s) for s in resolve_sources(book, upstreams)})
    disagree = any(not values_agree(a, b) for i, a in enumerate(group) for b in group[i + 1 :])
    first = group[0]
    counted = sorted((c.counted for c in group if c.counted), key=lambda t: (-len(t), t))
    subject = (counted[0] if counted else first.unit) or "quantity"
    details: dict[str, Any] = {
        "kind": "claim",
        "counted": first.counted,
        "unit": first.unit,
        "values": [_value_entry(c, book) for c in group],
        "independent_sources": sources,
        "reporting_lines": len(lines),
    }
    notes = [
        f"{len(lines)} reporting line(s), {len(sources)} independent source(s): "
        + ", ".join(sources)
    ]
    if disagree:
        verdict = Verdict.CONFLICT
        facts = _conflict_facts(group, book)
        details.update(facts)
        notes.append("different values: " + " vs ".join(_figure(c, book) for c in group))
        if facts["same_speaker"]:
            notes.append(f"both from the same speaker, {first.claimant}")
        if facts["may_differ_in_time"]:
            notes.append(
                "the values may refer to different dates: "
                + "; ".join(", ".join(v["time"]) or "no date given" for v in details["values"])
            )
        if facts["bounds_compatible"]:
            notes.append("the hedges (at least / up to / around) leave room for one value")
    else:
        verdict = Verdict.AGREED if len(lines) > 1 else Verdict.SINGLE_SOURCE
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
    return [assess_claims(story_id, g, book) for g in group_claims(claims, book.articles)]
