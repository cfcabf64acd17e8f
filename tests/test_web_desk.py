"""The analyst's desk (issue 17) on the pipeline-built sample store: the index sorted, filtered
and paged by cursor, entity pages and the compact story page."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from storyline.web import entity_pages

SORTS = ("latest", "sources", "size", "first")


def all_stories(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    answer = client.get("/api/stories", params={**params, "limit": 500})
    assert answer.status_code == 200, answer.text
    return answer.json()


def pages_of(client: TestClient, limit: int, **params: Any) -> list[list[dict[str, Any]]]:
    """Every page of the API's story list, following its cursor."""
    pages, after = [], ""
    while True:
        answer = client.get("/api/stories", params={**params, "limit": limit, "after": after})
        assert answer.status_code == 200, answer.text
        pages.append(answer.json())
        after = answer.headers.get("x-next-after", "")
        if not after:
            return pages


def test_index_puts_the_latest_activity_first(client: TestClient) -> None:
    rows = all_stories(client)
    lasts = [row["last"] or "" for row in rows]
    dated = [day for day in lasts if day]
    assert dated == sorted(dated, reverse=True)
    assert lasts.index(dated[0]) == 0  # not the oldest story on top
    page = client.get("/").text
    titles = re.findall(r'class="story-link" href="/stories/(\w+)"', page)
    assert titles == [row["id"] for row in rows]


@pytest.mark.parametrize("sort", SORTS)
def test_cursor_pages_cover_every_story_once_in_order(client: TestClient, sort: str) -> None:
    whole = [row["id"] for row in all_stories(client, sort=sort)]
    pages = pages_of(client, 2, sort=sort)
    assert [len(p) for p in pages[:-1]] == [2] * (len(pages) - 1)
    assert [row["id"] for p in pages for row in p] == whole
    assert len(set(whole)) == len(whole) == 5


def test_ties_keep_their_order_across_pages(client: TestClient) -> None:
    """Stories of equal size are ordered by id, so a page break between them loses none."""
    rows = all_stories(client, sort="size")
    sizes = [row["articles"] for row in rows]
    assert sizes == sorted(sizes, reverse=True)
    assert len(set(sizes)) < len(sizes)  # the sample has ties: the test can fail
    pages = pages_of(client, 1, sort="size")
    assert [p[0]["id"] for p in pages if p] == [row["id"] for row in rows]


def test_sources_sort_counts_independent_sources_not_articles(client: TestClient) -> None:
    rows = all_stories(client, sort="sources")
    counts = [row["independent"] for row in rows]
    assert counts == sorted(counts, reverse=True)
    assert all(1 <= row["independent"] <= row["articles"] for row in rows)
    assert any(row["independent"] < row["articles"] for row in rows)  # rewrites count once


def test_multi_source_filter_drops_single_source_stories(client: TestClient) -> None:
    every = all_stories(client)
    multi = all_stories(client, multi="true")
    assert {r["id"] for r in multi} == {r["id"] for r in every if r["independent"] >= 2}
    assert 0 < len(multi) <= len(every)  # every story of the sample has two sources or more
    page = client.get("/", params={"multi": "true"}).text
    assert f"{len(multi)} of 5 stories match" in page


def test_language_and_outlet_filters(client: TestClient) -> None:
    assert len(all_stories(client, lang="en")) == 5
    assert all_stories(client, lang="fr") == []
    outlet = "Globe Relay"  # in two of the five stories
    chosen = all_stories(client, outlet=outlet)
    assert chosen and all(outlet in row["outlets"] for row in chosen)
    assert len(chosen) < 5


def test_a_filtered_page_links_its_next_page_with_the_filters(client: TestClient) -> None:
    page = client.get("/", params={"lang": "en", "limit": 3, "sort": "size"}).text
    link = re.search(r'id="next-page" href="([^"]+)"', page)
    assert link is not None
    url = link.group(1).replace("&amp;", "&")
    assert "lang=en" in url and "sort=size" in url and "limit=3" in url
    following = client.get(url).text
    assert "First page" in following
    shown = re.findall(r'class="story-link" href="/stories/(\w+)"', page + following)
    assert len(shown) == len(set(shown)) == 5


def test_a_bad_cursor_or_sort_is_a_400_with_a_code(client: TestClient) -> None:
    for params in ({"sort": "random"}, {"after": "no-bar"}, {"sort": "size", "after": "x|y"}):
        answer = client.get("/api/stories", params=params)
        assert answer.status_code == 400
        assert answer.json()["error"]["code"] == "E300"
    assert client.get("/", params={"limit": 0}).status_code == 400


def entity_links(page: str) -> dict[str, str]:
    return dict(re.findall(r'class="entity-link" href="/entities/(\w+)">([^<]+)</a>', page))


def test_story_page_links_entity_names_to_their_pages(client: TestClient) -> None:
    story = next(s for s in all_stories(client) if "Ostrin Dam b" in s["title"])
    links = entity_links(client.get(f"/stories/{story['id']}").text)
    assert "Ostrin Dam" in links.values()
    entity_id = next(eid for eid, name in links.items() if name == "Ostrin Dam")
    page = client.get(f"/entities/{entity_id}").text
    shown = set(re.findall(r'class="story-link" href="/stories/(\w+)"', page))
    assert story["id"] in shown
    dam_stories = {s["id"] for s in all_stories(client, entity="ostrin dam")}
    assert shown == dam_stories


def test_entity_page_shows_aliases_and_quotes_of_its_speaker(client: TestClient) -> None:
    story = next(s for s in all_stories(client) if "Ostrin Dam b" in s["title"])
    links = entity_links(client.get(f"/stories/{story['id']}").text)
    speaker = next(eid for eid, name in links.items() if name == "Matthias Obrec")
    page = client.get(f"/entities/{speaker}").text
    assert "The water came faster than any warning could travel," in page
    quote_link = re.search(r'class="quote">.*?href="(/stories/\w+#[\w-]+)"', page)
    assert quote_link is not None  # the quote links to its finding on the story page
    every: dict[str, str] = {}
    for row in all_stories(client):
        every |= entity_links(client.get(f"/stories/{row['id']}").text)
    port = next(eid for eid, name in every.items() if name == "Port Alder Port Authority")
    assert (
        'also written <span class="aliases">Port Authority</span>'
        in client.get(f"/entities/{port}").text
    )


def test_entity_pages_link_older_articles_until_the_last(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two articles a page: the busiest entity's pages link the next (older) one until its
    last, each after the first links the first, and together they show the stories and quotes
    of its one page of fifty; a cursor that is not one is a 400."""
    every: dict[str, str] = {}
    for row in all_stories(client):
        every |= entity_links(client.get(f"/stories/{row['id']}").text)
    story_link, quote = r'class="story-link" href="/stories/(\w+)"', r'<li class="quote"><q>'
    whole = {e: client.get(f"/entities/{e}").text for e in every}
    entity_id = max(whole, key=lambda e: len(re.findall(quote, whole[e])))
    assert 'rel="next"' not in whole[entity_id]
    monkeypatch.setattr(entity_pages, "ENTITY_PAGE", 2)
    url: str | None = f"/entities/{entity_id}?before="  # not the page of fifty kept above
    shown = []
    while url is not None:
        page = client.get(url).text
        shown.append(page)
        assert ('href="/entities/' + entity_id + '">First page') in page or len(shown) == 1
        older = re.search(r'rel="next" id="next-page" href="([^"]+)"', page)
        url = html.unescape(older.group(1)) if older else None
    assert len(shown) >= 2
    assert "older ones follow on the next pages" in shown[0]  # the first page says it is one
    assert set(re.findall(story_link, "".join(shown))) == set(
        re.findall(story_link, whole[entity_id])
    )
    assert len(re.findall(quote, "".join(shown))) == len(re.findall(quote, whole[entity_id]))
    answer = client.get(f"/entities/{entity_id}", params={"before": "no-bar"})
    assert answer.status_code == 400 and "E300" in answer.text


def test_unknown_entity_is_a_404(client: TestClient) -> None:
    answer = client.get("/entities/0000000000000000")
    assert answer.status_code == 404 and "E404" in answer.text


def story_page(client: TestClient, words: str) -> str:
    story = next(s for s in all_stories(client) if words in s["title"])
    return client.get(f"/stories/{story['id']}").text


def test_story_page_puts_a_compact_summary_before_closed_sections(client: TestClient) -> None:
    page = story_page(client, "Ostrin Dam b")
    glance = page.index('class="glance"')
    assert page.index('class="summary"') < glance < page.index("<details")
    assert "<details open" not in page
    for title in ("Timeline", "Agreed facts", "Conflicts", "Provenance", "Articles"):
        assert f"<summary><h3>{title}</h3></summary>" in page
    compact = page[glance : page.index("<details")]
    agreed = compact[: compact.index("glance-conflicts")]
    story = next(s for s in all_stories(client) if "Ostrin Dam b" in s["title"])
    total = len(client.get(f"/api/stories/{story['id']}").json()["agreed"])
    assert total > 10
    assert agreed.count('<li><a href="#f-') == 10  # the ten best sourced
    assert f"and {total - 10} more under Agreed facts" in compact
    counts = [int(n) for n in re.findall(r'<span class="count">(\d+) independent source', agreed)]
    assert counts and counts == sorted(counts, reverse=True)  # best sourced first
    assert '</span> — <span class="count">' in agreed  # agreed values are shown


def test_open_conflicts_show_each_figure_once_with_its_outlets(client: TestClient) -> None:
    page = story_page(client, "Ministry of the Interior")
    line = re.search(r'class="glance-conflicts">(.*?)</ul>', page)
    assert line is not None
    figures = re.findall(
        r'<span class="value">([^<]+)</span> \((\d+) articles?: ([^)]+)\)', line[1]
    )
    assert [(value, int(n)) for value, n, _ in figures] == [
        ("about 2,300 containers", 4),
        ("1,100 containers", 1),
    ]
    assert figures[1][2] == "Valdoria State News Agency"


def test_coverage_by_outlet_and_the_outlets_of_related_stories(client: TestClient) -> None:
    page = story_page(client, "Inquiry finds Ostrin Dam")
    section = page[page.index('class="coverage-detail"') :]
    section = section[: section.index("</details>")]
    assert '<th scope="col">Language</th>' in section and "<td>en</td>" in section
    absent = re.search(r"did not cover this one: ([^.]+)\.", section)
    assert absent is not None and "Valdoria State News Agency" in absent[1]
    related = re.findall(r'class="related-link" href="/stories/(\w+)"', page)
    assert related and client.get(f"/stories/{related[0]}").status_code == 200


def test_export_keeps_every_section_open(client: TestClient, sample_db: Path) -> None:
    from storyline.report.contents import load_contents
    from storyline.report.exports import report_html
    from storyline.store import open_store

    store = open_store(sample_db)
    try:
        html = report_html(load_contents(store))
    finally:
        store.close()
    assert "<details" not in html and 'class="glance"' not in html
    assert "<h3>Agreed facts</h3>" in html
