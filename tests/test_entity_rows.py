"""The entity page read from the store's rows (``entity_pages.stored_entity``) on the store the
pipeline built from the sample corpus: every entity's page shows what the whole-store snapshot
shows, and answering it builds no snapshot."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from storyline.store import Store, open_store
from storyline.web import pages
from storyline.web.entity_pages import entity_by_id, entity_quotes, entity_stories
from storyline.web.stored_pages import stored_entity
from storyline.web.views import StoreViews
from tests.live_server import merge_elsewhere


def test_every_entity_reads_as_the_snapshot_shows(sample_db: Path) -> None:
    views = StoreViews(sample_db)
    snap = views.snapshot()
    entities = entity_by_id(snap)
    assert entities
    store = open_store(sample_db)
    try:
        assert pages.rows_current(store)
        for entity_id, entity in entities.items():
            shown = stored_entity(store, entity_id)
            assert shown is not None
            assert shown["entity"] == entity
            assert shown["rows"] == entity_stories(snap, entity_id), entity.name
            assert shown["quotes"] == entity_quotes(views, snap, entity_id), entity.name
        assert stored_entity(store, "0000000000000000") is None
    finally:
        store.close()
    assert any(entity_quotes(views, snap, e) for e in entities)  # the sample has quotes


def test_entity_page_builds_no_snapshot(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = list(entity_by_id(client.app.state.views.snapshot()))  # type: ignore[attr-defined]
    with_snapshot = {e: client.get(f"/entities/{e}").text for e in ids}

    def refuse(self: StoreViews) -> None:
        raise AssertionError("the entity page built the whole-store snapshot")

    monkeypatch.setattr(StoreViews, "snapshot", refuse)
    for entity_id, page in with_snapshot.items():
        answer = client.get(f"/entities/{entity_id}")
        assert answer.status_code == 200
        assert answer.text == page
    assert client.get("/entities/0000000000000000").status_code == 404


def test_entity_pages_are_kept_until_the_store_changes(sample_db: Path, client: TestClient) -> None:
    """A second request for an entity page is answered from memory; after a change made by
    another process (an analyst's merge) the page is rendered again and shows it."""
    ids = list(entity_by_id(client.app.state.views.snapshot()))  # type: ignore[attr-defined]
    cache = client.app.middleware_stack  # type: ignore[attr-defined]
    while not hasattr(cache, "hits"):
        cache = cache.app
    first = {e: client.get(f"/entities/{e}").text for e in ids}
    hits = cache.hits
    assert {e: client.get(f"/entities/{e}").text for e in ids} == first
    assert cache.hits == hits + len(ids)
    stories = [s["id"] for s in client.get("/api/stories").json()[:2]]
    merge_elsewhere(sample_db, *stories)
    hits = cache.hits
    after = {e: client.get(f"/entities/{e}").text for e in ids}
    assert cache.hits == hits
    assert after != first  # the merged story's entities show it


def test_stale_rows_fall_back_to_the_snapshot(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = list(entity_by_id(client.app.state.views.snapshot()))[:5]  # type: ignore[attr-defined]
    from_rows = {e: client.get(f"/entities/{e}").text for e in ids}
    monkeypatch.setattr(pages, "rows_current", lambda store: False)
    for entity_id, page in from_rows.items():
        assert client.get(f"/entities/{entity_id}").text == page


def test_postgres_reads_as_sqlite(postgres_samples: Store, sample_db: Path) -> None:
    store = postgres_samples
    lite = open_store(sample_db)
    try:
        assert pages.rows_current(store)
        ids = [state.id for state in lite.registry_state()[0]]
        assert ids == [state.id for state in store.registry_state()[0]]
        for entity_id in ids:
            assert stored_entity(store, entity_id) == stored_entity(lite, entity_id)
    finally:
        lite.close()
