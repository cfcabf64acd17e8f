"""Browser tests: Debian's Chromium driven by Playwright over a live server on 127.0.0.1.

No browser is downloaded: Chromium comes from the system package (installed here when missing
and running as root). Screenshots are kept in test-artifacts/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("playwright")
pytest.importorskip("uvicorn")
from playwright.sync_api import Browser, Page, expect, sync_playwright

from storyline.web.app import create_app
from tests.live_server import serving

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
TOKEN = "browser-token"
pytestmark = pytest.mark.slow


def ensure_chromium() -> None:
    """Install Debian's chromium when missing (root only); otherwise skip with the reason."""
    if CHROMIUM.exists():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("/usr/bin/chromium is missing; install it with `apt-get install chromium`")
    subprocess.run(["apt-get", "update"], check=False, capture_output=True)
    done = subprocess.run(["apt-get", "install", "-y", "chromium"], capture_output=True)
    if done.returncode != 0 or not CHROMIUM.exists():
        pytest.skip("could not install chromium with apt-get")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    ensure_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server(sample_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The web UI over a copy of the sample store (tests/conftest.py), served by uvicorn in a
    thread; merges run the real stages."""
    path = Path(shutil.copy(sample_template, tmp_path_factory.mktemp("web") / "storyline.db"))
    app = create_app(path, TOKEN)
    app.state.poll_seconds = 0.2
    with serving(app) as url:
        yield url


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: errors.append(str(e)))
    yield opened
    ARTIFACTS.mkdir(exist_ok=True)
    opened.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert errors == [], f"console errors: {errors}"


def open_story(page: Page, server: str, query: str) -> None:
    page.goto(server + "/")
    page.get_by_label("Search text").fill(query)
    page.get_by_role("button", name="Search").click()
    # 5 stories, 4 once the merge test has run on this module's server
    expect(page.locator("#result-count")).to_contain_text(re.compile(r"1 of [45] stories match"))
    page.locator("a.story-link").first.click()


def test_search_open_story_and_see_charts(page: Page, server: str) -> None:
    open_story(page, server, "Verran")
    expect(page.locator("h2").first).to_contain_text("Alder Bay Shipyard")
    page.get_by_text("Timeline", exact=True).click()  # sections open on demand
    assert page.locator("svg.timeline-chart .tl-entry").count() > 0
    assert page.locator("svg.provenance-graph .node-group").count() >= 6
    box = page.locator("svg.timeline-chart").bounding_box()
    assert box is not None and box["width"] > 600


def test_click_from_conflict_to_its_sentence(page: Page, server: str) -> None:
    open_story(page, server, "mobilises")
    page.locator(".glance-conflicts a").first.click()  # opens the collapsed Conflicts section
    expect(page.locator("details.conflicts")).to_have_attribute("open", "")
    page.locator(".conflict .side a.ref").first.click()
    page.wait_for_url("**/articles/**#a-*")
    anchor = page.url.split("#")[1]
    target = page.locator(f"[id='{anchor}']")
    expect(target).to_contain_text("41")
    assert target.evaluate("el => el.matches(':target')")


def test_merge_with_token_updates_open_pages(page: Page, browser: Browser, server: str) -> None:
    open_story(page, server, "patrol")
    story_url = page.url
    watcher = browser.new_page()  # a second analyst has the same story open
    watcher.goto(story_url)
    page.get_by_text("Merge or split").click()
    page.get_by_label("Reason").first.fill("same event")
    page.locator("#merge-form").get_by_label("Token").fill(TOKEN)
    page.get_by_role("button", name="Merge").click()
    expect(page.locator(".notice")).to_contain_text("Merged: ")
    watcher.wait_for_url(lambda url: url != story_url, timeout=10_000)
    merged = page.locator(".notice").inner_text().split("Merged: ")[1].split()[0]
    expect(watcher.locator(".brief .coverage")).to_contain_text(f"{merged} articles")
    watcher.close()
    page.goto(server + "/")
    expect(page.locator("#result-count")).to_contain_text("4 stories")


@pytest.mark.parametrize("width", [390, 1280])
def test_readable_and_keyboard_navigable(page: Page, server: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(server + "/")
    overflow: Any = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    page.keyboard.press("Tab")
    expect(page.locator("a.skip")).to_be_focused()
    page.keyboard.press("Enter")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('story-link')"):
            break
    expect(page.locator("a.story-link").first).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/stories/**")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1


def test_story_page_is_compact_until_a_section_is_opened(page: Page, server: str) -> None:
    open_story(page, server, "mobilises")  # the 8-article story
    height: Any = page.evaluate("document.documentElement.scrollHeight")
    assert height < 4000, height
    expect(page.locator(".glance-agreed")).to_be_visible()
    articles = page.locator("details.articles")
    articles.locator("summary").focus()
    page.keyboard.press("Enter")  # a section opens from the keyboard
    expect(articles).to_have_attribute("open", "")
    expect(articles.locator("a").first).to_be_visible()


@pytest.mark.parametrize("width", [390, 1280])
def test_index_pages_by_keyboard_and_entity_page(page: Page, server: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(server + "/?limit=3&sort=size")
    first = page.locator("a.story-link").all_inner_texts()
    assert len(first) == 3
    page.locator("#next-page").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**after=**")
    second = page.locator("a.story-link").all_inner_texts()
    assert second and not set(second) & set(first)
    page.goto(server + "/")
    page.locator("a.story-link").first.click()
    page.locator("a.entity-link").first.click()
    page.wait_for_url("**/entities/**")
    expect(page.locator("h2").first).to_be_visible()
    assert page.locator("a.story-link").count() >= 1
    overflow: Any = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1


def test_open_story_list_announces_a_change(page: Page, server: str) -> None:
    page.goto(server + "/?sort=size")
    expect(page.locator("#reload-index")).to_have_count(0)
    first, second = httpx.get(server + "/api/stories").json()[:2]
    merged = httpx.post(
        server + "/api/stories/merge",
        json={"first": first["id"], "second": second["id"], "reason": "same event"},
        headers={"X-Storyline-Token": TOKEN},
    )
    assert merged.status_code == 200
    notice = page.locator("#reload-index")
    expect(notice).to_be_visible(timeout=10_000)
    before = page.locator("#result-count").inner_text()
    notice.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#result-count")).not_to_have_text(before)
    assert "sort=size" in page.url


# The real demo store: the bundled sample corpus through the whole pipeline, and a merge
# through the UI that runs the real link stage (no stand-ins).


@pytest.fixture(scope="module")
def demo_server(sample_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = Path(shutil.copy(sample_template, tmp_path_factory.mktemp("demo") / "storyline.db"))
    with serving(create_app(path, TOKEN)) as url:
        yield url


def story_count(text: str) -> int:
    return int(text.split(" stories")[0].split()[-1])


def test_demo_store_search_story_charts_and_a_real_merge(
    browser: Browser,
    demo_server: str,
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(demo_server + "/")
    before = story_count(page.locator("#result-count").inner_text())
    page.get_by_label("Search text").fill("Ostrin")
    page.get_by_role("button", name="Search").click()
    page.locator("a.story-link").first.click()
    page.wait_for_url("**/stories/**")
    assert page.locator("svg.timeline-chart .tl-entry").count() > 0
    assert page.locator("svg.provenance-graph .node-group").count() > 0
    page.get_by_text("Merge or split").click()
    page.get_by_label("Reason").first.fill("one event, reported twice")
    page.locator("#merge-form").get_by_label("Token").fill(TOKEN)
    page.get_by_role("button", name="Merge").click()
    expect(page.locator(".notice")).to_contain_text("Merged")
    page.goto(demo_server + "/")
    assert story_count(page.locator("#result-count").inner_text()) == before - 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "demo_store_after_merge.png"), full_page=True)
    page.close()
    assert errors == []


@pytest.fixture(scope="module")
def searches_server(
    sample_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A server of its own: saved searches made here do not change the other tests' index."""
    path = Path(shutil.copy(sample_template, tmp_path_factory.mktemp("saved") / "storyline.db"))
    with serving(create_app(path, TOKEN)) as url:
        yield url


@pytest.mark.parametrize("width", [1280, 390])
def test_save_a_search_follow_its_feed_and_delete_it(
    page: Page, searches_server: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(searches_server + "/")
    page.get_by_label("Search text").fill("Ostrin")
    page.get_by_role("button", name="Search").click()
    page.get_by_text("Save this search").click()
    form = page.locator("#save-search-form")
    name = f"Dam <b>{width}</b>"
    form.get_by_label("Name").fill(name)
    form.get_by_label("Token").fill(TOKEN)
    form.get_by_role("button", name="Save search").click()
    expect(page.locator(".notice")).to_contain_text(f"Saved search: {name}")
    saved = page.locator("a.saved-search", has_text=name)
    expect(saved).to_have_count(1)  # shown as text, not markup
    overflow: Any = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    feed_url = saved.locator("xpath=following-sibling::a[1]").get_attribute("href")
    feed = httpx.get(searches_server + str(feed_url))
    assert feed.status_code == 200 and "Ostrin" in feed.text
    saved.focus()
    page.keyboard.press("Enter")  # runs the search again
    expect(page.locator("#result-count")).to_contain_text("of 5 stories match")
    delete = page.locator("#delete-search-form")
    delete.get_by_label("Saved search").select_option(label=name)
    delete.get_by_label("Token").fill(TOKEN)
    delete.get_by_role("button", name="Delete").click()
    expect(page.locator(".notice")).to_contain_text(f"Deleted saved search: {name}")
    expect(page.locator("a.saved-search", has_text=name)).to_have_count(0)
