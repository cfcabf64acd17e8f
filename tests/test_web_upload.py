"""Upload through the JSON API: token required, the file kept, answered 202 before the
pipeline runs, re-upload a no-op."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from storyline.store import open_store
from storyline.web.actions import IngestWorker
from storyline.web.app import create_app

TOKEN = "upload-token"
LINE = json.dumps(
    {
        "id": "u1",
        "title": "Ferry runs aground off Port Alder",
        "text": "PORT ALDER, March 9, 2025 (HW) -- A ferry carrying 212 passengers ran aground off "
        "Port Alder on Sunday, the coast guard said. No one was hurt.",
        "source": "Harbor Wire",
    }
)


def finished(client: TestClient, answer: Response) -> dict[str, Any]:
    """Poll an upload's Location until it is no longer pending; its outcome."""
    assert answer.status_code == 202, answer.text
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        outcome = client.get(answer.headers["location"], headers={"X-Storyline-Token": TOKEN})
        assert outcome.status_code == 200, outcome.text
        if outcome.json()["status"] != "pending":
            return outcome.json()
        time.sleep(0.1)
    raise AssertionError("the upload was still pending after 120 s")


def test_upload_needs_the_token_keeps_the_file_and_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    open_store(db).close()
    with TestClient(create_app(db, TOKEN), base_url="http://localhost") as client:
        refused = client.post("/api/upload?name=feed.jsonl", content=LINE.encode())
        assert refused.status_code == 401
        assert refused.json()["error"]["code"] == "E401"
        body = finished(
            client,
            client.post(
                "/api/upload?name=feed.jsonl",
                content=(LINE + "\n{broken").encode(),
                headers={"X-Storyline-Token": TOKEN},
            ),
        )
        assert body["status"] == "done"
        assert (body["added"], body["stories"]) == (1, 1)
        assert body["rejected"][0]["line"] == 2
        again = finished(
            client,
            client.post(
                "/api/upload?name=feed.jsonl",
                content=(LINE + "\n{broken").encode(),
                headers={"X-Storyline-Token": TOKEN},
            ),
        )
        assert (again["added"], again["already_present"]) == (0, 1)
        assert client.get(f"/api/{body['file']}").status_code == 401  # the outcome needs the token
    assert (tmp_path / body["file"]).read_bytes().startswith(LINE.encode())
    assert [s["title"] for s in client.get("/api/stories").json()] == [
        "Ferry runs aground off Port Alder"
    ]


def test_upload_answers_202_before_the_pipeline_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The upload's answer does not wait for analysis: the request that keeps the file returns
    while the worker is still busy, and pages are served meanwhile."""
    db = tmp_path / "s.db"
    open_store(db).close()
    release = threading.Event()

    def slow_run(self: IngestWorker, store_path: Path, kept: Path) -> dict[str, Any]:
        release.wait(30)
        return {"added": 0, "already_present": 0, "rejected": [], "stories": 0}

    monkeypatch.setattr(IngestWorker, "run", slow_run)
    with TestClient(create_app(db, TOKEN), base_url="http://localhost") as client:
        answer = client.post(
            "/api/upload?name=a.txt", content=b"Dam fails.", headers={"X-Storyline-Token": TOKEN}
        )
        assert answer.status_code == 202
        assert answer.json()["status"] == "pending"
        assert client.get("/api/stories").status_code == 200  # served during the write
        pending = client.get(answer.headers["location"], headers={"X-Storyline-Token": TOKEN})
        assert pending.json()["status"] == "pending"
        release.set()
        assert finished(client, answer)["status"] == "done"


def test_the_upload_worker_runs_below_the_servers_priority() -> None:
    # under load, spaCy in the worker took the cores from the pages: read p99 585 ms -> 147 ms
    # once the worker yields (bench.load, 300 listeners and a writer, quiet machine)
    import os

    from storyline.web.actions import WORKER_NICENESS

    worker = IngestWorker()
    try:
        niceness = worker._started().submit(os.nice, 0).result(timeout=60)
    finally:
        worker._queue.shutdown()
        if worker._pool is not None:
            worker._pool.shutdown()
    assert niceness == min(os.nice(0) + WORKER_NICENESS, 19)


def test_serve_compiles_every_template_at_start_not_at_the_first_page(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # compiling templates was about a third of a cold story page (bench_story_page profile)
    from storyline.report.render import environment

    env = environment()
    env.cache.clear()  # type: ignore[union-attr]
    read: list[str] = []
    get_source = env.loader.get_source  # type: ignore[union-attr]

    def counting(environment: object, name: str) -> object:
        read.append(name)
        return get_source(environment, name)  # type: ignore[arg-type]

    monkeypatch.setattr(env.loader, "get_source", counting)
    with TestClient(create_app(sample_db, "t", warm_worker=True), base_url="http://127.0.0.1") as c:
        started = len(read)
        assert c.get("/").status_code == 200
    assert started == len(env.list_templates()) and len(read) == started  # none at the page
