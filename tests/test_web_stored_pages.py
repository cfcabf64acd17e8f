"""The story list and story pages are answered from the store's rows (storyline.web.stored_pages)
with the same pages the snapshot gives, whether or not the server holds a snapshot, and a store
change never makes them build one."""

from __future__ import annotations

import json
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import pytest

pytest.importorskip("fastapi")
import httpx
from fastapi.testclient import TestClient

from storyline.store import open_store
from storyline.store.base import Store
from storyline.store.codec import ArticleFilter
from storyline.web import stored_pages
from storyline.web.app import create_app
from storyline.web.stored_pages import rows_current, stored_page, stored_search_page
from storyline.web.story_index import IndexPage, IndexQuery
from tests.conftest import LOCAL, TOKEN
from tests.live_server import merge_elsewhere

PAGES = [
    "/", "/?sort=sources", "/?sort=size&limit=2", "/?sort=first&multi=true", "/?limit=1",
    "/?limit=2&after=2025-03-10|0", "/?sort=size&after=2|0", "/?sort=size&limit=0",
    # text searches, with article filters, paged (FTS5 and the rows of the matches)
    "/?q=dam", "/?q=dam&limit=1", "/?q=dam&sort=size&limit=1&after=5|0", "/?q=Ostrin&multi=true",
    "/?q=dam&entity=ostrin", "/?q=dam&lang=en", "/?q=dam&date_from=2026-02-09",
    "/?q=dam&date_to=2026-02-10&sort=first", "/?q=Kim's+visit", "/?q=dam&outlet=Harbor+Wire",
    "/?q=nothing-matches-this", "/?q=dam&after=nonsense",
]  # fmt: skip


def _answers(path: Path, urls: list[str], rows: bool, monkeypatch: pytest.MonkeyPatch) -> dict:
    """Each URL's page from a fresh server, read from the rows or (``rows`` False: as for a
    store whose rows are not current) from the snapshot."""
    with monkeypatch.context() as patched:
        if not rows:
            for reader in ("pages", "api"):
                patched.setattr(f"storyline.web.{reader}.rows_current", lambda store: False)
        with TestClient(create_app(path, TOKEN), base_url=LOCAL) as client:
            answers = {url: _shown(client.get(url)) for url in urls}
            built = client.app.state.views.current()  # type: ignore[attr-defined]
            assert (built is None) == rows  # the pages read the store only
            return answers


def _shown(answer: httpx.Response) -> tuple[int, str, list[str | None]]:
    """What a client sees of an answer: status, body, paging headers."""
    paging = [answer.headers.get(name) for name in ("x-total-count", "x-next-after", "link")]
    return answer.status_code, answer.text, paging


def _story_ids(path: Path) -> list[str]:
    with closing(open_store(path)) as store:
        return [story.id for story in store.stories()]


def _urls(path: Path) -> list[str]:
    """Story list pages (first, later, refused), every story's page and the JSON API's."""
    ids = _story_ids(path)
    lists = [url.replace("/", "/api/stories", 1) for url in PAGES]
    return (
        PAGES
        + lists
        + [f"{at}/{story_id}" for story_id in ids for at in ("/stories", "/api/stories")]
    )


def test_the_pages_read_from_the_store_are_those_of_the_snapshot(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    urls = _urls(sample_db)
    rows = _answers(sample_db, urls, True, monkeypatch)
    assert rows == _answers(sample_db, urls, False, monkeypatch)


def _filtered_pages(path: Path) -> list[str]:
    """Story list pages filtered on the articles without a text search (``filter_values``
    rows), with the sample's own outlets, languages, mention texts and days, sorted and
    paged; each as the HTML page and the JSON API's list."""
    with closing(open_store(path)) as store:
        outlets = sorted(store.facet_values("outlet"))
        language = sorted(store.facet_values("language"))[0]
        entity = store.facet_values("entity", 1)[0]
        days = sorted({a.published.date.isoformat() for a in store.articles() if a.published.date})
    middle = days[len(days) // 2]
    filters = [
        {"outlet": outlets[0]}, {"outlet": outlets[-1], "sort": "size"},
        {"outlet": outlets[0], "limit": 1},
        {"outlet": outlets[0], "limit": 1, "after": f"{middle}|0"},
        {"lang": language}, {"lang": language, "sort": "sources", "limit": 2, "after": "2|0"},
        {"lang": "xx"}, {"entity": entity}, {"entity": entity.upper() + " "},
        {"entity": entity[1:3], "multi": "true"}, {"entity": entity, "sort": "first", "limit": 1},
        {"entity": " "}, {"date_from": middle}, {"date_to": middle, "sort": "first"},
        {"date_from": days[0], "date_to": middle, "limit": 2, "after": f"{middle}|0"},
        {"date_from": middle, "date_to": middle}, {"date_from": "2999-01-01"},
        {"outlet": outlets[0], "lang": language, "entity": entity[:2], "date_from": days[0]},
        {"lang": language, "date_to": middle, "multi": "true", "sort": "size"},
        {"outlet": outlets[0], "after": "nonsense"},
    ]  # fmt: skip
    shown = [f"/?{urlencode(f)}" for f in filters]
    return shown + [url.replace("/", "/api/stories", 1) for url in shown]


def test_a_list_filtered_on_the_articles_reads_the_rows_as_the_snapshot_shows(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outlet, language, entity and dates without a text search: the same rows, order, total
    and next cursor as the snapshot's, and no snapshot built (``_answers``)."""
    urls = _filtered_pages(sample_db)
    rows = _answers(sample_db, urls, True, monkeypatch)
    assert rows == _answers(sample_db, urls, False, monkeypatch)
    listed = [json.loads(rows[url][1]) for url in urls if url.startswith("/api/")]
    assert sum(1 for found in listed if found) >= len(listed) // 2  # most filters match some


WALKED_SEARCHES = [("dam", "latest"), ("the", "size"), ("the", "sources"), ("Ostrin", "first")]


def _search_pages(store: Store, q: str, sort: str, multi: bool = False) -> list[IndexPage]:
    """Every page of a text search, two stories a page, following the cursors."""
    pages = [stored_search_page(store, q, IndexQuery(sort, "", 2, multi=multi))]
    while pages[-1].next_after is not None:
        assert len(pages) < 100, "the cursors go round"
        after = pages[-1].next_after
        pages.append(stored_search_page(store, q, IndexQuery(sort, after, 2, multi=multi)))
    return pages


@pytest.mark.parametrize(("q", "sort"), WALKED_SEARCHES)
def test_a_search_matching_many_articles_walks_the_list_to_the_same_pages(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch, q: str, sort: str
) -> None:
    """A text search matching many articles walks the list's rows a few at a time
    (``walked_page``): the same stories page by page as when its matches are all
    read, with the same cursors, only not counted."""
    for multi in (False, True):
        counted = _search_pages(sample_store, q, sort, multi)
        assert counted[0].matched
        monkeypatch.setattr(stored_pages, "WALK_BALANCE", 0)
        monkeypatch.setattr(stored_pages, "WALK_FROM", 0)
        monkeypatch.setattr(stored_pages, "WALKED", 3)
        walked = _search_pages(sample_store, q, sort, multi)
        monkeypatch.undo()
        assert [(p.rows, p.next_after) for p in walked] == [(p.rows, p.next_after) for p in counted]
        assert {p.matched for p in walked} == {None}


def _filter_pages(store: Store, query: IndexQuery) -> list[IndexPage]:
    """Every page of a filtered list, following the cursors."""
    pages = [stored_page(store, query)]
    while pages[-1].next_after is not None:
        assert len(pages) < 100, "the cursors go round"
        pages.append(stored_page(store, replace(query, after=pages[-1].next_after)))
    return pages


def test_a_filter_many_articles_pass_walks_the_list_to_the_same_pages(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Filters that many articles pass walk the list's rows (``walked_page``): the same
    stories page by page as the counted list's, only not counted; and a walk that finds too
    few in its ``WALKS`` batches gives the counted page."""
    outlet = sorted(sample_store.facet_values("outlet"))[0]
    queries = [
        IndexQuery(limit=2, language="en"), IndexQuery("size", limit=2, outlet=outlet),
        IndexQuery("first", limit=1, outlet=outlet, multi=True),
        IndexQuery("sources", limit=1, outlet=outlet, language="en"),
    ]  # fmt: skip
    for query in queries:
        counted = _filter_pages(sample_store, query)
        assert counted[0].matched
        with monkeypatch.context() as walking:
            walking.setattr(stored_pages, "WALK_BALANCE", 0)
            walking.setattr(stored_pages, "WALK_FROM", 0)
            walking.setattr(stored_pages, "WALKED", 2)
            walked = _filter_pages(sample_store, query)
            walking.setattr(stored_pages, "WALKS", 1)
            walking.setattr(stored_pages, "WALKED", 1)  # one row cannot fill a page of two
            short = stored_page(sample_store, replace(query, limit=2))
        assert [(p.rows, p.next_after) for p in walked] == [
            (p.rows, p.next_after) for p in counted
        ], query
        assert {p.matched for p in walked} == {None}
        assert short == stored_page(sample_store, replace(query, limit=2))  # counted, as read


def test_a_text_search_with_article_filters_finds_the_same_stories_whichever_leads(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite leads a text search with article filters by the matches or by the filter's
    rows, whichever are fewer: the same stories either way."""
    outlets = sorted(sample_store.facet_values("outlet"))
    filters = [
        ArticleFilter(outlet=outlets[0]), ArticleFilter(language="en", date_from="2026-02-09"),
        ArticleFilter(entity="ostrin"), ArticleFilter(outlet=outlets[1], entity="port"),
    ]  # fmt: skip
    found = []
    for q in ("dam", "the", "Port Alder"):
        for chosen in filters:
            led = []
            for filter_leads in (False, True):
                monkeypatch.setattr(
                    type(sample_store), "_filter_leads", lambda *a, leads=filter_leads: leads
                )
                led.append(sample_store.stories_matching(q, None, chosen))
            assert led[0] == led[1], (q, chosen)
            found.append(led[0])
    assert sum(1 for stories in found if stories) >= 6  # most searches find some


def test_a_walked_search_says_many_stories_match_and_sends_no_total(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stored_pages, "WALK_BALANCE", 0)
    monkeypatch.setattr(stored_pages, "WALK_FROM", 0)
    assert "Many of " in client.get("/", params={"q": "dam"}).text
    answer = client.get("/api/stories", params={"q": "dam"})
    assert answer.status_code == 200 and answer.json()
    assert "x-total-count" not in answer.headers


def test_postgres_walks_a_search_as_sqlite(
    postgres_samples: Store, sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stored_pages, "WALK_BALANCE", 0)
    monkeypatch.setattr(stored_pages, "WALK_FROM", 0)
    monkeypatch.setattr(stored_pages, "WALKED", 3)
    for q, sort in WALKED_SEARCHES:
        assert _search_pages(postgres_samples, q, sort) == _search_pages(sample_store, q, sort)


def test_postgres_filters_the_list_as_sqlite(postgres_samples: Store, sample_db: Path) -> None:
    lite = open_store(sample_db)
    try:
        assert rows_current(postgres_samples)
        for url in _filtered_pages(sample_db):
            if url.startswith("/api/") or "nonsense" in url:  # the same query, a refused one
                continue
            asked = {k: v[0] for k, v in parse_qs(url.partition("?")[2]).items()}
            query = IndexQuery(
                asked.get("sort", "latest"), asked.get("after", ""), int(asked.get("limit", 50)),
                asked.get("outlet", ""), asked.get("entity", ""), asked.get("lang", ""),
                asked.get("multi") == "true", asked.get("date_from", ""), asked.get("date_to", ""),
            )  # fmt: skip
            assert stored_page(postgres_samples, query) == stored_page(lite, query), url
    finally:
        lite.close()


def test_after_a_merge_the_pages_read_from_the_store_show_it(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _story_ids(sample_db)[:2]
    merge_elsewhere(sample_db, first, second)
    urls = _urls(sample_db) + _filtered_pages(sample_db)
    fresh = _answers(sample_db, urls, True, monkeypatch)
    assert fresh == _answers(sample_db, urls, False, monkeypatch)
    assert not any(f'href="/stories/{second}"' in fresh[url][1] for url in PAGES[:1])


def test_a_server_holding_a_snapshot_answers_from_the_rows_after_a_change(
    sample_db: Path,
) -> None:
    """The snapshot some other page built is not rebuilt for the story list or a story page
    after the store changes: they read the rows, and show the change."""
    first, second = _story_ids(sample_db)[:2]
    with TestClient(create_app(sample_db, TOKEN), base_url=LOCAL) as client:
        views = client.app.state.views  # type: ignore[attr-defined]
        views.snapshot()
        assert {f'href="/stories/{s}"' in client.get("/").text for s in (first, second)} == {True}
        merge_elsewhere(sample_db, first, second)
        kept = next(s for s in _story_ids(sample_db) if s in (first, second))
        gone = second if kept == first else first
        assert f'href="/stories/{gone}"' not in client.get("/").text
        assert client.get(f"/stories/{kept}").status_code == 200
        assert views.builds == 1


def test_story_ids_by_prefix_or_from_before_a_merge_are_redirected_from_the_rows(
    sample_db: Path,
) -> None:
    first, second = _story_ids(sample_db)[:2]
    merge_elsewhere(sample_db, first, second)
    kept = next(s for s in _story_ids(sample_db) if s in (first, second))
    gone = second if kept == first else first
    with TestClient(create_app(sample_db, TOKEN), base_url=LOCAL) as client:
        for asked in (gone, kept[:6]):
            moved = client.get(f"/stories/{asked}", follow_redirects=False)
            assert (moved.status_code, moved.headers["location"]) == (307, f"/stories/{kept}")
            moved = client.get(f"/api/stories/{asked}", follow_redirects=False)
            assert (moved.status_code, moved.headers["location"]) == (308, f"/api/stories/{kept}")
        assert client.get("/stories/0000nothing").status_code == 404
        assert client.get("/api/stories/0000nothing").json()["error"]["code"] == "E404"
        assert client.get(f"/stories/{gone}").status_code == 200  # followed to the story
        assert client.app.state.views.current() is None  # type: ignore[attr-defined]


def test_article_pages_read_the_store_and_are_kept_per_their_story(sample_db: Path) -> None:
    """An article page reads that article, its analyses and its story's findings; after a
    merge, the pages of articles in other stories are still answered from memory (their
    story's row version is unchanged), and no snapshot is built."""
    with TestClient(create_app(sample_db, TOKEN), base_url=LOCAL) as client:
        first, second, other = (s["id"] for s in client.get("/api/stories").json()[:3])
        with closing(open_store(sample_db)) as store:
            moved = store.story(second).article_ids[0]  # type: ignore[union-attr]
            outside = store.story(other).article_ids  # type: ignore[union-attr]
        pages = {a: client.get(f"/articles/{a}").text for a in [moved, *outside]}
        assert f'href="/stories/{second}"' in pages[moved]
        shortened = client.get(f"/articles/{moved[:10]}", follow_redirects=False)
        assert shortened.headers["location"] == f"/articles/{moved}"
        merge_elsewhere(sample_db, first, second)
        kept = next(s for s in _story_ids(sample_db) if s in (first, second))
        assert f'href="/stories/{kept}"' in client.get(f"/articles/{moved}").text
        assert client.get(f"/api/articles/{moved}").json()["story_id"] == kept
        cache = client.app.middleware_stack  # type: ignore[attr-defined]
        while not hasattr(cache, "hits"):
            cache = cache.app
        hits = cache.hits
        assert [client.get(f"/articles/{a}").text for a in outside] == [pages[a] for a in outside]
        assert cache.hits == hits + len(outside)
        assert client.get("/articles/nothing-has-this").status_code == 404
        assert client.app.state.views.current() is None  # type: ignore[attr-defined]


@pytest.mark.parametrize("entries", [100, 2])
def test_the_feed_reads_the_rows_and_equals_the_snapshots(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch, entries: int
) -> None:
    """The Atom feed from the update log and the newest story list rows is the snapshot's
    feed, with a merge logged; capped at its newest ``FEED_ENTRIES`` entries."""
    first, second = _story_ids(sample_db)[:2]
    merge_elsewhere(sample_db, first, second)
    monkeypatch.setattr("storyline.report.exports.FEED_ENTRIES", entries)
    monkeypatch.setattr("storyline.web.stored_pages.FEED_ENTRIES", entries)
    from_rows = _answers(sample_db, ["/feed.atom"], True, monkeypatch)
    assert from_rows == _answers(sample_db, ["/feed.atom"], False, monkeypatch)
    status, body, _ = from_rows["/feed.atom"]
    shown = body.count("<entry>")  # every story and the merge, or the cap
    assert status == 200 and shown == (
        2 if entries == 2 else max(shown, len(_story_ids(sample_db)) + 1)
    )
    assert body.index("<title>merged: ") < body.index("<title>", body.index("</entry>"))
