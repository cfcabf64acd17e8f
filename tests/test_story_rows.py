"""The story list kept in the store (storyline.report.story_rows) says what the snapshot says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline import runner
from storyline.decisions import merge_stories, split_story
from storyline.report.story_rows import (
    INDEX_INPUTS,
    listed_row,
    stored_list_version,
    update_story_index,
)
from storyline.store import Store
from storyline.store.codec import ArticleFilter
from storyline.web.snapshot_versions import index_version, story_versions
from storyline.web.story_index import SORTS, all_rows, languages, ordered
from storyline.web.views import Snapshot, facets, filter_stories, load_snapshot
from tests.test_incremental_snapshot import DATED_REPORT, FIRST_REPORTS, _feed


def _assert_rows_match_the_snapshot(store: Store) -> None:
    snap = load_snapshot(store)
    rows = all_rows(snap)
    for sort in SORTS:
        payloads = store.story_index_page(sort, None, len(rows) + 1)
        assert [p["row"]["id"] for p in payloads] == ordered(snap, sort)[1]
        assert {p["row"]["id"]: p["row"] for p in payloads} == rows
        # in the snapshot's key order too: the JSON API gives the same bytes from either
        assert [list(listed_row(p["row"])) for p in payloads] == [list(rows[s]) for s in rows]
        assert {p["row"]["id"]: p["version"] for p in payloads} == story_versions(snap)
    multi = [p["row"]["id"] for p in store.story_index_page("latest", None, 10**6, multi=True)]
    assert multi == [s for s in ordered(snap, "latest")[1] if rows[s]["independent"] >= 2]
    assert store.story_index_count() == len(rows)
    assert store.story_index_count(multi=True) == len(multi)
    assert stored_list_version(store) == index_version(snap)
    shown = facets(snap)
    assert sorted(store.facet_values("outlet")) == shown["outlets"]
    assert sorted(store.facet_values("entity", 40)) == shown["entities"]
    assert sorted(store.facet_values("language")) == languages(snap)
    _assert_filters_match_the_snapshot(store, snap)


def _assert_filters_match_the_snapshot(store: Store, snap: Snapshot) -> None:
    """The ``filter_values`` rows are those of the current stories' members, none left from
    before; each article filter, alone and together, lists the stories the snapshot's
    ``filter_stories`` finds, in the snapshot's order."""
    expected = set()
    for story in snap.contents.stories:
        for a in snap.contents.members(story):
            day = a.published.date.isoformat() if a.published.date else ""
            shown = [("outlet", a.outlet), ("language", a.language), ("day", day)]
            shown += [("entity", text) for text in snap.mentions.get(a.id, ())]
            expected |= {(a.id, facet, value, story.id) for facet, value in shown if value}
    kept = store.db.execute("SELECT article_id, facet, value, story_id FROM filter_values")  # type: ignore[attr-defined]
    assert set(kept.fetchall()) == expected
    days = sorted(d.isoformat() for a in snap.contents.articles if (d := a.published.date))
    middle = days[len(days) // 2]
    outlets, langs = facets(snap)["outlets"], languages(snap)
    entities = facets(snap)["entities"]
    chosen = [ArticleFilter(outlet=o) for o in outlets] + [ArticleFilter(language=x) for x in langs]
    chosen += [ArticleFilter(entity=e) for e in entities[:5]] + [ArticleFilter(entity="an")]
    chosen += [
        ArticleFilter(date_from=middle), ArticleFilter(date_to=middle),
        ArticleFilter(date_from=days[0], date_to=middle),
        ArticleFilter(date_from=middle, date_to=middle),
        ArticleFilter(outlets[0], langs[0], entities[0][:3], days[0], days[-1]),
    ]  # fmt: skip
    for wanted in chosen:
        found = filter_stories(snap, None, wanted.outlet, wanted.entity, wanted.date_from,
                               wanted.date_to, wanted.language)  # fmt: skip
        for sort in SORTS:
            payloads = store.story_index_page(sort, None, 10**6, chosen=wanted)
            listed = [p["row"]["id"] for p in payloads]
            assert listed == [s for s in ordered(snap, sort)[1] if s in found], wanted
        assert store.story_index_count(chosen=wanted) == len(found)
        picked = store.story_index_chosen(sorted(all_rows(snap)), chosen=wanted)
        assert picked == sorted(found)


def test_the_stored_story_list_follows_runs_and_merges(sample_store: Store, tmp_path: Path) -> None:
    assert sample_store.result(INDEX_INPUTS) is not None  # written by the run that built it
    _assert_rows_match_the_snapshot(sample_store)
    _feed(sample_store, tmp_path / "first.jsonl", FIRST_REPORTS)
    _assert_rows_match_the_snapshot(sample_store)
    stories = sample_store.stories()
    merged = merge_stories(sample_store, stories[0].id, stories[1].id, "same ferry")
    _assert_rows_match_the_snapshot(sample_store)
    split_story(sample_store, merged["id"], merged["article_ids"][-1:], "two ferries")
    _assert_rows_match_the_snapshot(sample_store)  # the moved article's filter values moved
    _feed(sample_store, tmp_path / "dated.jsonl", [DATED_REPORT])  # re-dates an article
    _assert_rows_match_the_snapshot(sample_store)


def test_a_run_writes_only_the_rows_of_the_stories_it_changed(
    sample_store: Store, tmp_path: Path
) -> None:
    assert update_story_index(sample_store) == 0  # up to date: nothing written
    before = sample_store.story_index_stamps()
    stories = sample_store.stories()
    merge_stories(sample_store, stories[0].id, stories[1].id, "one event")
    after = sample_store.story_index_stamps()
    assert len(after) == len(before) - 1
    assert len(set(after.items()) - set(before.items())) == 1  # the merged story's row


def test_the_rows_of_a_store_written_before_them_are_filled_by_the_next_run(
    sample_store: Store,
) -> None:
    from storyline.runner import update_stages

    expected = sample_store.story_index_page("latest", None, 1000)
    db = sample_store.db  # type: ignore[attr-defined]  # as the migration leaves an older store
    for table in ("story_index", "facet_counts"):
        db.execute(f"DELETE FROM {table}")
    db.execute("DELETE FROM results WHERE kind LIKE 'story_index_%'")
    update_stages(sample_store)  # nothing new to link: only the rows are written
    assert sample_store.story_index_page("latest", None, 1000) == expected
    _assert_rows_match_the_snapshot(sample_store)


def test_a_run_after_the_filter_values_step_writes_every_story_row_again(
    sample_store: Store, tmp_path: Path
) -> None:
    """A store whose rows were written before their filter values (migration 0014 leaves
    them without, and not current): the next run, though it links a few new articles only,
    writes every row again, with its members' filter values."""
    db = sample_store.db  # type: ignore[attr-defined]
    db.execute("DELETE FROM filter_values")
    db.execute("UPDATE story_index SET stamp = 'story-rows-1'")
    db.execute("DELETE FROM results WHERE kind = ?", (INDEX_INPUTS,))
    _feed(sample_store, tmp_path / "first.jsonl", FIRST_REPORTS[:1])
    assert set(sample_store.story_index_stamps().values()).isdisjoint({"story-rows-1"})
    _assert_rows_match_the_snapshot(sample_store)


def test_a_run_that_adds_articles_reads_no_other_story_rows(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _feed(sample_store, tmp_path / "dated.jsonl", [DATED_REPORT])  # a story of its own
    seen: list[Any] = []
    reconciling = runner.reconcile_store

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs["changed"])
        return reconciling(*args, **kwargs)

    monkeypatch.setattr(runner, "reconcile_store", recording)
    whole: list[str] = []
    for name in ("keyed_texts", "story_index_stamps", "story_fingerprints"):
        read = getattr(sample_store, name)

        def whole_read(*args: Any, _read: Any = read, _name: str = name) -> Any:
            if len(args) < (2 if _name == "keyed_texts" else 1) or args[-1] is None:
                whole.append(_name)
            return _read(*args)

        monkeypatch.setattr(sample_store, name, whole_read)
    _feed(sample_store, tmp_path / "first.jsonl", FIRST_REPORTS[:1])  # the story grows
    assert seen and seen[0] is not None  # a run of the changed stories, not of every one
    assert whole == []  # no other story's row, record or fingerprint was read
    monkeypatch.undo()
    _assert_rows_match_the_snapshot(sample_store)
