"""The link stage: analyst decisions replayed, dates completed, time conflicts split off."""

from __future__ import annotations

from datetime import date

from storyline.link.stage import apply_decisions
from storyline.link.story_dates import resolve_dates, split_time_conflicts
from storyline.model import DateBasis, Published
from tests.test_store import make_article

UNDATED = Published(None, DateBasis.UNKNOWN)


def test_merge_and_split_decisions_are_replayed_in_order() -> None:
    groups = [["a", "b"], ["c"], ["d"]]
    decisions = [
        {"action": "merge", "article_ids": ["a", "b", "c"]},
        {"action": "split", "article_ids": ["b"]},
    ]
    assert sorted(apply_decisions(groups, decisions)) == [["a", "c"], ["b"], ["d"]]


def test_yearless_dateline_is_completed_from_the_dated_story_mates() -> None:
    dated = make_article("a")
    bare = make_article("b", published=UNDATED)
    clues = {
        bare.id: {
            "date": {
                "month_day": [3, 4],
                "weekday": None,
                "not_after": None,
                "evidence": "VELLIN, March 4 (HW) --",
            }
        }
    }
    resolved = resolve_dates([dated, bare], [[dated.id, bare.id]], clues)
    assert resolved[bare.id].date == date(2025, 3, 4)
    assert resolved[bare.id].basis is DateBasis.STORY


def test_undated_article_naming_other_months_leaves_the_story() -> None:
    may = make_article("a", published=Published(date(2024, 5, 15), DateBasis.TEXT))
    august = make_article("b", published=UNDATED)
    also_may = make_article("c", published=UNDATED)
    timexes = {
        august.id: {"items": [{"value": "XXXX-08-21"}, {"value": "XXXX-08-18"}]},
        also_may.id: {"items": [{"value": "XXXX-05-14"}, {"value": "XXXX-05-10"}]},
    }
    groups = split_time_conflicts(
        [[may.id, august.id, also_may.id]], [may, august, also_may], {}, timexes
    )
    assert groups == [[may.id, also_may.id], [august.id]]


def test_story_date_that_contradicts_the_articles_own_years_is_not_taken() -> None:
    # Seeds 000 and 001 ("reported on Wednesday", writing 2023 and 2024) in a story that a 2017
    # report had strayed into were re-dated to that report's Wednesday, 2017-08-30.
    stray = make_article("a", published=Published(date(2017, 8, 30), DateBasis.METADATA))
    seed = make_article("b", published=UNDATED)
    clues = {
        seed.id: {
            "date": {
                "month_day": None,
                "weekday": 2,
                "not_after": "2024-05-26",
                "evidence": "reported on Wednesday",
            }
        }
    }
    written = {"items": [{"text": "28 December 2023", "value": "2023-12-28"}]}
    groups = [[stray.id, seed.id]]
    assert resolve_dates([stray, seed], groups, clues, {seed.id: written}) == {}
    relative = {"items": [{"text": "last year", "value": "XXXX"}]}  # no written year: no say
    resolved = resolve_dates([stray, seed], groups, clues, {seed.id: relative})
    assert resolved[seed.id].date == date(2017, 8, 30)
    older = {"items": [{"text": "1978", "value": "1978"}]}  # "completed in 1978": background
    resolved = resolve_dates([stray, seed], groups, clues, {seed.id: older})
    assert resolved[seed.id].date == date(2017, 8, 30)
