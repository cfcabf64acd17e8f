"""The reconcile stage's cost after adding 10 articles: given the link stage's changed stories
(``reconcile_store(changed=...)``) against comparing every story (``changed=None``).

Builds the generated stores of ``bench.bench_update`` (1,000 and 10,000 articles), adds a
batch of 10, runs the link stage and ``reanchor``, then times the reconcile stage (CPU
seconds) on two copies of the store: with the stories the link stage changed, and without.

    PYTHONPATH=$PWD/src:$PWD python -m bench.bench_reconcile --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path


def measure(folder: Path, run: int) -> dict[str, float]:
    """CPU seconds of the reconcile stage with and without the changed stories."""
    from bench.bench_update import put
    from storyline.analyze.stage import reanchor
    from storyline.link.stage import link_store
    from storyline.model import Article, from_jsonable
    from storyline.reconcile.stage import reconcile_store
    from storyline.store import open_store

    batch = json.loads((folder / "batches.json").read_text("utf-8"))[run]
    items = [(from_jsonable(Article, a), [tuple(x) for x in analyses]) for a, analyses in batch]
    store = open_store(folder / "store.db")
    before = {s.id: s.article_ids for s in store.stories()}
    put(store, items)
    link_store(store)
    reanchor(store)
    after = {s.id: s.article_ids for s in store.stories()}
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    store.close()
    shutil.copy(folder / "store.db", folder / "copy.db")
    timings: dict[str, float] = {"given": len(changed)}
    for name, path, given in (("changed", "store.db", changed), ("all", "copy.db", None)):
        store = open_store(folder / path)
        cpu = time.process_time()
        timings[f"{name}_stories"] = len(reconcile_store(store, changed=given))
        timings[f"{name}_cpu"] = time.process_time() - cpu
        store.close()
    (folder / "copy.db").unlink()
    return timings


def main(argv: Sequence[str] | None = None) -> int:
    from bench.bench_update import build

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print("| stored articles | run | changed stories | reconciled (changed / all) | "
          "CPU s with changed | CPU s comparing all |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            build(folder, size, args.repeat)
            for run in range(args.repeat):
                t = measure(folder, run)
                print(
                    f"| {size:,} | {run} | {t['given']:.0f} | "
                    f"{t['changed_stories']:.0f} / {t['all_stories']:.0f} | "
                    f"{t['changed_cpu']:.2f} | {t['all_cpu']:.2f} |",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
