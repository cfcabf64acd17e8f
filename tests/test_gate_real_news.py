"""CI gate: reconciliation on the hand-annotated real-news stories (eval/gold/real_news) must
not fall under its pinned floors; floors move only with `python -m eval.real_news --pin`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from eval import real_news

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pinned() -> dict[str, Any]:
    if not real_news.DATA.exists():
        pytest.skip("ECB+ data not found at ../shared/data/ecbplus")
    floors: dict[str, Any] = json.loads(real_news.FLOORS.read_text("utf-8"))
    return floors


def test_gold_is_valid(pinned: dict[str, Any]) -> None:
    real_news.load_gold(real_news.load_rows())  # raises GoldError on any offset/schema problem


def test_floors_are_pinned_to_the_gold(pinned: dict[str, Any]) -> None:
    assert real_news.gold_sha256() == pinned["sha256"], (
        "eval/gold/real_news changed: re-run `python -m eval.real_news --pin` in the same change"
    )


def test_reconciliation_meets_floors(pinned: dict[str, Any]) -> None:
    measured = real_news.gate_scores()
    below = {m: (measured[m], f) for m, f in pinned["floors"].items() if measured[m] < f}
    assert not below, f"below their floors (measured, floor): {below}"
