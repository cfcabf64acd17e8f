"""A saved search's Atom feed read from the store's rows (``search_feeds.stored_search_feed``)
on the store the pipeline built from the sample corpus: it is the feed the whole-store snapshot
gives, before and after a merge logs updates, and answering it builds no snapshot."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from xml.etree import ElementTree

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from storyline.model import SavedSearch
from storyline.store import open_store
from storyline.store.base import Store
from storyline.web import pages, stored_pages
from storyline.web.search_feeds import search_feed, stored_search_feed
from storyline.web.views import StoreViews
from tests.conftest import LOCAL, TOKEN

HEADERS = {"X-Storyline-Token": TOKEN}
ATOM = "{http://www.w3.org/2005/Atom}"


def sample_searches(store: Store) -> list[SavedSearch]:
    """Searches of every shape the rows answer, with the sample's own words and facets."""
    outlet = sorted(store.facet_values("outlet"))[0]
    language = sorted(store.facet_values("language"))[0]
    return [
        SavedSearch(name="Ostrin", query="Ostrin"),
        SavedSearch(name="dam, two sources", query="dam", multi=True),
        SavedSearch(name="dam in one outlet", query="dam", outlet=outlet),
        SavedSearch(name="Verran in a language", query="Verran", language=language),
        SavedSearch(name="dam since 2025", query="dam", date_from="2025-01-01"),
        SavedSearch(name="well sourced", multi=True),
        # filters on the articles without a text search (``filter_values`` rows)
        SavedSearch(name="one outlet", outlet=outlet),
        SavedSearch(name="Ostrin, two sources", entity="ostrin", multi=True),
        SavedSearch(name="a language since 2025", language=language, date_from="2025-01-01"),
        SavedSearch(name="no match", query="zzzqqqxxy"),
    ]


def assert_feeds_as_the_snapshot(path: Path) -> None:
    views = StoreViews(path)
    snap = views.snapshot()
    store = open_store(path)
    try:
        assert pages.rows_current(store)
        searches = sample_searches(store)
        feeds = []
        for search in searches:
            feeds.append(stored_search_feed(store, search, LOCAL))
            assert feeds[-1] == search_feed(views, snap, search, LOCAL), search.name
        assert [len(shown(feed)) > 0 for feed in feeds] == [True] * (len(searches) - 1) + [False]
    finally:
        store.close()


@pytest.fixture(params=["counted", "walked"])
def walking(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Text searches read whole, or (``walked``) as a word so common that the story list is
    walked for them (``stored_pages.walks``)."""
    if request.param == "walked":
        monkeypatch.setattr(stored_pages, "WALK_BALANCE", 0)
        monkeypatch.setattr(stored_pages, "WALK_FROM", 0)
    return str(request.param)


def test_every_search_feed_reads_as_the_snapshot_shows(sample_db: Path, walking: str) -> None:
    assert_feeds_as_the_snapshot(sample_db)


def test_a_merge_is_in_the_stored_feed_as_in_the_snapshot(client: TestClient, walking: str) -> None:
    ids = [row["id"] for row in client.get("/api/stories", params={"q": "Verran"}).json()]
    other = next(r["id"] for r in client.get("/api/stories").json() if r["id"] not in ids)
    merged = client.post(
        "/api/stories/merge",
        json={"first": ids[0], "second": other, "reason": "same"},
        headers=HEADERS,
    )
    assert merged.status_code == 200
    assert_feeds_as_the_snapshot(client.app.state.views.path)  # type: ignore[attr-defined]


def saved_feeds(client: TestClient) -> dict[str, str]:
    """Each sample search saved through the API -> its feed as the server answers it now."""
    with closing_store(client) as store:
        searches = sample_searches(store)
    urls = []
    for search in searches:
        fields = {"name": search.name, "q": search.query, "outlet": search.outlet}
        fields |= {"lang": search.language, "multi": search.multi, "date_from": search.date_from}
        fields |= {"entity": search.entity}
        saved = client.post("/api/searches", json=fields, headers=HEADERS)
        assert saved.status_code == 201, saved.text
        urls.append(saved.json()["feed_url"])
    return {url: client.get(url).text for url in urls}


def closing_store(client: TestClient) -> closing[Store]:
    return closing(open_store(client.app.state.views.path))  # type: ignore[attr-defined]


def test_search_feed_builds_no_snapshot(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_snapshot = saved_feeds(client)

    def refuse(self: StoreViews) -> None:
        raise AssertionError("the saved search's feed built the whole-store snapshot")

    monkeypatch.setattr(StoreViews, "snapshot", refuse)
    for url, feed in with_snapshot.items():
        answer = client.get(url)
        assert answer.status_code == 200
        assert answer.text == feed


def test_stale_rows_fall_back_to_the_snapshot(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_rows = saved_feeds(client)
    built: list[bool] = []
    snapshot = StoreViews.snapshot
    monkeypatch.setattr(pages, "rows_current", lambda store: False)
    monkeypatch.setattr(StoreViews, "snapshot", lambda self: built.append(True) or snapshot(self))
    for url, feed in from_rows.items():
        assert client.get(url).text == feed
    assert built


def test_postgres_reads_as_sqlite(postgres_samples: Store, sample_db: Path) -> None:
    store = postgres_samples
    lite = open_store(sample_db)
    try:
        assert pages.rows_current(store)
        for search in sample_searches(lite):
            stored = stored_search_feed(store, search, LOCAL)
            assert shown(stored) == shown(stored_search_feed(lite, search, LOCAL)), search.name
    finally:
        lite.close()


def shown(feed: str) -> list[tuple[str | None, ...]]:
    """A feed's entries as a reader sees them (title, story link, summary), without the
    times the runs logged their updates at (and the entry ids made from those times)."""
    entries = ElementTree.fromstring(feed).findall(f"{ATOM}entry")
    return [
        (
            e.findtext(f"{ATOM}title"),
            e.find(f"{ATOM}link").get("href"),
            e.findtext(f"{ATOM}summary"),
        )  # type: ignore[union-attr]
        for e in entries
    ]
