"""Story clustering: seeds, duplicates, bad input, determinism and the `cluster` JSONL adapter."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyze.features import ArticleFeatures, article_features, person_terms, tokens
from storyline.jsonl_stories import cluster_jsonl
from storyline.link.cluster import (
    JOIN_FEATURES,
    PAIR_FEATURES,
    ClusterModel,
    StoryClusterer,
    cluster_stream,
    load_model,
)
from storyline.link.storylines import related_stories
from storyline.model import Article, content_id

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"
SEED_DATES = [date(2024, 5, 15)] * 4 + [date(2023, 8, 10)]


def seed_features(dated: bool, nlp: spacy.language.Language | None) -> list[ArticleFeatures]:
    if not SEEDS.exists():
        pytest.skip("shared seeds not found at ../shared/seeds")
    paths = sorted(SEEDS.glob("*.txt"))
    result = []
    for path, day in zip(paths, SEED_DATES, strict=True):
        text = path.read_text("utf-8")
        doc = nlp(text) if nlp is not None else None
        result.append(article_features(path.name[:3], "", text, day if dated else None, doc))
    return result


def groups(assignments: dict[str, str]) -> list[list[str]]:
    members: dict[str, list[str]] = {}
    for article_id, key in assignments.items():
        members.setdefault(key, []).append(article_id)
    return sorted(sorted(ids) for ids in members.values())


def article(article_id: str, title: str, text: str, day: date | None = None) -> ArticleFeatures:
    return article_features(article_id, title, text, day)


@pytest.mark.parametrize("dated", [True, False])
def test_seeds_make_two_stories_without_a_model(dated: bool) -> None:
    assignments = cluster_stream(seed_features(dated, None))
    assert groups(assignments) == [["000", "001", "002", "003"], ["004"]]


@pytest.mark.slow
@pytest.mark.parametrize("dated", [True, False])
def test_seeds_make_two_related_stories_with_the_spacy_model(dated: bool) -> None:
    from storyline.nlp.language import load_nlp

    features = seed_features(dated, load_nlp())
    assignments = cluster_stream(features)
    assert groups(assignments) == [["000", "001", "002", "003"], ["004"]]
    stories = {
        key: [f for f in features if assignments[f.article_id] == key]
        for key in set(assignments.values())
    }
    related = related_stories(stories)
    assert [(a, b) for a, b, _ in related] == [tuple(sorted(stories))]
    assert 0.0 < related[0][2] <= 1.0


def test_story_key_is_the_content_id_of_the_first_article() -> None:
    features = seed_features(True, None)
    assignments = cluster_stream(features)
    assert assignments["000"] == content_id("story", "000")
    assert assignments["004"] == content_id("story", "004")


def test_same_input_same_keys_on_rerun() -> None:
    features = seed_features(False, None)
    assert cluster_stream(features) == cluster_stream(list(features))


def test_dated_articles_go_oldest_first_and_undated_keep_input_order() -> None:
    # The August 2023 article comes last in the input but, being the oldest, opens the stream.
    features = seed_features(True, None)
    assert next(iter(cluster_stream(features))) == "004"
    undated = seed_features(False, None)
    assert list(cluster_stream(undated)) == ["000", "001", "002", "003", "004"]


def test_undated_rewrite_joins_its_dated_story_after_the_story_went_stale() -> None:
    # A rewrite without a date must still find the March story, although months of later
    # stories pushed that story out of the time window of the index.
    dam = (
        "The Ostrin Dam in Kestrel Province gave way overnight, flooding Low Ostrin; at least "
        "41 people died, provincial governor Ilse Marek said."
    )
    stream = [article("dam", "Ostrin Dam collapses, 41 dead", dam, date(2025, 3, 4))]
    for month in range(4, 10):
        stream.append(
            article(
                f"port-{month}",
                "Port Alder customs platform hacked",
                f"Hackers knocked out the Port Alder customs platform, month {month}.",
                date(2025, month, 9),
            )
        )
    rewrite = article("rewrite", "Dam breach kills 41 in Kestrel", dam.replace("overnight", ""))
    assignments = cluster_stream([*stream, rewrite])
    assert assignments["rewrite"] == assignments["dam"]
    assert next(iter(assignments)) == "rewrite"  # undated articles open the stream


def test_years_and_lead_are_their_own_views() -> None:
    f = article(
        "a",
        "Sixers hire Cheeks",
        "The 76ers hired Maurice Cheeks on Monday. He coached them from 2005 to 2008.",
    )
    assert dict(f.body_years) == {"2005": 1, "2008": 1}
    assert "hire" in dict(f.lead_lemmas) and "coach" not in dict(f.lead_lemmas)


def test_a_new_name_in_a_look_alike_report_is_novel_to_the_story() -> None:
    from storyline.link.cluster import _novelty

    story = {"vincent jackson": 1.0, "jackson": 1.0}
    assert _novelty({"jamal williams": 0.8, "williams": 0.6}, story) == pytest.approx(1.0)
    assert _novelty({"jackson": 1.0}, story) == 0.0
    assert _novelty({"jackson": 1.0}, {}) == 0.0  # nothing to contradict


def test_a_thousand_exact_duplicates_collapse_into_one_story() -> None:
    text = "Storm Khanun floods farmland across the Korean peninsula, state media say."
    copies = [article(f"copy-{i}", "Storm floods farms", text) for i in range(1000)]
    other = article(
        "other", "Chargers tackle arrested", "Jamal Williams was arrested in San Diego."
    )
    assignments = cluster_stream([*copies, other])
    assert len({assignments[f"copy-{i}"] for i in range(1000)}) == 1
    assert assignments["other"] != assignments["copy-0"]


def test_duplicates_differing_in_case_and_spacing_collapse() -> None:
    a = article("a", "Quake hits", "A strong   earthquake hit the coast on Monday.")
    b = article("b", "QUAKE HITS", "a strong earthquake hit the coast on monday.")
    assert a.fingerprint == b.fingerprint
    assert len(set(cluster_stream([a, b]).values())) == 1


def test_articles_without_text_do_not_crash_or_merge() -> None:
    empty = [article(f"e{i}", "", "") for i in range(3)]
    assert empty[0].fingerprint is None
    assignments = cluster_stream(empty)
    assert len(set(assignments.values())) == 3


def test_other_languages_cluster_by_their_own_words() -> None:
    text = "Ein starkes Erdbeben erschütterte am Montag die Küste von Chile und zerstörte Häuser."
    a = article("de-1", "Erdbeben in Chile", text)
    b = article(
        "de-2", "Erdbeben erschüttert Chile", text + " Die Regierung rief den Notstand aus."
    )
    c = article(
        "ko", "북한 미사일", "북한이 새로운 전술 미사일 체계를 시찰했다고 조선중앙통신이 보도했다."
    )
    assignments = cluster_stream([a, b, c])
    assert assignments["de-1"] == assignments["de-2"] != assignments["ko"]


def test_words_keep_their_marks_and_drop_their_language_stop_words() -> None:
    # vowel signs are combining marks, which Python's \w leaves out
    assert tokens("કોરોનાથી ડરેલા લોકો, मुंबई में कोरोना") == [
        "કોરોનાથી", "ડરેલા", "લોકો", "मुंबई", "में", "कोरोना"
    ]  # fmt: skip
    assert tokens("मुंबई में कोरोना", "hi") == ["मुंबई", "कोरोना"]
    assert tokens("Die Regierung und der Notstand", "de") == ["regierung", "notstand"]
    assert tokens("Die Regierung", "xx") == tokens("Die Regierung") == ["die", "regierung"]


def test_same_article_id_twice_keeps_its_first_story() -> None:
    clusterer = StoryClusterer()
    first = article(
        "x", "Pirates caught", "The Indian navy captured 23 pirates in the Gulf of Aden."
    )
    key = clusterer.add(first)
    assert clusterer.add(article("x", "Other", "Completely different words here entirely.")) == key
    state = clusterer.snapshot()
    assert state["assignments"] == [["x", key]] and len(state["stories"]) == 1


def test_time_apart_stories_stay_apart_even_with_the_same_words() -> None:
    text = "Kim Jong Un inspected a munitions factory producing tactical missiles, KCNA said."
    may = article("may", "Kim inspects factory", text, date(2024, 5, 15))
    august = article("aug", "Kim inspects factory", text + " Drills start soon.", date(2023, 8, 10))
    assignments = cluster_stream([may, august])
    assert assignments["may"] != assignments["aug"]


def test_weights_are_tf_idf_with_the_stream_frequencies_counted_so_far() -> None:
    """``(1 + log count) * (log((n + 1) / (df + 1)) + 1)``, n and df as the stream stands."""
    clusterer = StoryClusterer()
    clusterer.add(article("a", "", "Volcano erupts near the harbour town."))
    clusterer.add(article("b", "", "Volcano ash closes the harbour."))
    counts = (("ash", 1), ("harbour", 3), ("unseen", 2))
    weights = clusterer.weights("body_tokens", counts)
    n = 2
    df = {"ash": 1, "harbour": 2, "unseen": 0}
    expected = {
        term: (1 + math.log(count)) * (math.log((n + 1) / (df[term] + 1)) + 1)
        for term, count in counts
    }
    assert list(weights) == ["ash", "harbour", "unseen"]
    assert weights == pytest.approx(expected, rel=1e-12)
    assert weights["harbour"] < weights["unseen"]  # a term every article holds weighs less


def test_features_round_trip_through_json() -> None:
    features = seed_features(True, None)[2]
    restored = ArticleFeatures.from_dict(json.loads(json.dumps(features.to_dict())))
    assert restored == features


def test_people_match_by_surname() -> None:
    assert person_terms("Vincent Jackson") == ["vincent jackson", "jackson"]
    assert person_terms("Kim Jong-un") == ["kim jong un", "un"]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_tokens_are_lowercase_content_words(text: str) -> None:
    for word in tokens(text):
        assert word == word.casefold() and len(word) > 1


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=12))
def test_any_texts_get_a_story_each(texts: list[str]) -> None:
    features = [article(f"id{i}", "", text) for i, text in enumerate(texts)]
    assignments = cluster_stream(features)
    assert set(assignments) == {f.article_id for f in features}


def test_shipped_model_names_every_feature() -> None:
    model = load_model()
    assert len(model.ranker) == len(PAIR_FEATURES) and len(model.join) == len(JOIN_FEATURES)
    assert ClusterModel.from_dict(model.to_dict()) == model


@pytest.mark.slow
def test_cluster_jsonl_reports_bad_lines_and_keeps_input_order() -> None:
    text = "North Korean leader Kim Jong Un inspected a new tactical missile system, KCNA said."
    lines = [
        json.dumps(
            {"id": "b", "title": "Kim inspects missiles", "text": text, "published": "2024-05-15"}
        ),
        "not json",
        "",
        json.dumps({"id": "a", "title": "Kim inspects missile system", "text": text + " Again."}),
        json.dumps({"id": "c", "text": "x", "published": "May 15"}),
    ]
    results = list(cluster_jsonl(lines, "in.jsonl"))
    assert [r.line for r in results] == [1, 2, 4, 5]
    assert results[1].error is not None and "in.jsonl:2" in str(results[1].error)
    assert [r.record["id"] for r in results if r.record] == ["b", "a", "c"]
    # Stories get the ids a fresh store gives: named after the earliest dated article.
    first = Article.make_id(text, "b")
    assert results[0].record == {"id": "b", "story": content_id("story", first)}
    assert results[2].record is not None
    assert results[2].record["story"] == results[0].record["story"]


def test_dated_report_of_another_year_stays_out_of_an_undated_story() -> None:
    # Seeds 000-002 (undated, May 2024) and a dated September 2016 report on North Korea in one
    # store: the 2016 report shares the actors and the topic's words, but the story writes
    # 2023 and 2024 and never 2016 or 2015-2017: it is another event, and the May 2024 story
    # must stay open for its dated reports.
    kim = (
        "North Korean leader Kim Jong Un inspected a new tactical missile system and called "
        "for an epochal change in war preparations, state media KCNA reported. Kim visited the "
        "munitions factories of Pyongyang, which shipped shells to Russia since September 2023 "
        "and fulfilled the plans for the first half of 2024."
    )
    stream = [
        article("a", "Kim Jong Un inspects new tactical missile system", kim),
        article("b", "Kim inspects new tactical missile system", kim.replace("state media ", "")),
    ]
    test = (
        "North Korean leader Kim Jong Un oversaw a nuclear test, state media KCNA reported. "
        "Pyongyang fired missiles in September 2016 after Kim visited the munitions factories "
        "that build the tactical missile system, and Russia and China called for restraint."
    )
    other = article("c", "Kim Jong Un oversees nuclear test", test, date(2016, 9, 10))
    assignments = cluster_stream([*stream, other])
    assert assignments["a"] == assignments["b"]
    assert assignments["c"] != assignments["a"]
    also_undated = article("d", "Kim oversees nuclear test", test.replace("2016", ""))
    assert cluster_stream([*stream, also_undated])["d"] == assignments["a"]  # words alone decide
