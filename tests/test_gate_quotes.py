"""CI gate: Storyline's quotes on PolNeAR dev must not fall below the pinned floors.

The floors in eval/floors/quotes.json are pinned together with the SHA-256 of the data file:
if the data changes, the gate fails until the floors are measured again and re-pinned
(``python -m eval.polnear``), so a floor is never lowered silently.
"""

from __future__ import annotations

import json

import pytest
from eval import polnear

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def floors() -> dict:
    return json.loads(polnear.FLOORS.read_text(encoding="utf-8"))


def test_floors_are_pinned_to_the_data(floors: dict) -> None:
    if not polnear.DATA.exists():
        pytest.skip("PolNeAR data (../shared/data/polnear) is absent")
    assert polnear.data_sha256() == floors["sha256"], (
        "PolNeAR dev.jsonl changed: re-run `python -m eval.polnear` and re-pin "
        "eval/floors/quotes.json (sha256 and floors) in the same change"
    )


def test_quotes_meet_floors(floors: dict) -> None:
    if not polnear.DATA.exists():
        pytest.skip("PolNeAR data (../shared/data/polnear) is absent")
    tally, _ = polnear.run_storyline()
    metrics = tally.metrics()
    below = {
        name: (round(metrics[name] or 0.0, 4), floor)
        for name, floor in floors["floors"].items()
        if (metrics[name] or 0.0) < floor
    }
    assert not below, f"quote metrics below their floors (measured, floor): {below}"
