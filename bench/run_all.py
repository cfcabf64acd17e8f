"""Run every benchmark, one after the other (`make bench`); see BENCHMARKS.md for results."""

from __future__ import annotations

import subprocess
import sys

BENCHMARKS = ("bench.bench_analysis", "bench.bench_dates", "bench.bench_cluster",
              "bench.bench_derivation", "bench.extraction", "bench.bench_story_page")


def main() -> int:
    failed = []
    for module in BENCHMARKS:
        print(f"\n=== python -m {module}", flush=True)
        if subprocess.run([sys.executable, "-m", module], check=False).returncode:
            failed.append(module)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
