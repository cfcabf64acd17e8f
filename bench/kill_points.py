"""Kill points: a run SIGKILLed at any of N points and resumed ends with the same store.

Each point starts from an empty store, kills `storyline analyze` over the sample corpus at a
fraction of an uninterrupted run's time (start-up, ingest, analysis, linking, reconciling),
resumes, and compares the JSON export with the uninterrupted run's byte for byte. Every
process runs under its own PYTHONHASHSEED, so the seed is never fixed.

    python -m bench.kill_points --points 20

The test suite runs five cumulative kill points (tests/test_kill_resume.py); this script is
the long version whose figures RELIABILITY.md reports.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "storyline" / "samples" / "corpus"
STORYLINE = [sys.executable, "-m", "storyline.cli"]


def _env(seed: int) -> dict[str, str]:
    return {**os.environ, "PYTHONHASHSEED": str(seed)}


def _analyze(db: Path, seed: int) -> None:
    done = subprocess.run(
        [*STORYLINE, "analyze", str(SAMPLES), "--db", str(db)],
        capture_output=True,
        text=True,
        env=_env(seed),
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"analyze failed: {done.stderr.strip()}")


def _export(db: Path, seed: int) -> str:
    done = subprocess.run(
        [*STORYLINE, "export", "--db", str(db), "--format", "json"],
        capture_output=True,
        text=True,
        env=_env(seed),
        check=True,
    )
    return done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--points", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        started = time.monotonic()
        _analyze(work / "whole.db", seed=1000)
        duration = time.monotonic() - started
        expected = _export(work / "whole.db", seed=1001)
        identical = 0
        for point in range(args.points):
            fraction = (point + 0.5) / args.points
            db = work / f"killed-{point}.db"
            process = subprocess.Popen(
                [*STORYLINE, "analyze", str(SAMPLES), "--db", str(db)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=_env(2 * point + 1),
            )
            time.sleep(duration * fraction)
            killed = process.poll() is None
            if killed:
                os.kill(process.pid, signal.SIGKILL)
            process.wait()
            _analyze(db, seed=2 * point + 2)
            same = _export(db, seed=3000 + point) == expected
            identical += same
            state = "killed" if killed else "finished first"
            verdict = "identical" if same else "DIFFERENT"
            print(f"point {point + 1:2d} at {fraction:4.0%} ({state}): {verdict}")
        print(
            f"{identical}/{args.points} kill points identical (uninterrupted run {duration:.0f} s)"
        )
        return 0 if identical == args.points else 1


if __name__ == "__main__":
    raise SystemExit(main())
