"""A snapshot built from the one before shows exactly what a full build shows: after new
articles through the stage sequence, a merge and a re-dated article."""

from __future__ import annotations

import json
from pathlib import Path

from storyline.decisions import merge_stories
from storyline.model import to_jsonable
from storyline.runner import run
from storyline.store import Store
from storyline.store.codec import PUBLICATION
from storyline.web.live import index_version, story_versions
from storyline.web.story_index import SORTS, all_rows, languages, ordered
from storyline.web.views import Snapshot, facets, load_snapshot

NEW_ARTICLES = [
    {
        "id": "inc-1",
        "title": "Ferry runs aground off Port Alder",
        "text": "PORT ALDER, March 9, 2025 (HW) -- A ferry carrying 212 passengers ran aground "
        "off Port Alder on Sunday, the coast guard said. No one was hurt.",
        "source": "Harbor Wire",
    },
    {
        "id": "inc-2",
        "title": "Ferry aground: passengers taken ashore",
        "text": "PORT ALDER, March 10, 2025 (CP) -- The 212 passengers of the ferry that ran "
        "aground off Port Alder were taken ashore, the coast guard said on Monday.",
        "source": "Coast Post",
    },
]


def _assert_same(incremental: Snapshot, full: Snapshot) -> None:
    assert incremental.contents == full.contents
    assert incremental.contents.story_of == full.contents.story_of
    assert incremental.mentions == full.mentions
    assert incremental.entity_articles == full.entity_articles
    assert incremental.updates == full.updates
    assert all_rows(incremental) == all_rows(full)
    assert story_versions(incremental) == story_versions(full)
    assert index_version(incremental) == index_version(full)
    assert facets(incremental) == facets(full)
    assert languages(incremental) == languages(full)
    for sort in SORTS:
        assert ordered(incremental, sort) == ordered(full, sort)


def _next(store: Store, before: Snapshot) -> Snapshot:
    """The incremental snapshot after ``before``, checked against a full build."""
    for sort in SORTS:  # rows and orders of the snapshot before, to be taken over
        ordered(before, sort)
    index_version(before)
    facets(before)
    languages(before)
    snap = load_snapshot(store, before)
    snap.previous = before
    _assert_same(snap, load_snapshot(store))
    return snap


def test_incremental_snapshot_equals_a_full_build_after_changes(
    sample_store: Store, tmp_path: Path
) -> None:
    first = load_snapshot(sample_store)

    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(line) + "\n" for line in NEW_ARTICLES))
    run(sample_store, [feed])
    added = _next(sample_store, first)
    assert len(added.contents.articles) == len(first.contents.articles) + 2
    assert added.contents.stories != first.contents.stories

    one, two = added.contents.stories[0], added.contents.stories[1]
    merge_stories(sample_store, one.id, two.id, "same ferry")
    merged = _next(sample_store, added)
    assert len(merged.contents.stories) == len(added.contents.stories) - 1

    publication = sample_store.result(PUBLICATION) or {}
    article = next(a for a in merged.contents.articles if a.published.date)
    day = article.published.date
    assert day is not None
    moved = day.replace(year=day.year - 1)
    publication[article.id] = to_jsonable(article.published) | {"date": moved.isoformat()}
    sample_store.put_result(PUBLICATION, publication)
    redated = _next(sample_store, merged)
    assert redated.contents.by_id[article.id].published.date == moved
    # the page of its story shows the new date: its version (the page cache's key) changes
    story_id = redated.contents.story_of[article.id]
    assert story_versions(redated)[story_id] != story_versions(merged)[story_id]
