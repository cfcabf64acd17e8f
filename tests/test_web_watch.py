"""Live updates: `watch` ingests only new or changed files and logs story changes."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from storyline.link.updates import UPDATES_KIND, logged_updates, story_changes
from storyline.model import Story, StoryUpdate
from storyline.report.contents import load_contents
from storyline.report.exports import atom_feed
from storyline.store import Store
from storyline.watch import watch


def story(story_id: str, *article_ids: str) -> Story:
    return Story(story_id, story_id, article_ids)


def test_story_changes_name_new_grown_merged_and_split_stories_on_stable_ids() -> None:
    before = [story("s1", "a", "b"), story("s2", "c"), story("s3", "d", "e")]
    after = [story("s1", "a", "b"), story("s2", "c", "f"), story("s3", "d"), story("s6", "e"),
             story("s7", "g")]  # fmt: skip
    changes = {c.story_id: c for c in story_changes(before, after, "2024-06-01T00:00:00Z")}
    assert {k: c.change for k, c in changes.items()} == {
        "s2": "grew", "s3": "split", "s6": "split", "s7": "new",
    }  # fmt: skip
    assert changes["s2"].added_article_ids == ("f",)
    assert changes["s6"].previous_story_ids == ("s3",)
    merged = story_changes(before, [story("s1", "a", "b", "c")], "t")
    assert merged[0].change == "merged" and merged[0].previous_story_ids == ("s2",)


def test_watch_reads_new_and_changed_files_and_feeds_on_their_interval(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "one.txt").write_text("First article.\n\nBody text here.", encoding="utf-8")
    (tmp_path / "feed.xml").write_text("<rss></rss>", encoding="utf-8")
    batches: list[list[str]] = []
    monkeypatch.setattr(
        "storyline.watch.ingest_files",
        lambda _store, _roots, files: batches.append(sorted(p.name for p in files)) or [],
    )
    arrivals = iter(["two.txt", None])

    def between_polls(_seconds: float) -> None:
        name = next(arrivals)
        if name:
            (tmp_path / name).write_text("Second article.\n\nMore text.", encoding="utf-8")

    monkeypatch.setattr("storyline.watch.time.sleep", between_polls)
    watch(store, [tmp_path], interval=0, feed_interval=3600, cycles=3)
    assert batches == [["feed.xml", "one.txt"], ["two.txt"]]


@pytest.mark.slow
def test_watch_ingests_a_new_seed_and_the_feed_carries_the_change(
    tmp_path: Path,
    store: Store,
    seeds_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    seeds = sorted(seeds_dir.glob("00[123]_*.txt"))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for seed in seeds[:2]:
        shutil.copy(seed, inbox / seed.name)
    monkeypatch.setattr(
        "storyline.watch.time.sleep", lambda _s: shutil.copy(seeds[2], inbox / seeds[2].name)
    )
    seen: list[StoryUpdate] = []
    with caplog.at_level(logging.INFO, logger="storyline"):
        watch(store, [inbox], interval=0, cycles=2, on_change=seen.extend)
    assert len(store.articles()) == 3
    logged = [r.getMessage() for r in caplog.records if r.name == "storyline.watch"]
    assert f"story {seen[-1].story_id[:12]} {seen[-1].summary}" in logged
    assert seen[-1].change in {"grew", "new"}
    assert logged_updates(store.result_text(UPDATES_KIND))[-len(seen) :] == seen
    feed = atom_feed(load_contents(store), logged_updates(store.result_text(UPDATES_KIND)))
    assert f"{seen[-1].change}: " in feed


@pytest.mark.slow
def test_watch_passes_over_the_store_it_writes_in_the_folder_it_watches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.store import open_store

    (tmp_path / "one.txt").write_text("First article.\n\nBody text here.", encoding="utf-8")
    store = open_store(tmp_path / "store.db")
    batches: list[list[str]] = []
    monkeypatch.setattr(
        "storyline.watch.ingest_files",
        lambda _store, _roots, files: batches.append(sorted(p.name for p in files)) or [],
    )
    monkeypatch.setattr("storyline.watch.time.sleep", lambda _seconds: None)
    try:
        watch(store, [tmp_path], interval=0, cycles=2)
    finally:
        store.close()
    assert batches == [["one.txt"]]  # not store.db, store.db-wal, store.db-shm


def test_analyze_and_a_cli_merge_reach_the_feed(store: Store, seeds_dir: Path) -> None:
    from storyline.decisions import merge_stories
    from storyline.runner import run

    run(store, [seeds_dir])
    assert {u["change"] for u in store.result(UPDATES_KIND)} == {"new"}
    first, second = (s["id"] for s in store.result("stories")[:2])
    merged = merge_stories(store, first, second, "same programme")
    last = store.result(UPDATES_KIND)[-1]
    assert (last["change"], last["story_id"]) == ("merged", merged["id"])
