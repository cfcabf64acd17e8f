"""A snapshot built from the one before shows exactly what a full build shows: after new
articles through the stage sequence, a merge and an article the stage sequence re-dates."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from storyline.decisions import merge_stories
from storyline.model import Article
from storyline.runner import run
from storyline.store import Store
from storyline.web.snapshot_versions import index_version, story_versions
from storyline.web.story_index import SORTS, all_rows, languages, ordered
from storyline.web.views import Snapshot, facets, load_snapshot

FIRST_REPORTS = [
    {
        "id": "inc-2",
        "title": "Ferry aground: passengers taken ashore",
        "text": "PORT ALDER, March 10, 2025 (CP) -- The 212 passengers of the ferry Alder Star "
        "that ran aground off Port Alder were taken ashore, the Port Alder coast guard said.",
        "source": "Coast Post",
    },
    {  # its dateline has no year: its date is completed once its story holds March 9, 2025
        "id": "inc-3",
        "title": "Ferry aground off Port Alder, passengers safe",
        "text": "PORT ALDER, March 9 (ID) -- A ferry carrying 212 passengers ran aground off "
        "Port Alder on Sunday, the Port Alder coast guard said. The coast guard said all 212 "
        "passengers of the Alder Star were safe and no one was hurt.",
        "source": "Island Daily",
    },
]
DATED_REPORT = {
    "id": "inc-1",
    "title": "Ferry Alder Star runs aground off Port Alder",
    "text": "PORT ALDER, March 9, 2025 (HW) -- The ferry Alder Star, carrying 212 passengers, "
    "ran aground off Port Alder on Sunday, the Port Alder coast guard said. No one was hurt.",
    "source": "Harbor Wire",
}


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
    served = {entity: set(articles) for entity, articles in before.entity_articles.items()}
    snap = load_snapshot(store, before)
    snap.previous = before
    assert before.entity_articles == served  # the snapshot before may still be serving
    _assert_same(snap, load_snapshot(store))
    return snap


def _feed(store: Store, path: Path, articles: list[dict[str, str]]) -> None:
    path.write_text("".join(json.dumps(line) + "\n" for line in articles))
    run(store, [path])


def _undated_report(snapshot: Snapshot) -> Article:
    return next(a for a in snapshot.contents.articles if a.title == FIRST_REPORTS[1]["title"])


def test_incremental_snapshot_equals_a_full_build_after_changes(
    sample_store: Store, tmp_path: Path
) -> None:
    first = load_snapshot(sample_store)

    _feed(sample_store, tmp_path / "first.jsonl", FIRST_REPORTS)
    added = _next(sample_store, first)
    assert len(added.contents.articles) == len(first.contents.articles) + 2
    assert added.contents.stories != first.contents.stories
    assert _undated_report(added).published.date is None

    one, two = added.contents.stories[0], added.contents.stories[1]
    merge_stories(sample_store, one.id, two.id, "same ferry")
    merged = _next(sample_store, added)
    assert len(merged.contents.stories) == len(added.contents.stories) - 1

    # a dated report of the same day joins: the stage sequence completes the undated
    # report's date from it, and the snapshot shows the article re-dated
    _feed(sample_store, tmp_path / "dated.jsonl", [DATED_REPORT])
    redated = _next(sample_store, merged)
    undated_id = _undated_report(merged).id
    assert redated.contents.by_id[undated_id].published.date == date(2025, 3, 9)
    # the page of its story shows the new date: its version (the page cache's key) changes
    story_id = redated.contents.story_of[undated_id]
    assert story_versions(redated)[story_id] != story_versions(merged).get(story_id)


def test_a_fresh_snapshot_decodes_only_the_findings_a_page_shows(sample_store: Store) -> None:
    """The index (its rows, sort orders and story versions) needs no finding decoded; a story
    page decodes its own story's findings and timeline, no other story's."""
    snap = load_snapshot(sample_store)
    for sort in SORTS:
        ordered(snap, sort)
    story_versions(snap)
    index_version(snap)
    results = snap.contents.results
    assert results and not any(
        "findings" in vars(r) or "timeline" in vars(r) for r in results.values()
    )
    shown = next(s.id for s in snap.contents.stories if snap.contents.findings_of(s.id))
    assert [sid for sid, r in results.items() if "findings" in vars(r)] == [shown]
    assert snap.contents.findings_of(shown) == load_snapshot(sample_store).contents.findings_of(
        shown
    )
