"""The one grouping of articles into stories, shared by ``analyze`` (the link stage) and
``storyline cluster``: streaming assignment with its second look (``storyline.link.cluster``,
``ClusterModel.second_look``), then undated articles whose own dates contradict their story
taken out.

Both callers pass the same inputs (cleaned articles, their ``features`` and ``timexes``
analyses and their ingest clues), so the same articles get the same stories whichever command
read them. Analysts' decisions are applied after this, by the link stage only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from storyline.analyze.features import ArticleFeatures
from storyline.link.cluster import cluster_stream
from storyline.link.story_dates import resolve_dates, split_time_conflicts
from storyline.model import Article

# The second look is part of the stream (``StoryClusterer._second_look``, settings in
# ``consolidate.STREAM_SETTINGS``): its state is in the clusterer's checkpoint, so a store fed
# in batches tells the stories of a rebuild. The whole-set ``consolidate.consolidate`` and the
# store-side ``LocalSecondLook`` stay as measured references (EVALUATION.md, "Story
# clustering").


def story_groups(
    articles: Sequence[Article],
    features: Mapping[str, Any],
    timexes: Mapping[str, Any],
    clues: Mapping[str, Any],
) -> list[list[str]]:
    """Article-id groups (each sorted) for ``articles``; ``features``, ``timexes`` and
    ``clues`` map article ids to their stored JSON records."""
    # The stream takes undated articles in the order given: fix that order here (the store's
    # own, by file then id) so every caller gets the same stories for the same articles.
    ordered = sorted(articles, key=lambda a: (a.source_path, a.id))
    stream = [ArticleFeatures.from_dict(features[a.id]) for a in ordered if a.id in features]
    return settled_groups(consolidated_stream(stream), articles, timexes, clues)


def settled_groups(
    streamed: Sequence[Sequence[str]],
    articles: Sequence[Article],
    timexes: Mapping[str, Any],
    clues: Mapping[str, Any],
) -> list[list[str]]:
    """The stream's (or second look's) groups, each sorted, with the undated articles whose
    own dates contradict their story taken out (the link stage's persisted stream ends here
    too)."""

    groups = [sorted(g) for g in streamed]
    resolved = resolve_dates(articles, groups, dict(clues), dict(timexes))
    return split_time_conflicts(groups, articles, resolved, dict(timexes))


def consolidated_stream(features: Sequence[ArticleFeatures]) -> list[list[str]]:
    """The streaming clusterer's stories (its second look included), in order of creation."""
    by_key: dict[str, list[str]] = {}
    for article_id, key in cluster_stream(features).items():
        by_key.setdefault(key, []).append(article_id)
    return list(by_key.values())
