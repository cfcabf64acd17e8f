"""The web UI and JSON API over a fixture store (no NLP stages needed)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from storyline.link.stage import apply_decisions
from storyline.link.updates import UPDATES_KIND, record_story_changes
from storyline.model import content_id
from storyline.store import Store, open_store
from storyline.web.app import create_app
from storyline.web.fixture import fill_fixture_store

TOKEN = "test-token"
LOCAL = "http://127.0.0.1"  # the server answers only the names it was started as


def replay_last_decision(store: Store) -> list[dict[str, Any]]:
    """Stand-in for the link stage: apply the newest decision to the stored story groups."""
    stories = store.result("stories") or []
    title_of = {a: s["title"] for s in stories for a in s["article_ids"]}
    groups = apply_decisions([s["article_ids"] for s in stories], list(store.decisions())[-1:])
    new = [
        {
            "id": content_id("story", *sorted(g)),
            "title": title_of[sorted(g)[0]],
            "article_ids": sorted(g),
            "related_story_ids": [],
        }
        for g in groups
    ]
    store.put_result("stories", new)
    record_story_changes(store, stories)
    return new


@pytest.fixture
def fixture_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("storyline.decisions._relink", replay_last_decision)
    path = tmp_path / "storyline.db"
    store = open_store(path)
    fill_fixture_store(store)
    store.close()
    return path


@pytest.fixture
def client(fixture_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(fixture_db, TOKEN), base_url=LOCAL) as test_client:
        yield test_client


def stories(client: TestClient) -> list[dict[str, Any]]:
    return client.get("/api/stories").json()


def test_story_list_escapes_headlines_and_sets_a_strict_csp(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "&lt;script&gt;alert" in page.text
    assert page.text.count('class="story-link"') == 3
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_search_and_filters_narrow_the_list(client: TestClient) -> None:
    assert client.get("/", params={"q": "missile"}).text.count('class="story-link"') == 1
    assert client.get("/", params={"q": "Kim's visit"}).status_code == 200  # not FTS syntax
    assert client.get("/", params={"entity": "shin"}).text.count('class="story-link"') == 3
    assert client.get("/", params={"date_from": "2025-01-01"}).text.count("story-link") == 0
    assert len(client.get("/api/stories", params={"outlet": "UPI"}).json()) == 1


def test_story_page_draws_timeline_and_provenance(client: TestClient) -> None:
    story = stories(client)[0]
    page = client.get(f"/stories/{story['id']}").text
    assert '<svg class="timeline-chart"' in page and '<svg class="provenance-graph"' in page
    assert "6700" in page and "7000" in page and "<del>epochal</del>" in page
    article_links = set(re.findall(r'href="/articles/([0-9a-f]+)#(a-[^"]+)"', page))
    assert article_links
    article_id, anchor = sorted(article_links)[0]
    assert f'id="{anchor}"' in client.get(f"/articles/{article_id}").text


def test_article_page_highlights_and_links_to_reconciliation(client: TestClient) -> None:
    story = stories(client)[0]
    brief = client.get(f"/api/stories/{story['id']}").json()
    article_id = brief["articles"][0]["id"]
    page = client.get(f"/articles/{article_id}").text
    for kind in ("hl-entity", "hl-date", "hl-quote", "hl-claim"):
        assert kind in page
    conflict_id = brief["conflicts"][0]["id"]
    assert f'href="/stories/{story["id"]}#{conflict_id}"' in page


def test_unknown_ids_give_one_json_error_shape(client: TestClient) -> None:
    response = client.get("/api/stories/nope")
    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "code": "E404",
            "message": "no story has id 'nope'; the story list links to them all",
        }
    }
    assert client.get("/articles/nope").status_code == 404


def test_writes_need_the_token(client: TestClient) -> None:
    first, second = (s["id"] for s in stories(client)[:2])
    body = {"first": first, "second": second, "reason": "same event"}
    assert client.post("/api/stories/merge", json=body).status_code == 401
    wrong = client.post("/api/stories/merge", json=body, headers={"X-Storyline-Token": "x"})
    assert wrong.status_code == 401
    form = {"first": first, "second": second, "reason": "same", "token": "wrong"}
    assert client.post("/stories/merge", data=form, follow_redirects=False).status_code == 401
    assert len(stories(client)) == 3


def test_merge_with_token_updates_list_feed_and_open_pages(client: TestClient) -> None:
    first, second = (s for s in stories(client)[:2])
    form = {"first": first["id"], "second": second["id"], "reason": "same event", "token": TOKEN}
    response = client.post("/stories/merge", data=form, follow_redirects=False)
    assert response.status_code == 303
    merged = client.get(response.headers["location"])
    assert "Merged: 8 articles" in merged.text
    assert len(stories(client)) == 2
    assert "<title>merged:" in client.get("/feed.atom").text
    events = client.get("/events", params={"article": first["id"], "version": "old"})
    assert "event: story" in events.text


def test_split_through_the_api(client: TestClient, fixture_db: Path) -> None:
    story = stories(client)[0]
    brief = client.get(f"/api/stories/{story['id']}").json()
    moved = brief["articles"][0]["id"]
    response = client.post(
        f"/api/stories/{story['id']}/split",
        json={"article_ids": [moved], "reason": "another event"},
        headers={"X-Storyline-Token": TOKEN},
    )
    assert response.status_code == 200 and response.json()["article_ids"] == [moved]
    store = open_store(fixture_db)
    assert [u["change"] for u in store.result(UPDATES_KIND)] == ["split", "split"]
    store.close()


def test_open_story_page_is_told_when_its_story_changes(client: TestClient) -> None:
    story = stories(client)[0]
    page = client.get(f"/stories/{story['id']}").text
    live = re.search(r'data-article="([^"]+)" data-version="([^"]+)"', page)
    stale = client.get("/events", params={"article": live[1], "version": "stale"})
    assert f'"url": "/stories/{story["id"]}"' in stale.text


def test_openapi_documents_the_json_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/stories", "/api/stories/{story_id}", "/api/stories/merge"} <= set(paths)
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN
