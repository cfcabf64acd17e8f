"""Stories of one event, not of one topic or one script: pairs of real PolNeAR reports
(../shared/data) that share a campaign's names and places, and two Gujarati web pages of the
same weeks. Reports of one event join; reports of two events stay apart."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from storyline.analyze.features import ArticleFeatures, article_features
from storyline.link.cluster import cluster_stream, load_model
from storyline.link.consolidate import ConsolidationSettings, close_in_time
from storyline.runner import run
from storyline.store import open_store
from tests.conftest import SHARED

POLNEAR = [SHARED / "data" / "polnear" / name for name in ("dev.jsonl", "train.jsonl")]


@cache
def _by_filename() -> dict[str, dict[str, Any]]:
    if not POLNEAR[0].exists():
        pytest.skip("../shared/data/polnear is not present")
    rows = (json.loads(line) for path in POLNEAR if path.exists() for line in path.open())
    return {row["filename"]: row for row in rows}


def _features(filename: str, nlp: Language) -> ArticleFeatures:
    row = _by_filename()[filename]
    day = date.fromisoformat(row["publication_date"])
    return article_features(filename, row["title"], row["text"], day, nlp(row["text"]))


@pytest.mark.parametrize(
    ("first", "second", "stories"),
    [
        # the Nice truck attack and, eight days later, the Munich shooting: two attacks
        ("wash-post_2016-07-15_truck-attack-in-france-kills-at-",
         "west-journal_2016-07-23_trump-addresses-munich-attack-th", 2),
        # a convention speaker list and the FBI's Clinton decision: one outlet, one campaign
        ("breitbart_2016-06-29_donald-trump-denies-mike-tyson-i",
         "breitbart_2016-07-05_paul-ryan-fbi-decision-not-to-in", 2),
        # Ginsburg's remarks, Trump's demand and her apology: one story
        ("breitbart_2016-07-13_trump-demands-ginsburg-resign-fo",
         "usa-today_2016-07-15_ginsburg-apologizes-for-trump-co", 1),
        # CNN's answer to Trump's debate fee, told by two outlets the same day
        ("huff-post_2015-12-03_cnn-president-on-trump-we-do-not",
         "west-journal_2015-12-03_cnn-just-responded-to-trump-s-ma", 1),
    ],
)  # fmt: skip
def test_reports_of_one_topic_join_only_when_they_tell_one_event(
    first: str, second: str, stories: int, nlp: Language
) -> None:
    assignments = cluster_stream([_features(first, nlp), _features(second, nlp)])
    assert len(set(assignments.values())) == stories


@dataclass
class _Range:
    first_day: int | None
    last_day: int | None


def test_parts_merge_only_within_the_window_and_the_longest_span() -> None:
    settings = ConsolidationSettings(window_days=7, max_span_days=14)
    week_one, week_two, week_three = _Range(1, 7), _Range(10, 15), _Range(20, 22)
    assert close_in_time(week_one, week_two, settings)  # 3 days apart, 14 days together
    assert not close_in_time(week_one, week_three, settings)  # 13 days apart
    # each week close to the next, and to a group of the first two weeks: too long together
    assert close_in_time(week_two, week_three, settings)
    assert not close_in_time(_Range(1, 15), week_three, settings)
    assert close_in_time(_Range(1, 15), week_three, replace(settings, max_span_days=0))
    assert close_in_time(_Range(None, None), week_three, settings)  # undated: words decide


# 24 campaign reports of two months (15 January to 15 March 2016: Iowa, New Hampshire, South
# Carolina, Super Tuesday, Ohio) that the second look chained, week by week, into one story
CAMPAIGN = (
    "usa-today_2016-01-15_republicans-pile-on-obama-clinto",
    "wash-post_2016-01-24_mired-in-third-place-rubio-prepa",
    "usa-today_2016-01-29_absent-trump-derides-debate-cruz",
    "huff-post_2016-02-02_don-t-let-the-media-and-marco-ru",
    "breitbart_2016-02-07_after-rubio-stumbles-rivals-see-",
    "huff-post_2016-02-07_the-latest-gop-debate-kicked-off",
    "wash-post_2016-02-09_barbs-and-pleas-before-n-h-vote",
    "nyt_2016-02-09_rubio-is-tested-as-republican-ri",
    "politico_2016-02-17_bush-rubio-collide-in-scramble-f",
    "breitbart_2016-02-17_cruz-trump-would-put-liberals-on",
    "breitbart_2016-02-20_the-latest-hillary-clinton-tells",
    "nyt_2016-02-22_the-party-of-bush-yields-warily-",
    "huff-post_2016-02-24_marco-rubio-you-don-t-win-the-no",
    "nyt_2016-02-25_rubio-has-the-praise-just-not-th",
    "breitbart_2016-03-01_the-latest-sanders-wins-minnesot",
    "wash-post_2016-03-03_push-inside-gop-to-upend-trump",
    "wash-post_2016-03-04_blistering-attacks-upend-trump-s",
    "west-journal_2016-03-04_kasich-just-revealed-the-thing-h",
    "west-journal_2016-03-08_the-entire-gop-race-is-hinging-o",
    "huff-post_2016-03-09_carly-fiorina-endorses-ted-cruz-",
    "politico_2016-03-10_trump-s-rivals-pull-their-punche",
    "nyt_2016-03-12_republicans-lower-volume-in-deba",
    "breitbart_2016-03-15_the-latest-kasich-scores-all-del",
    "breitbart_2016-03-15_the-latest-sanders-declares-revo",
)


def test_weekly_groups_of_a_campaign_do_not_chain_into_one_story(nlp: Language) -> None:
    """Without the span rule the second look merges the campaign's weekly groups, each close to
    the next, into a story of seven reports over 25 days; with it, none holds more than four."""
    features = [_features(name, nlp) for name in CAMPAIGN]
    shipped = load_model()
    assert shipped.second_look is not None and shipped.second_look.max_span_days == 14
    unlimited = replace(shipped, second_look=replace(shipped.second_look, max_span_days=0))

    def largest(assignments: dict[str, str]) -> int:
        keys = list(assignments.values())
        return max(keys.count(key) for key in keys)

    assert largest(cluster_stream(features, unlimited)) >= 7
    assert largest(cluster_stream(features, shipped)) <= 4


HTMLDATE = SHARED / "data" / "htmldate_dev" / "test_set"
# two Gujarati pages of Divya Bhaskar, five days apart: callers afraid of the virus, and a man
# of Bhayli who died of it in the United States
GUJARATI = ("1561643340.html", "1565998355.html")


def test_two_pages_of_one_script_are_not_one_story_for_their_letters(tmp_path: Path) -> None:
    """Words keep their vowel signs: split at every combining mark, the two pages shared the
    script's fragments (``ક``, ``કર``, ``મન``) and were told as one story."""
    if not HTMLDATE.is_dir():
        pytest.skip("../shared/data/htmldate_dev is not present")
    for name in GUJARATI:
        shutil.copy(HTMLDATE / name, tmp_path / name)
    store = open_store(":memory:")
    try:
        run(store, [tmp_path])
        assert [a.language for a in store.articles()] == ["gu", "gu"]
        assert len(store.stories()) == 2
    finally:
        store.close()
