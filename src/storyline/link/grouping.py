"""The one grouping of articles into stories, shared by ``analyze`` (the link stage) and
``storyline cluster``: streaming assignment, the consolidating second look, then undated
articles whose own dates contradict their story taken out.

Both callers pass the same inputs (cleaned articles, their ``features`` and ``timexes``
analyses and their ingest clues), so the same articles get the same stories whichever command
read them. Analysts' decisions are applied after this, by the link stage only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from storyline.analyze.features import ArticleFeatures
from storyline.link.cluster import cluster_stream
from storyline.link.consolidate import consolidate
from storyline.model import Article


def story_groups(
    articles: Sequence[Article],
    features: Mapping[str, Any],
    timexes: Mapping[str, Any],
    clues: Mapping[str, Any],
) -> list[list[str]]:
    """Article-id groups (each sorted) for ``articles``; ``features``, ``timexes`` and
    ``clues`` map article ids to their stored JSON records."""
    from storyline.link.stage import resolve_dates, split_time_conflicts

    stream = [ArticleFeatures.from_dict(features[a.id]) for a in articles if a.id in features]
    assignments = cluster_stream(stream)
    by_key: dict[str, list[str]] = {}
    for article_id, key in assignments.items():
        by_key.setdefault(key, []).append(article_id)
    groups = consolidate(stream, list(by_key.values()))
    groups = [sorted(g) for g in groups]
    resolved = resolve_dates(articles, groups, dict(clues))
    return split_time_conflicts(groups, articles, resolved, dict(timexes))
