"""Link: articles into stories, undated articles dated from their story, who rewrote whom.

The link stage is where a publication date is settled: an article's own date (ingest) or the
one its story allows (``resolve_dates``) is written once, as the ``publication`` result that
``Store.article()`` applies, so every later reader sees the same date with its basis and
evidence.

Stories come from the streaming clusterer (``storyline.link.cluster``) fed the stored article
features in publication order; its state is kept in the store (``storyline.link.
stream_checkpoint``), so a run feeds it only the articles it does not hold yet, with the same
stories as feeding every article. Analysts' merge and split decisions are then replayed in the
order they were made. Decisions name articles, not story ids, so they survive reruns and new
articles. Everything here is computed from stored inputs and written in one transaction, so
the stage is idempotent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from storyline.ingest.metadata import DateClues, complete_date
from storyline.ingest.outlets import resolve_outlets
from storyline.ingest.stage import CLUES_KIND
from storyline.link.identity import (
    REGISTRY_KIND,
    IdEntry,
    Registry,
    assign_ids,
    registry_from_json,
    registry_to_json,
)
from storyline.model import Article, DateBasis, Published, Story, to_jsonable
from storyline.store.base import Store
from storyline.store.codec import OUTLETS, PUBLICATION, STORIES, with_resolution

FIRM_BASES = (DateBasis.METADATA, DateBasis.DATELINE, DateBasis.TEXT)
YEARLESS_MONTH = re.compile(r"^XXXX-(\d\d)")
WRITTEN_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
YEAR_SLACK = 1  # a report may name next year ("plans for 2025") as its earliest year


def apply_decisions(
    groups: list[list[str]], decisions: Sequence[dict[str, Any]]
) -> list[list[str]]:
    """Replay merges and splits (in decision order) over article groups."""
    groups = [list(g) for g in groups]
    for decision in decisions:
        named = set(decision["article_ids"])
        if decision["action"] == "merge":
            touched = [g for g in groups if named & set(g)]
            if len(touched) > 1:
                merged = sorted({a for g in touched for a in g})
                groups = [g for g in groups if not named & set(g)] + [merged]
        elif decision["action"] == "split":
            out = [a for g in groups for a in g if a in named]
            if out:
                groups = [[a for a in g if a not in named] for g in groups]
                groups = [g for g in groups if g] + [sorted(out)]
    return groups


def written_years(timexes: dict[str, Any] | None) -> set[int]:
    """The years an article's time expressions write out (``28 December 2023``, ``2026``);
    relative ones (``last year``) say nothing of their own before the article is dated."""
    items = (timexes or {}).get("items", [])
    return {int(y) for t in items for y in WRITTEN_YEAR.findall(t.get("text") or "")}


def agrees_with_own_years(day: date, years: set[int]) -> bool:
    """Whether a date completed from a story fits the years the article writes: it cannot
    precede all of them (a report naming only 2023 was not published in 2017), while older
    years are background (``the dam, completed in 1978``). An article naming no year fits."""
    return not years or min(years) <= day.year + YEAR_SLACK


def resolve_dates(
    articles: Sequence[Article],
    groups: list[list[str]],
    clues: dict[str, dict[str, Any]],
    timexes: dict[str, Any] | None = None,
) -> dict[str, Published]:
    """Publication dates for articles without one, from the dated articles of their story.

    A completed date must agree with the article's own written years (``timexes``, by article
    id): a look-alike report of another year that strayed into the story keeps no date rather
    than a wrong one.
    """
    by_id = {a.id: a for a in articles}
    timexes = timexes or {}
    resolved: dict[str, Published] = {}
    for group in groups:
        firm = [
            by_id[a].published.date
            for a in group
            if by_id[a].published.basis in FIRM_BASES and by_id[a].published.date
        ]
        for article_id in group:
            article = by_id[article_id]
            raw = clues.get(article_id, {}).get("date")
            if article.published.date is not None or not raw or not firm:
                continue
            found = DateClues(
                month_day=tuple(raw["month_day"]) if raw.get("month_day") else None,
                weekday=raw.get("weekday"),
                not_after=date.fromisoformat(raw["not_after"]) if raw.get("not_after") else None,
                evidence=raw.get("evidence"),
            )
            day = complete_date(found, [d for d in firm if d is not None])
            if day is not None and agrees_with_own_years(
                day, written_years(timexes.get(article_id))
            ):
                evidence = f"{found.evidence}; completed from the dated articles of its story"
                resolved[article_id] = Published(day, DateBasis.STORY, evidence)
    return resolved


def _undated_months(timexes: dict[str, Any] | None) -> list[int]:
    """Months an undated article names without a year ("August 21" -> XXXX-08-21)."""
    items = (timexes or {}).get("items", [])
    return [int(m[1]) for t in items if (m := YEARLESS_MONTH.match(t["value"]))]


def split_time_conflicts(
    groups: list[list[str]],
    articles: Sequence[Article],
    resolved: dict[str, Published],
    timexes: dict[str, Any],
) -> list[list[str]]:
    """Take undated articles out of stories whose dates their own words contradict.

    Without a date the clusterer can only compare words, and a report of an earlier event by
    the same actors reads much alike. An undated article that names months of its own (at
    least two yearless dates, none within a month of any of the story's publication months)
    is about another event: it becomes a story of its own (and is linked as related).
    """
    by_id = {a.id: a for a in articles}

    def day(article_id: str) -> date | None:
        found = resolved.get(article_id)
        return found.date if found else by_id[article_id].published.date

    result = []
    for group in groups:
        months = {d.month for a in group if (d := day(a)) is not None}
        apart = []
        for article_id in group:
            named = _undated_months(timexes.get(article_id))
            if (
                len(group) > 1
                and months
                and day(article_id) is None
                and len(named) >= 2
                and all(min(abs(m - n), 12 - abs(m - n)) > 1 for m in named for n in months)
            ):
                apart.append(article_id)
        result.append([a for a in group if a not in apart])
        result.extend([a] for a in apart)
    return [g for g in result if g]


def _story_title(members: Sequence[Article]) -> str:
    """The headline of the earliest dated article with a real headline."""
    ordered = sorted(
        members, key=lambda a: (a.published.date or date.max, a.title.endswith("…"), a.id)
    )
    return ordered[0].title


def build_stories(
    articles: Sequence[Article],
    groups: list[list[str]],
    features: dict[str, Any],
    story_ids: Sequence[str],
) -> list[Story]:
    """Stories (with related stories linked) from article groups and their stable ids
    (``storyline.link.identity``), in a deterministic order."""
    from storyline.analyze.features import ArticleFeatures
    from storyline.link.storylines import related_stories

    by_id = {a.id: a for a in articles}
    ids = {story_id: sorted(g) for story_id, g in zip(story_ids, groups, strict=True)}
    related: dict[str, set[str]] = {key: set() for key in ids}
    grouped = {
        key: [ArticleFeatures.from_dict(features[a]) for a in members if a in features]
        for key, members in ids.items()
    }
    for left, right, _score in related_stories(grouped):
        related[left].add(right)
        related[right].add(left)
    stories = [
        Story(
            key,
            _story_title([by_id[a] for a in members]),
            tuple(members),
            tuple(sorted(related[key])),
        )
        for key, members in ids.items()
    ]
    earliest = {
        s.id: min((by_id[a].published.date or date.max) for a in s.article_ids) for s in stories
    }
    return sorted(stories, key=lambda s: (earliest[s.id], s.id))


def _registry(store: Store) -> Registry:
    """The story-id registry; a store from before stable ids registers its stories' current
    ids (named after their earliest article), so ids already shown keep resolving."""
    stored = store.result(REGISTRY_KIND)
    if stored is not None:
        return registry_from_json(stored)
    dates = {a.id: a.published.date for a in store.ingested_articles()}
    return {
        story["id"]: IdEntry(
            min(story["article_ids"], key=lambda a: (dates.get(a) or date.max, a)), 0
        )
        for story in store.result("stories") or []
    }


def link_store(
    store: Store,
    progress: Callable[[str, int, int], None] | None = None,
    everything: bool = False,
) -> int:
    """Recompute stories and resolved dates, bring derivations up to date (searching only
    the new articles, unless ``everything``); return the number of stories."""
    from storyline.link.derivation_index import EDGES_KIND, update_derivations
    from storyline.link.grouping import SECOND_LOOK, settled_groups, story_groups
    from storyline.link.stream_checkpoint import BEHIND_KIND, HEAD_KIND, stream_groups

    articles = store.ingested_articles()
    clues = store.analyses(CLUES_KIND)
    outlets = resolve_outlets(articles, {a: c["outlet"] for a, c in clues.items()})
    timexes = store.analyses("timexes")
    # the stored clusterer's new states (None: forget it)
    checkpoints: dict[str, Any] = {HEAD_KIND: None, BEHIND_KIND: None}
    if SECOND_LOOK is None:
        # The stream alone decides: continue the stored clusterer with the new articles.
        streamed = stream_groups(store, {a.id: a.source_path for a in articles}, everything)
        checkpoints[HEAD_KIND] = streamed.head.to_json()
        if streamed.behind is None:
            del checkpoints[BEHIND_KIND]  # unchanged
        else:
            checkpoints[BEHIND_KIND] = streamed.behind.to_json()
        groups = settled_groups(streamed.groups, articles, timexes, clues)
    else:  # the second look reads every article's features: no checkpoint to continue
        groups = story_groups(articles, store.analyses("features"), timexes, clues)
    groups = apply_decisions(groups, list(store.decisions()))
    resolved = resolve_dates(articles, groups, clues, timexes)
    publication = to_jsonable(resolved)
    dated = [with_resolution(a, publication, outlets) for a in articles]
    day = {a.id: a.published.date for a in dated}
    story_ids, registry = assign_ids(groups, _registry(store), day.get)
    stories = build_stories(dated, groups, store.analyses("features"), story_ids)
    if everything:
        store.put_result(EDGES_KIND, None)
    derivations = update_derivations(store, dated)
    with store.transaction():
        derivations.write(store)
        store.put_result(PUBLICATION, publication)
        store.put_result(OUTLETS, outlets)
        store.put_result(STORIES, to_jsonable(stories))
        store.put_result(REGISTRY_KIND, registry_to_json(registry))
        for kind, checkpoint in checkpoints.items():
            store.put_result(kind, checkpoint)
    if progress:
        progress("link", 1, 1)
    return len(stories)
