"""Publication dates of web pages: Storyline against htmldate (fast and extensive), same bytes.

    python -m eval.htmldate            # all pages, and the even/odd halves
    python -m eval.htmldate --errors   # also print each page Storyline gets wrong or misses

Data: ``../shared/data/htmldate_dev/`` (htmldate's Media Cloud pages: ``test_set/*.html``,
gold dates in ``gold.jsonl``); skipped with a message when absent. Each page is ingested as a
file without its URL, as the held-back test does: Storyline's HTML reader, then its metadata
stage (``build_article``), which decides the date. htmldate runs on the same bytes in its
fast mode (``extensive_search=False``) and extensive mode, both with ``original_date=True``.

A page is *exact* when the system's day equals the gold day, *wrong* when it gives another
day, *missing* when it gives none. Pages whose gold has no date (``NaN``) count as exact when
the system gives none and wrong when it gives one. The halves (pages in gold-file order, even
and odd positions) show how much the rules, tuned on this set, depend on particular pages.
Per-page results of Storyline: ``eval/out/htmldate_storyline.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import htmldate

from storyline.ingest.readers.html import read_html
from storyline.ingest.stage import build_article
from storyline.model import Rejection

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / ".." / "shared" / "data" / "htmldate_dev"
OUT = ROOT / "eval" / "out"
SYSTEMS = ("storyline", "htmldate fast", "htmldate extensive")
OUTCOMES = ("exact", "wrong", "missing")


@dataclass(frozen=True)
class GoldPage:
    file: str
    day: date | None  # None: the gold says the page has no date


def data_present() -> bool:
    return (DATA_DIR / "gold.jsonl").exists()


def load_gold() -> list[GoldPage]:
    pages = []
    for line in (DATA_DIR / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)  # "date": NaN is read as float("nan")
        given = row["date"]
        absent = given is None or (isinstance(given, float) and math.isnan(given))
        pages.append(GoldPage(row["file"], None if absent else date.fromisoformat(given)))
    return pages


def outcome(found: date | None, gold: date | None) -> str:
    if found == gold:
        return "exact"
    return "missing" if found is None else "wrong"


def storyline_date(name: str, raw: bytes) -> tuple[date | None, str | None]:
    """Storyline's publication date of a page read as a file without URL, and its evidence."""
    for output in read_html(name, raw):
        if isinstance(output, Rejection):
            return None, f"rejected: {output.reason}"
        article, _ = build_article(output)
        return article.published.date, article.published.evidence
    return None, None


def htmldate_date(raw: bytes, extensive: bool) -> date | None:
    try:
        found = htmldate.find_date(raw, extensive_search=extensive, original_date=True)
    except ValueError:
        return None
    return date.fromisoformat(found) if found else None


def _table(title: str, tallies: dict[str, Counter[str]], pages: int) -> str:
    rows = [
        f"{title} ({pages} pages)",
        "| system | exact | wrong | missing |",
        "|---|---|---|---|",
    ]
    for system in SYSTEMS:
        cells = [f"{tallies[system][o]} ({tallies[system][o] / pages:.1%})" for o in OUTCOMES]
        rows.append(f"| {system} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--errors", action="store_true", help="print Storyline's misses")
    args = parser.parse_args(argv)
    if not data_present():
        print(f"skipped: no htmldate dev data at {DATA_DIR.relative_to(ROOT)}")
        return 0
    gold = load_gold()
    halves: dict[str, dict[str, Counter[str]]] = {
        half: {system: Counter() for system in SYSTEMS} for half in ("all", "even", "odd")
    }
    seconds: dict[str, float] = dict.fromkeys(SYSTEMS, 0.0)
    dump = []
    for index, page in enumerate(gold):
        raw = (DATA_DIR / page.file).read_bytes()
        started = time.perf_counter()
        mine, evidence = storyline_date(Path(page.file).name, raw)
        seconds["storyline"] += time.perf_counter() - started
        found = {"storyline": mine}
        for system, extensive in (("htmldate fast", False), ("htmldate extensive", True)):
            started = time.perf_counter()
            found[system] = htmldate_date(raw, extensive)
            seconds[system] += time.perf_counter() - started
        for system, day in found.items():
            result = outcome(day, page.day)
            halves["all"][system][result] += 1
            halves["even" if index % 2 == 0 else "odd"][system][result] += 1
        record = {
            "file": page.file,
            "gold": page.day.isoformat() if page.day else None,
            **{s: d.isoformat() if d else None for s, d in found.items()},
            "outcome": outcome(mine, page.day),
            "evidence": evidence,
        }
        dump.append(record)
        if args.errors and record["outcome"] != "exact":
            print(json.dumps(record, ensure_ascii=False))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "htmldate_storyline.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in dump), encoding="utf-8"
    )
    sizes = {"all": len(gold), "even": (len(gold) + 1) // 2, "odd": len(gold) // 2}
    for half, title in (("all", "All pages"), ("even", "Even half"), ("odd", "Odd half")):
        print(_table(title, halves[half], sizes[half]), end="\n\n")
    timing = ", ".join(f"{s} {seconds[s]:.1f} s" for s in SYSTEMS)
    print(f"time: {timing} (Storyline includes text extraction)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
