"""CI gate: story clustering on ECB+ dev must not fall under the pinned floors.

The floors (eval/floors/cluster.json) are pinned together with the SHA-256 of the data file:
if the data changes, the gate fails until someone re-pins with ``python -m eval.ecbplus --pin``
and a reviewer sees the old and new floors side by side.
"""

from __future__ import annotations

import json

import pytest
from eval import ecbplus

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pinned() -> dict:
    if not ecbplus.DATA.exists():
        pytest.skip("ECB+ data not found at ../shared/data/ecbplus")
    return json.loads(ecbplus.FLOORS.read_text("utf-8"))


def test_data_is_the_data_the_floors_were_pinned_on(pinned: dict) -> None:
    assert ecbplus.data_sha256() == pinned["data_sha256"], (
        "ECB+ data changed; re-pin the floors with `python -m eval.ecbplus --pin`"
    )


def test_clustering_scores_stay_above_the_floors(pinned: dict) -> None:
    measured = ecbplus.gate_scores(pinned["shuffles"])
    for run, floors in pinned["floors"].items():
        for metric, floor in floors.items():
            assert measured[run][metric] >= floor, (
                f"{run} {metric}: {measured[run][metric]} < {floor}"
            )
