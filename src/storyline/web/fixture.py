"""A deterministic fixture store (``random.Random(seed)``) for tests, the benchmark and docs.

It writes articles, stories, a timeline, reconciled claims and quotes, conflicts, derivations
and per-article analyses straight through the store API, in the shapes the pipeline stores, so
the web UI and the exports can be exercised without running the NLP stages. One headline carries
markup on purpose: every rendering must show it as text.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from storyline.model import Article, DateBasis, Published, RemovedSpan, content_id
from storyline.store.base import Store

_TOPICS = (
    ("Kim", "a new tactical missile system", "Pyongyang", "KCNA", "epochal change"),
    ("The harbour authority", "the flooded dam", "Port Alder", "Harbor Wire", "historic failure"),
    ("The shipyard board", "a new frigate hull", "Kestrel Bay", "Coastline News", "new era"),
    ("The customs office", "a hacked cargo system", "Northgate", "Customs Desk", "full recovery"),
)
_OUTLETS = ("Harbor Wire", "Meridian", "Northgate Ledger", "Kestrel Courier", "Globe Relay", "UPI")
_FILLER = (
    "Officials gave no further details.",
    "Analysts said the move was expected after weeks of preparation.",
    "Residents described long queues near the site.",
    "The statement did not say who would pay for the work.",
    "Observers noted that similar plans were announced last year.",
    "A spokesperson declined to comment on the timing.",
)


def _article_text(rng: random.Random, topic: tuple[str, ...], n: int, day: date) -> str:
    actor, thing, place, agency, phrase = topic
    sentences = [
        f"{actor} inspected {thing} in {place} on {day:%A}, {agency} reported.",
        f"The {agency} report said {actor} called for “an {phrase}” in the preparations.",
        f"Defense Minister Shin Won-sik said at least {n:,} containers were shipped in {day:%B}.",
        *rng.sample(_FILLER, 3),
    ]
    return "\n\n".join(sentences)


def _span(text: str, words: str) -> dict[str, int]:
    start = text.index(words)
    return {"start": start, "end": start + len(words)}


def _article(rng: random.Random, story: int, index: int, topic: tuple[str, ...]) -> Article:
    day = date(2024, 5, 14) + timedelta(days=index % 3)
    count = 6700 if index % 2 == 0 else 7000
    text = _article_text(rng, topic, count, day)
    title = f"{topic[0]} visits {topic[2]} ({index + 1})"
    if story == 0 and index == 0:
        title = "<script>alert('headline')</script> Kim inspects missiles"
    raw = f"Home | World | Asia\n{text}\nShare this article"
    return Article(
        id=Article.make_id(raw, f"s{story}-a{index}"),
        source_path=f"fixture/story{story}/article{index:03d}.txt",
        title=title,
        text=text,
        raw_text=raw,
        published=Published(day, DateBasis.METADATA, day.isoformat()),
        external_id=f"s{story}-a{index}",
        outlet=_OUTLETS[(story + index) % len(_OUTLETS)],
        language="en",
        removed_spans=(RemovedSpan(0, 18, "navigation", "Home | World | Asia"),),
    )


def _analyses(article: Article, topic: tuple[str, ...]) -> dict[str, Any]:
    """Per-article analyses in the stored shapes (model records as JSON)."""
    text, aid = article.text, article.id
    actor, agency, phrase = topic[0], topic[3], topic[4]
    day = article.published.date
    weekday = f"{day:%A}" if day else "Monday"
    quote = _span(text, f"an {phrase}")
    number = _span(text, "at least")
    number_end = text.index(" containers", number["end"])
    return {
        "mentions": [
            {
                "article_id": aid,
                "span": _span(text, actor),
                "text": actor,
                "entity_id": content_id("entity", actor),
            },
            {
                "article_id": aid,
                "span": _span(text, "Shin Won-sik"),
                "text": "Shin Won-sik",
                "entity_id": content_id("entity", "Shin Won-sik"),
            },
        ],
        "timexes": {
            "anchor": day.isoformat() if day else None,
            "items": [
                {
                    "article_id": aid,
                    "span": _span(text, weekday),
                    "text": weekday,
                    "type": "DATE",
                    "value": day.isoformat() if day else "XXXX-XX-XX",
                    "precision": "day",
                    "start_date": None,
                    "end_date": None,
                },
            ],
        },
        "quotes": [
            {
                "article_id": aid,
                "span": quote,
                "text": f"an {phrase}",
                "speaker": actor,
                "speaker_span": None,
                "speaker_entity_id": None,
                "cue": "called for",
                "cited_source": agency,
                "time": None,
            },
        ],
        "claims": [
            {
                "article_id": aid,
                "span": _span(text, text[number["start"] : number_end + 11]),
                "quantity": float(text[number["end"] + 1 : number_end].replace(",", "")),
                "quantity_span": {"start": number["end"] + 1, "end": number_end},
                "unit": None,
                "counted": "containers",
                "approximation": "at least",
                "claimant": "Shin Won-sik",
                "claimant_entity_id": None,
                "stance": "stated",
                "time": None,
            },
        ],
    }


def _member(article: Article, words: str, **extra: Any) -> dict[str, Any]:
    return {"article_id": article.id, "span": _span(article.text, words), **extra}


def _story_results(story_id: str, members: list[Article], topic: tuple[str, ...]) -> dict:
    """The timeline, claims, quotes and conflicts entries of one story."""
    actor, thing, place, agency, phrase = topic
    first = members[0]
    inspected = f"{actor} inspected {thing}"
    timeline = [
        {
            "story_id": story_id,
            "value": a.published.date.isoformat(),
            "precision": "day",
            "what": f"{inspected} in {place}",
            "article_ids": [a.id],
            "evidence": [_member(a, inspected)],
        }
        for a in members[:3]
        if a.published.date
    ]
    timeline.append(
        {
            "story_id": story_id,
            "value": "2024-W19",
            "precision": "week",
            "what": "Test firing reported the week before",
            "article_ids": [first.id],
        }
    )
    counts = {a.id: int(c["quantity"]) for a in members for c in _analyses(a, topic)["claims"]}
    by_value: dict[int, list[Article]] = {}
    for a in members:
        by_value.setdefault(counts[a.id], []).append(a)
    claims = [
        {
            "story_id": story_id,
            "verdict": "agreed",
            "subject": f"{actor} inspected {thing}",
            "member_ids": sorted(a.id for a in members),
            "independent_sources": [agency],
            "notes": [f"every report rests on {agency}"],
            "members": [_member(a, inspected) for a in members],
        }
    ]
    conflicts = []
    if len(by_value) > 1:
        conflicts.append(
            {
                "story_id": story_id,
                "verdict": "conflict",
                "subject": "containers shipped",
                "member_ids": sorted(a.id for a in members),
                "details": {
                    "same_speaker": True,
                    "may_differ_in_time": True,
                    "values": [
                        {
                            "value": value,
                            "speaker": "Shin Won-sik",
                            "members": [_member(a, f"{value:,} containers") for a in group],
                        }
                        for value, group in sorted(by_value.items())
                    ],
                },
            }
        )
    quotes = [
        {
            "story_id": story_id,
            "verdict": "variant",
            "subject": phrase,
            "member_ids": sorted(a.id for a in members[:2]),
            "speaker": actor,
            "independent_sources": [agency],
            "details": {
                "diff": [["equal", "an"], ["replace", "epochal", "historic"], ["equal", "change"]]
            },
            "members": [_member(a, f"an {phrase}", cited_source=agency) for a in members[:2]],
        }
    ]
    if len(members) > 2:
        claims.append(
            {
                "story_id": story_id,
                "verdict": "single_source",
                "subject": "long queues near the site",
                "member_ids": [members[2].id],
                "members": [{"article_id": members[2].id}],
            }
        )
    return {"timeline": timeline, "claims": claims, "quotes": quotes, "conflicts": conflicts}


def fill_fixture_store(
    store: Store, stories: int = 3, articles_per_story: int = 4, seed: int = 42
) -> list[dict[str, Any]]:
    """Fill ``store`` with ``stories`` synthetic stories; return the stored stories."""
    rng = random.Random(seed)
    results: dict[str, list[dict[str, Any]]] = {
        "timeline": [],
        "claims": [],
        "quotes": [],
        "conflicts": [],
    }
    story_rows, derivations = [], []
    with store.transaction():
        for number in range(stories):
            topic = _TOPICS[number % len(_TOPICS)]
            members = [_article(rng, number, i, topic) for i in range(articles_per_story)]
            for article in members:
                store.add_article(article)
                for kind, payload in _analyses(article, topic).items():
                    store.put_analysis(article.id, kind, "1", payload)
            story_id = content_id("story", *sorted(a.id for a in members))
            story_rows.append(
                {
                    "id": story_id,
                    "title": members[0].title,
                    "article_ids": sorted(a.id for a in members),
                    "related_story_ids": [],
                }
            )
            for key, items in _story_results(story_id, members, topic).items():
                results[key].extend(items)
            if len(members) > 1:
                passage = _span(members[0].text, members[0].text.split("\n\n")[0])
                derivations.append(
                    {
                        "from_id": members[0].id,
                        "to_id": members[1].id,
                        "kind": "light_rewrite",
                        "score": 0.82,
                        "evidence": [{"from_span": passage, "to_span": passage}],
                    }
                )
        store.put_result("stories", story_rows)
        store.put_result("timeline", results["timeline"])
        store.put_result(
            "reconciliation", {k: results[k] for k in ("claims", "quotes", "conflicts")}
        )
        store.put_result("derivations", derivations)
    return story_rows
