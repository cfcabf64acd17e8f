"""CI gate: claims, events and entity resolution on the seeds must not fall below the floors.

The floors in eval/floors/extraction.json are pinned together with the SHA-256 of the seeds and
of their hand annotations (eval/gold/seed_extraction.json): if either changes, the gate fails
until the floors are measured again and re-pinned (``python -m eval.extraction``), so a floor
is never lowered silently. Each floor allows at most one error on its gold items.
"""

from __future__ import annotations

import json

import pytest
from eval import extraction

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def floors() -> dict:
    if not extraction.SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    return json.loads(extraction.FLOORS.read_text(encoding="utf-8"))


def test_floors_are_pinned_to_the_seeds_and_gold(floors: dict) -> None:
    assert extraction.data_sha256() == floors["sha256"], (
        "the seeds or eval/gold/seed_extraction.json changed: re-run `python -m eval.extraction` "
        "and re-pin eval/floors/extraction.json (sha256 and floors) in the same change"
    )


def test_extraction_meets_floors(floors: dict) -> None:
    metrics, errors = extraction.run_storyline()
    below = {
        name: (round(metrics[name], 4), floor)
        for name, floor in floors["floors"].items()
        if metrics[name] < floor
    }
    assert not below, f"below their floors (measured, floor): {below}; errors: {errors}"
