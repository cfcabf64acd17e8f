"""A bulk run end to end against a bare two-process spaCy pass over the same texts, in one run.

Peer (the floor): ``nlp.pipe`` of the same model over the texts the store holds after ingest,
on two processes (both cores). Measured: what ``storyline analyze`` does with new files, into
a fresh SQLite store on disk: ingest (``runner.ingest_paths``), then ``runner.update_stages``
(the analysis, link, reanchor and reconcile stages), each timed. Target (issue 14): the whole
run at most 1.3x the bare pass. Also printed: this process's CPU seconds per stage (``stage
link cpu``: the stages after analysis run here alone, so on a shared machine their CPU time
says what they cost), the CPU seconds of the pools' workers that ended within the stage
(``stage link workers cpu``; the analysis's spaCy processes are counted in the stage during
which they ended, reconcile's workers in ``stage rest``, which also holds the story list's
rows) and the 1-minute load average at the end of the run.

    python -m bench.bench_bulk [--articles 2000] [--repeat 2]

Texts: real news of ``../shared/data`` (PolNeAR train and dev, then ECB+), written as one
JSONL file per outlet with their titles, dates and outlets, as a user would hand them in; the
benchmark stops with a message when the data is absent.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import resource
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / ".." / "shared" / "data"
SOURCES = (
    DATA / "polnear" / "train.jsonl",
    DATA / "polnear" / "dev.jsonl",
    DATA / "ecbplus" / "ecbplus_train_dev.jsonl",
)


def news_records(count: int) -> list[dict[str, Any]]:
    """``count`` distinct real articles as JSONL records (id, title, text, published, source)."""
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in SOURCES:
        if not path.exists():
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines()):
            item = json.loads(line)
            text = item.get("text") or ""
            if not text.strip() or text in seen:
                continue
            seen.add(text)
            records.append(
                {
                    "id": item.get("filename") or item.get("id") or f"{path.stem}-{number}",
                    "title": item.get("title") or text.split("\n", 1)[0][:120],
                    "text": text,
                    "published": item.get("publication_date"),
                    "source": item.get("publisher") or item.get("source"),
                }
            )
            if len(records) == count:
                return records
    if not records:
        raise SystemExit(f"no articles under {DATA}: the benchmark needs ../shared/data")
    return records


def write_inputs(folder: Path, records: Sequence[dict[str, Any]]) -> None:
    """The records as JSONL files, one per outlet."""
    by_source: dict[str, list[str]] = {}
    for record in records:
        name = "".join(c if c.isalnum() else "_" for c in str(record["source"] or "unknown"))
        by_source.setdefault(name, []).append(json.dumps(record, ensure_ascii=False))
    for name, lines in by_source.items():
        (folder / f"{name}.jsonl").write_text("".join(f"{line}\n" for line in lines), "utf-8")


def one_run(records: Sequence[dict[str, Any]]) -> dict[str, float]:
    """The bare pass and the whole run over ``records``, each timed (wall seconds)."""
    from storyline.nlp.language import load_nlp
    from storyline.runner import ingest_paths, update_stages
    from storyline.store import open_store

    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as name:
        inputs = Path(name) / "inputs"
        inputs.mkdir()
        write_inputs(inputs, records)
        store = open_store(Path(name) / "storyline.db")
        phases: dict[str, float] = {}
        last = _clocks()

        def progress(stage: str, done: int, total: int) -> None:
            # wall time per stage, this process's CPU time and its ended workers' (the stages
            # after analysis run here and in their pools alone: on a shared machine their CPU
            # seconds say what they cost)
            now = _clocks()
            for name, spent in zip(("", " cpu", " workers cpu"), now - last, strict=True):
                phases[f"{stage}{name}"] = phases.get(f"{stage}{name}", 0.0) + spent
            last[:] = now

        started = time.perf_counter()
        ingest_paths(store, [inputs], progress)
        progress("ingest", 0, 0)  # its pool's workers end after its last file
        times["ingest"] = time.perf_counter() - started
        last[:] = _clocks()
        update_stages(store, progress)
        progress("rest", 0, 0)  # the story list; reconcile's workers end after its last story
        times["stages"] = time.perf_counter() - started - times["ingest"]
        times.update({f"stage {k}": v for k, v in phases.items()})
        texts = [a.text for a in store.ingested_articles()]
        times["articles"] = len(texts)
        store.close()
    nlp = load_nlp()
    list(nlp.pipe(texts[:20]))  # warm up
    started = time.perf_counter()
    list(nlp.pipe(texts, batch_size=32, n_process=2))
    times["bare"] = time.perf_counter() - started
    times["whole"] = times["ingest"] + times["stages"]
    times["load"] = os.getloadavg()[0]  # the machine's 1-minute load average at the end
    times["ratio"] = times["whole"] / times["bare"]
    return times


def _clocks() -> Any:
    """Wall time, this process's CPU time and its ended children's (the pools' workers)."""
    import numpy as np

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return np.array(
        [time.perf_counter(), time.process_time(), children.ru_utime + children.ru_stime]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    records = news_records(args.articles)
    words = sum(len(r["text"].split()) for r in records)
    print(f"{platform.machine()}, Python {platform.python_version()}: {len(records)} articles, "
          f"{words:,} words")  # fmt: skip
    runs = []
    for run in range(args.repeat):
        times = one_run(records)
        runs.append(times)
        shown = ", ".join(f"{k} {v:.1f}" for k, v in times.items() if k != "ratio")
        print(f"run {run + 1}: {shown}; ratio {times['ratio']:.2f}")
    ratios = [r["ratio"] for r in runs]
    print(f"ratio whole run / bare 2-process pass: min {min(ratios):.2f}, "
          f"median {statistics.median(ratios):.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
