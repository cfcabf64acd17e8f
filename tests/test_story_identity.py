"""Stable story identity: a story keeps its id as it grows; merges keep the oldest id; splits
keep the id for the part with the story's first article; every id ever shown resolves."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from storyline.link.identity import assign_ids, resolve_id

DAYS = {"a": date(2024, 5, 1), "b": date(2024, 5, 2), "c": date(2024, 5, 3), "x": date(2024, 4, 1)}


def test_a_story_that_grows_keeps_its_id() -> None:
    (first,), registry = assign_ids([["a"]], {}, DAYS.get)
    (grown,), registry = assign_ids([["a", "b"]], registry, DAYS.get)
    assert grown == first
    (again,), _ = assign_ids([["a", "b", "c"]], registry, DAYS.get)
    assert again == first


def test_a_new_earlier_article_does_not_rename_the_story() -> None:
    (first,), registry = assign_ids([["a"]], {}, DAYS.get)
    (grown,), _ = assign_ids([["a", "x"]], registry, DAYS.get)
    assert grown == first


def test_a_merge_keeps_the_oldest_id_and_the_other_resolves_to_it() -> None:
    (older,), registry = assign_ids([["c"]], {}, DAYS.get)
    (_, newer), registry = assign_ids([["c"], ["a"]], registry, DAYS.get)
    (merged,), registry = assign_ids([["a", "c"]], registry, DAYS.get)
    assert merged == older
    assert resolve_id(newer, registry, {"a": merged, "c": merged}) == older


def test_a_split_keeps_the_id_for_the_part_with_the_first_article() -> None:
    (story,), registry = assign_ids([["a", "b", "c"]], {}, DAYS.get)
    kept, other = assign_ids([["b", "c"], ["a"]], registry, DAYS.get)[0][::-1]
    assert kept == story and other != story


def test_an_unknown_id_resolves_to_nothing() -> None:
    assert resolve_id("nope", {}, {}) is None


@pytest.mark.slow
def test_on_the_seeds_a_growing_story_keeps_its_id_and_a_merged_id_still_resolves(
    tmp_path: Path, seeds_dir: Path
) -> None:
    from fastapi.testclient import TestClient

    from storyline.decisions import merge_stories
    from storyline.runner import run
    from storyline.store import open_store
    from storyline.web.app import create_app

    seeds = sorted(seeds_dir.glob("*.txt"))
    inbox = tmp_path / "in"
    inbox.mkdir()
    for seed in seeds[1:3]:  # 001 and 002: the May 2024 inspection
        shutil.copy(seed, inbox / seed.name)
    db = tmp_path / "s.db"
    store = open_store(db)
    run(store, [inbox])
    (may,) = store.result("stories")
    for seed in (seeds[3], seeds[4]):  # 003 joins the May story; 004 (August 2023) is apart
        shutil.copy(seed, inbox / seed.name)
    run(store, [inbox])
    stories = store.result("stories")
    grown = next(s for s in stories if set(may["article_ids"]) <= set(s["article_ids"]))
    assert grown["id"] == may["id"] and len(grown["article_ids"]) == 3
    assert {(u["story_id"], u["change"]) for u in store.result("story_updates")} >= {
        (may["id"], "new"),
        (may["id"], "grew"),
    }
    other = next(s for s in stories if s["id"] != may["id"])
    merged = merge_stories(store, other["id"], may["id"], "one programme")
    store.close()
    assert merged["id"] in {may["id"], other["id"]}  # the older of the two ids is kept
    gone = other["id"] if merged["id"] == may["id"] else may["id"]
    with TestClient(create_app(db, "t"), base_url="http://127.0.0.1") as client:
        page = client.get(f"/stories/{gone}", follow_redirects=False)
        assert page.status_code == 307 and page.headers["location"] == f"/stories/{merged['id']}"
        api = client.get(f"/api/stories/{gone}", follow_redirects=False)
        assert api.status_code == 308
        assert client.get(f"/api/stories/{gone}").json()["id"] == merged["id"]


@pytest.mark.slow
def test_a_run_that_adds_nothing_does_not_relink_and_rebuild_does(
    seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.runner import rebuild, run
    from storyline.store import open_store

    store = open_store(":memory:")
    run(store, [seeds_dir])
    stories = store.result("stories")

    def relink(*_args: object) -> None:
        raise AssertionError("the link stage ran although nothing changed")

    monkeypatch.setattr("storyline.runner.link_store", relink)
    summary = run(store, [seeds_dir])
    assert summary.already_present == 5 and summary.changes == []
    monkeypatch.undo()
    assert rebuild(store) == [] and store.result("stories") == stories
