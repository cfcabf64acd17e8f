"""Saved searches (issue 17): kept in the store behind the token, listed on the index, each
with an Atom feed of the updates of exactly the stories it matches."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from storyline.web.app import create_app
from tests.conftest import LOCAL, TOKEN

ATOM = "{http://www.w3.org/2005/Atom}"
HEADERS = {"X-Storyline-Token": TOKEN}


def save(client: TestClient, **fields: Any) -> dict[str, Any]:
    answer = client.post("/api/searches", json=fields, headers=HEADERS)
    assert answer.status_code == 201, answer.text
    return answer.json()


def feed_story_ids(client: TestClient, feed_url: str) -> tuple[str, list[str]]:
    """The feed's title and the story ids its entries link to."""
    answer = client.get(feed_url)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(answer.text)
    links = [e.find(f"{ATOM}link").get("href") for e in root.findall(f"{ATOM}entry")]  # type: ignore[union-attr]
    return root.findtext(f"{ATOM}title") or "", [str(href).rsplit("/", 1)[1] for href in links]


def api_story_ids(client: TestClient, **params: Any) -> set[str]:
    return {row["id"] for row in client.get("/api/stories", params={**params, "limit": 500}).json()}


def test_api_create_list_and_delete_need_the_token(client: TestClient) -> None:
    fields = {"name": "Verran", "q": "Verran"}
    assert client.post("/api/searches", json=fields).status_code == 401
    wrong = client.post("/api/searches", json=fields, headers={"X-Storyline-Token": "nope"})
    assert wrong.status_code == 401
    assert wrong.json()["error"]["code"] == "E401"
    assert client.get("/api/searches").json() == []
    saved = save(client, **fields)
    assert saved["created"] and saved["index_url"] == "/?q=Verran"
    assert [s["name"] for s in client.get("/api/searches").json()] == ["Verran"]
    again = save(client, name="the same question", q="Verran")
    assert not again["created"] and again["id"] == saved["id"]
    assert client.delete(f"/api/searches/{saved['id']}").status_code == 401
    assert client.delete(f"/api/searches/{saved['id']}", headers=HEADERS).status_code == 200
    assert client.get("/api/searches").json() == []
    gone = client.delete(f"/api/searches/{saved['id']}", headers=HEADERS)
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "E404"


def test_form_saves_lists_and_deletes_with_the_token(client: TestClient) -> None:
    form = {"name": "Ostrin, two sources", "q": "Ostrin", "multi": "true"}
    refused = client.post("/searches", data=form, follow_redirects=False)
    assert refused.status_code == 401
    assert "Ostrin, two sources" not in client.get("/").text
    done = client.post("/searches", data={**form, "token": TOKEN}, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"].startswith("/?q=Ostrin&multi=true&notice=Saved")
    index = client.get("/").text
    assert 'class="saved-search" href="/?q=Ostrin&amp;multi=true">Ostrin, two sources</a>' in index
    (search,) = client.get("/api/searches").json()
    assert f'href="{search["feed_url"]}"' in index
    kept = client.post("/searches/delete", data={"id": search["id"]}, follow_redirects=False)
    assert kept.status_code == 401 and client.get("/api/searches").json() != []
    deleted = client.post(
        "/searches/delete", data={"id": search["id"], "token": TOKEN}, follow_redirects=False
    )
    assert deleted.status_code == 303 and "notice=Deleted" in deleted.headers["location"]
    assert client.get("/api/searches").json() == []
    assert "Saved searches" not in client.get("/").text


def test_save_form_is_offered_only_for_a_search_and_keeps_its_filters(client: TestClient) -> None:
    assert 'id="save-search-form"' not in client.get("/").text
    page = client.get("/", params={"q": "dam", "multi": "true", "lang": "en"}).text
    form = page.split('id="save-search-form"')[1].split("</form>")[0]
    assert '<input type="hidden" name="q" value="dam">' in form
    assert '<input type="hidden" name="lang" value="en">' in form
    assert '<input type="hidden" name="multi" value="true">' in form
    assert 'name="token" type="password"' in form


def test_a_search_without_criteria_or_with_a_bad_date_is_refused(client: TestClient) -> None:
    empty = client.post("/api/searches", json={"name": "everything"}, headers=HEADERS)
    assert empty.status_code == 400 and "needs a text query or a filter" in empty.text
    bad = client.post(
        "/api/searches", json={"name": "d", "date_from": "next week"}, headers=HEADERS
    )
    assert bad.status_code == 400 and "date_from must be a date" in bad.text
    form = client.post(
        "/searches", data={"name": "", "q": "dam", "token": TOKEN}, follow_redirects=False
    )
    assert form.status_code == 303 and "error=" in form.headers["location"]
    assert client.get("/api/searches").json() == []


def test_feed_has_only_the_stories_the_search_matches(client: TestClient) -> None:
    saved = save(client, name="Ostrin", q="Ostrin")
    title, ids = feed_story_ids(client, saved["feed_url"])
    assert title == "Storyline: Ostrin"
    matching = api_story_ids(client, q="Ostrin")
    everything = api_story_ids(client)
    assert set(ids) == matching and 0 < len(matching) < len(everything)
    multi = save(client, name="well sourced", multi=True)
    _, multi_ids = feed_story_ids(client, multi["feed_url"])
    assert set(multi_ids) == api_story_ids(client, multi="true")  # every sample story, here
    assert feed_story_ids(client, "/feed.atom")[1] != ids  # the whole feed has more


def test_feed_carries_the_update_of_a_merge_into_a_matching_story(client: TestClient) -> None:
    saved = save(client, name="Verran", q="Verran")
    (story,) = api_story_ids(client, q="Verran")
    other = next(iter(api_story_ids(client) - {story}))
    merged = client.post(
        "/api/stories/merge",
        json={"first": story, "second": other, "reason": "same"},
        headers=HEADERS,
    )
    assert merged.status_code == 200
    root = ElementTree.fromstring(client.get(saved["feed_url"]).text)
    titles = [e.findtext(f"{ATOM}title") or "" for e in root.findall(f"{ATOM}entry")]
    assert titles[0].startswith("merged: ")
    # Older entries name the ids the stories had before; each resolves to the merged story.
    _, ids = feed_story_ids(client, saved["feed_url"])
    assert ids[0] == merged.json()["id"] and set(ids) <= {merged.json()["id"], story, other}


def test_saved_query_is_escaped_on_the_index_and_in_the_feed(client: TestClient) -> None:
    name = '<script>alert("x")</script> & co'
    saved = save(client, name=name, q='"dam" <b>', entity="a&b")
    page = client.get("/").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co" in page
    assert 'href="/?q=%22dam%22+%3Cb%3E&amp;entity=a%26b"' in page
    title, _ = feed_story_ids(client, saved["feed_url"])  # parses: the XML is well formed
    assert title == f"Storyline: {name}"


def test_unknown_saved_search_feed_is_not_found(client: TestClient) -> None:
    answer = client.get("/searches/0123456789abcdef/feed.atom")
    assert answer.status_code == 404 and "E404" in answer.text


def test_saved_searches_outlive_the_server(sample_db: Path) -> None:
    with TestClient(create_app(sample_db, TOKEN), base_url=LOCAL) as first:
        save(first, name="Ports", outlet="Harbor Wire")
    with TestClient(create_app(sample_db, TOKEN), base_url=LOCAL) as second:
        assert [s["name"] for s in second.get("/api/searches").json()] == ["Ports"]


def test_saved_searches_are_listed_once_in_the_page_and_never_in_its_title(
    client: TestClient,
) -> None:
    # the list was once written inside the title block: markup in <title>, listed twice
    save(client, name="Verran", q="Verran")
    page = client.get("/").text
    title = page[page.index("<title>") : page.index("</title>")]
    assert "Saved searches" not in title and "<section" not in title
    assert page.count('class="saved-searches"') == 1
