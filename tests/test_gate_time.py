"""CI gate: Storyline's time expressions on TimeBank + AQUAINT must not fall below the floors.

The floors in eval/floors/time.json are pinned together with the SHA-256 of the data files:
if the data changes, the gate fails until the floors are measured again and re-pinned
(``python -m eval.timebank``), so a floor is never lowered silently. HeidelTime, the peer, runs
only in the evaluation, never here.
"""

from __future__ import annotations

import json

import pytest
from eval import timebank

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def floors() -> dict:
    return json.loads(timebank.FLOORS.read_text(encoding="utf-8"))


def test_floors_are_pinned_to_the_data(floors: dict) -> None:
    if not timebank.data_present():
        pytest.skip("TimeBank data (../shared/data/timebank) is absent")
    assert timebank.data_sha256() == floors["sha256"], (
        "TimeBank/AQUAINT data changed: re-run `python -m eval.timebank` and re-pin "
        "eval/floors/time.json (sha256 and floors) in the same change"
    )


def test_time_expressions_meet_floors(floors: dict) -> None:
    if not timebank.data_present():
        pytest.skip("TimeBank data (../shared/data/timebank) is absent")
    tally, _, _ = timebank.run_storyline(timebank.load_gold())
    metrics = tally.metrics()
    below = {
        name: (round(metrics[name], 4), floor)
        for name, floor in floors["floors"].items()
        if metrics[name] < floor
    }
    assert not below, f"time expression metrics below their floors (measured, floor): {below}"
