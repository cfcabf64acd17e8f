"""CI gate: Storyline's derivation scoring on Clough & Stevenson must not fall below its floors.

The floors in eval/floors/derivation.json are pinned together with the SHA-256 of the data
(the file table and every text): if the data changes, the gate fails until the floors are
measured again and re-pinned (``python -m eval.clough``), so a floor is never lowered silently.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from eval import clough


@pytest.fixture(scope="module")
def floors() -> dict[str, Any]:
    return json.loads(clough.FLOORS.read_text(encoding="utf-8"))


def test_floors_are_pinned_to_the_data(floors: dict[str, Any]) -> None:
    if not clough.DATA.is_dir():
        pytest.skip("Clough & Stevenson data (../shared/data/clough_stevenson) is absent")
    assert clough.data_sha256() == floors["sha256"], (
        "the Clough & Stevenson data changed: re-run `python -m eval.clough` and re-pin "
        "eval/floors/derivation.json (sha256 and floors) in the same change"
    )


def test_derivation_scoring_meets_floors(floors: dict[str, Any]) -> None:
    if not clough.DATA.is_dir():
        pytest.skip("Clough & Stevenson data (../shared/data/clough_stevenson) is absent")
    metrics, _ = clough.run_storyline()
    below = {
        name: (round(metrics[name], 4), floor)
        for name, floor in floors["floors"].items()
        if metrics[name] < floor
    }
    assert not below, f"derivation metrics below their floors (measured, floor): {below}"
