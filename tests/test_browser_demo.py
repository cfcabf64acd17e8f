"""The browser over the real demo store: the bundled sample corpus through the whole pipeline,
and a merge through the UI that runs the real link stage (no stand-ins)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

pytest.importorskip("playwright")
import uvicorn
from playwright.sync_api import Browser, expect

from storyline.pipeline.runner import run
from storyline.store import open_store
from storyline.web.app import create_app
from tests.conftest import SAMPLES
from tests.test_browser import ARTIFACTS, TOKEN, browser, free_port  # noqa: F401 (fixture)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("demo") / "storyline.db"
    store = open_store(path)
    run(store, [SAMPLES])
    store.close()
    app = create_app(path, TOKEN)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


def story_count(text: str) -> int:
    return int(text.split(" stories")[0].split()[-1])


def test_demo_store_search_story_charts_and_a_real_merge(
    browser: Browser,  # noqa: F811
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
