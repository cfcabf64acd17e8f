"""Article metadata: outlet, byline, dateline, language and the publication date with its basis.

The publication date is the hard part. A page header date ("Thursday, December 26, 2024" above
an article from May 2024) is the day the page was scraped, not published: it is kept apart as
``page_date`` and used only as an upper bound. Where no year can be established the date stays
unknown; nothing here ever falls back to today. Clues that name a day without a year (a
dateline "SEOUL, May 15", "state media said Wednesday") are returned as ``DateClues`` so the
story stage can complete them from dated articles about the same event.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from itertools import islice
from typing import TYPE_CHECKING

from storyline.ingest.date_decision import DateEvidence, EvidenceKind, decide_publication
from storyline.ingest.date_lines import (
    MONTH_NUMBER,
    MONTHS,
    STAMP_TIME,
    STAMP_UPDATE,
    STAMP_WORD,
    WEEKDAYS,
    date_line,
    safe_date,
)
from storyline.ingest.outlets import clean_outlet_name
from storyline.model import DateBasis, Published, RemovedSpan

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

WEEKDAY_NUMBER = {name: i for i, name in enumerate(WEEKDAYS.split("|"))}

# "SEOUL, May 15 (UPI) --", "PORT ALDER, Mar. 4, 2025 (HW) —", and as tokenized corpora
# (ECB+) write it, with spaced punctuation: "LOS ANGELES , Jan. 5 , 2011 ( Reuters ) -",
# "WASHINGTON - April 27 -"
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'-]+(?:[ -][A-Z][A-Z.'-]+)*(?: ?, [A-Z][a-zA-Z.]+)?)"
    r"(?: ?,| [-–—])\s+"
    r"(?P<month>[A-Z][a-z]{2,8}) ?\.?\s+(?P<day>\d{1,2})(?: ?,\s+(?P<year>\d{4}))?"
    r"\s*(?:\(\s*(?P<credit>[^)]{2,40}?)\s*\))?\s*[-–—]+"
)
STAMP_LINES = 4  # a stamp stands in the first lines of the text
# "date 2024-05-15 (MENAFN)": an agency's own stamp at the top of the text
AGENCY_STAMP = re.compile(r"^\s*date\s+(?P<iso>\d{4}-\d{2}-\d{2})\s*\((?P<credit>[^)]{2,40})\)")
# "MENAFN15052024000045015682ID...": agency id lines carry the outlet and the day (DDMMYYYY)
AGENCY_ID = re.compile(r"^(?P<credit>[A-Z]{3,12}?)(?P<dd>\d{2})(?P<mm>\d{2})(?P<yyyy>\d{4})\d")
# "state media said Wednesday", "KCNA reported on Tuesday": the day the upstream report came
REPORT_WEEKDAY = re.compile(
    rf"\b(?:said|reported|announced|stated)\s+(?:on\s+)?(?P<weekday>{WEEKDAYS})\b"
    rf"|\b(?:on\s+)?(?P<weekday2>{WEEKDAYS})\s*\.?$"
)
BYLINE_NAME = re.compile(r"^(?:BY|By)\s+(?P<name>[^\[(]+?)\s*(?:[\[(](?P<email>[^\]\s)]+)[\])])?$")
EMAIL = re.compile(r"[\w.+-]+@(?P<domain>[\w-]+(?:\.[\w-]+)+)")


@lru_cache(maxsize=1)
def known_outlets() -> dict[str, dict[str, str]]:
    """Known outlets, by credit and by web domain (storyline/outlets.json)."""
    text = resources.files("storyline").joinpath("outlets.json").read_text("utf-8")
    outlets: dict[str, dict[str, str]] = json.loads(text)
    return outlets


def outlet_for_credit(credit: str) -> str:
    """The outlet a credit names ("UPI", "Yonhap", "HW"); an unknown credit is kept as written."""
    credit = credit.strip()
    return known_outlets()["credits"].get(
        credit, known_outlets()["credits"].get(credit.upper(), credit)
    )


def outlet_for_domain(domain: str) -> str:
    """The outlet of a web or e-mail domain; an unknown domain is named by the domain itself."""
    domain = domain.lower().removeprefix("www.")
    domains = known_outlets()["domains"]
    parent = domain
    while parent.count(".") >= 1:
        if parent in domains:
            return domains[parent]
        parent = parent.split(".", 1)[1]
    return domain


@dataclass(frozen=True)
class DateClues:
    """What an article says about its own day when it does not give a full date."""

    month_day: tuple[int, int] | None = None  # from a dateline without a year
    weekday: int | None = None  # the weekday its upstream report came out (Monday = 0)
    not_after: date | None = None  # the page header date: published on or before it
    evidence: str | None = None

    @property
    def any(self) -> bool:
        return self.month_day is not None or self.weekday is not None


@dataclass(frozen=True)
class OutletClues:
    """What named the outlet: the input's own field, a credit, an e-mail or web domain.

    Kept so the link stage can learn names across articles: a feed that says "Harbor Wire"
    for stories credited "(HW)" names the outlet of every other "(HW)" story too.
    """

    given: str | None = None
    credit: str | None = None
    domain: str | None = None


@dataclass(frozen=True)
class Metadata:
    outlet: str | None
    outlet_clues: OutletClues
    byline: str | None
    dateline: str | None
    language: str | None
    published: Published
    page_date: date | None
    clues: DateClues


def page_date(removed: tuple[RemovedSpan, ...]) -> date | None:
    """The page header date among the removed lines, if any."""
    for span in removed:
        if span.reason == "page header date":
            match = re.search(rf"({MONTHS})\s+(\d{{1,2}}),?\s+(\d{{4}})", span.text)
            if match:
                return safe_date(int(match[3]), MONTH_NUMBER[match[1]], int(match[2]))
            match = re.search(rf"(\d{{1,2}})\s+({MONTHS})\s+(\d{{4}})", span.text)
            if match:
                return safe_date(int(match[3]), MONTH_NUMBER[match[2]], int(match[1]))
    return None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None for too little text to tell.

    From 40 characters on, the classifier's best guess. A shorter text (a title, a caption)
    needs a confident guess: "Live updates" alone is no language, but a short sentence in a
    script of its own (Chinese needs fewer characters than English to say as much) is one.
    """
    sample = text.strip()[:3000]
    letters = (ch for ch in sample if ch.isalpha())
    if len(list(islice(letters, SHORT_TEXT_LETTERS))) < SHORT_TEXT_LETTERS:
        return None
    code, confidence = _language_identifier().classify(sample)
    if len(sample) >= 40 or confidence >= SHORT_TEXT_CONFIDENCE or _mostly_non_latin(sample):
        return str(code)
    return None


SHORT_TEXT_LETTERS = 8
SHORT_TEXT_CONFIDENCE = 0.9


@lru_cache(maxsize=1)
def _language_identifier() -> LanguageIdentifier:
    # imported here: py3langid brings numpy (~0.2 s), which a run that reads nothing skips
    from storyline.ingest.language_model import load_identifier

    return load_identifier()


def load_language_identifier() -> None:
    """Load the language model now (about 1 s of CPU, once per process): the per-file time
    budget should measure what a file costs, not the process's first use of the model (under
    a loaded machine that alone ran a one-paragraph file over its budget)."""
    _language_identifier()


def _mostly_non_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(ord(ch) > 0x24F for ch in letters) > len(letters) / 2


def _byline(removed: tuple[RemovedSpan, ...]) -> tuple[str | None, str | None]:
    """The byline name and its e-mail domain."""
    for span in removed:
        if span.reason == "byline":
            match = BYLINE_NAME.match(span.text)
            if not match:
                continue
            name = match["name"].strip()
            if name.isupper():
                name = name.title()
            email = EMAIL.search(match["email"] or "")
            return name, email["domain"].lower() if email else None
    return None, None


def _from_removed(removed: tuple[RemovedSpan, ...], kind: str) -> str | None:
    return next((span.text for span in removed if span.reason == kind), None)


def extract_metadata(
    text: str,
    removed: tuple[RemovedSpan, ...],
    *,
    given_date: date | None = None,
    given_outlet: str | None = None,
    given_byline: str | None = None,
    given_language: str | None = None,
    url: str | None = None,
    date_evidence: tuple[DateEvidence, ...] = (),
    date_problem: str | None = None,
) -> Metadata:
    """Metadata of a cleaned article. ``given_*`` come from the input format's own fields;
    ``date_evidence`` are the dates the input gives for itself (an HTML page's fields), and
    ``date_problem`` why an input date field gave none."""
    head = text[:400]
    dateline = DATELINE.match(head)
    stamp = AGENCY_STAMP.match(head)
    agency_id = next(
        (m for s in removed if s.reason == "tracking id" and (m := AGENCY_ID.match(s.text))), None
    )
    byline, byline_domain = _byline(removed)
    label = _from_removed(removed, "outlet label")

    credit = (
        (dateline and dateline["credit"])
        or (stamp and stamp["credit"])
        or (agency_id and agency_id["credit"])
        or label
    )
    domain = byline_domain or (url and re.sub(r"^\w+://(?:www\.)?([^/:]+).*$", r"\1", url)) or None
    # A staff byline names the publisher even when the text carries a wire credit: the credit
    # then says where the reporting came from, not who published it.
    outlet = (
        clean_outlet_name(given_outlet)
        or (byline_domain and outlet_for_domain(byline_domain))
        or (credit and outlet_for_credit(credit))
        or (domain and outlet_for_domain(domain))
        or None
    )

    scraped = page_date(removed)
    clues = _clues(text, dateline, scraped)
    evidence = _given_evidence(given_date, date_evidence) + _text_evidence(
        text, dateline, stamp, agency_id, clues
    )
    decision = decide_publication(evidence)
    published = decision.as_published()
    if published.date is None:
        reasons = [r for r in (date_problem, decision.reason, clues.evidence) if r]
        published = Published(None, DateBasis.UNKNOWN, "; ".join(reasons) or None)
    return Metadata(
        outlet=outlet,
        outlet_clues=OutletClues(given_outlet, credit or None, domain),
        byline=given_byline or byline,
        dateline=dateline["place"].title() if dateline else None,
        language=given_language or detect_language(text),
        published=published,
        page_date=scraped,
        clues=clues,
    )


def _clues(text: str, dateline: re.Match[str] | None, scraped: date | None) -> DateClues:
    """What the text says about its day without a full date: yearless dateline, weekday."""
    weekday_match = next(
        (m for m in REPORT_WEEKDAY.finditer(text[:1500]) if m["weekday"] or m["weekday2"]), None
    )
    weekday = (
        WEEKDAY_NUMBER[weekday_match["weekday"] or weekday_match["weekday2"]]
        if weekday_match
        else None
    )
    month_day = (MONTH_NUMBER.get(dateline["month"]), int(dateline["day"])) if dateline else None
    return DateClues(
        month_day=month_day if month_day and month_day[0] else None,  # type: ignore[arg-type]
        weekday=weekday,
        not_after=scraped,
        evidence=(dateline and dateline.group().strip())
        or (weekday_match and weekday_match.group().strip())
        or None,
    )


def stamp_evidence(text: str) -> DateEvidence | None:
    """The day a date line at the top of the text stamps, if any. A bare date line is a page
    header (the day the page was scraped, see ``page_date``): a stamp needs a publishing word or
    a time of day beside its date, and an update alone is no publication day."""
    for line in text.split("\n")[: STAMP_LINES * 2]:  # kept lines are paragraphs: "\n\n"
        found = date_line(line)
        if found is None:
            continue
        day, written = found
        line = line.strip()
        if STAMP_UPDATE.search(line) and not STAMP_WORD.search(line):
            continue  # the day of an update is no publication day
        if STAMP_WORD.search(line) or STAMP_TIME.search(line.replace(written, " ")):
            return DateEvidence(day, EvidenceKind.TEXT, "date line", line)
    return None


def _given_evidence(
    given: date | None, evidence: tuple[DateEvidence, ...]
) -> tuple[DateEvidence, ...]:
    """The input's own date witnesses; a bare given date (feeds, WARC) is one of them."""
    if given is None or any(e.kind == EvidenceKind.GIVEN for e in evidence):
        return evidence
    return (DateEvidence(given, EvidenceKind.GIVEN, "input metadata"), *evidence)


def _text_evidence(
    text: str,
    dateline: re.Match[str] | None,
    stamp: re.Match[str] | None,
    agency_id: re.Match[str] | None,
    clues: DateClues,
) -> tuple[DateEvidence, ...]:
    """Full dates the top of the text states: agency stamp, dateline with year, date line, id
    line."""
    found: list[DateEvidence] = []
    if stamp and (day := safe_date(*map(int, stamp["iso"].split("-")))):
        found.append(DateEvidence(day, EvidenceKind.TEXT, "agency stamp", stamp.group().strip()))
    if dateline and dateline["year"] and clues.month_day:
        day = safe_date(int(dateline["year"]), *clues.month_day)
        if day:
            found.append(
                DateEvidence(day, EvidenceKind.DATELINE, "dateline", dateline.group().strip())
            )
    stamp_line = stamp_evidence(text)
    if stamp_line is not None:
        found.append(stamp_line)
    if agency_id:
        day = safe_date(int(agency_id["yyyy"]), int(agency_id["mm"]), int(agency_id["dd"]))
        # an id line's digits are a date only when the dateline's day agrees
        if day and (clues.month_day is None or clues.month_day == (day.month, day.day)):
            words = "id line " + "".join(agency_id.group("credit", "dd", "mm", "yyyy"))
            found.append(DateEvidence(day, EvidenceKind.TEXT, "agency id line", words))
    return tuple(found)


def complete_date(clues: DateClues, candidates: list[date]) -> date | None:
    """The one candidate day (from dated articles of the same story) the clues agree with.

    A dateline's month and day must match, a report weekday must match, and the day must not
    be after the page header date. Without any clue, or with several matching days, None.
    """
    if not clues.any:
        return None
    matching = {
        day
        for day in candidates
        if (clues.month_day is None or (day.month, day.day) == clues.month_day)
        and (clues.weekday is None or day.weekday() == clues.weekday)
        and (clues.not_after is None or day <= clues.not_after)
    }
    return matching.pop() if len(matching) == 1 else None
