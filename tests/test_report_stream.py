"""The JSON report written a record at a time from the store (``json_report.report_chunks``
over ``report_sections.stored_sections``) on stores the pipeline built: the same text, byte for
byte, as the report of the contents read whole, and ``/api/report`` streams it without
building the whole-store snapshot."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from storyline.model import Rejection
from storyline.report.contents import load_contents
from storyline.report.json_report import (
    report_chunks,
    report_json,
    report_of,
    stored_report_chunks,
)
from storyline.report.report_sections import stored_sections
from storyline.store import open_store
from storyline.store.base import Store
from storyline.web import pages
from storyline.web.cache import CACHED_PATHS
from storyline.web.views import StoreViews
from tests.conftest import TOKEN


def whole_report_text(store: Store) -> str:
    """The report as it was written before it streamed: one document dumped at once."""
    report = report_of(load_contents(store))
    return json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("built", ["sample_store", "hostile_store"])
def test_stored_report_is_the_whole_report_byte_for_byte(
    built: str, request: pytest.FixtureRequest
) -> None:
    store: Store = request.getfixturevalue(built)
    text = report_json(store)
    assert text == whole_report_text(store)
    report = json.loads(text)
    assert report["articles"] and report["stories"] and report["claims"]


def test_report_comes_in_pieces_of_about_the_size_asked(sample_store: Store) -> None:
    pieces = list(report_chunks(stored_sections(sample_store), size=4096))
    assert len(pieces) > 10
    assert all(len(piece) >= 4096 for piece in pieces[:-1])
    assert "".join(pieces) == report_json(sample_store)


def test_report_without_indent_is_the_whole_report_on_one_line(sample_store: Store) -> None:
    text = "".join(report_chunks(stored_sections(sample_store), indent=None))
    report = report_of(load_contents(sample_store))
    assert text == json.dumps(report, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_report_streamed_while_another_connection_writes_is_of_one_state(
    backend: str, request: pytest.FixtureRequest
) -> None:
    """The report read in one read transaction (``Store.reading``): a rejection committed
    while its articles are being written is not in its later rejections section."""
    if backend == "sqlite":
        url = str(request.getfixturevalue("sample_db"))
    else:
        request.getfixturevalue("postgres_samples")
        url = request.getfixturevalue("postgres_url")
    reader, writer = open_store(url), open_store(url)
    try:
        before = report_json(reader)
        pieces = stored_report_chunks(reader, size=1)
        started = [next(pieces) for _ in range(3)]  # the first batch of articles read
        late = Rejection("late.jsonl", "written while the report streamed", b"{", 1)
        assert writer.add_rejection(late)
        assert "".join(started) + "".join(pieces) == before
        assert late.reason in report_json(reader)  # the next report shows it
    finally:
        reader.close()
        writer.close()


def test_postgres_report_is_its_whole_report(postgres_samples: Store) -> None:
    assert report_json(postgres_samples) == whole_report_text(postgres_samples)


def refuse_the_snapshot(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: StoreViews) -> None:
        raise AssertionError("/api/report built the whole-store snapshot")

    monkeypatch.setattr(StoreViews, "snapshot", refuse)


def test_api_report_streams_the_snapshot_report_without_building_it(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    views: StoreViews = client.app.state.views  # type: ignore[attr-defined]
    stories = client.get("/api/stories").json()
    merged = client.post(
        "/api/stories/merge",
        json={"first": stories[0]["id"], "second": stories[1]["id"], "reason": "same"},
        headers={"X-Storyline-Token": TOKEN},
    )
    assert merged.status_code == 200
    expected = report_of(views.snapshot().contents)
    assert expected["story_aliases"]  # the id the merge retired resolves
    refuse_the_snapshot(monkeypatch)
    answer = client.get("/api/report")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert "content-length" not in answer.headers  # streamed, not held whole
    assert answer.json() == expected
    assert CACHED_PATHS.fullmatch("/api/report") is None  # nor kept by the page cache


def test_api_report_reads_no_story_list_rows(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stale story list rows (a store written by an older version) leave the report as it is:
    it reads the rows the snapshot reads, not the list's."""
    expected = report_of(client.app.state.views.snapshot().contents)  # type: ignore[attr-defined]
    monkeypatch.setattr(pages, "rows_current", lambda store: False)
    refuse_the_snapshot(monkeypatch)
    assert client.get("/api/report").json() == expected
