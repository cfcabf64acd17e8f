"""Scale-out: analysis as Ray tasks stores exactly what the local path stores, byte for byte.

Needs the ``scale`` extra (CI installs it). Without Ray this module fails on purpose, so a
missing extra is never mistaken for a pass; set STORYLINE_SKIP_RAY=1 to skip it instead.
One local Ray instance (2 CPUs, loopback only, no dashboard) serves the whole module.
"""

from __future__ import annotations

import importlib.util
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from storyline.analyze.stage import analyze_pending, pending
from storyline.cli import app
from storyline.errors import StorylineError
from storyline.runner import ingest_paths
from storyline.scale import ray_analysis
from storyline.scale.ray_analyze import _connect, init_local, require_ray, unreachable
from storyline.store import open_store
from tests.conftest import SAMPLES

if importlib.util.find_spec("ray") is None:
    if os.environ.get("STORYLINE_SKIP_RAY") == "1":
        pytest.skip("Ray is not installed (STORYLINE_SKIP_RAY=1)", allow_module_level=True)
    pytest.fail(
        "Ray is not installed: pip install -e '.[scale]' (or set STORYLINE_SKIP_RAY=1 to skip)",
        pytrace=False,
    )

pytestmark = pytest.mark.slow  # the real spaCy model, in the workers and in the local path

runner = CliRunner()
Row = tuple[str, str, str, bytes | str]


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[ModuleType]:
    ray = init_local(num_cpus=2)  # ray.init(num_cpus=2, include_dashboard=False, ...)
    yield ray
    ray.shutdown()


def stored_analyses(db: Path) -> list[Row]:
    """Every stored analysis as the store holds it: the bytes of each payload, not a decoding."""
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT article_id, kind, version, payload FROM analyses ORDER BY article_id, kind"
        ).fetchall()


def ingested(db: Path) -> None:
    store = open_store(db)
    ingest_paths(store, [SAMPLES])
    store.close()


def analysed(db: Path, on_ray: bool) -> int:
    store = open_store(db)
    try:
        if not on_ray:
            return analyze_pending(store)
        # batches of 8: several tasks over both workers, and batches unlike the local path's
        with ray_analysis(batch=8):
            return analyze_pending(store)
    finally:
        store.close()


def test_ray_stores_the_same_analyses_as_the_local_path_and_a_rerun_does_nothing(
    ray_cluster: ModuleType, tmp_path: Path
) -> None:
    local, on_ray = tmp_path / "local.db", tmp_path / "ray.db"
    ingested(local)
    ingested(on_ray)
    articles = analysed(local, on_ray=False)
    assert articles >= 20
    assert analysed(on_ray, on_ray=True) == articles
    first = stored_analyses(on_ray)
    assert first == stored_analyses(local)

    assert analysed(on_ray, on_ray=True) == 0
    store = open_store(on_ray)
    assert pending(store) == []
    store.close()
    assert stored_analyses(on_ray) == first


def test_cli_ray_flag_gives_the_same_store_as_a_local_run(
    ray_cluster: ModuleType, tmp_path: Path
) -> None:
    exports = []
    for flags in ([], ["--ray"]):
        db = tmp_path / f"store{len(flags)}.db"
        result = runner.invoke(app, ["analyze", str(SAMPLES), "--db", str(db), *flags])
        assert result.exit_code == 0, result.output
        exported = runner.invoke(app, ["export", "--db", str(db), "--format", "json"])
        assert exported.exit_code == 0, exported.output
        exports.append((stored_analyses(db), exported.stdout))
    assert exports[1] == exports[0]


def test_ray_flag_without_ray_installed_is_one_error_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now raises ImportError
    result = runner.invoke(app, ["analyze", str(SAMPLES), "--db", str(tmp_path / "s.db"), "--ray"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: [E002] Ray is not installed")
    assert "storyline[scale]" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unreachable_ray_address_is_one_error_at_once() -> None:
    # Ray alone retries a dead address for minutes; a closed loopback port must fail fast.
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # free once the socket closes: nothing listens there
    with pytest.raises(StorylineError) as caught:
        _connect(require_ray(), f"127.0.0.1:{port}")
    assert str(caught.value) == (
        f"[E003] cannot reach the Ray cluster at 127.0.0.1:{port}: "
        f"no answer at 127.0.0.1:{port} (Connection refused)"
    )
    assert unreachable("auto") is None  # not host:port: left to Ray
