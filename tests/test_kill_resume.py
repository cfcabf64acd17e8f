"""A run killed with SIGKILL at any point and started again ends with the same store."""

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


def run_storyline(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*STORYLINE, *args], capture_output=True, text=True, check=False, timeout=600
    )


def export(db: Path) -> str:
    result = run_storyline("export", "--db", str(db), "--format", "json")
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.slow
def test_killed_runs_resume_to_the_same_store(tmp_path: Path) -> None:
    corpus = SAMPLES
    if not corpus.is_dir():
        pytest.skip("the sample corpus is not present")
    whole = tmp_path / "whole.db"
    started = time.monotonic()
    assert run_storyline("analyze", str(corpus), "--db", str(whole)).returncode == 0
    duration = time.monotonic() - started

    killed = tmp_path / "killed.db"
    # kill at points spread over the run: during start-up, ingest, analysis and linking
    for fraction in (0.15, 0.35, 0.55, 0.75, 0.9):
        process = subprocess.Popen(
            [*STORYLINE, "analyze", str(corpus), "--db", str(killed)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(duration * fraction)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert run_storyline("analyze", str(corpus), "--db", str(killed)).returncode == 0
    assert export(killed) == export(whole)
