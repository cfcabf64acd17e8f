"""A seeded generator of news streams for the clustering benchmark.

The stream imitates what the clusterer meets in production: a steady flow of events over
months, each reported by several of many outlets over a few days; actors and themes that recur
across events (the same leader, the same kind of incident); wire copies repeated verbatim by
other outlets; light rewrites of an earlier report; and background words shared by everything.
Words are made-up syllable strings, so the corpus needs no data and is the same on every
machine for the same seed: ``stream(100_000, seed=42)``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"]


@dataclass(frozen=True)
class StreamArticle:
    id: str
    title: str
    text: str
    published: date
    source: str
    event: str  # the gold story


def _words(rng: random.Random, count: int, syllables: tuple[int, int]) -> list[str]:
    seen: set[str] = set()
    while len(seen) < count:
        seen.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(*syllables))))
    return sorted(seen)


@dataclass
class _Event:
    key: str
    day: date
    actors: list[str]
    theme: list[str]
    specific: list[str]
    number: str
    reports: int


class _World:
    """Shared vocabulary: background words, recurring actors, themes and outlets."""

    def __init__(self, rng: random.Random) -> None:
        self.background = _words(rng, 3000, (2, 3))
        self.actors = [
            " ".join(w.capitalize() for w in pair)
            for pair in zip(_words(rng, 1500, (2, 3)), _words(rng, 1500, (2, 4)), strict=True)
        ]
        self.themes = [_words(rng, 25, (3, 4)) for _ in range(150)]
        self.outlets = [f"{w.capitalize()} News" for w in _words(rng, 60, (2, 3))]

    def background_words(self, rng: random.Random, count: int) -> list[str]:
        # Zipf-like: low ranks are drawn far more often, as function-ish words are.
        size = len(self.background)
        return [
            self.background[min(int(rng.paretovariate(1.1)) - 1, size - 1)] for _ in range(count)
        ]


def _new_event(rng: random.Random, world: _World, index: int, day: date) -> _Event:
    # A fifth of the actors carry most events, so actors recur across unrelated stories.
    pool = world.actors[:300] if rng.random() < 0.6 else world.actors
    return _Event(
        key=f"event-{index:06d}",
        day=day,
        actors=rng.sample(pool, rng.randint(1, 3)),
        theme=rng.sample(rng.choice(world.themes), 8),
        specific=_words(rng, 8, (3, 5)),
        number=str(rng.randint(2, 5000)),
        reports=1 + int(rng.expovariate(1 / 5)),
    )


def _report(rng: random.Random, world: _World, event: _Event) -> tuple[str, str]:
    """A title and a text about the event, in one outlet's own words."""
    sentences = []
    for _ in range(rng.randint(4, 7)):
        words = [
            *rng.sample(event.specific, 3),
            *rng.sample(event.theme, 3),
            rng.choice(event.actors),
            *world.background_words(rng, 8),
        ]
        if rng.random() < 0.3:
            words.append(event.number)
        rng.shuffle(words)
        sentences.append(" ".join(words).capitalize() + ".")
    title = " ".join([event.actors[0], *rng.sample(event.specific, 2), rng.choice(event.theme)])
    return title, " ".join(sentences)


def _rewrite(rng: random.Random, text: str) -> str:
    """A light rewrite: sentences reordered, a few words dropped."""
    sentences = text.split(". ")
    rng.shuffle(sentences)
    words = " ".join(sentences).split()
    return " ".join(w for w in words if rng.random() > 0.1)


def stream(size: int, seed: int = 42, events_per_day: int = 120) -> Iterator[StreamArticle]:
    """``size`` articles in publication order, about ``size / 5`` events over steady days."""
    rng = random.Random(seed)
    world = _World(rng)
    day = date(2024, 1, 1)
    pending: dict[date, list[tuple[_Event, int]]] = {}
    produced = 0
    index = 0
    last_text: dict[str, tuple[str, str]] = {}
    while produced < size:
        for _ in range(events_per_day):
            event = _new_event(rng, world, index, day)
            index += 1
            for n in range(event.reports):
                later = day + timedelta(min(int(rng.expovariate(1 / 1.2)), 10))
                pending.setdefault(later, []).append((event, n))
        for event, n in pending.pop(day, []):
            if produced == size:
                break
            roll = rng.random()
            if event.key in last_text and roll < 0.15:
                title, text = last_text[event.key]  # a wire copy, verbatim
            elif event.key in last_text and roll < 0.35:
                title, text = last_text[event.key][0], _rewrite(rng, last_text[event.key][1])
            else:
                title, text = _report(rng, world, event)
            last_text.setdefault(event.key, (title, text))
            yield StreamArticle(
                id=f"{event.key}-{n:03d}",
                title=title,
                text=text,
                published=day,
                source=rng.choice(world.outlets),
                event=event.key,
            )
            produced += 1
        day += timedelta(1)
