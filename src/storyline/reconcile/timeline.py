"""Timelines: the dated happenings of a story, each with the articles and sentences behind it.

Every body sentence that carries a resolved calendar date (a ``TimeRef`` with a start and end day)
becomes an entry, typed by the event its sentence reports (``storyline.nlp.events``) or as a
"report" when the date is the day a source reported ("KCNA reported on Wednesday"). A date
written relative to another happening ("two days after he visited ...") is resolved against
that happening's date, from the same sentence or from the story. Entries of several articles
with the same date and kind are one entry; different accounts (a visit vs. a state-media report
of it) stay apart. Copyright lines, gallery counters, image credits, page stamps ("POSTED:
...") and bare date lines are page furniture, not sentences of the story: their dates make no
entries; nor do street numbers and clock times that read like years ("1800 Pitkin Ave.").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rapidfuzz import fuzz

from storyline.ingest.metadata import AGENCY_STAMP, DATELINE
from storyline.model import (
    Article,
    Event,
    Precision,
    Span,
    TextRef,
    TimelineEntry,
    TimeRef,
    TimexType,
)
from storyline.nlp.numbers import parse_number
from storyline.nlp.sentences import sentence_bounds

REPORT_CUE = re.compile(
    r"\b(?:reported|said|announced|stated|released|published)\s*(?:on\s*)?$", re.I
)
RELATIVE = re.compile(
    r"\b(?P<count>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+"
    r"(?P<unit>day|week|month)s?\s+(?P<direction>after|before|earlier than|later than)\s+"
    r"(?P<clause>[^.;]+)",
    re.I,
)
REPORTED_CLAUSE = re.compile(
    r"^(?P<who>(?:the\s+)?[\w\s'’-]{0,40}?)\s*\b(?:reported|said|announced)\b", re.I
)
# "the inspection came two days after ...": the subject names the happening the count runs from
SUBJECT_NOUNS = {
    "inspection": "inspect",
    "visit": "inspect",
    "test": "test_fire",
    "launch": "test_fire",
    "drill": "exercise",
    "exercise": "exercise",
    "summit": "meet",
    "meeting": "meet",
    "attack": "attack",
    "shipment": "transfer",
}
DEADLINE = re.compile(r"\b(?:by|until|before|between|between\s+\S+(?:\s+\S+)?\s+and)\s+$", re.I)
MEDIA = re.compile(
    r"(?i:\b(?:media|news|agency|press|television|radio|broadcaster|newspaper)\b)"
    r"|\b[A-Z]{3,5}\b"
)
# page furniture that carries dates but tells of no happening: copyright lines, gallery
# counters ("3/34 28 November 2017 ..."), image credits and captions' labels
FURNITURE = re.compile(
    r"(?i:copyright|©|\(c\)\s*\d{4}|all rights reserved|image (?:copyright|caption|source)"
    r"|getty images|photo(?:graph)?\s*(?::|by|credit)|picture\s*(?::|by)|file photo)"
    r"|^\s*\d{1,3}\s*/\s*\d{1,3}\b"
)
# a page's own stamp ("POSTED: 1052 GMT (1852 HKT), April 10, 2007", "Updated 11/27/2005")
# dates the page, not a happening
PAGE_STAMP = re.compile(r"^\W*(?:posted|updated|published|last\s+(?:updated|modified))\b", re.I)
# four digits that the time reader took for a year but that number a street or tell the
# clock: "1800 Pitkin Ave.", "1052 GMT"
NOT_A_YEAR = re.compile(
    r"^\s*(?:(?:[A-Z][\w'-]*\s+){1,3}(?:Ave|Avenue|St|Street|Rd|Road|Blvd|Boulevard|Dr|Drive|"
    r"Ln|Lane|Way|Pl|Place|Hwy|Highway)\b|(?:GMT|UTC|HKT|EST|EDT|CST|CDT|PST|PDT|BST|CET|IST|"
    r"hrs|hours|local\s+time)\b)"
)
MIN_WORDS = 3  # a "sentence" of fewer words beside its date is a date line, not a happening
MAX_WHAT = 240
ALIKE = 85  # rapidfuzz token-set ratio above which two sentences tell the same thing


@dataclass(frozen=True)
class _Mention:
    """One dated sentence of one article, before entries are merged across articles."""

    article_id: str
    sentence: Span
    what: str
    kind: str
    value: str
    precision: Precision
    start: date
    end: date
    relative_to: str | None = None


def sentences(text: str) -> list[Span]:
    """Sentence spans of a text, by the one splitter (``storyline.nlp.sentences``)."""
    return [Span(start, end) for start, end in sentence_bounds(text)]


def _what(text: str, span: Span) -> str:
    words = " ".join(span.of(text).split())
    return words if len(words) <= MAX_WHAT else words[: MAX_WHAT - 1].rsplit(" ", 1)[0] + "…"


def reporter(words: str) -> str:
    """Who reports, as a merge key: every news outlet or agency is "media"; others by name.

    "state media reported", "KCNA said" and "the news agency said" are one kind of report
    (they are merged when they give the same date); "the intelligence service said" is not.
    """
    before = words.split()[-6:]
    lead = " ".join(before)
    return "media" if MEDIA.search(lead) else " ".join(w.casefold() for w in before[-4:])


def _kind(text: str, sentence: Span, timex: TimeRef, events: Sequence[Event]) -> str:
    """What the date belongs to: the report itself, the nearest event, or a plain mention."""
    cue = REPORT_CUE.search(text[sentence.start : timex.span.start])
    if cue:
        return "report:" + reporter(text[sentence.start : sentence.start + cue.start()])
    inside = [e for e in events if sentence.start <= e.trigger.start < sentence.end]
    if not inside:
        return "mention"
    nearest = min(inside, key=lambda e: abs(e.trigger.start - timex.span.start))
    return nearest.type


def _dated(timex: TimeRef) -> bool:
    """A calendar date a timeline can place: a decade ("the 1970s") is background, not news."""
    return (
        timex.type in (TimexType.DATE, TimexType.TIME)
        and timex.precision is not Precision.DECADE
        and timex.start_date is not None
        and timex.end_date is not None
    )


def _tells_a_happening(text: str, sentence: Span, timex: TimeRef) -> bool:
    """Whether a dated sentence tells of something that happened on its date: not a page
    stamp (``POSTED: ... April 10, 2007``), not a bare date line (``Apr 9, 2007``), and not
    a street number or a clock time read as a year (``1800 Pitkin Ave.``, ``1052 GMT``)."""
    words = sentence.of(text)
    if PAGE_STAMP.search(words):
        return False
    around = text[sentence.start : timex.span.start] + " " + text[timex.span.end : sentence.end]
    if len(re.findall(r"[^\W\d_]{2,}", around)) < MIN_WORDS:
        return False
    is_year = timex.precision is Precision.YEAR
    return not (is_year and NOT_A_YEAR.match(text[timex.span.end : timex.span.end + 40]))


def _article_mentions(
    article: Article, timexes: Sequence[TimeRef], events: Sequence[Event]
) -> list[_Mention]:
    text = article.text
    head = DATELINE.match(text) or AGENCY_STAMP.match(text)
    found = []
    for sentence in sentences(text):
        if FURNITURE.search(sentence.of(text)):
            continue  # "Copyright © 2016 NPR", "3/34 28 November 2017": no happening
        for timex in timexes:
            if head and timex.span.start < head.end():
                continue  # the dateline's day is the article's own date, not a happening
            if not (sentence.start <= timex.span.start < sentence.end) or not _dated(timex):
                continue
            if DEADLINE.search(text[sentence.start : timex.span.start][-40:]):
                continue  # "by the end of the year" is a deadline, not a happening
            if not _tells_a_happening(text, sentence, timex):
                continue
            start, end = timex.start_date, timex.end_date
            assert start is not None and end is not None  # _dated
            found.append(
                _Mention(
                    article.id,
                    sentence,
                    _what(text, sentence),
                    _kind(text, sentence, timex, events),
                    timex.value,
                    timex.precision,
                    start,
                    end,
                )
            )
    return found


def _relative_mentions(
    article: Article,
    timexes: Sequence[TimeRef],
    events: Sequence[Event],
    dated_kinds: Mapping[str, date],
) -> list[_Mention]:
    """Happenings dated by a count from another one: "two days after he visited ..."."""
    text = article.text
    found = []
    for sentence in sentences(text):
        words = sentence.of(text)
        match = RELATIVE.search(words)
        if not match or match["unit"].lower() != "day":
            continue
        days = int(parse_number(match["count"]) or 0)
        if days < 1:
            continue
        before_clause = words[: match.start()]
        anchors = [
            t
            for t in timexes
            if _dated(t)
            and t.precision is Precision.DAY
            and sentence.start <= t.span.start < sentence.start + match.start()
        ]
        anchor_kind = next(
            (
                kind
                for noun, kind in SUBJECT_NOUNS.items()
                if re.search(rf"\b{noun}\b", before_clause, re.I)
            ),
            None,
        )
        if anchors:
            anchor_day = anchors[0].start_date
            label = f"{anchor_kind or 'the happening'} of {anchor_day}"
        elif anchor_kind is not None and anchor_kind in dated_kinds:
            anchor_day = dated_kinds[anchor_kind]
            label = f"the {anchor_kind} of {anchor_day} (dated by the story)"
        else:
            continue
        assert anchor_day is not None
        sign = 1 if match["direction"].lower() in ("after", "later than") else -1
        day = anchor_day - timedelta(days=sign * days)
        clause = match["clause"].strip()
        start = sentence.start + match.start("clause")
        clause_span = Span(start, start + len(clause))
        reported = REPORTED_CLAUSE.match(clause)
        kind = (
            "report:" + reporter(reported["who"])
            if reported
            else next(
                (e.type for e in events if clause_span.start <= e.trigger.start < clause_span.end),
                "mention",
            )
        )
        found.append(
            _Mention(
                article.id,
                clause_span,
                _what(text, clause_span),
                kind,
                day.isoformat(),
                Precision.DAY,
                day,
                day,
                f"{days} days {match['direction'].lower()} {label}",
            )
        )
    return found


def build_timeline(
    articles: Sequence[Article],
    timexes: Mapping[str, Sequence[TimeRef]],
    events: Sequence[Event] = (),
) -> list[TimelineEntry]:
    """The timeline of a story's articles, oldest first, one entry per date and kind."""
    events_of: dict[str, list[Event]] = {}
    for event in events:
        events_of.setdefault(event.article_id, []).append(event)
    mentions = [
        m
        for a in articles
        for m in _article_mentions(a, timexes.get(a.id, ()), events_of.get(a.id, []))
    ]
    dated_kinds: dict[str, date] = {}
    for mention in sorted(mentions, key=lambda m: (m.start, m.article_id)):
        if mention.precision is Precision.DAY and mention.kind.split(":")[0] not in (
            "report",
            "mention",
        ):
            dated_kinds.setdefault(mention.kind, mention.start)
    mentions += [
        m
        for a in articles
        for m in _relative_mentions(a, timexes.get(a.id, ()), events_of.get(a.id, []), dated_kinds)
    ]
    return _merge(mentions)


def _same(first: _Mention, other: _Mention) -> bool:
    """Whether two dated sentences tell of the same happening.

    Same event type, or sentences that read alike where at most one of them is typed: a
    visit and a state-media report of the visit stay apart however alike they read.
    """
    if first.kind == other.kind and first.kind != "mention":
        return True
    kinds = {first.kind, other.kind}
    return (
        "mention" in kinds
        and not any(k.startswith("report") for k in kinds)
        and (fuzz.token_set_ratio(first.what, other.what) >= ALIKE)
    )


def _merge(mentions: Sequence[_Mention]) -> list[TimelineEntry]:
    groups: dict[tuple[str, str], list[_Mention]] = {}
    for mention in sorted(mentions, key=lambda m: (m.value, m.article_id, m.sentence.start)):
        # typed happenings merge by date and kind; any two sentences that read alike (a wire
        # story and its rewrites) merge too, whatever kind the parse gave each
        key = next(
            (k for k in groups if k[0] == mention.value and _same(groups[k][0], mention)),
            (mention.value, mention.kind if mention.kind != "mention" else mention.what),
        )
        groups.setdefault(key, []).append(mention)
    entries = []
    for members in groups.values():
        members = sorted(members, key=lambda m: (m.article_id, m.sentence.start))
        first = members[0]
        evidence = tuple(dict.fromkeys(TextRef(m.article_id, m.sentence) for m in members))
        entries.append(
            TimelineEntry(
                value=first.value,
                precision=first.precision,
                start_date=first.start,
                end_date=first.end,
                kind=first.kind,
                what=first.what,
                article_ids=tuple(sorted({m.article_id for m in members})),
                evidence=evidence,
                relative_to=first.relative_to,
            )
        )
    return sorted(entries, key=lambda e: (e.start_date, e.end_date, e.kind, e.what))
