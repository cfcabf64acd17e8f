"""`storyline cluster FILE.jsonl` and the stories of `storyline analyze` agree on the same input.

Both go through one grouping (``storyline.link.grouping.story_groups``: streaming assignment,
the second look when switched on, date-conflict splitting) over the same cleaned articles, the
same analyses and in the same order, and name stories the same way a fresh store does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.jsonl_stories import cluster_jsonl
from storyline.runner import run
from storyline.store import open_store
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow

ECBPLUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ecbplus"


def analyze_stories(path: Path) -> dict[str, str]:
    """JSONL id -> story id, as `storyline analyze` stores them."""
    store = open_store(":memory:")
    run(store, [path])
    external = {a.id: a.external_id for a in store.articles()}
    return {
        external[a]: story["id"]
        for story in store.result("stories") or []
        for a in story["article_ids"]
    }


def cluster_stories(path: Path) -> dict[str, str]:
    """JSONL id -> story id, as `storyline cluster` prints them."""
    lines = path.read_text("utf-8").splitlines()
    return {r.record["id"]: r.record["story"] for r in cluster_jsonl(lines, str(path)) if r.record}


def test_cluster_and_analyze_tell_the_same_stories_of_the_sample_texts(tmp_path: Path) -> None:
    path = tmp_path / "samples.jsonl"
    rows = [
        {"id": p.stem, "text": p.read_bytes().decode("utf-8", errors="replace")}
        for p in sorted(SAMPLES.glob("*.txt"))
        if p.name != "corrupt_upload.txt"
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), "utf-8")
    clustered = cluster_stories(path)
    assert clustered == analyze_stories(path)
    # The three dam reports of the answer key are one story in both.
    dam = {clustered[k] for k in ("harborwire_dam_collapse", "northgate_dam_toll")}
    assert len(dam) == 1


def test_cluster_and_analyze_agree_on_the_sample_export() -> None:
    path = SAMPLES / "mixed_export.jsonl"
    assert cluster_stories(path) == analyze_stories(path)


def test_cluster_and_analyze_agree_on_a_slice_of_ecbplus_dev(tmp_path: Path) -> None:
    data = ECBPLUS / "ecbplus_train_dev.jsonl"
    if not data.exists():
        pytest.skip("ECB+ data not found at ../shared/data/ecbplus")
    rows = [json.loads(line) for line in data.read_text("utf-8").splitlines() if line.strip()]
    dev = [r for r in rows if r["split"] == "dev" and r["topic_id"] in ("2", "5")]
    path = tmp_path / "ecbplus_slice.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": r["id"], "title": r["title"] or "", "text": r["text"]}) + "\n"
            for r in dev
        ),
        "utf-8",
    )
    results = list(cluster_jsonl(path.read_text("utf-8").splitlines(), str(path)))
    assert [r.line for r in results] == list(range(1, len(dev) + 1))  # each line answered
    assert cluster_stories(path) == analyze_stories(path)
