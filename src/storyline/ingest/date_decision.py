"""The publication date decided from all the evidence, with the reason.

A wrong date does more harm than a missing one: it puts an article in the wrong story window
and raises false "may differ in time" flags. So the decision is by agreement. Each witness
(a ``<meta>`` tag, JSON-LD, the URL, htmldate's two modes, the dateline, a date stated in the
text) names a day and its source; a day is published when the witnesses that can be trusted
for it agree, and when they do not the result is no date and a reason that names them.

``decide_publication`` is a pure function of the evidence: the same witnesses give the same
``DateDecision`` wherever it is called (HTML reader, JSONL, metadata of plain text).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from storyline.model import DateBasis, Published


class EvidenceKind(StrEnum):
    """What a witness says about the day."""

    PUBLISHED = "published"  # a field meant for the publication date (meta, JSON-LD, microdata)
    UPDATED = "updated"  # a modified/updated field: an upper bound, never the publication date
    URL = "url"  # a day in the page's URL path
    HTMLDATE_FAST = "htmldate fast"  # htmldate on the markup only
    HTMLDATE_EXTENSIVE = "htmldate extensive"  # htmldate on markup and page text
    GIVEN = "given"  # the input format's own field (JSONL "published", a feed entry's date)
    DATELINE = "dateline"  # "SEOUL, May 15, 2024 (UPI) --"
    TEXT = "text"  # stated at the top of the text: an agency stamp or id line


@dataclass(frozen=True, slots=True)
class DateEvidence:
    """One witness: the day it names, what kind of witness it is, where it was read."""

    day: date
    kind: EvidenceKind
    source: str  # "meta property=article:published_time", "JSON-LD datePublished", "URL path"
    raw: str = ""  # the value as written

    def describe(self) -> str:
        """The witness in words: a dateline or stamp is its own words, a field is named."""
        if self.kind in (EvidenceKind.DATELINE, EvidenceKind.TEXT) and self.raw:
            return self.raw
        return f"{self.source} {self.raw or self.day.isoformat()}"


@dataclass(frozen=True, slots=True)
class DateDecision:
    """The publication date (or None), its basis, the witnesses for it and the reason."""

    date: date | None
    basis: DateBasis
    evidence: tuple[DateEvidence, ...]
    reason: str

    def as_published(self) -> Published:
        """The decision as the article's ``Published`` record (evidence or reason as words)."""
        if self.date is None:
            return Published(None, DateBasis.UNKNOWN, self.reason or None)
        return Published(self.date, self.basis, "; ".join(e.describe() for e in self.evidence))


UTC_TIME = re.compile(r"T(\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]00:?00)$")
EARLY_UTC_HOUR = 8  # UTC-8 (US Pacific) still has the previous day before 08:00 UTC
NO_EVIDENCE = DateDecision(None, DateBasis.UNKNOWN, (), "")
# Witnesses that state the publication day in the page's structure: each family counts once,
# since a CMS that writes article:published_time usually writes og:published_time too.
STRUCTURED = (EvidenceKind.PUBLISHED, EvidenceKind.URL, EvidenceKind.GIVEN)
BASIS = {
    EvidenceKind.PUBLISHED: DateBasis.METADATA,
    EvidenceKind.URL: DateBasis.METADATA,
    EvidenceKind.GIVEN: DateBasis.METADATA,
    EvidenceKind.HTMLDATE_FAST: DateBasis.METADATA,
    EvidenceKind.HTMLDATE_EXTENSIVE: DateBasis.TEXT,
    EvidenceKind.DATELINE: DateBasis.DATELINE,
    EvidenceKind.TEXT: DateBasis.TEXT,
    EvidenceKind.UPDATED: DateBasis.METADATA,
}


def _family(item: DateEvidence) -> str:
    """Witnesses of one family are one vote: all meta tags, all JSON-LD fields, the URL."""
    return item.kind.value if item.kind != EvidenceKind.PUBLISHED else item.source.split(" ")[0]


def _decided(day: date, evidence: tuple[DateEvidence, ...], reason: str) -> DateDecision:
    support = tuple(e for e in evidence if e.day == day and e.kind != EvidenceKind.UPDATED)
    return DateDecision(day, BASIS[support[0].kind], support, reason)


def _none(reason: str, evidence: tuple[DateEvidence, ...]) -> DateDecision:
    named = ", ".join(e.describe() for e in evidence)
    return DateDecision(None, DateBasis.UNKNOWN, (), f"{reason}: {named}" if named else reason)


def decide_publication(evidence: tuple[DateEvidence, ...]) -> DateDecision:
    """The publication day the witnesses agree on, or None with the reason.

    - witnesses in the page structure (publication meta tags, JSON-LD, microdata, the URL, the
      input's own field) decide first: their one day, or the day most of their families give;
      two days one apart where the later is an early-morning UTC stamp are one evening in the
      Americas; any other disagreement gives no date;
    - without them, a full date stated at the top of the text (agency stamp, dateline);
    - then htmldate's fast mode (markup), then its extensive mode (the page text), unless the
      day is the 1st of a month: htmldate's completion of a lone year or month;
    Updated/modified fields never vote.
    """
    if not evidence:
        return NO_EVIDENCE
    structured = [e for e in evidence if e.kind in STRUCTURED]
    if structured:
        return _by_structure(structured, evidence)
    text = {e.day for e in evidence if e.kind in (EvidenceKind.DATELINE, EvidenceKind.TEXT)}
    if len(text) == 1:
        return _decided(text.pop(), evidence, "the text states it")
    if len(text) > 1:
        return _none("the dates at the top of the text disagree", evidence)
    found = [
        e
        for e in evidence
        if e.kind in (EvidenceKind.HTMLDATE_FAST, EvidenceKind.HTMLDATE_EXTENSIVE)
    ]
    if found:
        best = found[0]  # the fast mode (markup) before the extensive mode (page text)
        if best.day.day == 1:
            # htmldate completes a lone year or month ("© 2016", "2020-02") with day 1
            return _none("only a month or a year is given", evidence)
        mode = "markup" if best.kind == EvidenceKind.HTMLDATE_FAST else "page text"
        return _decided(best.day, evidence, f"htmldate found it in the {mode}")
    return _none("no witness", evidence)


def _by_structure(
    structured: list[DateEvidence], evidence: tuple[DateEvidence, ...]
) -> DateDecision:
    """One day among the page's date fields, or the majority of their families, or none."""
    families: dict[date, set[str]] = defaultdict(set)
    for item in structured:
        families[item.day].add(_family(item))
    if len(families) == 1:
        return _decided(next(iter(families)), evidence, "the page's date fields agree")
    ranked = sorted(families, key=lambda day: (-len(families[day]), day))
    if len(families[ranked[0]]) > len(families[ranked[1]]):
        return _decided(ranked[0], evidence, "most of the page's date fields agree")
    if len(families) == 2 and (ranked[1] - ranked[0]).days == 1:
        later = [e for e in structured if e.day == ranked[1]]
        if all(_early_utc(e.raw) for e in later):
            # One moment in two time zones: a UTC stamp in the first hours of its day is the
            # evening before where the page was written (the URL or the local field says so).
            return _decided(ranked[0], evidence, "the later field is an early-morning UTC time")
    return _none("the page's date fields disagree", tuple(structured))


def _early_utc(raw: str) -> bool:
    """A UTC timestamp before 08:00 (``2020-02-18T02:18:11Z``), local evening in the Americas."""
    match = UTC_TIME.search(raw)
    return match is not None and int(match[1]) < EARLY_UTC_HOUR
