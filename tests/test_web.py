"""The web UI and JSON API over stores the pipeline built (tests/conftest.py): the sample corpus,
and hostile input for escaping. Merges and splits run the real link and reconcile stages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from storyline.link.updates import UPDATES_KIND
from storyline.store import open_store
from storyline.web.app import create_app
from tests.conftest import LOCAL, TOKEN
from tests.live_server import first_event


@pytest.fixture
def hostile_client(hostile_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(hostile_db, TOKEN), base_url=LOCAL) as test_client:
        yield test_client


def stories(client: TestClient) -> list[dict[str, Any]]:
    return client.get("/api/stories").json()


def story_about(client: TestClient, words: str) -> dict[str, Any]:
    return next(s for s in stories(client) if words in s["title"])


def test_story_list_shows_every_story_and_sets_a_strict_csp(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.text.count('class="story-link"') == 5
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_hostile_titles_quotes_and_urls_are_shown_as_text(hostile_client: TestClient) -> None:
    index = hostile_client.get("/").text
    assert "<script>alert" not in index and "&lt;script&gt;alert" in index
    (story,) = stories(hostile_client)
    page = hostile_client.get(f"/stories/{story['id']}").text
    assert "<img" not in page and "onerror=alert" in page.replace("&#39;", "'")
    assert not re.search(r'(href|src)="\s*(javascript|data):', page, re.IGNORECASE)
    for article in hostile_client.get(f"/api/stories/{story['id']}").json()["articles"]:
        text = hostile_client.get(f"/articles/{article['id']}").text
        assert "<script>" not in text and "<img" not in text and "<b>" not in text
        assert not re.search(r'(href|src)="\s*(javascript|data):', text, re.IGNORECASE)


def test_search_and_filters_narrow_the_list(client: TestClient) -> None:
    assert client.get("/", params={"q": "shipyard"}).text.count('class="story-link"') >= 1
    assert client.get("/", params={"q": "Kim's visit"}).status_code == 200  # not FTS syntax
    found = client.get("/", params={"entity": "talia verran"}).text.count('class="story-link"')
    assert found == 1
    assert client.get("/", params={"date_from": "2030-01-01"}).text.count("story-link") == 0
    assert len(client.get("/api/stories", params={"outlet": "Northgate Ledger"}).json()) >= 1


def test_story_page_draws_timeline_provenance_and_findings(client: TestClient) -> None:
    story = story_about(client, "mobilises all forces")
    page = client.get(f"/stories/{story['id']}").text
    assert '<svg class="timeline-chart"' in page and '<svg class="provenance-graph"' in page
    assert "at least 41 people" in page and "47 dead" in page
    article_links = set(re.findall(r'href="/articles/([0-9a-f]+)#(a-[^"]+)"', page))
    assert article_links
    for article_id, anchor in sorted(article_links)[:3]:
        assert f'id="{anchor}"' in client.get(f"/articles/{article_id}").text


def test_story_page_findings_have_unique_ids_and_link_their_sentences(client: TestClient) -> None:
    story = story_about(client, "patrol vessel order")
    brief = client.get(f"/api/stories/{story['id']}").json()
    page = client.get(f"/stories/{story['id']}").text
    items = [i for key in ("agreed", "conflicts", "variants", "single_source") for i in brief[key]]
    assert items and len({i["id"] for i in items}) == len(items)
    for item in items:
        assert page.count(f'id="{item["id"]}"') == 1
        element = re.split(r'id="f-|</section>', page.split(f'id="{item["id"]}"')[1])[0]
        for ref in item["refs"]:
            assert f'href="/articles/{ref["article_id"]}#{ref["anchor"]}"' in element


def test_article_page_highlights_and_links_to_its_findings(client: TestClient) -> None:
    story = story_about(client, "mobilises all forces")
    brief = client.get(f"/api/stories/{story['id']}").json()
    (conflict,) = brief["conflicts"]
    article_id = conflict["sides"][0]["refs"][0]["article_id"]
    page = client.get(f"/articles/{article_id}").text
    for kind in ("hl-entity", "hl-date", "hl-quote", "hl-claim"):
        assert kind in page
    assert f'href="/stories/{story["id"]}#{conflict["id"]}"' in page


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


def test_api_article_and_report_are_json_records(client: TestClient) -> None:
    report = client.get("/api/report").json()
    article = report["articles"][0]
    assert client.get(f"/api/articles/{article['id']}").json() == article
    assert all(f["members"] for key in ("claims", "quotes", "conflicts") for f in report[key])


def test_writes_need_the_token(client: TestClient) -> None:
    first, second = (s["id"] for s in stories(client)[:2])
    body = {"first": first, "second": second, "reason": "same event"}
    assert client.post("/api/stories/merge", json=body).status_code == 401
    wrong = client.post("/api/stories/merge", json=body, headers={"X-Storyline-Token": "x"})
    assert wrong.status_code == 401
    form = {"first": first, "second": second, "reason": "same", "token": "wrong"}
    assert client.post("/stories/merge", data=form, follow_redirects=False).status_code == 401
    assert len(stories(client)) == 5


def test_merge_with_token_updates_list_feed_and_open_pages(client: TestClient) -> None:
    first = story_about(client, "mobilises all forces")
    second = story_about(client, "collapse was avoidable")
    form = {"first": first["id"], "second": second["id"], "reason": "same event", "token": TOKEN}
    response = client.post("/stories/merge", data=form, follow_redirects=False)
    assert response.status_code == 303
    merged = client.get(response.headers["location"])
    assert f"Merged: {first['articles'] + second['articles']} articles" in merged.text
    assert len(stories(client)) == 4
    assert "<title>merged:" in client.get("/feed.atom").text
    live = re.search(r'data-article="([^"]+)"', merged.text)
    events = first_event(client.app, {"article": live[1], "version": "old"})
    assert "event: story" in events


def merge_options(page: str) -> list[str]:
    form = page[
        page.index('id="merge-form"') : page.index("</form>", page.index('id="merge-form"'))
    ]
    return re.findall(r'<option value="([^"]+)"', form)


def test_story_page_offers_its_nearest_stories_and_merges_any_typed_id(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = stories(client)
    first = story_about(client, "mobilises all forces")
    page = client.get(f"/stories/{first['id']}").text
    assert sorted(merge_options(page)) == sorted(s["id"] for s in listed if s["id"] != first["id"])
    monkeypatch.setattr("storyline.web.story_index.MERGE_CHOICES", 2)
    nearest = merge_options(client.get(f"/stories/{first['id']}?fresh=1").text)
    assert len(nearest) == 2 and first["id"] not in nearest
    # a story not on the list, typed by an id prefix, wins over the list's choice
    target = next(s for s in listed if s["id"] not in nearest and s["id"] != first["id"])
    form = {
        "first": first["id"],
        "second": nearest[0],
        "second_id": target["id"][:10],
        "reason": "same event",
        "token": TOKEN,
    }
    response = client.post("/stories/merge", data=form, follow_redirects=False)
    assert response.status_code == 303
    merged = client.get(response.headers["location"])
    assert f"Merged: {first['articles'] + target['articles']} articles" in merged.text


def test_split_through_the_api(client: TestClient, sample_db: Path) -> None:
    story = story_about(client, "patrol vessel order")
    brief = client.get(f"/api/stories/{story['id']}").json()
    moved = brief["articles"][0]["id"]
    response = client.post(
        f"/api/stories/{story['id']}/split",
        json={"article_ids": [moved], "reason": "another event"},
        headers={"X-Storyline-Token": TOKEN},
    )
    assert response.status_code == 200 and response.json()["article_ids"] == [moved]
    store = open_store(sample_db)
    assert [u["change"] for u in store.result(UPDATES_KIND)][-2:] == ["split", "split"]
    assert any(s.article_ids == (moved,) for s in store.stories())
    store.close()


def test_open_story_page_is_told_when_its_story_changes(client: TestClient) -> None:
    story = stories(client)[0]
    page = client.get(f"/stories/{story['id']}").text
    live = re.search(r'data-article="([^"]+)" data-version="([^"]+)"', page)
    stale = first_event(client.app, {"article": live[1], "version": "stale"})
    assert f'"url": "/stories/{story["id"]}"' in stale


def test_openapi_documents_the_json_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/stories", "/api/stories/{story_id}", "/api/stories/merge"} <= set(paths)
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN
