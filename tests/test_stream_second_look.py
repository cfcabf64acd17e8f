"""The second look inside the stream: merges of stream stories that a checkpoint carries, so a
store fed in batches tells the same stories as one rebuilt from every article."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from bench.stream_corpus import stream

from storyline.analyze.features import ArticleFeatures, article_features
from storyline.link.cluster import StoryClusterer, cluster_stream, load_model

# The synthetic stream is easy for the stream alone; a second look that merges readily gives
# the checkpoints merges to carry (the property holds whatever the thresholds): the shipped
# merge score (``_merge_score``) at a low floor and threshold.
SHIPPED = load_model()
assert SHIPPED.second_look is not None and SHIPPED.second_look.merge_coef
EAGER = replace(
    SHIPPED, second_look=replace(SHIPPED.second_look, merge_floor=0.06, merge_threshold=0.1)
)


@pytest.fixture(scope="module")
def synthetic() -> list[ArticleFeatures]:
    """A synthetic stream of 900 articles (many events a day, rewrites, look-alike words) in
    stream order: undated first, then by day."""
    articles = list(stream(900, seed=7, events_per_day=40))
    features = [article_features(a.id, a.title, a.text, a.published) for a in articles]
    return sorted(features, key=lambda f: (f.published is not None, f.published or date.min))


def _groups(assignments: dict[str, str]) -> list[list[str]]:
    by_key: dict[str, list[str]] = {}
    for article_id, key in assignments.items():
        by_key.setdefault(key, []).append(article_id)
    return sorted(sorted(g) for g in by_key.values())


def test_the_second_look_joins_stories_the_stream_split(
    synthetic: list[ArticleFeatures],
) -> None:
    alone = _groups(cluster_stream(synthetic, replace(load_model(), second_look=None)))
    looked = _groups(cluster_stream(synthetic, EAGER))
    assert len(looked) < len(alone)
    # most of it is joining: stream stories that end up whole within one story
    story_of = {a: i for i, g in enumerate(looked) for a in g}
    whole = [g for g in alone if len({story_of[a] for a in g}) == 1]
    assert len(whole) > 0.9 * len(alone)


@pytest.mark.parametrize("cuts", [(300,), (150, 450, 700), tuple(range(60, 900, 60))])
def test_batches_through_checkpoints_give_the_rebuilds_stories(
    synthetic: list[ArticleFeatures], cuts: tuple[int, ...]
) -> None:
    """Each batch restores the last checkpoint (through JSON, as a store keeps it), feeds its
    articles and writes back what ``assignments`` reports: articles fed and articles whose
    story a merge changed. The rows end as the rebuild's."""
    rebuilt = cluster_stream(synthetic, EAGER)
    alone = cluster_stream(synthetic, replace(EAGER, second_look=None))
    assert len(set(rebuilt.values())) < len(set(alone.values()))
    rows: dict[str, str] = {}
    fingerprints: dict[str, str] = {}
    state = None
    for start, end in zip((0, *cuts), (*cuts, len(synthetic)), strict=True):
        clusterer = StoryClusterer(EAGER) if state is None else StoryClusterer.restore(state, EAGER)
        clusterer.remember_fingerprints(fingerprints)
        for f in synthetic[start:end]:
            clusterer.add(f)
        rows.update(clusterer.assignments())
        fingerprints.update({fp: key for fp, (key, _) in clusterer.fingerprints_set().items()})
        state = json.loads(json.dumps(clusterer.checkpoint()))
    assert rows == rebuilt
