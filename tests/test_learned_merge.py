"""The second look's learned merge score: what it prefers on real reports, how it is fitted, and
that the stream reads its threshold from the shipped model."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from bench.stream_corpus import stream
from eval import ecbplus

from storyline.analyze.features import ArticleFeatures, article_features
from storyline.link.cluster import (
    MERGE_FEATURES,
    ClusterModel,
    StoryClusterer,
    _add_member,
    _flat,
    _Group,
    _merge_features,
    _merge_score,
    _view_dots,
    cluster_stream,
    load_model,
)
from storyline.link.consolidate import ConsolidationSettings

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"
MODEL_JSON = Path(__file__).resolve().parents[1] / "src" / "storyline" / "link"
MODEL_JSON = MODEL_JSON / "cluster_model.json"


def _shipped_look() -> ConsolidationSettings:
    look = load_model().second_look
    assert look is not None and look.merge_coef
    return look


@pytest.fixture(scope="module")
def seeds() -> dict[str, ArticleFeatures]:
    """The shared seeds, undated: 000-003 report one inspection by Kim Jong Un (May 2024), 004
    another one (August 2023) in much the same words."""
    if not SEEDS.exists():
        pytest.skip("shared seeds not found at ../shared/seeds")
    return {
        path.name[:3]: article_features(path.name[:3], "", path.read_text("utf-8"), None)
        for path in sorted(SEEDS.glob("*.txt"))
    }


def _groups(features: list[list[ArticleFeatures]], look: ConsolidationSettings) -> list[_Group]:
    """Groups of the second look holding ``features``, weighed as the stream weighs them."""
    clusterer = StoryClusterer(replace(load_model(), second_look=None))
    made = []
    for serial, members in enumerate(features):
        group = _Group(f"g{serial}", serial)
        for f in members:
            _add_member(group, f.article_id, "s", None, _flat(clusterer._vectorise(f), look), 40)
        made.append(group)
    return made


def _score(left: _Group, right: _Group, look: ConsolidationSettings) -> float:
    return _merge_score(_merge_features(left, right, _view_dots(left, right), look), look)


def test_the_score_puts_a_same_event_pair_above_a_look_alike_event(
    seeds: dict[str, ArticleFeatures],
) -> None:
    look = _shipped_look()
    story, same, other = _groups(
        [[seeds["000"], seeds["001"]], [seeds["002"]], [seeds["004"]]], look
    )
    assert _score(story, same, look) > _score(story, other, look)


def test_merge_features_are_named_and_symmetric(seeds: dict[str, ArticleFeatures]) -> None:
    look = _shipped_look()
    left, right = _groups([[seeds["000"], seeds["001"]], [seeds["003"]]], look)
    values = _merge_features(left, right, _view_dots(left, right), look)
    assert len(values) == len(MERGE_FEATURES)
    assert values == _merge_features(right, left, _view_dots(right, left), look)
    named = dict(zip(MERGE_FEATURES, values, strict=True))
    assert named["single"] == 1.0
    assert 0.0 < named["link"] < 1.0


def _train_topics(count: int) -> tuple[list[ArticleFeatures], dict[str, str]]:
    if not ecbplus.DATA.exists():
        pytest.skip("ECB+ data not found at ../shared/data/ecbplus")
    rows = ecbplus.load_rows(split="train")
    topics = sorted({row["topic_id"] for row in rows})[:count]
    rows = [row for row in rows if row["topic_id"] in topics]
    features = [article_features(r["id"], r["title"] or "", r["text"], None) for r in rows]
    return features, {row["id"]: row["cluster_id"] for row in rows}


def test_the_fitter_is_deterministic() -> None:
    features, gold = _train_topics(3)
    streams = [features, features[::-1]]
    look = replace(_shipped_look(), merge_floor=0.08)
    first = ecbplus.merge_examples(streams, gold, look)
    second = ecbplus.merge_examples(streams, gold, look)
    assert first == second
    x, y = first
    assert any(y) and not all(y)  # both kinds of pair occur
    assert ecbplus.fit_merge_score(x, y) == ecbplus.fit_merge_score(x, y)


def test_merge_examples_follow_the_gold_events() -> None:
    """Merges taught by the gold events leave no story mixing two of them."""
    features, gold = _train_topics(3)
    look = replace(_shipped_look(), merge_floor=0.08, merge_coef={})
    clusterer = StoryClusterer(replace(load_model(), second_look=look))
    events = {}
    clusterer.merge_teacher = lambda a, b: gold[a[0]] == gold[b[0]]
    for f in features:
        clusterer.add(f)
    for article_id, key in clusterer.assignments().items():
        events.setdefault(key, set()).add(gold[article_id])
    assert clusterer.merge_examples
    assert sum(len(e) for e in events.values()) < 1.1 * len(events)


@pytest.fixture(scope="module")
def synthetic() -> list[ArticleFeatures]:
    articles = list(stream(600, seed=11, events_per_day=40))
    features = [article_features(a.id, a.title, a.text, a.published) for a in articles]
    return sorted(features, key=lambda f: (f.published is not None, f.published or date.min))


def _stories_at(threshold: float, features: list[ArticleFeatures]) -> int:
    record = json.loads(MODEL_JSON.read_text("utf-8"))
    record["settings"]["second_look"]["merge_threshold"] = threshold
    return len(set(cluster_stream(features, ClusterModel.from_dict(record)).values()))


def test_the_second_look_merges_at_the_threshold_of_the_json(
    synthetic: list[ArticleFeatures],
) -> None:
    record = json.loads(MODEL_JSON.read_text("utf-8"))
    shipped = record["settings"]["second_look"]
    assert load_model().second_look == ConsolidationSettings.from_dict(shipped)
    never, always = _stories_at(1.01, synthetic), _stories_at(0.0, synthetic)
    assert always < never  # the threshold written in the JSON decides merges
    assert always <= _stories_at(shipped["merge_threshold"], synthetic) <= never


def test_a_merge_score_must_name_every_feature() -> None:
    look = replace(_shipped_look(), merge_coef={"link": 1.0})
    with pytest.raises(ValueError, match="merge_coef must name link, mean_title_lemmas"):
        replace(load_model(), second_look=look)
