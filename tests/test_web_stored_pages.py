"""A server without a snapshot answers the story list and a story page from the store's rows
(storyline.web.stored_pages) with the same pages the snapshot gives."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from storyline.store import open_store
from storyline.web.app import create_app
from tests.live_server import merge_elsewhere

TOKEN = "test-token"
LOCAL = "http://127.0.0.1"
PAGES = [
    "/", "/?sort=sources", "/?sort=size&limit=2", "/?sort=first&multi=true", "/?limit=1",
    "/?limit=2&after=2025-03-10|0", "/?sort=size&after=2|0", "/?sort=size&limit=0",
]  # fmt: skip


def _answers(path: Path, urls: list[str], snapshot: bool) -> dict[str, str]:
    """Each URL's page from a fresh server, with its snapshot built first or not at all."""
    with TestClient(create_app(path, TOKEN), base_url=LOCAL) as client:
        if snapshot:
            client.app.state.views.snapshot()  # type: ignore[attr-defined]
        answers = {url: client.get(url).text for url in urls}
        built = client.app.state.views.current()  # type: ignore[attr-defined]
        assert (built is not None) == snapshot  # the pages read the store only
        return answers


def _urls(path: Path) -> list[str]:
    """Story list pages (first, later, refused) and every story's page."""
    store = open_store(path)
    try:
        stories = store.stories()
    finally:
        store.close()
    return PAGES + [f"/stories/{story.id}" for story in stories]


def test_the_pages_read_from_the_store_are_those_of_the_snapshot(sample_db: Path) -> None:
    urls = _urls(sample_db)
    assert _answers(sample_db, urls, snapshot=False) == _answers(sample_db, urls, snapshot=True)


def test_after_a_merge_the_pages_read_from_the_store_show_it(sample_db: Path) -> None:
    store = open_store(sample_db)
    first, second = store.stories()[:2]
    store.close()
    merge_elsewhere(sample_db, first.id, second.id)
    urls = _urls(sample_db)
    fresh = _answers(sample_db, urls, snapshot=False)
    assert fresh == _answers(sample_db, urls, snapshot=True)
    assert not any(f'href="/stories/{second.id}"' in fresh[url] for url in PAGES[:1])
