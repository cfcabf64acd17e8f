"""Reconciling events: the same act reported by several articles, and what they rest on.

Events of one type with the same actor are one group unless their times say they are on
different days. Only groups reported by two or more articles are assessed: an event one
article mentions in passing is not a fact the story's outlets share.

What a report of an event rests on is read from the words around its trigger: the claim or
quote that carries it (the claimant, the quote's cited source), else a medium named in its
sentence or paragraph (``state media reported``, ``according to the KCNA``); else the article
itself. Four outlets that all say ``state media reported`` and ``KCNA`` give one source.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Mapping, Sequence

from storyline.model import Article, Assessment, Claim, Event, EventDetails, Quote, TimeRef
from storyline.reconcile.sources import (
    GENERIC,
    ROLE_WORDS,
    SourceBook,
    agreement_verdict,
    reporting_lines,
    resolve_sources,
)
from storyline.reconcile.text import content_lemmas, lemma, name_key, names_compatible, words

MIN_ARTICLES = 2
# common nouns that can do things: people, groups, forces, makers. "A car", "a mystery",
# "their own projects", "two other buildings" are what a parse took for a subject
_AGENT_NOUNS = """
people person man men woman women child children youth boy girl pirate gunman gunmen attacker
suspect thief thieve robber burglar raider troop soldier force protester rebel militant
fighter crew sailor guard driver climber rescuer firefighter warship ship navy factory plant
company firm group party campaign committee regime state country nation citizen voter
"""
AGENT_NOUNS = frozenset(_AGENT_NOUNS.split()) | {lemma(w) for w in ROLE_WORDS}
_GENERIC_MEDIA = re.compile(
    r"\b(?:(?:[A-Z]\w+(?:'s|’s)\s+)?(?:state|state-run|state-controlled|official|local|"
    r"[A-Z]\w+)\s+)?(?:media|news agency)\b",
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z“\"])|\n")


def _bounds(text: str, offset: int, pattern: re.Pattern[str]) -> tuple[int, int]:
    """The start and end of the sentence (or paragraph) around ``offset``."""
    start = 0
    for found in pattern.finditer(text, 0, offset):
        start = found.end()
    after = pattern.search(text, offset)
    return start, after.start() if after else len(text)


def _named_in(text: str, book: SourceBook) -> str | None:
    """The upstream medium a passage names: one the story cites first, else a generic one."""
    passage = f" {' '.join(words(text))} "
    found: list[tuple[int, str]] = []
    for alias, canonical in sorted(book.aliases.items()):
        upstream = book.upstream(canonical)
        if canonical not in book.media or not upstream or upstream.startswith(GENERIC):
            continue
        for form in {alias, name_key(canonical)}:
            at = passage.find(f" {form} ")
            if form and at >= 0:
                found.append((at, upstream))
    if found:
        return min(found)[1]
    generic = _GENERIC_MEDIA.search(text)
    return GENERIC + generic.group(0) if generic else None


def event_upstream(
    event: Event, article: Article | None, book: SourceBook, carriers: Sequence[Quote | Claim]
) -> str | None:
    """What the article's report of ``event`` rests on, or None for the article itself."""
    at = event.trigger.start
    for carrier in carriers:
        if carrier.article_id == event.article_id and carrier.span.start <= at < carrier.span.end:
            if isinstance(carrier, Quote):
                name = carrier.cited_source or carrier.speaker
            else:
                name = carrier.claimant
            if name:
                return book.upstream(name)
    if article is None:
        return None
    for pattern in (_SENTENCE_END, re.compile(r"\n\s*\n")):
        start, end = _bounds(article.text, at, pattern)
        named = _named_in(article.text[start:end], book)
        if named:
            return named
    return None


def with_current_times(
    events: Sequence[Event], timexes: Mapping[str, Sequence[TimeRef]]
) -> list[Event]:
    """The events with the time of their own clause as their article's time expressions now
    resolve it (by ``timexes``, by article id): an article dated only after its analysis
    (from its story) has its times resolved again, and an event keeps its time's span."""
    current = {(t.article_id, t.span): t for times in timexes.values() for t in times}
    return [
        e
        if e.time is None
        else dataclasses.replace(e, time=current.get((e.article_id, e.time.span), e.time))
        for e in events
    ]


def _same_actor(a: Event, b: Event) -> bool:
    """Whether two events' actors can be one: compatible names (``Felt`` and ``W. Mark
    Felt``), and for two different registered entities the shorter name an end of the longer,
    as a surname or a first name is, not a word inside it (``Israel`` is not the ``American
    Israel Public Affairs Committee``)."""
    if not names_compatible(a.actor, b.actor):
        return False
    if not a.actor_entity_id or not b.actor_entity_id or a.actor_entity_id == b.actor_entity_id:
        return True
    short, long = sorted((name_key(a.actor).split(), name_key(b.actor).split()), key=len)
    return long[: len(short)] == short or long[len(long) - len(short) :] == short


def _compatible(a: Event, b: Event) -> bool:
    if a.type != b.type or not _same_actor(a, b):
        return False
    targets = [set(content_lemmas(e.target or "")) for e in (a, b)]
    if all(targets) and not targets[0] & targets[1]:
        return False  # "a tactical missile system" is not "munitions factories"
    if a.time is None or b.time is None:
        return True
    if None in (a.time.start_date, a.time.end_date, b.time.start_date, b.time.end_date):
        return a.time.value == b.time.value or "X" in a.time.value + b.time.value
    return not (a.time.end_date < b.time.start_date or b.time.end_date < a.time.start_date)  # type: ignore[operator]


def is_agent(event: Event) -> bool:
    """Whether an event's actor can be its doer: a name (a capitalised head word: ``Kim Jong
    Un``, ``Indian Navy``, ``Tabar``) or a noun of people, groups or makers (``pirates``,
    ``ammunition factories``), and not its own target (``Comeaux — inspect: Comeaux``)."""
    found = words(event.actor or "")
    if not found or name_key(event.actor) == name_key(event.target):
        return False
    head = (event.actor or "").split()[-1]
    return head[:1].isupper() or lemma(found[-1]) in AGENT_NOUNS


def group_events(events: Sequence[Event]) -> list[list[Event]]:
    """Events with an actor that can do them (``is_agent``) in groups of the same act
    (complete linkage, input order)."""
    groups: list[list[Event]] = []
    for event in events:
        if not is_agent(event):
            continue
        home = next((g for g in groups if all(_compatible(event, e) for e in g)), None)
        if home is None:
            groups.append([event])
        else:
            home.append(event)
    return groups


def _most_common(values: Sequence[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


def assess_events(
    story_id: str, group: Sequence[Event], book: SourceBook, carriers: Sequence[Quote | Claim]
) -> Assessment:
    """Agreed (with its independent sources) or single-source, for one group of events."""
    upstreams = [
        (e.article_id, event_upstream(e, book.articles.get(e.article_id), book, carriers))
        for e in group
    ]
    sources = book.names(resolve_sources(book, upstreams))
    lines = reporting_lines(book, (e.article_id for e in group))
    verdict = agreement_verdict(e.article_id for e in group)
    actor = _most_common([e.actor for e in group]) or ""
    target = _most_common([e.target for e in group])
    subject = f"{actor} — {group[0].type}" + (f": {target}" if target else "")
    articles = sorted({e.article_id for e in group})
    notes = (
        f"reported by {len(articles)} article(s) in {len(lines)} reporting line(s), resting "
        f"on {len(sources)} independent source(s): " + ", ".join(sources),
    )
    details = EventDetails(group[0].type, actor, target, tuple(articles), len(lines))
    return Assessment(
        story_id, verdict, subject, tuple(e.id for e in group), tuple(sources), notes, details
    )


def reconcile_events(
    story_id: str, events: Sequence[Event], book: SourceBook, carriers: Sequence[Quote | Claim] = ()
) -> list[Assessment]:
    """One assessment per event group reported by at least two articles."""
    return [
        assess_events(story_id, g, book, carriers)
        for g in group_events(events)
        if len({e.article_id for e in g}) >= MIN_ARTICLES
    ]
