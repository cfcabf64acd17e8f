"""Stories of one event, not of one topic or one script: pairs of real PolNeAR reports
(../shared/data) that share a campaign's names and places, and two Gujarati web pages of the
same weeks. Reports of one event join; reports of two events stay apart."""

from __future__ import annotations

import json
import shutil
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from storyline.analyze.features import ArticleFeatures, article_features
from storyline.link.cluster import cluster_stream
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
