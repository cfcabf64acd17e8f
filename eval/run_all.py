"""Run every evaluation with its peers, one after the other (`make eval`).

Each harness reads ../shared/data and says so and exits 0 when the data is absent.
"""

from __future__ import annotations

import subprocess
import sys

HARNESSES = ("eval.timebank", "eval.ecbplus", "eval.polnear", "eval.clough", "eval.extraction")


def main() -> int:
    failed = []
    for module in HARNESSES:
        print(f"\n=== python -m {module}", flush=True)
        if subprocess.run([sys.executable, "-m", module], check=False).returncode:
            failed.append(module)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
