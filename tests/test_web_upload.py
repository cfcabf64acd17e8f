"""Upload through the JSON API: token required, the file kept, re-upload a no-op."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from storyline.store import open_store
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


def test_upload_needs_the_token_keeps_the_file_and_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    open_store(db).close()
    with TestClient(create_app(db, TOKEN), base_url="http://localhost") as client:
        refused = client.post("/api/upload?name=feed.jsonl", content=LINE.encode())
        assert refused.status_code == 401
        assert refused.json()["error"]["code"] == "E401"
        first = client.post(
            "/api/upload?name=feed.jsonl",
            content=(LINE + "\n{broken").encode(),
            headers={"X-Storyline-Token": TOKEN},
        )
        assert first.status_code == 200, first.text
        body = first.json()
        assert (body["added"], body["stories"]) == (1, 1)
        assert body["rejected"][0]["line"] == 2
        again = client.post(
            "/api/upload?name=feed.jsonl",
            content=(LINE + "\n{broken").encode(),
            headers={"X-Storyline-Token": TOKEN},
        )
        assert (again.json()["added"], again.json()["already_present"]) == (0, 1)
    assert (tmp_path / body["file"]).read_bytes().startswith(LINE.encode())
    assert [s["title"] for s in client.get("/api/stories").json()] == [
        "Ferry runs aground off Port Alder"
    ]
