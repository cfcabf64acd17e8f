"""CI gate: reconciliation on the hand-annotated real-news stories (eval/gold/real_news, the dev
split; eval/gold/real_news_heldout, the first held-out split, development data since its errors
were read; eval/gold/real_news_heldout2, held out) must not fall under its pinned floors; floors
move only with `python -m eval.real_news --split <split> --pin` (or a reviewed hand edit)."""

from __future__ import annotations

from typing import Any

import pytest
from eval import real_news

pytestmark = pytest.mark.slow

SPLITS = list(real_news.SPLITS)


@pytest.fixture(scope="module")
def rows() -> dict[str, Any]:
    if not real_news.DATA.exists():
        pytest.skip("ECB+ data not found at ../shared/data/ecbplus")
    return real_news.load_rows()


@pytest.mark.parametrize("split", SPLITS)
def test_gold_is_valid(rows: dict[str, Any], split: str) -> None:
    real_news.load_gold(rows, split)  # raises GoldError on any offset/schema problem


def test_held_out_stories_are_other_events(rows: dict[str, Any]) -> None:
    real_news.check_splits(rows)  # raises GoldError when an ECB+ event is in two splits


@pytest.mark.parametrize("split", SPLITS)
def test_floors_are_pinned_to_the_gold(rows: dict[str, Any], split: str) -> None:
    assert real_news.gold_sha256(split) == real_news.pinned_floors(split)["sha256"], (
        f"{real_news.SPLITS[split]} changed: re-run `python -m eval.real_news --split {split} "
        "--pin` in the same change"
    )


@pytest.mark.parametrize("split", SPLITS)
def test_reconciliation_meets_floors(rows: dict[str, Any], split: str) -> None:
    floors = real_news.pinned_floors(split)["floors"]
    measured = real_news.gate_scores(split)
    below = {m: (measured[m], f) for m, f in floors.items() if measured[m] < f}
    assert not below, f"{split}: below their floors (measured, floor): {below}"
