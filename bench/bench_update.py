"""The cost of keeping a store up to date: adding 10 articles, and a run that adds nothing.

Stores of 1,000, 10,000 (and 100,000) articles are built from the seeded news stream of
``bench.stream_corpus`` (its background words mapped to English stop words, see
``function_words``) with their analyses generated directly, not by spaCy: clustering
features from ``article_features`` without a parse (the stemmer and capitalised-run views),
one time expression (the publication day), a quote and a mention of the event's lead actor
taken from the title, a numeric claim where the text writes the event's figure, and the
ingest clues of a file that names its outlet. Generated analyses are stored exactly as the
analysis stage stores its own, so linking and reconciling see ordinary records; only the
spaCy pass is left out, since what is measured is everything after it.

A store is built as a live feed would fill it: ``BUILD_BATCH`` articles at a time, each batch
stored and brought up to date by ``update_stages`` (the build's CPU and wall time cover both).
``--keep DIR`` keeps each built store in ``DIR/<size>`` and reuses it on the next command;
with ``--grow`` a missing size is built by feeding a copy of the largest smaller kept store
the rest of the same stream, 5,000 articles at a time.

Before measuring, a kept store is brought up to date with the code being measured (one
``update_stages``, timed and reported on stderr: a full pass after a change of the link
code, else nothing). Each measurement runs in a fresh process that opens a copy of the built
store (as ``watch`` would), adds a batch of 10 new articles with their analyses, times
``update_stages`` (CPU and wall), then times a second ``update_stages`` that finds nothing
new, and reports its peak resident memory from the store's opening on (the resident memory
after the imports in brackets). Repetition ``run`` adds the ``run``-th batch of 10 to a copy
of the built store, so every run measures a store of N articles.

The stream has about 650 articles a day (120 new events a day, each reported about 5.4
times over a few days), a news feed's rate: the clusterer's 21-day window then holds about
2,800 stories and 13,700 articles whatever the store's size, and the derivation search's
14-day window about 9,100 articles.

    python -m bench.bench_update --sizes 1000 10000 --repeat 3 [--keep DIR]
"""

from __future__ import annotations

import argparse
import cProfile
import html
import json
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from spacy.lang.en.stop_words import STOP_WORDS

from bench.stream_corpus import StreamArticle, _World, stream
from storyline.analyze.features import article_features
from storyline.analyze.stage import COMPONENTS
from storyline.ingest.stage import CLUES_KIND
from storyline.model import (
    Article,
    Claim,
    DateBasis,
    Mention,
    Precision,
    Published,
    Quote,
    Span,
    TimeRef,
    TimexType,
    content_id,
    to_jsonable,
)
from storyline.nlp.entities.names import entity_id

BATCH = 10
BUILD_BATCH = 5000  # articles stored and brought up to date at a time while building
# The most frequent English words, most frequent first (the rest of spaCy's stop words follow)
COMMON_WORDS = tuple(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "that",
        "is",
        "was",
        "for",
        "on",
        "with",
        "as",
        "by",
        "at",
        "it",
        "from",
        "he",
        "his",
        "be",
        "are",
        "has",
        "have",
        "had",
        "were",
        "not",
        "but",
        "an",
        "they",
        "this",
        "which",
        "its",
        "after",
        "who",
        "their",
        "been",
        "will",
        "would",
        "also",
        "more",
        "than",
    ]
)
VERSIONS = {c.kind: c.version for c in COMPONENTS}
# (article, [(kind, version, payload)]): one generated article with its stored analyses
Generated = tuple[Article, list[tuple[str, str, Any]]]


def function_words(seed: int) -> dict[str, str]:
    """The stream's background words (made-up syllables drawn Zipf-like, the same for a seed)
    -> English stop words, the most frequent first.

    Real news shares its frequent words, but they are function words, which the derivation
    search leaves out; made-up background words would count as shared content and make
    nearly every pair of the stream a candidate for alignment (394,576 of 510,555 pairs at
    1,010 articles), which real news never does. Beyond the stop words, rarer background
    words stay: they are what unrelated reports share by chance.
    """
    background = _World(random.Random(seed)).background
    rest = sorted(w for w in STOP_WORDS if w.isalpha() and w not in COMMON_WORDS)
    return dict(zip(background, [*COMMON_WORDS, *rest], strict=False))


def _plain(text: str, function: dict[str, str]) -> str:
    words = []
    for word in text.split():
        core = word.rstrip(".")
        found = function.get(core.lower())
        if found is not None:
            found = found.capitalize() if core[:1].isupper() else found
            word = found + word[len(core) :]
        words.append(word)
    return " ".join(words)


def _article(item: StreamArticle, function: dict[str, str]) -> Article:
    text = _plain(item.text, function)
    return Article(
        id=content_id("bench-article", item.id),
        source_path=f"stream/{item.published.isoformat()}.jsonl",
        title=item.title,
        text=text,
        raw_text=text,
        published=Published(item.published, DateBasis.METADATA, item.published.isoformat()),
        external_id=item.id,
        outlet=item.source,
        language="en",
    )


def _analyses(article: Article, rng: random.Random) -> list[tuple[str, str, Any]]:
    """The records the analysis stage would store for the article, generated from its text."""
    day = article.published.date
    assert day is not None
    text = article.text
    first = text.split(". ")[0]
    actor = " ".join(article.title.split()[:2])
    timex = TimeRef(
        article.id, Span(0, len(first)), day.isoformat(), TimexType.DATE,
        day.isoformat(), Precision.DAY, day, day,
    )  # fmt: skip
    quote = Quote(article.id, Span(0, len(first)), first, speaker=actor, cue="said")
    mention = Mention(article.id, Span(0, len(actor)), actor, entity_id("PERSON", actor), "PERSON")
    claims = []
    numbers = [w for w in text.split() if w.rstrip(".").isdigit()]
    if numbers:
        start = text.index(numbers[0])
        claims.append(
            Claim(
                article.id, Span(max(0, start - 20), start + len(numbers[0])),
                float(numbers[0].rstrip(".")), Span(start, start + len(numbers[0].rstrip("."))),
                "people", "people", claimant=actor if rng.random() < 0.5 else None,
            )
        )  # fmt: skip
    features = article_features(article.id, article.title, text, day).to_dict()
    clues = {
        "date": {"month_day": None, "weekday": None, "not_after": None, "evidence": None},
        "outlet": {"given": article.outlet, "credit": None, "domain": None},
    }
    timexes = {"anchor": day.isoformat(), "items": to_jsonable([timex])}
    return [
        (CLUES_KIND, "1", clues),
        ("timexes", VERSIONS["timexes"], timexes),
        ("quotes", VERSIONS["quotes"], to_jsonable([quote])),
        ("claims", VERSIONS["claims"], to_jsonable(claims)),
        ("mentions", VERSIONS["mentions"], to_jsonable([mention])),
        ("events", VERSIONS["events"], []),
        ("features", VERSIONS["features"], features),
        ("scope", VERSIONS["scope"], {"language": "en", "pipeline": "en_core_web_sm",
                                      "reason": None, "skipped": []}),
    ]  # fmt: skip


def generated(size: int, seed: int = 42) -> Iterator[Generated]:
    """``size`` stream articles with generated analyses, in publication order."""
    rng = random.Random(seed)
    function = function_words(seed)
    for item in stream(size, seed=seed):
        article = _article(item, function)
        yield article, _analyses(article, rng)


def put(store: Any, items: Sequence[Generated]) -> None:
    """Store articles and their analyses in one transaction, as ingest and analysis would."""
    with store.transaction():
        for article, analyses in items:
            store.add_article(article)
            for kind, version, payload in analyses:
                store.put_analysis(article.id, kind, version, payload)


def build(folder: Path, size: int, repeat: int, grow: Path | None = None) -> dict[str, Any]:
    """A store of ``size`` articles fed ``BUILD_BATCH`` at a time, each batch brought up to
    date; the batches to add saved beside it (``built.json`` says what the build cost).

    ``grow``: a smaller store built by this bench (the same stream, so its articles are the
    first ones of this one), copied and fed the rest, as a feed would keep filling it.

    A build that stopped (a store and no ``built.json`` in ``folder``) goes on where it
    stopped: its articles are the stream's first ones, each batch stored in one transaction,
    so the store's article count says how far it got; the first ``update_stages`` brings a
    batch stored but not yet linked up to date. A 1,000,000-article build takes hours."""
    from storyline.runner import update_stages
    from storyline.store import open_store

    folder.mkdir(parents=True, exist_ok=True)
    items = generated(size + BATCH * repeat)
    resumed = (folder / "store.db").exists()
    if resumed:
        store = open_store(folder / "store.db")
        done = store.article_count()
        store.close()
    elif grow is not None:
        shutil.copy(grow / "store.db", folder / "store.db")
        done = json.loads((grow / "built.json").read_text("utf-8")).get("size", int(grow.name))
    else:
        done = 0
    for _ in islice(items, done):
        pass
    grown_from = done
    store = open_store(folder / "store.db")
    started, cpu = time.perf_counter(), time.process_time()
    if resumed:  # a batch stored before the stop may not be linked yet
        update_stages(store, analyze=False)
    while done < size:
        chunk = list(islice(items, min(BUILD_BATCH, size - done)))
        put(store, chunk)
        update_stages(store, analyze=False)
        done += len(chunk)
        print(f"built {done:,} of {size:,} in {time.process_time() - cpu:.0f} CPU s",
              file=sys.stderr, flush=True)  # fmt: skip
    built = {
        "build_wall": time.perf_counter() - started,
        "build_cpu": time.process_time() - cpu,
        "size": size,
        "grown_from": grown_from,  # or, when ``resumed``, the articles stored before this run
        "resumed": resumed,
    }
    store.close()
    batches = [[(to_jsonable(a), [list(x) for x in analyses]) for a, analyses in chunk]
               for chunk in iter(lambda: list(islice(items, BATCH)), [])]  # fmt: skip
    (folder / "batches.json").write_text(json.dumps(batches), "utf-8")
    built["store_bytes"] = (folder / "store.db").stat().st_size
    (folder / "built.json").write_text(json.dumps(built), "utf-8")
    return built


def built_store(folder: Path, size: int, repeat: int, grow: Path | None = None) -> dict[str, Any]:
    """The store built in ``folder`` (built now, grown from ``grow``, or a stopped build
    resumed, unless a complete one is there)."""
    done = folder / "built.json"
    if done.exists():
        built: dict[str, Any] = json.loads(done.read_text("utf-8"))
        if len(json.loads((folder / "batches.json").read_text("utf-8"))) >= repeat:
            return built
        for stale in folder.glob("store.db*"):  # complete, with too few batches: build again
            stale.unlink()
        done.unlink()
    return build(folder, size, repeat, grow)


def smaller_kept(keep: Path, size: int) -> Path | None:
    """The largest complete store kept in ``keep`` with fewer than ``size`` articles."""
    sizes = [
        int(p.name)
        for p in keep.iterdir()
        if p.name.isdigit() and int(p.name) < size and (p / "built.json").exists()
    ] if keep.exists() else []  # fmt: skip
    return keep / str(max(sizes)) if sizes else None


def refresh(folder: Path) -> dict[str, float]:
    """Bring a kept store up to date with the code now (child side): after a change of the
    link code that is one full pass over the store (``storyline.link.touched``), which would
    otherwise fall on the first measured run; else a run that finds nothing new."""
    from storyline.runner import update_stages
    from storyline.store import open_store

    store = open_store(folder / "store.db")
    started, cpu = time.perf_counter(), time.process_time()
    update_stages(store, analyze=False)
    took = {"refresh_wall": time.perf_counter() - started, "refresh_cpu": time.process_time() - cpu}
    store.close()
    return took


def copy_store(source: Path, target: Path) -> None:
    """A copy of a built store and its batches, for one run to add to."""
    for name in ("store.db", "store.db-wal", "batches.json"):
        if (source / name).exists():
            shutil.copy(source / name, target / name)


def measure_once(folder: Path, run: int, profile: Path | None = None) -> dict[str, float]:
    """Add batch ``run`` and time the update, then a run that finds nothing new (child side)."""
    from storyline.model import from_jsonable
    from storyline.runner import up_to_date, update_stages
    from storyline.store import open_store

    baseline = reset_peak_rss()
    batch = json.loads((folder / "batches.json").read_text("utf-8"))[run]
    items = [(from_jsonable(Article, a), [tuple(x) for x in analyses]) for a, analyses in batch]
    store = open_store(folder / "store.db")
    if not up_to_date(store):  # the run would time a whole relink or re-reconciliation
        raise SystemExit(
            f"{folder}: the kept store was brought up to date by other code than this run's "
            "(the source changed while the bench ran); run the bench again"
        )
    started, cpu = time.perf_counter(), time.process_time()
    put(store, items)
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    changes = update_stages(store, analyze=False)
    if profiler and profile:
        profiler.disable()
        with profile.open("w", encoding="utf-8") as out:
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
    add_wall, add_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    update_stages(store, analyze=False)
    noop_wall, noop_cpu = time.perf_counter() - started, time.process_time() - cpu
    store.close()
    return {
        "add_wall": add_wall,
        "add_cpu": add_cpu,
        "noop_wall": noop_wall,
        "noop_cpu": noop_cpu,
        "peak_mb": peak_rss(),
        "baseline_mb": baseline,
        "changes": len(changes),
    }


def page_times(folder: Path, repeat: int, snapshot: bool = False) -> dict[str, float]:
    """Milliseconds to serve the story index and a story page from the store (child side):
    the first index request and the first page of the largest story of a fresh server (its
    templates compiled first, as ``storyline serve`` does at its start), then min and median
    of ``repeat`` index requests and of ``repeat`` requests of that story's page, each a URL of
    its own (the page cache defeated); and the server's peak resident memory over them (MB,
    from its creation on). With ``snapshot``, the server builds its whole-store snapshot
    before its first answer, as it did before the pages read the store's rows (the first index
    request's time includes it). ``first_two_cpu``: the CPU milliseconds of both first answers.
    ``entity_first``: the first page of the most seen entity, after those (with ``snapshot``:
    the snapshot's build and the snapshot path's answer, unrendered, as that page was
    answered before it read the store's rows); ``entity_older``: the page its first page
    links as older articles (0 when it links none); ``search_word`` and ``search_name``: the
    story list searched for a word about a third of the stream's articles hold (``was``) and
    for that entity's name (its stories read whole, or the list walked: ``stored_pages.walks``)."""
    from fastapi.testclient import TestClient

    from storyline.report.render import compile_templates
    from storyline.store import open_store
    from storyline.web.app import create_app
    from storyline.web.pages import _snapshot_entity

    store = open_store(folder / "store.db")
    largest = store.story_index_page("size", None, 1)[0]["row"]["id"]
    seen = max(store.registry_state()[0], key=lambda e: (e.seen, e.id))  # the most seen entity
    entity = seen.id
    store.close()
    compile_templates()
    app = create_app(folder / "store.db", "bench")
    client = TestClient(app, base_url="http://127.0.0.1")
    baseline = reset_peak_rss()

    def ms(url: str) -> float:
        started = time.perf_counter()
        assert client.get(url).status_code == 200, url
        return (time.perf_counter() - started) * 1000

    started, cpu = time.perf_counter(), time.process_time()
    if snapshot:
        app.state.views.snapshot()
    built = (time.perf_counter() - started) * 1000
    times = {"index_first": built + ms("/"), "story_first": ms(f"/stories/{largest}")}
    times["first_two_cpu"] = (time.process_time() - cpu) * 1000  # both first answers
    if snapshot:  # the entity page as it was: from the snapshot (built above), the first time
        started = time.perf_counter()
        _snapshot_entity(app.state.views, entity, None)
        times["entity_first"] = built + (time.perf_counter() - started) * 1000
    else:
        times["entity_first"] = ms(f"/entities/{entity}")
        first = client.get(f"/entities/{entity}").text  # kept: answered from memory
        older = re.search(r'rel="next" id="next-page" href="([^"]+)"', first)
        times["entity_older"] = ms(html.unescape(older.group(1))) if older else 0.0
        times["search_word"] = ms("/?q=was")
        times["search_name"] = ms(f"/?{urlencode({'q': seen.name})}")
    index = [ms(f"/?r={n}") for n in range(repeat)]
    story = [ms(f"/stories/{largest}?r={n}") for n in range(repeat)]
    times.update(index_min=min(index), index_median=statistics.median(index))
    times.update(story_min=min(story), story_median=statistics.median(story))
    times.update(peak_mb=peak_rss(), baseline_mb=baseline)
    return times


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status (Linux), in MB."""
    for line in Path("/proc/self/status").read_text("utf-8").splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise SystemExit(f"/proc/self/status has no {field}")


def reset_peak_rss() -> float:
    """Reset the process's peak resident memory to its current one, and return that.

    ``getrusage``'s peak survives ``exec``: a measuring child would report the peak of the
    parent that built the store (gigabytes at 100,000). Linux resets the peak (``VmHWM``) on
    writing 5 to /proc/self/clear_refs."""
    Path("/proc/self/clear_refs").write_text("5", "utf-8")
    return _status_mb("VmRSS")


def peak_rss() -> float:
    """The process's peak resident memory since ``reset_peak_rss``, in MB."""
    return _status_mb("VmHWM")


def _summary(runs: list[dict[str, float]], key: str) -> str:
    values = [r[key] for r in runs]
    return f"{min(values):.2f} / {statistics.median(values):.2f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--profile", type=Path, help="write a cProfile of each size's first update to this folder"
    )
    parser.add_argument(
        "--keep", type=Path, help="keep the built stores in this folder and reuse them"
    )
    parser.add_argument(
        "--grow",
        action="store_true",
        help="with --keep: build a missing size by feeding the largest smaller kept store",
    )
    parser.add_argument("--refresh", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--pages", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--snapshot", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--child", nargs=3, metavar=("FOLDER", "RUN", "PROFILE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.pages:
        print(json.dumps(page_times(args.pages, args.repeat, args.snapshot)))
        return 0
    if args.refresh:
        print(json.dumps(refresh(args.refresh)))
        return 0
    if args.child:
        profile = Path(args.child[2]) if args.child[2] else None
        print(json.dumps(measure_once(Path(args.child[0]), int(args.child[1]), profile)))
        return 0
    print("| stored articles | build (CPU s) | store MB | add 10: CPU s min / median | "
          "wall s min / median | no-op CPU s min / median | peak MB (after imports) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as name:
            base = args.keep / str(size) if args.keep else Path(name) / "built"
            grow = smaller_kept(args.keep, size) if args.keep and args.grow else None
            built = built_store(base, size, args.repeat, grow)
            fresh = subprocess.run(
                [sys.executable, "-m", "bench.bench_update", "--refresh", str(base)],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            print(f"{size:,}: brought up to date in {fresh.stdout.strip()}", file=sys.stderr)
            runs = []
            for run in range(args.repeat):
                profile_file = ""
                if args.profile and run == 0:
                    profile_file = str(args.profile / f"update-{size}.txt")
                copy = Path(name) / f"run-{run}"
                copy.mkdir()
                copy_store(base, copy)
                child = subprocess.run(
                    [sys.executable, "-m", "bench.bench_update", "--child", str(copy), str(run),
                     profile_file],
                    capture_output=True, text=True,
                )  # fmt: skip
                shutil.rmtree(copy)
                if child.returncode:
                    raise SystemExit(f"run {run} of {size:,} failed:\n{child.stderr[-3000:]}")
                output = child.stdout
                runs.append(json.loads(output.strip().splitlines()[-1]))
            pages = subprocess.run(
                [sys.executable, "-m", "bench.bench_update", "--pages", str(base), "--repeat",
                 str(max(args.repeat, 5))],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            print(f"{size:,}: pages (ms) {pages.stdout.strip()}", file=sys.stderr, flush=True)
            peak = max(r["peak_mb"] for r in runs)
            baseline = min(r["baseline_mb"] for r in runs)
            print(
                f"| {size:,} | {built['build_cpu']:.1f} | {built['store_bytes'] / 2**20:.0f} | "
                f"{_summary(runs, 'add_cpu')} | {_summary(runs, 'add_wall')} | "
                f"{_summary(runs, 'noop_cpu')} | {peak:.0f} ({baseline:.0f}) |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
