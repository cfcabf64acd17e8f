"""Shared fixtures. ../shared (seeds, evaluation data) is read through a relative path and every
test that needs it skips cleanly when it is absent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared"
SEEDS = SHARED / "seeds"
SAMPLES = REPO / "src" / "storyline" / "samples" / "corpus"


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` ("000" ... "004")."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


@pytest.fixture
def store() -> Iterator[Store]:
    opened = open_store(":memory:")
    yield opened
    opened.close()
