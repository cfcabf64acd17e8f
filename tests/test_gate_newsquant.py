"""CI gate: the claim extractor's quantities on NewsQuant dev must not fall below the floors.

The floors in eval/floors/newsquant.json are pinned with the SHA-256 of the data file: if the
data changes, the gate fails until the floors are measured again and re-pinned
(``python -m eval.newsquant --pin``), so a floor is never lowered silently.
"""

from __future__ import annotations

import json

import pytest
from eval import newsquant

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def floors() -> dict:
    return json.loads(newsquant.FLOORS.read_text(encoding="utf-8"))


def test_floors_are_pinned_to_the_data(floors: dict) -> None:
    if not newsquant.DATA.exists():
        pytest.skip("NewsQuant data (../shared/data/newsquant) is absent")
    assert newsquant.data_sha256() == floors["sha256"], (
        "NewsQuant dev.json changed: re-run `python -m eval.newsquant --pin` and re-pin "
        "eval/floors/newsquant.json (sha256 and floors) in the same change"
    )


def test_quantities_meet_floors(floors: dict) -> None:
    if not newsquant.DATA.exists():
        pytest.skip("NewsQuant data (../shared/data/newsquant) is absent")
    metrics = newsquant.run_storyline().metrics()
    below = {
        name: (metrics[name], floor)
        for name, floor in floors["floors"].items()
        if metrics[name] < floor
    }
    assert not below, f"NewsQuant metrics below their floors (measured, floor): {below}"
