"""The entity page read from the store's rows (``stored_pages.stored_entity``) on the store the
pipeline built from the sample corpus: every entity's page shows what the whole-store snapshot
shows, page by page, and answering it builds no snapshot."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from storyline.store import Store, open_store
from storyline.store.codec import ArticleKey
from storyline.web import entity_pages, pages, stored_pages
from storyline.web.entity_pages import entity_by_id, parse_page_cursor, snapshot_page
from storyline.web.stored_pages import stored_entity
from storyline.web.views import StoreViews
from tests.live_server import merge_elsewhere


def _pages(read: Callable[[ArticleKey | None], dict[str, Any]]) -> list[dict[str, Any]]:
    """Every page of one entity, read by ``read`` from the first page on, following cursors."""
    pages, before = [read(None)], None
    while pages[-1]["older"] is not None:
        assert len(pages) < 100, "the cursors go round"
        before = parse_page_cursor(pages[-1]["older"])
        pages.append(read(before))
    return pages


def _page(store: Store, entity_id: str, before: ArticleKey | None) -> dict[str, Any]:
    """A page read from the rows, without its entity (as ``snapshot_page`` gives it)."""
    shown = stored_entity(store, entity_id, before)
    assert shown is not None
    return {k: v for k, v in shown.items() if k != "entity"}


def _walked(pages: list[dict[str, Any]]) -> tuple[set[str], list[str]]:
    """The story ids and the quote ids the pages show."""
    return {r["id"] for p in pages for r in p["rows"]}, [
        q["id"] for p in pages for q in p["quotes"]
    ]


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
            assert shown["older"] is None  # the sample's entities fit one page
            assert {**shown, "entity": None} == {
                "entity": None,
                **snapshot_page(views, snap, entity_id, None),
            }, entity.name
        assert stored_entity(store, "0000000000000000") is None
    finally:
        store.close()
    assert any(snapshot_page(views, snap, e, None)["quotes"] for e in entities)  # it has quotes


def test_pages_walk_what_one_page_shows(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With two articles a page, every entity's pages, read from the rows or the snapshot
    (the same pages), show together the stories and quotes of its one page of fifty, the
    quotes newest first across pages; with batches of naming articles cut short too."""
    views = StoreViews(sample_db)
    snap = views.snapshot()
    store = open_store(sample_db)
    try:
        whole = {e: stored_entity(store, e) for e in entity_by_id(snap)}
        monkeypatch.setattr(entity_pages, "ENTITY_PAGE", 2)
        paged = 0
        for entity_id, one in whole.items():
            assert one is not None
            from_rows = _pages(partial(_page, store, entity_id))
            assert from_rows == _pages(partial(snapshot_page, views, snap, entity_id))
            stories, quotes = _walked(from_rows)
            assert (stories, quotes) == _walked([one]), entity_id
            paged += len(from_rows) > 1
        assert paged >= 3  # the sample's busiest entities take several pages
        monkeypatch.setattr(stored_pages, "SCANNED_PAGES", 1)
        for entity_id, one in whole.items():
            assert one is not None
            cut = _pages(partial(_page, store, entity_id))
            assert _walked(cut) == _walked([one]), entity_id
    finally:
        store.close()


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


def test_postgres_reads_as_sqlite(
    postgres_samples: Store, sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = postgres_samples
    lite = open_store(sample_db)
    try:
        assert pages.rows_current(store)
        ids = [state.id for state in lite.registry_state()[0]]
        assert ids == [state.id for state in store.registry_state()[0]]
        for entity_id in ids:
            assert stored_entity(store, entity_id) == stored_entity(lite, entity_id)
        monkeypatch.setattr(entity_pages, "ENTITY_PAGE", 2)
        for entity_id in ids:  # and page by page, cursors read by each backend
            paged = _pages(partial(_page, store, entity_id))
            assert paged == _pages(partial(_page, lite, entity_id))
    finally:
        lite.close()
