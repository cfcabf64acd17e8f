"""Link: articles into stories, undated articles dated from their story, who rewrote whom.

The link stage is where a publication date is settled: an article's own date (ingest) or the
one its story allows (``storyline.link.story_dates``) is written once, as the ``publication``
result that ``Store.article()`` applies, so every later reader sees the same date with its
basis and evidence.

Stories come from the streaming clusterer (``storyline.link.cluster``) fed the stored article
features in publication order; its state is kept in the store (``storyline.link.
stream_checkpoint``), so a run feeds it only the articles it does not hold yet, with the same
stories as feeding every article. Analysts' merge and split decisions are then replayed in the
order they were made. Decisions name articles, not story ids, so they survive reruns and new
articles. Everything here is computed from stored inputs and written in one transaction, so
the stage is idempotent. ``storyline.link.touched`` runs it for the stories a run touches.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from storyline.link.story_dates import resolve_dates
from storyline.link.touched import LinkResult
from storyline.model import Article, to_jsonable
from storyline.store.base import Store

if TYPE_CHECKING:
    from storyline.link.minhash import Signature


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
