"""Established results do not move for unrelated news: the seeds' stories and dates are the same
alone and in one store with real articles of other events (ECB+ and PolNeAR, ../shared/data).

The real articles are a fixed subset: every PolNeAR report that names North Korea or Kim Jong
(the same actors as the seeds, a different year: the hardest neighbours) and the first reports
of ECB+ and PolNeAR dev, about 150 in all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyline.report.json_report import build_report
from storyline.runner import run
from storyline.store import open_store
from tests.conftest import SEEDS, SHARED

pytestmark = pytest.mark.slow

DATA = SHARED / "data"
ECBPLUS = DATA / "ecbplus" / "ecbplus_train_dev.jsonl"
POLNEAR = [DATA / "polnear" / "dev.jsonl", DATA / "polnear" / "train.jsonl"]
SAME_ACTORS = ("North Korea", "Kim Jong")
FIRST_OF_EACH = 80


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def real_news() -> list[dict[str, Any]]:
    """The subset of real articles described in the module doc, as Storyline JSONL records."""
    if not SEEDS.is_dir() or not ECBPLUS.exists() or not POLNEAR[0].exists():
        pytest.skip("../shared/seeds or ../shared/data (ECB+, PolNeAR) is not present")
    polnear = [r for p in POLNEAR if p.exists() for r in _rows(p)]
    chosen = [r for r in polnear if any(a in r["text"] for a in SAME_ACTORS)]
    chosen += [r for r in _rows(POLNEAR[0])[:FIRST_OF_EACH] if r not in chosen]
    records = [
        {
            "id": "polnear-" + r["filename"],
            "title": r.get("title") or "",
            "text": r["text"],
            "source": r.get("publisher"),
            "published": r.get("publication_date"),
        }
        for r in chosen
    ]
    records += [
        {"id": "ecb-" + r["id"], "title": r.get("title") or "", "text": r["text"],
         "source": r.get("source")}
        for r in _rows(ECBPLUS)[:FIRST_OF_EACH]
    ]  # fmt: skip
    return records


def seed_view(paths: list[Path]) -> tuple[list[list[str]], dict[str, str | None]]:
    """The seeds' stories (as seed numbers) and publication dates after a run over ``paths``."""
    store = open_store(":memory:")
    try:
        run(store, paths)
        report = build_report(store)
    finally:
        store.close()
    seed = {
        a["id"]: Path(a["source_path"]).name[:3]
        for a in report["articles"]
        if Path(a.get("source_path") or "").parent.name == SEEDS.name
    }
    stories = sorted(
        sorted(seed[i] for i in s["article_ids"] if i in seed) for s in report["stories"]
    )
    dates = {seed[a["id"]]: (a.get("published") or {}).get("date") for a in report["articles"]
             if a["id"] in seed}  # fmt: skip
    return [s for s in stories if s], dates


def test_seed_stories_and_dates_hold_among_150_real_articles_of_other_events(
    tmp_path: Path,
) -> None:
    news = real_news()
    assert len(news) >= 150
    (tmp_path / "real.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in news), encoding="utf-8"
    )
    alone = seed_view([SEEDS])
    mixed = seed_view([SEEDS, tmp_path])
    assert alone[0] == [["000", "001", "002", "003"], ["004"]]
    assert mixed == alone
