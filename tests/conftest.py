"""Shared fixtures. ../shared (seeds, evaluation data) is read through a relative path and every
test that needs it skips cleanly when it is absent."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from spacy.language import Language

from storyline.store import Store, open_store

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

from tests.postgres_server import SKIP_ENV, PostgresServer, ServerUnavailable, start_server

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared"
SEEDS = SHARED / "seeds"
SAMPLES = REPO / "src" / "storyline" / "samples" / "corpus"
HOSTILE = REPO / "tests" / "data" / "hostile"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The English pipeline the extractors use, loaded once per test process."""
    from storyline.nlp.language import load_nlp

    return load_nlp()


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


BACKENDS = ["sqlite", "sqlite-memory", "postgres"]
DURABLE = ["sqlite", "postgres"]  # the backends a second connection can open again


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty store's URL; the postgres one is a fresh database on the test server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    if request.param == "sqlite-memory":
        return ":memory:"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def backend_store(store_url: str) -> Iterator[Store]:
    """A new, empty store of each backend (the contract tests')."""
    opened = open_store(store_url)
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


TOKEN = "test-token"  # the write token of the web app the tests start
LOCAL = "http://127.0.0.1"  # the server answers only the names it was started as


@pytest.fixture
def client(sample_db: Path) -> Iterator[TestClient]:
    """The web app over a private copy of the sample store, as a local client."""
    from fastapi.testclient import TestClient

    from storyline.web.app import create_app

    with TestClient(create_app(sample_db, TOKEN), base_url=LOCAL) as test_client:
        yield test_client


@pytest.fixture
def postgres_samples(postgres_url: str) -> Iterator[Store]:
    """A fresh PostgreSQL store built from the sample corpus by the real stages."""
    from storyline.runner import run

    store = open_store(postgres_url)
    try:
        run(store, [SAMPLES])
        yield store
    finally:
        store.close()


def _built_store(folder: Path, corpus: Path) -> Path:
    """A SQLite store built from ``corpus`` by the real stage sequence (closed, so the file is
    complete and can be copied)."""
    from storyline.runner import run

    path = folder / "template.db"
    built = open_store(path)
    run(built, [corpus])
    built.close()
    return path


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample corpus run once through ingest, analyze, link and reconcile."""
    return _built_store(tmp_path_factory.mktemp("sample"), SAMPLES)


@pytest.fixture(scope="session")
def hostile_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile-input corpus (tests/data/hostile) run once through every stage."""
    return _built_store(tmp_path_factory.mktemp("hostile"), HOSTILE)


@pytest.fixture
def sample_db(sample_template: Path, tmp_path: Path) -> Path:
    """A private copy of the sample store: a test may write to it."""
    return Path(shutil.copy(sample_template, tmp_path / "sample.db"))


@pytest.fixture
def hostile_db(hostile_template: Path, tmp_path: Path) -> Path:
    """A private copy of the hostile-input store."""
    return Path(shutil.copy(hostile_template, tmp_path / "hostile.db"))


@pytest.fixture
def sample_store(sample_db: Path) -> Iterator[Store]:
    opened = open_store(sample_db)
    yield opened
    opened.close()


@pytest.fixture
def hostile_store(hostile_db: Path) -> Iterator[Store]:
    opened = open_store(hostile_db)
    yield opened
    opened.close()
