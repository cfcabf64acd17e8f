"""The one data model of Storyline.

Every record is a frozen dataclass. Records that came from text point back to the article they
came from and to a character span of that article's cleaned ``text`` (``Article.text``), so an
analyst can always click from a claim to the sentence that says it. Ids are content hashes:
the same input gives the same ids, byte for byte, on every run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum
from functools import cache, lru_cache
from typing import Any


def content_id(*parts: object, size: int = 16) -> str:
    """A deterministic id: the first ``size`` hex digits of the SHA-256 of the parts."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(str(part).encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()[:size]


@lru_cache(maxsize=1 << 16, typed=True)
def _record_id(kind: str, *parts: str | int) -> str:
    """``content_id`` of a quote, claim or event from its key fields, kept: the records are
    frozen and slotted, so the id is a property, and reconciliation reads each record's id
    many times (some 180,000 reads in a bulk run of 1,644 articles, 3 us a hash)."""
    return content_id(kind, *parts)


@lru_cache(maxsize=1 << 16)
def _assessment_id(story_id: str, member_ids: tuple[str, ...]) -> str:
    """``Assessment.id``, kept as ``_record_id`` is."""
    return content_id("assessment", story_id, *sorted(member_ids))


@dataclass(frozen=True, slots=True)
class Span:
    """A view (start, end) into ``Article.text``; never a copy of the text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"span must satisfy 0 <= start <= end; got ({self.start}, {self.end})")

    def of(self, text: str) -> str:
        return text[self.start : self.end]


class DateBasis(StrEnum):
    """Where a publication date came from."""

    METADATA = "metadata"  # a field of the input (JSONL, feed entry, HTML meta, WARC header)
    DATELINE = "dateline"  # "SEOUL, May 15 (UPI)" with a year from elsewhere in the article
    TEXT = "text"  # stated in the text: an agency stamp "date 2024-05-15 (MENAFN)", an id line
    # a yearless dateline ("SEOUL, May 15") or a named weekday ("state media said Wednesday")
    # completed by the one day the dated articles of the same story allow
    STORY = "story"
    UNKNOWN = "unknown"


class SourceKind(StrEnum):
    OUTLET = "outlet"
    WIRE = "wire"
    STATE_MEDIA = "state_media"
    AGGREGATOR = "aggregator"


@dataclass(frozen=True, slots=True)
class Source:
    """An outlet, wire service or upstream source such as a state news agency."""

    name: str
    kind: SourceKind = SourceKind.OUTLET
    domain: str | None = None

    @property
    def id(self) -> str:
        return content_id("source", self.name.casefold())


@dataclass(frozen=True, slots=True)
class RemovedSpan:
    """A part of the raw text that cleaning dropped, and why. Offsets are into ``raw_text``."""

    start: int
    end: int
    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class Published:
    date: date | None
    basis: DateBasis
    evidence: str | None = None  # the words the date was read from


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as ingested: raw text kept, cleaned text analysed."""

    id: str
    source_path: str
    title: str
    text: str
    raw_text: str
    published: Published
    external_id: str | None = None
    url: str | None = None
    outlet: str | None = None
    byline: str | None = None
    dateline: str | None = None
    language: str | None = None
    page_date: date | None = None
    removed_spans: tuple[RemovedSpan, ...] = ()

    @staticmethod
    def make_id(raw_text: str, external_id: str | None = None, url: str | None = None) -> str:
        """Same raw text from the same place is the same article; re-ingesting it is a no-op."""
        return content_id("article", external_id or "", url or "", raw_text)


@dataclass(frozen=True, slots=True)
class LanguageScope:
    """What the analysis of one article could cover in its language, and why not the rest.

    ``pipeline`` is the spaCy pipeline that parsed the text (None: tokenized only, no model for
    the language); ``skipped`` lists the analysis kinds not run (``mentions``, ``quotes``,
    ``claims``, ``events``) and ``reason`` says why in words a report can show:
    ``language de, no model``.
    """

    language: str | None
    pipeline: str | None
    skipped: tuple[str, ...] = ()
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Rejection:
    """Input that could not be read as an article. The original bytes are kept."""

    source_path: str
    reason: str
    raw: bytes
    line: int | None = None

    @property
    def id(self) -> str:
        return content_id("rejection", self.source_path, self.line, self.reason, self.raw.hex())


# ---- analysis records: every one points to an article and a span of its text ----------------


class TimexType(StrEnum):
    DATE = "DATE"
    TIME = "TIME"
    DURATION = "DURATION"
    SET = "SET"


class Precision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    SEASON = "season"
    HALF = "half"
    YEAR = "year"
    DECADE = "decade"
    TIME = "time"
    NONE = "none"  # durations, sets, PRESENT_REF and other values with no calendar extent


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time expression and its TimeML value, resolved against the article's own date."""

    article_id: str
    span: Span
    text: str
    type: TimexType
    value: str  # TimeML value: 2024-05-14, 2024-W19, 2023-SU, XXXX-08-21, P3D, PAST_REF ...
    precision: Precision
    start_date: date | None = None  # the calendar interval the value covers, when it has one
    end_date: date | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity of the store: one id for Kim Jong Un, Kim Jong-un and Kim."""

    id: str
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, ...
    name: str  # canonical name
    aliases: tuple[str, ...] = ()
    title: str | None = None  # "South Korean Defense Minister"


@dataclass(frozen=True, slots=True)
class Mention:
    article_id: str
    span: Span
    text: str
    entity_id: str
    label: str | None = None  # the entity's label: PERSON, ORG, GPE, ...
    name: str | None = None  # the name it resolved to in its article: "Kim" -> "Kim Jong-un"
    title: str | None = None  # the title written with it: "North Korean leader"


@dataclass(frozen=True, slots=True)
class Quote:
    article_id: str
    span: Span  # the quoted words, without the quotation marks
    text: str
    speaker: str | None = None
    speaker_span: Span | None = None
    speaker_entity_id: str | None = None
    cue: str | None = None  # the verb or phrase that attributes it: said, according to ...
    cited_source: str | None = None  # who reported the speaker's words: KCNA, state media ...
    time: TimeRef | None = None

    @property
    def id(self) -> str:
        return _record_id("quote", self.article_id, self.span.start, self.span.end)


class Stance(StrEnum):
    STATED = "stated"
    ALLEGED = "alleged"
    SUSPECTED = "suspected"
    DENIED = "denied"


@dataclass(frozen=True, slots=True)
class Claim:
    """A numeric claim: how many of what, who says so, when, and how firmly."""

    article_id: str
    span: Span  # the sentence or clause carrying the claim
    quantity: float
    quantity_span: Span
    unit: str | None  # "mm", "rounds", "containers"
    counted: str | None  # what is counted: "containers of munitions"
    approximation: str | None = None  # at least, around, some, more than ...
    claimant: str | None = None
    claimant_entity_id: str | None = None
    stance: Stance = Stance.STATED
    time: TimeRef | None = None
    # what happens to the counted thing, as a lemma: "kill", "strand", "lose life", "worth"
    predicate: str | None = None
    agent: str | None = None  # who or what, by name, does it: "Brees" of "Brees completed 28"
    # the unit as nlp/claims/units normalizes it: "kilometre", "dollar", "percentage",
    # "first-team player"; "-" for a bare number
    normalized_unit: str | None = None
    upper: float | None = None  # the high end of a range ("between 5 and 7 percent"): 7
    # who or what does what the figure measures, resolved where the article names it: "Duncan
    # Rait" (also for "he"), else as written: "36-year-old Australian climber"
    doer: str | None = None

    @property
    def id(self) -> str:
        return _record_id("claim", self.article_id, self.quantity_span.start)


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, when and where; each field points to its evidence span."""

    article_id: str
    type: str  # see storyline.nlp.events.EVENT_TYPES
    trigger: Span
    actor: str | None = None
    actor_span: Span | None = None
    target: str | None = None
    target_span: Span | None = None
    place: str | None = None
    place_span: Span | None = None
    time: TimeRef | None = None
    theme: str | None = None  # what is moved, tested, made or charged: "weapons", "missiles"
    theme_span: Span | None = None
    actor_entity_id: str | None = None
    target_entity_id: str | None = None

    @property
    def id(self) -> str:
        return _record_id("event", self.article_id, self.trigger.start, self.type)


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    article_ids: tuple[str, ...]
    related_story_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryUpdate:
    """One entry of the story update log: a run created or changed a story (its stable id).

    ``change`` is "new", "grew" (new articles joined), "merged" (it took in the articles of
    ``previous_story_ids``, which now resolve to it) or "split" (articles left it, or it is
    the part that left). The Atom feed, ``watch`` and the live pages read it."""

    at: str  # RFC 3339, to the second
    story_id: str
    title: str
    change: str
    previous_story_ids: tuple[str, ...]
    added_article_ids: tuple[str, ...]
    article_count: int
    summary: str


class DerivationKind(StrEnum):
    COPY = "copy"
    LIGHT_REWRITE = "light_rewrite"
    HEAVY_REWRITE = "heavy_rewrite"


@dataclass(frozen=True, slots=True)
class AlignedPassage:
    from_span: Span
    to_span: Span


@dataclass(frozen=True, slots=True)
class Derivation:
    """Article ``to_id`` was derived from article ``from_id`` (a rewrite, not a shared quote)."""

    from_id: str
    to_id: str
    kind: DerivationKind
    score: float
    evidence: tuple[AlignedPassage, ...] = ()


class Verdict(StrEnum):
    AGREED = "agreed"
    CONFLICT = "conflict"
    VARIANT = "variant"
    SINGLE_SOURCE = "single_source"


@dataclass(frozen=True, slots=True)
class Assessment:
    """The reconciliation of one group of claims or quotes across the articles of a story."""

    story_id: str
    verdict: Verdict
    subject: str  # what the group is about: "containers shipped to Russia", a quote's words
    member_ids: tuple[str, ...]  # claim, quote or event ids
    independent_sources: tuple[str, ...]
    notes: tuple[str, ...]
    # what the engine found, one record type per kind of group (``details.kind``)
    details: ClaimDetails | QuoteDetails | EventDetails = field(hash=False, compare=False)

    @property
    def id(self) -> str:
        return _assessment_id(self.story_id, tuple(self.member_ids))


class FindingKind(StrEnum):
    """What a finding reconciles."""

    CLAIM = "claim"
    QUOTE = "quote"
    EVENT = "event"


@dataclass(frozen=True, slots=True)
class Member:
    """One claim, quote or event a finding rests on, and where its article says it.

    ``span`` holds the words themselves (a claim's figure, a quote's words, an event's trigger);
    ``sentence`` the clause or sentence around them when the record has one (claims).
    """

    id: str
    article_id: str
    span: Span
    text: str  # the words of ``span``, as written
    sentence: Span | None = None
    speaker: str | None = None  # quotes: who said it; claims: the claimant
    cited_source: str | None = None  # quotes: who passed the words on (KCNA, state media)


@dataclass(frozen=True, slots=True)
class Side:
    """One figure of a claim finding: its value as written, who gives it, and when."""

    member_id: str  # the claim that states it
    article_id: str
    value: float
    as_written: str | None  # "at least 41 people"
    approximation: str | None = None
    predicate: str | None = None
    claimant: str | None = None
    stance: Stance = Stance.STATED
    time: tuple[str, ...] = ()  # what its sentence says about when: "Monday", "since March"
    published: date | None = None  # its article's publication date


@dataclass(frozen=True, slots=True)
class Wording:
    """One distinct wording of a quote, with its word-level diff against the most quoted one."""

    text: str
    member_ids: tuple[str, ...]  # the quotes worded so
    article_ids: tuple[str, ...]
    ops: tuple[tuple[str, ...], ...] = ()  # ("equal", w) ("replace", a, b) ("delete", a) ...
    differs: bool = False  # whether the words differ, not only case or typography


@dataclass(frozen=True, slots=True)
class ClaimDetails:
    """What the engine found in a group of claims: what they count and every figure's side.

    ``same_speaker``, ``may_differ_in_time`` and ``bounds_compatible`` are set for conflicts
    only (None otherwise): one speaker gave both values, the values may be of different dates,
    the hedges (``at least``, ``up to``) leave room for one value.
    """

    counted: str | None
    unit: str | None
    predicate: str | None  # the synonym class of the group's predicate: "death"
    sides: tuple[Side, ...]
    reporting_lines: int
    same_speaker: bool | None = None
    may_differ_in_time: bool | None = None
    bounds_compatible: bool | None = None

    @property
    def kind(self) -> FindingKind:
        return FindingKind.CLAIM


@dataclass(frozen=True, slots=True)
class QuoteDetails:
    """What the engine found in a group of quotes: the speaker and every distinct wording."""

    speaker: str | None
    base: str  # the most quoted wording, the one the others are diffed against
    wordings: tuple[Wording, ...]
    reporting_lines: int

    @property
    def kind(self) -> FindingKind:
        return FindingKind.QUOTE


@dataclass(frozen=True, slots=True)
class EventDetails:
    """What the engine found in a group of events: who did what to whom, and where."""

    type: str  # the event type: "inspect", "attack"
    actor: str
    target: str | None
    article_ids: tuple[str, ...]
    reporting_lines: int

    @property
    def kind(self) -> FindingKind:
        return FindingKind.EVENT


@dataclass(frozen=True, slots=True)
class Finding:
    """One reconciled group of claims, quotes or events of a story, as every report shows it.

    ``verdict`` says what the articles do with it (``Verdict``). Claim findings give every
    member's figure in ``sides`` and, when agreed, the ``value`` they agree on; conflicts say
    whether one speaker gave both figures, whether they may refer to different dates and
    whether hedges leave room for one value. Quote findings give their ``wordings``.
    """

    id: str
    story_id: str
    kind: FindingKind
    verdict: Verdict
    subject: str  # "containers of munitions", "Kim Jong Un: “an epochal change”"
    summary: str  # one plain line: the subject and what the verdict means
    members: tuple[Member, ...]
    independent_sources: tuple[str, ...]
    reporting_lines: int
    notes: tuple[str, ...] = ()
    value: str | None = None  # agreed claims: the agreed figure as first written
    unit: str | None = None
    counted: str | None = None
    predicate: str | None = None
    sides: tuple[Side, ...] = ()
    same_speaker: bool | None = None  # conflicts only, like the two below
    may_differ_in_time: bool | None = None
    bounds_compatible: bool | None = None
    speaker: str | None = None  # quotes: the speaker most members name
    wordings: tuple[Wording, ...] = ()
    event_type: str | None = None  # events: inspect, test_fire ...
    actor: str | None = None
    target: str | None = None

    @property
    def article_ids(self) -> tuple[str, ...]:
        """The articles that report it, sorted."""
        return tuple(sorted({m.article_id for m in self.members}))


_PLAIN = frozenset({str, int, float, bool, type(None)})  # JSON values as they are


def to_jsonable(record: object) -> Any:
    """A record as plain JSON values: dates as ISO strings, enums as their values."""
    if type(record) in _PLAIN:  # most values of a record: nothing to convert
        return record
    if hasattr(record, "__dataclass_fields__"):
        # Field by field rather than ``asdict``, which deep-copies every nested value first.
        names = _field_names(type(record))  # type: ignore[arg-type]
        return {name: to_jsonable(getattr(record, name)) for name in names}
    if isinstance(record, dict):
        return {k: to_jsonable(v) for k, v in record.items()}
    if isinstance(record, list | tuple):
        return [to_jsonable(v) for v in record]
    if isinstance(record, StrEnum):
        return record.value
    if isinstance(record, date):
        return record.isoformat()
    if isinstance(record, bytes):
        return record.hex()
    return record


@cache
def _field_names(record_type: type) -> tuple[str, ...]:
    """The field names of a dataclass, read once per class rather than once per record."""
    return tuple(f.name for f in fields(record_type))


Decoder = Callable[[Any], Any]
_DECODERS: dict[Any, Decoder] = {}


def from_jsonable(cls: type[Any], value: Any) -> Any:
    """Rebuild a record of type ``cls`` from ``to_jsonable`` output (the store's JSON)."""
    return decoder_of(cls)(value)


def decoder_of(cls: Any) -> Decoder:
    """The function that rebuilds values of type ``cls``, made once per type: resolving type
    hints and dispatching on the annotation for every value was most of the cost of reading a
    store, so each record class gets a decoder that knows which of its fields need converting
    and passes the others (strings, numbers, plain JSON) through untouched. ``None`` decodes to
    ``None`` at every level."""
    found = _DECODERS.get(cls)
    if found is None:
        found = _make_decoder(cls)
    return found


def _passthrough(value: Any) -> Any:
    return value


def _make_decoder(cls: Any) -> Decoder:
    import types
    import typing

    origin = typing.get_origin(cls)
    decode: Decoder
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(cls) if arg is not type(None)]
        decode = decoder_of(options[0])
    elif origin is tuple:
        item = decoder_of(typing.get_args(cls)[0])
        if item is _passthrough:
            decode = _optional(tuple)
        else:
            decode = _optional(lambda value: tuple(item(v) for v in value))
    elif origin in (dict, list):
        decode = _passthrough
    elif isinstance(cls, type) and hasattr(cls, "__dataclass_fields__"):
        decode = _record_decoder(cls)
    elif cls is date:
        decode = _optional(date.fromisoformat)
    elif cls is bytes:
        decode = _optional(bytes.fromhex)
    elif isinstance(cls, type) and issubclass(cls, StrEnum):
        decode = _optional(cls)
    else:
        decode = _passthrough
    _DECODERS[cls] = decode
    return decode


def _optional(convert: Decoder) -> Decoder:
    return lambda value: None if value is None else convert(value)


def _record_decoder(cls: type) -> Decoder:
    """A record class's decoder. Its field decoders are made on first use, so a record that
    holds records of its own type (or one not yet defined) decodes too."""
    import typing

    names = frozenset(cls.__dataclass_fields__)  # type: ignore[attr-defined]
    converted: dict[str, Decoder] = {}
    ready = False

    def decode(value: Any) -> Any:
        nonlocal ready
        if value is None:
            return None
        if not ready:
            hints = typing.get_type_hints(cls)
            for name in names:
                field_decoder = decoder_of(hints[name])
                if field_decoder is not _passthrough:
                    converted[name] = field_decoder
            ready = True
        if not names.issuperset(value):  # a key stored by a version with more fields
            kwargs = {k: v for k, v in value.items() if k in names}
        elif converted:
            kwargs = dict(value)  # a copy: the stored JSON is left as it was
        else:  # strings, numbers and plain JSON only (``Span``): no copy, no loop
            return cls(**value)
        for name, field_decoder in converted.items():
            if name in kwargs:
                kwargs[name] = field_decoder(kwargs[name])
        return cls(**kwargs)

    return decode


@dataclass(frozen=True, slots=True)
class TextRef:
    """A span of one article's text: where a statement can be read."""

    article_id: str
    span: Span


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated happening of a story, with the articles (and sentences) that say so."""

    value: str  # TimeML value of the date: 2024-05-14, 2024-W19, 2024-04
    precision: Precision
    start_date: date
    end_date: date
    kind: str  # an event type (inspect, test_fire ...), "report" or "mention"
    what: str  # the sentence (or clause) that says what happened
    article_ids: tuple[str, ...]
    evidence: tuple[TextRef, ...]
    relative_to: str | None = None  # "two days after the inspect of 2024-05-14"
    story_id: str = ""
    # for a report: the person, organisation or place that reported, as its article names it
    # ("South Korea's National Intelligence Service"); None when no one is named ("state media")
    reporter: str | None = None


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A story-index query an analyst kept: a text search and the index's filters, with its
    own Atom feed of matching story updates. Its id is a hash of what it asks, so saving the
    same search twice keeps one."""

    name: str
    query: str = ""  # full-text search (FTS5 syntax, plain words work too)
    outlet: str = ""
    entity: str = ""
    language: str = ""
    multi: bool = False  # only stories with two or more independent sources
    date_from: str = ""  # ISO dates, inclusive
    date_to: str = ""

    @property
    def id(self) -> str:
        return content_id(
            "search", self.query, self.outlet, self.entity, self.language, self.multi,
            self.date_from, self.date_to,
        )  # fmt: skip
