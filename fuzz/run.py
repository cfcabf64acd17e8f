"""Long-run fuzzing of Storyline's readers and parsers with atheris (coverage-guided libFuzzer).

    python fuzz/run.py campaign --minutes 60          # every target, one after another
    python fuzz/run.py campaign --minutes 5 --targets jsonl,feeds
    python fuzz/run.py replay jsonl fuzz/out/jsonl/findings/1a2b3c4d.input
    python fuzz/run.py one numbers -max_total_time=30 DIR   # one target, raw libFuzzer flags

Run from the repository root with ``PYTHONPATH=src``. Each target runs in its own process
(libFuzzer owns the process), seeded from the sample corpus (``src/storyline/samples/corpus``),
with a 10 s per-execution timeout (a hang finding), an RSS cap and an address-space cap. Every
exception a target raises is a finding: its first input and traceback are written to
``OUT/TARGET/findings/`` (one per distinct signature, i.e. exception type and the innermost
Storyline frame) and the run goes on, so one campaign collects every finding. Timeouts and
out-of-memory kills end the process; the campaign restarts the target for its remaining time.
``OUT/summary.json`` holds executions, restarts and findings per target.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT / "src" / "storyline" / "samples" / "corpus"
sys.path.insert(0, str(HERE))

import targets  # noqa: E402  (fuzz/ is not a package: found through sys.path)

HANG_SECONDS = 10  # any execution over this is a hang finding
SLOW_SECONDS = 2.0  # executions over this are noted (inputs kept) but are not findings
RSS_LIMIT_MB = 2048
ADDRESS_SPACE_BYTES = 6 * 1024**3
# share of the campaign's time per target: the slow readers (trafilatura, feedparser) get more
WEIGHTS = {
    "text": 4, "html": 7, "jsonl": 6, "feeds": 7, "warc": 6, "clean": 7, "metadata": 6,
    "timex": 8, "time_values": 3, "numbers": 3, "marks": 3,
}  # fmt: skip
MAX_LEN = {"numbers": 6000, "time_values": 64, "timex": 2048, "marks": 4096}
DEFAULT_MAX_LEN = 8192
MAX_RESTARTS = 6
# no slow growth of input length, so long runs of digits (hundreds) are tried from the start
EXTRA_FLAGS = {"numbers": ["-len_control=0"], "clean": ["-len_control=0"]}
# pure-Python libraries a reader leans on, instrumented for coverage along with Storyline
INSTRUMENT = {"feeds": ["feedparser", "sgmllib"], "warc": ["warcio"], "html": ["htmldate"]}


# ---- seeds: small inputs from the sample corpus -----------------------------------------------


def _paragraphs(limit: int = 1500) -> list[bytes]:
    found = []
    for path in sorted(CORPUS.glob("*.txt")):
        for paragraph in path.read_bytes().split(b"\n\n"):
            if 20 <= len(paragraph.strip()) <= limit:
                found.append(paragraph.strip())
    return found


def seed_inputs(target: str) -> list[bytes]:
    """Seed inputs for ``target``, cut from the sample corpus."""
    files = {p.name: p.read_bytes() for p in sorted(CORPUS.iterdir()) if p.is_file()}
    texts = [raw for name, raw in files.items() if name.endswith(".txt")]
    if target == "text":
        return texts
    if target == "html":
        return [raw for name, raw in files.items() if name.endswith(".html")]
    if target == "jsonl":
        whole = files["mixed_export.jsonl"]
        return [whole, *whole.splitlines()]
    if target == "feeds":
        return [raw for name, raw in files.items() if name.endswith(".xml")]
    if target == "warc":
        packed = files["crawl_port_alder.warc.gz"]
        return [packed, gzip.decompress(packed)]
    if target == "clean":
        return [*texts, *(b"#" + raw.split(b"\n", 1)[0] + b"\n" + raw for raw in texts[:5])]
    if target == "metadata":
        return [*texts, *(b"https://www.upi.com/a/1\n" + raw for raw in texts[:5])]
    if target == "timex":
        return [bytes([i % len(targets.ANCHORS)]) + p for i, p in enumerate(_paragraphs())]
    if target == "marks":
        return _paragraphs(4000)
    if target == "time_values":
        return [
            v.encode()
            for v in (
                *("2024-05-14", "2024-W19", "2024-W53-WE", "2024-05", "2024-Q2", "2024-H1"),
                *("2023-WI", "2024", "199", "XXXX-08-21", "2024-05-14TMO", "P3D", "PAST_REF"),
                *("9998-WI", "0001-01"),
            )
        ]
    if target == "numbers":
        return [
            p.encode()
            for p in (
                "3 million",
                "6,700",
                "two dozen",
                "twenty-five thousand",
                "tens of thousands",
                "at least 1.5 bn",
                "21st",
                "a hundred and ten",
            )
        ]
    raise KeyError(target)


def write_seeds(target: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for seed in seed_inputs(target):
        (folder / hashlib.sha1(seed).hexdigest()[:16]).write_bytes(seed)


# ---- one target, in this process --------------------------------------------------------------


def signature(exc: BaseException) -> str:
    """What makes two findings the same: the exception type and the innermost Storyline frame."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "storyline" in f.filename or "/fuzz/" in f.filename]
    frame = (ours or frames or [None])[-1]
    where = f"{Path(frame.filename).name}:{frame.lineno} {frame.name}" if frame else "?"
    return f"{type(exc).__name__} at {where}"


# Targets whose inputs reach dateparser: the readers, through htmldate (trafilatura) for pages
# and through the given-date fields of JSONL and feeds.
DATEPARSER_TARGETS = {"html", "warc", "feeds", "jsonl", "text", "metadata"}


def warm_date_parsers() -> float:
    """Have dateparser compile every locale's patterns now; the seconds it took.

    dateparser compiles a locale's regular expressions the first time an input makes it
    consider that locale, and the seeds reach only a few: the first mutated input to name a
    month in another language paid up to 13 s (the two "hangs" of the first campaign, each
    0.03 s when replayed). A date in each locale, once, before the clock runs, pays it here."""
    from dateparser.languages.loader import default_loader
    from htmldate.extractors import get_external_parser

    from storyline.ingest.given_dates import PROBES, parse_relative_to

    started = time.monotonic()
    parser = get_external_parser()
    for locale in default_loader.get_locales():
        for month in (locale.info.get("january") or [])[:1]:
            with contextlib.suppress(Exception):
                parser.get_date_data(f"3 {month} 2020")
                parse_relative_to(f"3 {month} 2020", PROBES[0])
    return time.monotonic() - started


def fuzz_one(name: str, libfuzzer_args: list[str], out: Path) -> None:
    import atheris

    with atheris.instrument_imports(include=["storyline", *INSTRUMENT.get(name, [])]):
        target = targets.load(name)
    # Every seed once before the clock runs: the first article that reaches language detection
    # or date parsing loads their models (17 s on this loaded machine), which is not a hang.
    for warm_up in (b"", *seed_inputs(name)):
        with contextlib.suppress(Exception, SystemExit):
            target(warm_up)
    if name in DATEPARSER_TARGETS:
        warm_date_parsers()
    findings = out / "findings"
    slow = out / "slow"
    findings.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    counter = out / f"execs-{os.getpid()}.txt"
    state = {"execs": 0, "flushed": time.monotonic()}

    def one_input(data: bytes) -> None:
        started = time.monotonic()
        try:
            target(data)
        except (Exception, SystemExit) as exc:
            key = signature(exc)
            if key not in seen:
                seen.add(key)
                stem = findings / hashlib.sha1(key.encode()).hexdigest()[:8]
                if not stem.with_suffix(".input").exists():
                    stem.with_suffix(".input").write_bytes(data)
                    trace = "".join(traceback.format_exception(exc))
                    stem.with_suffix(".txt").write_text(f"{key}\n\n{trace}", "utf-8")
        elapsed = time.monotonic() - started
        if elapsed > SLOW_SECONDS:
            slow.mkdir(exist_ok=True)
            digest = hashlib.sha1(data).hexdigest()[:12]
            (slow / f"{elapsed:07.2f}s-{digest}.input").write_bytes(data)
        state["execs"] += 1
        if started - state["flushed"] > 2:
            counter.write_text(str(state["execs"]))
            state["flushed"] = started

    atheris.Setup([sys.argv[0], *libfuzzer_args], one_input)
    atheris.Fuzz()


# ---- the campaign: every target, one after another, restarted after a hang or OOM -------------


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_BYTES, ADDRESS_SPACE_BYTES))


def run_target(name: str, seconds: float, out: Path, python: str) -> dict[str, object]:
    """Fuzz ``name`` for ``seconds`` of wall time; restart it after a hang or an OOM kill."""
    folder = out / name
    seeds, corpus = folder / "seeds", folder / "corpus"
    write_seeds(name, seeds)
    corpus.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + seconds
    restarts, runs, kills = 0, 0, []
    while (remaining := deadline - time.monotonic()) > 10 and restarts <= MAX_RESTARTS:
        args = [
            f"-max_total_time={int(remaining)}",
            f"-timeout={HANG_SECONDS}",
            f"-rss_limit_mb={RSS_LIMIT_MB}",
            f"-max_len={MAX_LEN.get(name, DEFAULT_MAX_LEN)}",
            f"-artifact_prefix={folder}/",
            "-print_final_stats=1",
            *EXTRA_FLAGS.get(name, []),
            str(corpus),
            str(seeds),
        ]
        command = [python, str(Path(__file__).resolve()), "one", name, "--out", str(folder), *args]
        with open(folder / "libfuzzer.log", "ab") as log:
            done = subprocess.run(command, stdout=log, stderr=log, preexec_fn=_limit_memory)
        if done.returncode != 0:
            restarts += 1
            kills.append(done.returncode)
        runs += 1
    execs = sum(int(p.read_text() or 0) for p in folder.glob("execs-*.txt"))
    findings = sorted(p.read_text("utf-8").split("\n", 1)[0] for p in folder.glob("findings/*.txt"))
    hangs = sorted(p.name for p in folder.glob("timeout-*"))
    ooms = sorted(p.name for p in folder.glob("oom-*"))
    crashes = sorted(p.name for p in folder.glob("crash-*"))
    return {
        "seconds": seconds,
        "executions": execs,
        "processes": runs,
        "abnormal_exits": kills,
        "findings": findings,
        "hangs": hangs,
        "ooms": ooms,
        "crashes": crashes,
        "slow_inputs": len(list(folder.glob("slow/*"))),
    }


def campaign(minutes: float, names: list[str], out: Path) -> dict[str, object]:
    total = sum(WEIGHTS[n] for n in names)
    summary: dict[str, object] = {"minutes": minutes, "targets": {}}
    for name in names:
        seconds = minutes * 60 * WEIGHTS[name] / total
        # the final flush of each process can miss up to 2 s of executions: counted from files
        summary["targets"][name] = run_target(name, seconds, out, sys.executable)  # type: ignore[index]
        summary["executions"] = sum(t["executions"] for t in summary["targets"].values())  # type: ignore[union-attr]
        (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    return summary


def replay(name: str, paths: list[str]) -> int:
    """Run ``name`` on saved inputs and print what each raises (exit 1 if any does)."""
    target = targets.load(name)
    failed = 0
    for path in paths:
        started = time.monotonic()
        try:
            target(Path(path).read_bytes())
            print(f"{path}: ok in {time.monotonic() - started:.2f}s")
        except (Exception, SystemExit) as exc:
            failed += 1
            print(f"{path}: {signature(exc)}")
            traceback.print_exception(exc)
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("campaign", help="fuzz every target (or --targets) in turn")
    run.add_argument("--minutes", type=float, default=60.0)
    run.add_argument("--targets", default=",".join(targets.NAMES))
    run.add_argument("--out", type=Path, default=HERE / "out")
    one = sub.add_parser("one", help="fuzz one target in this process (libFuzzer flags follow)")
    one.add_argument("target", choices=targets.NAMES)
    one.add_argument("--out", type=Path, required=True)
    again = sub.add_parser("replay", help="run one target on saved inputs")
    again.add_argument("target", choices=targets.NAMES)
    again.add_argument("inputs", nargs="+")
    args, rest = parser.parse_known_args()
    if args.command == "one":
        fuzz_one(args.target, rest, args.out)
        return 0
    if args.command == "replay":
        return replay(args.target, args.inputs)
    names = [n for n in args.targets.split(",") if n]
    unknown = set(names) - set(targets.NAMES)
    if unknown:
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    summary = campaign(args.minutes, names, args.out)
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
