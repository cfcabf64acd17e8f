"""The local second look: only the stories new articles touched, and their neighbours, change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from storyline.analyze.features import ArticleFeatures, article_features
from storyline.link.cluster import StoryClusterer
from storyline.link.consolidate import (
    LOCAL_SETTINGS,
    ConsolidationSettings,
    DocumentFrequencies,
    LocalSecondLook,
    article_vector,
    article_vectors,
    consolidate_touched,
)
from tests.test_cluster import seed_features

DAY = date(2024, 5, 6)

QUAKE = (
    "Earthquake of magnitude 6.1 strikes Valdoria coast",
    "An earthquake of magnitude 6.1 struck the Valdoria coast near Port Ellin on Monday, "
    "collapsing houses and cutting power to the harbour district, the seismic office said. "
    "Rescue teams searched the rubble in Port Ellin for survivors of the earthquake.",
)
QUAKE_FOLLOW_UP = (
    "Port Ellin earthquake: rescuers pull survivors from rubble",
    "Rescuers in Port Ellin pulled survivors from the rubble of collapsed houses on Tuesday, a "
    "day after the magnitude 6.1 earthquake struck the Valdoria coast, the seismic office said. "
    "Power to the harbour district was restored.",
)
STRIKE = (
    "Dock workers strike at Marrow shipyard over pay",
    "Dock workers at the Marrow shipyard walked out on Monday over a pay offer the union called "
    "an insult, halting work on two ferries. The shipyard's owners said talks with the union "
    "would resume on Friday.",
)
STRIKE_FOLLOW_UP = (
    "Marrow shipyard strike enters second day as union rejects offer",
    "The strike at the Marrow shipyard entered its second day as the dock workers' union "
    "rejected a new pay offer, leaving the two ferries unfinished. Talks resume on Friday.",
)


def _article(article_id: str, text: tuple[str, str], day: date | None) -> ArticleFeatures:
    return article_features(article_id, text[0], text[1], day)


def _consolidated(
    touched: list[list[str]], candidates: list[list[str]], articles: list[ArticleFeatures]
) -> list[list[str]]:
    frequencies = DocumentFrequencies.of(articles, LOCAL_SETTINGS)
    by_id = {f.article_id: f for f in articles}
    return consolidate_touched(touched, candidates, by_id, frequencies, LOCAL_SETTINGS)


def test_two_fragments_of_one_event_merge() -> None:
    articles = [
        _article("q1", QUAKE, DAY),
        _article("q2", QUAKE_FOLLOW_UP, DAY + timedelta(1)),
        _article("s1", STRIKE, DAY),
        _article("s2", STRIKE_FOLLOW_UP, DAY + timedelta(1)),
    ]
    result = _consolidated([["q2"]], [["q1"], ["s1", "s2"]], articles)
    assert sorted(map(sorted, result)) == [["q1", "q2"], ["s1", "s2"]]


def test_a_look_alike_event_of_another_period_stays_apart() -> None:
    later = DAY + timedelta(days=LOCAL_SETTINGS.window_days + 30)
    articles = [
        _article("q1", QUAKE, DAY),
        _article("q2", QUAKE_FOLLOW_UP, DAY + timedelta(1)),
        _article("q3", QUAKE, later),  # the same words months later: another earthquake
    ]
    result = _consolidated([["q3"]], [["q1", "q2"]], articles)
    assert sorted(map(sorted, result)) == [["q1", "q2"], ["q3"]]
    # Undated, the same words would have joined: the window is what keeps them apart.
    undated = [*articles[:2], _article("q3", QUAKE, None)]
    assert sorted(map(sorted, _consolidated([["q3"]], [["q1", "q2"]], undated))) == [
        ["q1", "q2", "q3"]
    ]


def test_a_candidate_story_is_never_split_and_loses_nothing() -> None:
    articles = [
        _article("q1", QUAKE, DAY),
        _article("s1", STRIKE, DAY),
        _article("s2", STRIKE_FOLLOW_UP, DAY + timedelta(1)),
    ]
    # A fused candidate (an earthquake report inside the strike story) is not the second
    # look's to split: only touched stories are re-grouped.
    result = _consolidated([["s2"]], [["s1", "q1"]], articles)
    assert any(set(group) >= {"s1", "q1"} for group in result)
    # Touched, the same fused story comes apart.
    result = _consolidated([["s1", "q1", "s2"]], [], articles)
    assert sorted(map(sorted, result)) == [["q1"], ["s1", "s2"]]


def test_a_new_article_never_changes_a_story_elsewhere() -> None:
    look = LocalSecondLook(LOCAL_SETTINGS)
    strike = [_article("s1", STRIKE, DAY), _article("s2", STRIKE_FOLLOW_UP, DAY)]
    look.add([(strike[0], "strike-a"), (strike[1], "strike-b")])  # the stream split them
    assert sorted(map(sorted, look.groups())) == [["s1", "s2"]]  # the second look joins them
    look.add([(_article("q1", QUAKE, DAY + timedelta(1)), "quake")])
    before = {tuple(g) for g in look.groups() if "s1" in g}
    # More earthquake reports: the frequencies change, the strike story must not.
    for n in range(2, 8):
        text = QUAKE_FOLLOW_UP if n % 2 else QUAKE
        look.add([(_article(f"q{n}", text, DAY + timedelta(n // 2)), "quake")])
        assert {tuple(g) for g in look.groups() if "s1" in g} == before
    assert sorted(map(sorted, look.groups())) == [
        ["q1", "q2", "q3", "q4", "q5", "q6", "q7"],
        ["s1", "s2"],
    ]


def test_stories_out_of_the_window_are_not_neighbours() -> None:
    look = LocalSecondLook(LOCAL_SETTINGS)
    look.add([(_article("q1", QUAKE, DAY), "a")])
    far = DAY + timedelta(days=LOCAL_SETTINGS.window_days + 1)
    look.add([(_article("q2", QUAKE_FOLLOW_UP, far), "b")])
    assert sorted(map(sorted, look.groups())) == [["q1"], ["q2"]]


def test_frequencies_round_trip_and_match_the_whole_set_weights() -> None:
    articles = [_article("q1", QUAKE, DAY), _article("s1", STRIKE, DAY)]
    frequencies = DocumentFrequencies.of(articles)
    restored = DocumentFrequencies.from_dict(frequencies.to_dict())
    assert restored.to_dict() == frequencies.to_dict()
    assert restored.documents == 2
    whole = article_vectors(articles)
    local = article_vector(articles[0], restored)
    assert whole["q1"].keys() == local.keys()
    assert all(abs(whole["q1"][k] - local[k]) < 1e-12 for k in local)


def test_the_result_does_not_depend_on_cached_vectors_under_the_same_frequencies() -> None:
    articles = [
        _article("q1", QUAKE, DAY),
        _article("q2", QUAKE_FOLLOW_UP, DAY),
        _article("s1", STRIKE, DAY),
    ]
    settings = ConsolidationSettings(attach_threshold=0.1)
    frequencies = DocumentFrequencies.of(articles, settings)
    by_id = {f.article_id: f for f in articles}
    cached = {f.article_id: article_vector(f, frequencies, settings) for f in articles}
    plain = consolidate_touched([["q2"]], [["q1"], ["s1"]], by_id, frequencies, settings)
    with_cache = consolidate_touched(
        [["q2"]], [["q1"], ["s1"]], by_id, frequencies, settings, cached
    )
    assert plain == with_cache == [["q2", "q1"], ["s1"]]


@pytest.mark.parametrize(
    ("dated", "spacy_model"), [(True, False), (False, False), (True, True), (False, True)]
)
def test_seeds_stay_two_stories_with_the_local_second_look(dated: bool, spacy_model: bool) -> None:
    nlp = None
    if spacy_model:
        from storyline.nlp.language import load_nlp

        nlp = load_nlp()
    clusterer = StoryClusterer()
    look = LocalSecondLook(LOCAL_SETTINGS)
    for f in seed_features(dated, nlp):  # one article at a time, as a stream of runs
        look.add([(f, clusterer.add(f))])
    assert sorted(map(sorted, look.groups())) == [["000", "001", "002", "003"], ["004"]]


def test_a_story_larger_than_its_compared_members_keeps_growing() -> None:
    # Stories compare (and are indexed) on their latest members only; a story that outgrows
    # that sample and is revisited must leave no trace of its old self in the index, where a
    # later story sharing a word with its first member would find it.
    settings = ConsolidationSettings(attach_threshold=0.1, max_members=2)
    look = LocalSecondLook(settings)
    marked = (QUAKE[0], QUAKE[1] + " Zorblat Zorblat Zorblat Zorblat.")
    look.add([(_article("q0", marked, DAY), "quake")])
    for n in range(1, 5):
        text = QUAKE_FOLLOW_UP if n % 2 else QUAKE
        look.add([(_article(f"q{n}", text, DAY + timedelta(n // 3)), "quake")])
    strike = (STRIKE[0], STRIKE[1] + " Zorblat Zorblat Zorblat Zorblat.")
    look.add([(_article("s0", strike, DAY + timedelta(2)), "strike")])
    assert sorted(map(sorted, look.groups())) == [["q0", "q1", "q2", "q3", "q4"], ["s0"]]
