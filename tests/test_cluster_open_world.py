"""Stories of one event, not of one topic: pairs of real PolNeAR reports (../shared/data) that
share a campaign's names and places. Reports of one event join; reports of two events of the
same topic stay apart, in the stream and in its second look."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from typing import Any

import pytest
from spacy.language import Language

from storyline.analyze.features import ArticleFeatures, article_features
from storyline.link.cluster import cluster_stream
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
