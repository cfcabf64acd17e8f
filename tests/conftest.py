"""Shared fixtures. ../shared (seeds, evaluation data) is read through a relative path and every
test that needs it skips cleanly when it is absent."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.store import Store, open_store
from tests.postgres_server import SKIP_ENV, PostgresServer, ServerUnavailable, start_server

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


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """This process's private PostgreSQL server (tests/postgres_server.py), started on first
    use. Unavailable: the tests that need it fail, unless STORYLINE_SKIP_POSTGRES=1."""
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1")
    try:
        server = start_server()
    except ServerUnavailable as exc:
        problem = str(exc)
    else:
        yield server
        server.stop()
        return
    pytest.fail(f"no PostgreSQL server: {problem} (set {SKIP_ENV}=1 to skip)", pytrace=False)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a fresh, empty database on the private server; dropped after the test."""
    name = postgres_server.create_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)
