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
the stage is idempotent. ``storyline.link.touched`` runs it for the stories a run touches.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from storyline.ingest.metadata import DateClues, complete_date
from storyline.link.touched import LinkResult
from storyline.model import Article, DateBasis, Published, to_jsonable
from storyline.store.base import Store

if TYPE_CHECKING:
    from storyline.link.minhash import Signature

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


def story_title(members: Sequence[Article]) -> str:
    """The headline of the earliest dated article with a real headline."""
    ordered = sorted(
        members, key=lambda a: (a.published.date or date.max, a.title.endswith("…"), a.id)
    )
    return ordered[0].title


def final_groups(
    streamed: list[list[str]],
    articles: list[Article],
    timexes: dict[str, Any],
    clues: dict[str, Any],
    decisions: list[dict[str, Any]],
) -> tuple[list[list[str]], dict[str, Any]]:
    """The clusterer's groups settled (undated articles whose dates contradict their story
    taken out), analysts' decisions replayed; with the dates completed from each story."""
    from storyline.link.grouping import settled_groups

    groups = apply_decisions(settled_groups(streamed, articles, timexes, clues), decisions)
    return groups, to_jsonable(resolve_dates(articles, groups, clues, timexes))


def link_store(
    store: Store,
    progress: Callable[[str, int, int], None] | None = None,
    everything: bool = False,
) -> LinkResult:
    """Bring stories, resolved dates and outlets and derivations up to date for what changed
    since the last run (``storyline.link.touched``; everything with ``everything``, and
    derivations then searched over every pair); return what changed."""
    from storyline.link.derivation import PreparedTexts, prepared_texts, reading_texts, unzipped
    from storyline.link.derivation_index import EDGES_KIND, searches_all, update_derivations
    from storyline.link.touched import link_touched

    # a run that will search every pair reads every text on the pool while it links
    whole = everything or searches_all(store)
    ahead = sorted(store.articles(), key=lambda a: a.id) if whole else []
    with reading_texts(ahead) as reading:
        plan = link_touched(store, everything, final_groups)
        if everything:
            store.put_result(EDGES_KIND, None)
        linked = {a.id: a for a in plan.linked}

        def every_article() -> list[Article]:
            return [linked.get(a.id, a) for a in ahead or store.articles()]

        def texts(ordered: Sequence[Article]) -> tuple[PreparedTexts, list[Signature | None]]:
            if [a.id for a in ordered] == [a.id for a in ahead]:
                return unzipped(ordered, reading)
            return prepared_texts(ordered)

        with store.transaction():  # the stories are written while the workers align pairs
            derivations = update_derivations(
                store, plan.linked, plan.moved, every_article, texts=texts, meanwhile=plan.write
            )
            ends = None
            if not derivations.replace_all:
                ends = {end for e in derivations.edges for end in (e.from_id, e.to_id)}
            derivations.write(store)
            result = plan.finish(ends)
    if progress:
        progress("link", 1, 1)
    return result
