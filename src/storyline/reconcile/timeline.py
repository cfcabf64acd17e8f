"""Timelines: the dated happenings of a story, each with the articles and sentences behind it.

Every body sentence that carries a resolved calendar date (a ``TimeRef`` with a start and end day)
becomes an entry, typed by the event whose own time it is (``Event.time``, the time of the
event's clause: ``storyline.nlp.events``), as a "report" when the date is the day a source
reported ("KCNA reported on Wednesday"), or else as a plain "mention"; a report's ``reporter``
is the person, organisation or place its article names as the one who reported (an entity
mention ending just before the verb), or None ("the results reported Monday"). A date
written relative to another happening ("two days after he visited ...") is resolved against
that happening's date, from the same sentence or from the story. Entries of several articles
with the same date and kind are one entry; different accounts (a visit vs. a state-media report
of it) stay apart. Copyright lines, gallery counters, image credits, page stamps ("POSTED:
...") and bare date lines are page furniture, not sentences of the story: their dates make no
entries; nor do street numbers and clock times that read like years ("1800 Pitkin Ave."). Nor
does a line that is no sentence: a short line without a final stop is a heading, a list item, a
label or a stamp ("- An End to Killing (2013)", "2020 Democratic National Convention", "THE TIMES
OF INDIA | Oct 02, 2020, 19:02:47 IST", "— Daniel Dale (@ddale8) December 30, 2019"), in any
language.
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
    Mention,
    Precision,
    Span,
    TextRef,
    TimelineEntry,
    TimeRef,
    TimexType,
)
from storyline.nlp.numbers import parse_number
from storyline.nlp.sentences import sentence_bounds
from storyline.reconcile.sources import is_source_name

# "said on Monday", and "said in February" (not "released in 2015": a prisoner is released too)
REPORT_CUE = re.compile(
    r"\b(?:(?:reported|said|announced|stated|released|published)\s*(?:on\s*)?"
    r"|(?:reported|said|announced|stated)\s+in\s*)$",
    re.I,
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
# an entry of a list of references: "Bentham, j. (1789) introduction to the principles of
# morals and legislation.", "Davis, erik, techgnosis ... (new york: harmony books, 1998)"
CITATION = re.compile(
    r"^[^\W\d_][\w'’-]*,\s+(?:[^\W\d_]\.\s*)+\(\d{4}[a-z]?\)"  # Surname, I. (year)
    r"|\([^():]{2,40}:\s*[^():]{2,60},\s*\d{4}\)"  # (place: publisher, year)
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
# a whole line of at most this many words and no final stop is a heading, a list item, a label or
# a stamp, not a sentence: "- Wet Dreams 2 (2004, cameo)", "Latest revision as of 05:33, 7 April
# 2020". The price: a body line that lost its stop goes too ("In the afternoon sun, only charred
# rubble remained", 2 such lines of the open world's 2,933 entries; none of the seeds')
MAX_LABEL_WORDS = 12
# (the stop may stand before closing quotes, spaced in tokenized text: 'complacent? "')
SENTENCE_STOP = re.compile(r"[.!?…。！？।؟:;][\s\"'”’»)\]]*$")
REPORT = "report"
MEDIA_KEY = "media"  # the merge key of every outlet's or agency's report
REPORTER_LABELS = frozenset({"PERSON", "ORG", "GPE"})
# between the reporter's name and the verb: nothing, or an appositive of capitals and
# punctuation ("Hakeem Jeffries, D-N.Y., said"), never a lowercase word
REPORTER_GAP = re.compile(r"^(?:[\s,]|\b[A-Z][\w.-]*)*$")
MAX_REPORTER_GAP = 24
EDGE_JUNK = re.compile(r"^[^\w]+|[^\w.)]+$")
# a name after a preposition is where or whose, not who: "the head of the hotel federation in
# Florence said"
# a place after a comma is the second part of a place ("a philanthropist from Monsey, New York,
# said"), not who said
PLACE_PART = re.compile(r",\s*$")
PREPOSITION_BEFORE = re.compile(r"\b(?:in|of|at|from|for|with|by|on|to|near)\s+(?:the\s+)?$", re.I)
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
    reporter: str | None = None  # for a report: the entity's name, or None
    by_media: bool = False  # for a report: an outlet or agency reported ("state media said")

    @property
    def report_key(self) -> str | None:
        """Whose report this is, as a merge key: every outlet's one key, others by name."""
        if self.by_media:
            return MEDIA_KEY
        return self.reporter.casefold() if self.reporter else None


def sentences(text: str) -> list[Span]:
    """Sentence spans of a text, by the one splitter (``storyline.nlp.sentences``)."""
    return [Span(start, end) for start, end in sentence_bounds(text)]


def _what(text: str, span: Span) -> str:
    words = " ".join(span.of(text).split())
    return words if len(words) <= MAX_WHAT else words[: MAX_WHAT - 1].rsplit(" ", 1)[0] + "…"


def by_media(words: str) -> bool:
    """Whether the words before a reporting verb name an outlet or agency.

    "state media reported", "KCNA said" and "the news agency said" are one kind of report
    (they are merged when they give the same date); "the intelligence service said" is not.
    """
    return bool(MEDIA.search(" ".join(words.split()[-6:])))


@dataclass(frozen=True)
class _Report:
    """Who reported, read from the words before the reporting verb."""

    reporter: str | None
    by_media: bool


def reporter_of(text: str, subject: Span, mentions: Sequence[Mention]) -> str | None:
    """The entity that the words ``subject`` (those before a reporting verb) end with: the
    name of a person, organisation or place mentioned there ("Florida Gov. Ron DeSantis said",
    "Hakeem Jeffries, D-N.Y., said"), or None when they end with no name ("the county said",
    "the results reported", "the head of the hotel federation in Florence said"); after a
    quotation ("... to cast a ballot,” Biden said") the name after it."""
    found = [
        m
        for m in mentions
        if m.label in REPORTER_LABELS
        and subject.start <= m.span.start
        and m.span.end <= subject.end
        and subject.end - m.span.end <= MAX_REPORTER_GAP
        and REPORTER_GAP.match(text[m.span.end : subject.end])
        and not PREPOSITION_BEFORE.search(
            text[max(subject.start, m.span.start - 12) : m.span.start]
        )
        and not (m.label == "GPE" and PLACE_PART.search(text[subject.start : m.span.start]))
    ]
    if not found:
        return None
    last = max(found, key=lambda m: (m.span.end, -m.span.start))
    name = EDGE_JUNK.sub("", last.name or last.text)  # "� Meadows": a lost quotation mark
    # a proper name, capitalised: "the health department" is a description, not a name
    named = any(word[:1].isupper() for word in name.split())
    return name if named and is_source_name(name) else None


def _report(text: str, sentence: Span, cue_start: int, mentions: Sequence[Mention]) -> _Report:
    subject = Span(sentence.start, sentence.start + cue_start)
    who = reporter_of(text, subject, mentions)
    # a named reporter is an outlet only by its own name ("Korean Central News Agency"), not
    # by a wire credit before it ("(CNN) — Joe Biden said")
    return _Report(who, by_media(who if who else subject.of(text)))


def _kind(
    text: str, sentence: Span, timex: TimeRef, events: Sequence[Event], mentions: Sequence[Mention]
) -> tuple[str, _Report | None]:
    """What the date belongs to: the report itself (and who reported), the event whose own
    time it is (the nearest of several), or a plain mention: a date of another clause does
    not type the sentence's event ("in 2008, Giuliani ended his speaking tour" beside "In 2012,
    Gingrich ...": 2008 is no tour of Gingrich's)."""
    cue = REPORT_CUE.search(text[sentence.start : timex.span.start])
    if cue:
        return REPORT, _report(text, sentence, cue.start(), mentions)
    own = [e for e in events if e.time is not None and e.time.span == timex.span]
    if not own:
        return "mention", None
    nearest = min(own, key=lambda e: abs(e.trigger.start - timex.span.start))
    return nearest.type, None


def _dated(timex: TimeRef) -> bool:
    """A calendar date a timeline can place: a decade ("the 1970s") is background, not news."""
    return (
        timex.type in (TimexType.DATE, TimexType.TIME)
        and timex.precision is not Precision.DECADE
        and timex.start_date is not None
        and timex.end_date is not None
    )


def is_label_line(text: str, sentence: Span) -> bool:
    """Whether a "sentence" is a whole short line without a final stop: a heading, a list
    item, a label or a stamp ("- LA Arirang (SBS, 1995)", "2020 Commonwealth Young Person of
    the Year", "शुभायन चक्रवर्ती / नई दिल्ली February 14, 2020"), in any language."""
    whole_line = (sentence.start == 0 or text[sentence.start - 1] == "\n") and (
        sentence.end == len(text) or text[sentence.end] == "\n"
    )
    words = sentence.of(text)
    return (
        whole_line
        and not SENTENCE_STOP.search(words)
        and len(re.findall(r"\S*[^\W\d_]\S*", words)) <= MAX_LABEL_WORDS
    )


def _tells_a_happening(text: str, sentence: Span, timex: TimeRef) -> bool:
    """Whether a dated sentence tells of something that happened on its date: not a page
    stamp (``POSTED: ... April 10, 2007``), not a bare date line (``Apr 9, 2007``), not a
    heading, list item or label (``is_label_line``), and not a street number or a clock time
    read as a year (``1800 Pitkin Ave.``, ``1052 GMT``)."""
    words = sentence.of(text)
    if PAGE_STAMP.search(words) or is_label_line(text, sentence):
        return False
    around = text[sentence.start : timex.span.start] + " " + text[timex.span.end : sentence.end]
    if len(re.findall(r"[^\W\d_]{2,}", around)) < MIN_WORDS:
        return False
    is_year = timex.precision is Precision.YEAR
    return not (is_year and NOT_A_YEAR.match(text[timex.span.end : timex.span.end + 40]))


def _article_mentions(
    article: Article,
    timexes: Sequence[TimeRef],
    events: Sequence[Event],
    mentions: Sequence[Mention] = (),
) -> list[_Mention]:
    text = article.text
    head = DATELINE.match(text) or AGENCY_STAMP.match(text)
    found = []
    for sentence in sentences(text):
        inside = [t for t in timexes if sentence.start <= t.span.start < sentence.end]
        if not inside:
            continue  # most sentences: no time expression, nothing to read
        if FURNITURE.search(sentence.of(text)) or CITATION.search(sentence.of(text)):
            continue  # "Copyright © 2016 NPR", "3/34 28 November 2017", a reference: no happening
        for timex in inside:
            if head and timex.span.start < head.end():
                continue  # the dateline's day is the article's own date, not a happening
            if not _dated(timex):
                continue
            if DEADLINE.search(text[sentence.start : timex.span.start][-40:]):
                continue  # "by the end of the year" is a deadline, not a happening
            if not _tells_a_happening(text, sentence, timex):
                continue
            start, end = timex.start_date, timex.end_date
            assert start is not None and end is not None  # _dated
            kind, report = _kind(text, sentence, timex, events, mentions)
            found.append(
                _Mention(
                    article.id,
                    sentence,
                    _what(text, sentence),
                    kind,
                    timex.value,
                    timex.precision,
                    start,
                    end,
                    reporter=report.reporter if report else None,
                    by_media=report.by_media if report else False,
                )
            )
    return found


def _relative_mentions(
    article: Article,
    timexes: Sequence[TimeRef],
    events: Sequence[Event],
    dated_kinds: Mapping[str, date],
    mentions: Sequence[Mention] = (),
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
        report = _report(text, clause_span, reported.end("who"), mentions) if reported else None
        kind = (
            REPORT
            if report
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
                reporter=report.reporter if report else None,
                by_media=report.by_media if report else False,
            )
        )
    return found


def build_timeline(
    articles: Sequence[Article],
    timexes: Mapping[str, Sequence[TimeRef]],
    events: Sequence[Event] = (),
    entities: Mapping[str, Sequence[Mention]] | None = None,
) -> list[TimelineEntry]:
    """The timeline of a story's articles, oldest first, one entry per date and kind.

    ``entities`` are the articles' entity mentions by article id: a report's reporter is
    looked up among them (without them every reporter is None)."""
    entities = entities or {}
    events_of: dict[str, list[Event]] = {}
    for event in events:
        events_of.setdefault(event.article_id, []).append(event)
    mentions = [
        m
        for a in articles
        for m in _article_mentions(
            a, timexes.get(a.id, ()), events_of.get(a.id, []), entities.get(a.id, ())
        )
    ]
    dated_kinds: dict[str, date] = {}
    for mention in sorted(mentions, key=lambda m: (m.start, m.article_id)):
        if mention.precision is Precision.DAY and mention.kind not in (REPORT, "mention"):
            dated_kinds.setdefault(mention.kind, mention.start)
    mentions += [
        m
        for a in articles
        for m in _relative_mentions(
            a,
            timexes.get(a.id, ()),
            events_of.get(a.id, []),
            dated_kinds,
            entities.get(a.id, ()),
        )
    ]
    return _merge(mentions)


def _same(first: _Mention, other: _Mention) -> bool:
    """Whether two dated sentences tell of the same happening.

    Same event type, reports by the same reporter, or sentences that read alike where at
    most one of them is typed (two reports by no one named count as untyped for each other): a
    visit and a state-media report of the visit stay apart however alike they read.
    """
    alike = fuzz.token_set_ratio(first.what, other.what) >= ALIKE
    if first.kind == other.kind == REPORT:
        key = first.report_key
        return key == other.report_key and (key is not None or alike)
    if first.kind == other.kind and first.kind != "mention":
        return True
    kinds = {first.kind, other.kind}
    return "mention" in kinds and REPORT not in kinds and alike


def _group_label(mention: _Mention) -> str:
    """The second half of a new group's key: its kind, its reporter, or its words."""
    if mention.kind == REPORT:
        return f"{REPORT}:{mention.report_key or mention.what}"
    return mention.kind if mention.kind != "mention" else mention.what


def _merge(mentions: Sequence[_Mention]) -> list[TimelineEntry]:
    groups: dict[tuple[str, str], list[_Mention]] = {}
    for mention in sorted(mentions, key=lambda m: (m.value, m.article_id, m.sentence.start)):
        # typed happenings merge by date and kind; any two sentences that read alike (a wire
        # story and its rewrites) merge too, whatever kind the parse gave each
        key = next(
            (k for k in groups if k[0] == mention.value and _same(groups[k][0], mention)),
            (mention.value, _group_label(mention)),
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
                reporter=next((m.reporter for m in members if m.reporter), None),
            )
        )
    return sorted(
        entries, key=lambda e: (e.start_date, e.end_date, e.kind, e.reporter or "", e.what)
    )
