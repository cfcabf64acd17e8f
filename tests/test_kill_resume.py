"""A run killed with SIGKILL at any point and started again ends with the same store.

Every process runs under its own ``PYTHONHASHSEED``: the killed runs, the resume and the
uninterrupted run differ in set order, so equal exports also show the order does not matter.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

STORYLINE = [sys.executable, "-m", "storyline.cli"]


def seeded(seed: int) -> dict[str, str]:
    """This process's environment with a hash seed of its own."""
    return {**os.environ, "PYTHONHASHSEED": str(seed)}


def run_storyline(*args: str, seed: int = 0) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*STORYLINE, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env=seeded(seed),
    )


def export(db: Path, seed: int) -> str:
    result = run_storyline("export", "--db", str(db), "--format", "json", seed=seed)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.slow
def test_killed_runs_resume_to_the_same_store(tmp_path: Path) -> None:
    corpus = SAMPLES
    if not corpus.is_dir():
        pytest.skip("the sample corpus is not present")
    whole = tmp_path / "whole.db"
    started = time.monotonic()
    assert run_storyline("analyze", str(corpus), "--db", str(whole), seed=100).returncode == 0
    duration = time.monotonic() - started

    killed = tmp_path / "killed.db"
    # kill at points spread over the run: during start-up, ingest, analysis and linking
    for seed, fraction in enumerate((0.15, 0.35, 0.55, 0.75, 0.9), start=1):
        process = subprocess.Popen(
            [*STORYLINE, "analyze", str(corpus), "--db", str(killed)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=seeded(seed),
        )
        time.sleep(duration * fraction)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert run_storyline("analyze", str(corpus), "--db", str(killed), seed=6).returncode == 0
    assert export(killed, seed=7) == export(whole, seed=8)
