"""Story index page time on a 100,000-story store, against a bare read of the same rows.

The store is written directly, without spaCy: ``write_large_store`` adds seeded articles
(``random.Random(42)``: 40 outlets, English and some French, dated over four years) with the
store's own ``add_article`` (so the full-text index is filled by its triggers), and puts the
whole-store results the link stage would have written: stories of 1 to 6 articles and some
rewrites among their articles (so independent sources differ from article counts). No
findings, timeline or mentions: the index does not show them.

Timings, through the web app (``TestClient``) with the page cache defeated (each request has a
query of its own): the first page, a page in the middle and the last page, for the default
sort (latest activity) and by size, as min and median over repeats; a multi-source and a text
search first page; once, the snapshot build and the first request on a fresh server (rows and
sort orders built); and, after each of ``repeat`` changes (``add_story``: three new articles
as a new story), the snapshot build's CPU time and the first index request (min / median).
The floor: a bare read of the page's rows, one SELECT of its
stories' articles (id, outlet, language, date) by id and ``json.dumps`` of the rows.
Run: ``python -m bench.bench_index_page [--stories 100000] [--repeat 7] [--keep PATH]``.

With ``--filters``, the story list filtered on the articles without a text search instead
(outlet; a date range; an entity; the language of nine articles in ten; outlet, language and
dates together), on the same store with
seeded mentions (``add_mentions``: four names an article, of 1,800) and its story list rows
written (``update_story_index``, as a run writes them): for each, the first page (latest
activity), the next page and the first page by size, wall and CPU time, min / median over
``repeat`` (the page cache defeated); then, after each of ``repeat`` changes (a new story,
its row written), the first filtered request. Whatever answers the filtered list: the
whole-store snapshot (built on the first request, and again after a change) or the rows.
Run: ``python -m bench.bench_index_page --filters [--stories 66000] [--keep PATH]``.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from storyline.model import (
    Article,
    DateBasis,
    Derivation,
    DerivationKind,
    Published,
    Story,
    content_id,
    to_jsonable,
)
from storyline.store import open_store
from storyline.store.codec import StoredEdge
from storyline.web.app import create_app
from storyline.web.story_index import DEFAULT_LIMIT, _shown_key, all_rows, ordered

TARGET_MS = 200.0
OUTLETS = tuple(f"Outlet {n:02d}" for n in range(40))
WORDS = (
    "minister", "port", "dam", "flood", "strike", "court", "vote", "ship", "factory", "missile",
    "border", "talks", "police", "market", "storm", "bridge", "election", "inquiry", "harbor",
    "council",
)  # fmt: skip
FIRST_DAY = date(2021, 1, 1)


def _article(rng: random.Random, story: int, index: int, day: date) -> Article:
    topic = " ".join(rng.sample(WORDS, 4))
    text = (
        f"Report {story}-{index} on the {topic}. Officials said the {WORDS[story % len(WORDS)]} "
        f"case number {story} would be reviewed. Residents described long queues."
    )
    return Article(
        id=Article.make_id(text),
        source_path=f"bench/{story:06d}-{index}.txt",
        title=f"{topic.capitalize()} ({story})",
        text=text,
        raw_text=text,
        published=Published(day, DateBasis.DATELINE, "CITY"),
        outlet=OUTLETS[rng.randrange(len(OUTLETS))],
        language="fr" if rng.random() < 0.1 else "en",
    )


def write_large_store(path: Path, stories: int, seed: int = 42) -> int:
    """Write ``stories`` stories (and their articles) to a new store at ``path``; the number
    of articles written."""
    rng = random.Random(seed)
    store = open_store(path)
    story_records, derivations, count = [], [], 0
    try:
        with store.transaction():
            for number in range(stories):
                size = rng.choices((1, 2, 3, 6), weights=(70, 18, 9, 3))[0]
                start = FIRST_DAY + timedelta(days=rng.randrange(4 * 365))
                members = [_article(rng, number, i, start + timedelta(days=i)) for i in range(size)]
                for article in members:
                    store.add_article(article)
                count += size
                ids = tuple(a.id for a in members)
                if size > 1 and rng.random() < 0.4:  # a rewrite: one source fewer
                    derivations.append(
                        Derivation(ids[0], ids[1], DerivationKind.LIGHT_REWRITE, 0.9)
                    )
                story_records.append(Story(content_id("story", ids[0]), members[0].title, ids))
            store.put_result("stories", [to_jsonable(s) for s in story_records])
            store.put_derivation_edges(
                [StoredEdge(d.from_id, d.to_id, True, to_jsonable(d)) for d in derivations]
            )
    finally:
        store.close()
    return count


def _times_ms(action: Callable[[int], object], repeat: int) -> tuple[float, float]:
    """(min, median) of ``repeat`` runs; the run number is passed to the action."""
    times = []
    for run in range(repeat):
        start = time.perf_counter()
        action(run)
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def _floor(path: Path, page: list[dict[str, Any]], members: dict[str, tuple[str, ...]]) -> None:
    """The bare read of one page's rows: its articles' columns by id, and the rows as JSON."""
    ids = [a for row in page for a in members[row["id"]]]
    db = sqlite3.connect(path)
    try:
        marks = ", ".join("?" * len(ids))
        db.execute(
            f"SELECT id, outlet, language, published_date FROM articles WHERE id IN ({marks})",
            ids,
        ).fetchall()
    finally:
        db.close()
    json.dumps(page, sort_keys=True)


def add_story(path: Path, number: int, size: int = 3) -> str:
    """Add one story of ``size`` new articles the way ``write_large_store`` writes: the
    articles with ``add_article`` and the stories result with the new story at its end;
    its id."""
    rng = random.Random(number)
    day = FIRST_DAY + timedelta(days=rng.randrange(4 * 365))
    members = [_article(rng, number, i, day + timedelta(days=i)) for i in range(size)]
    store = open_store(path)
    try:
        with store.transaction():
            for article in members:
                store.add_article(article)
            ids = tuple(a.id for a in members)
            story = Story(content_id("story", ids[0]), members[0].title, ids)
            store.put_result("stories", [*(store.result("stories") or []), to_jsonable(story)])
    finally:
        store.close()
    return story.id


def _after_changes(app: Any, client: TestClient, path: Path, repeat: int) -> dict[str, float]:
    """The snapshot build (CPU) and the first index request after each of ``repeat`` store
    changes (a new story of three articles), as (min, median) ms."""
    builds, firsts = [], []
    for run in range(repeat):
        add_story(path, 10_000_000 + run)
        start = time.process_time()
        app.state.views.snapshot()
        builds.append((time.process_time() - start) * 1000)
        start = time.perf_counter()
        assert client.get(f"/?changed={run}").status_code == 200
        firsts.append((time.perf_counter() - start) * 1000)
    results = {}
    for name, times, target in (
        ("snapshot build after a change (CPU)", builds, 1000.0),
        ("first request after a change", firsts, TARGET_MS),
    ):
        low, mid = min(times), statistics.median(times)
        results[f"{name} min"], results[f"{name} median"] = low, mid
        verdict = "ok" if mid < target else "OVER TARGET"
        print(f"  {name:<37} {low:7.1f} / {mid:7.1f} ms  (target < {target:.0f})  {verdict}")
    return results


def main(stories: int = 100_000, repeat: int = 7, keep: Path | None = None) -> dict[str, float]:
    """Print and return the timings (ms)."""
    with tempfile.TemporaryDirectory() as folder:
        path = keep or Path(folder) / "bench.db"
        if not path.exists():
            start = time.perf_counter()
            articles = write_large_store(path, stories)
            print(f"store written: {stories:,} stories, {articles:,} articles "
                  f"in {time.perf_counter() - start:.0f} s")  # fmt: skip
        app = create_app(path, "bench")
        client = TestClient(app, base_url="http://127.0.0.1")
        results: dict[str, float] = {}
        start = time.perf_counter()
        snap = app.state.views.snapshot()
        results["snapshot_build_ms"] = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        assert client.get("/?first=1").status_code == 200
        results["first_request_ms"] = (time.perf_counter() - start) * 1000
        members = {s.id: s.article_ids for s in snap.contents.stories}
        rows = all_rows(snap)
        print(f"Index page, {len(snap.contents.stories):,} stories, "
              f"{len(snap.contents.articles):,} articles (min / median of {repeat}; "
              f"target < {TARGET_MS:.0f} ms)")  # fmt: skip
        print(f"  snapshot build (once per store change)   {results['snapshot_build_ms']:8.0f} ms")
        print(f"  first request (rows and order built)     {results['first_request_ms']:8.0f} ms")
        for sort in ("latest", "size"):
            _, order = ordered(snap, sort)
            for where, at in (("first", 0), ("middle", len(order) // 2), ("last", -1)):
                if at == -1:
                    at = (len(order) - 1) // DEFAULT_LIMIT * DEFAULT_LIMIT
                after = ""
                if at:
                    before = rows[order[at - 1]]
                    after = f"{_shown_key(sort, before)}|{before['id']}"
                page = [rows[sid] for sid in order[at : at + DEFAULT_LIMIT]]
                url = f"/?sort={sort}&after={after}"

                def fetch(run: int, url: str = url) -> None:
                    answer = client.get(f"{url}&r={run}")
                    assert answer.status_code == 200, answer.text[:200]

                def floor(_run: int, page: list[dict[str, Any]] = page) -> None:
                    _floor(path, page, members)

                low, mid = _times_ms(fetch, repeat)
                floor_low, floor_mid = _times_ms(floor, repeat)
                results[f"{sort}_{where}_ms"] = mid
                results[f"{sort}_{where}_floor_ms"] = floor_mid
                verdict = "ok" if mid < TARGET_MS else "OVER TARGET"
                print(f"  sort={sort:<6} {where:<6} page  {low:7.1f} / {mid:7.1f} ms"
                      f"   floor {floor_low:5.1f} / {floor_mid:5.1f} ms"
                      f"  = {mid / floor_mid:5.1f}x floor  {verdict}")  # fmt: skip
        for name, query in (("multi-source", "multi=true"), ("text search", "q=harbor")):

            def search(run: int, query: str = query) -> None:
                assert client.get(f"/?{query}&r={run}").status_code == 200

            low, mid = _times_ms(search, repeat)
            results[f"{name}_ms"] = mid
            verdict = "ok" if mid < TARGET_MS else "OVER TARGET"
            print(f"  {name:<13} first page  {low:7.1f} / {mid:7.1f} ms  {verdict}")
        low, mid = _times_ms(lambda _run: client.get("/"), repeat)
        results["cached_ms"] = mid
        print(f"  cached request (same URL again)   {low:7.1f} / {mid:7.1f} ms")
        results.update(_after_changes(app, client, path, repeat))
    return results


FIRST_NAMES = (*(f"{w.capitalize()}a" for w in WORDS), "Mara", "Ilse", "Tomas", "Oren",
    "Sefa", "Lio", "Anouk", "Pavel", "Ruth", "Iker")  # fmt: skip
LAST_NAMES = tuple(f"{a}{b}" for a in ("Kes", "Ver", "Os", "Al", "Bran", "Cor") for b in (
    "trel", "ran", "trin", "der", "holm", "wick", "by", "mont", "sted", "vale"))  # fmt: skip
MENTIONS_VERSION = "bench-1"


def add_mentions(path: Path, seed: int = 42) -> int:
    """Give every article of the store four mentions (seeded names of ``FIRST_NAMES`` and
    ``LAST_NAMES``), once; the number of articles given them."""
    rng = random.Random(seed)
    store = open_store(path)
    try:
        if store.analysis_versions("mentions"):
            return 0
        ids = sorted(a for batch in store.report_article_ids(5000) for a in batch)
        with store.transaction():
            for article_id in ids:
                names = {f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(4)}
                mentions = [{"text": n, "label": "PERSON"} for n in sorted(names)]
                store.put_analysis(article_id, "mentions", MENTIONS_VERSION, mentions)
        return len(ids)
    finally:
        store.close()


def write_rows(path: Path, story_ids: list[str] | None = None) -> None:
    """Write the story list rows (of these stories; None: every story's not current), as a
    run does, and say they are current."""
    from storyline.report.story_rows import INDEX_INPUTS, update_story_index
    from storyline.runner import INPUTS_KIND

    store = open_store(path)
    try:
        inputs = store.result(INPUTS_KIND)
        if story_ids is not None or inputs is None or store.result(INDEX_INPUTS) != inputs:
            update_story_index(store, story_ids)
            store.put_result(INPUTS_KIND, "bench")
            store.put_result(INDEX_INPUTS, "bench")
    finally:
        store.close()


def _wall_and_cpu(action: Callable[[int], object], repeat: int) -> list[float]:
    """[wall min, wall median, CPU min, CPU median] in ms of ``repeat`` runs."""
    walls, cpus = [], []
    for run in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        action(run)
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return [min(walls), statistics.median(walls), min(cpus), statistics.median(cpus)]


FILTERS = {
    "outlet": "outlet=Outlet+07",
    "date range": "date_from=2023-03-01&date_to=2023-03-31",
    "entity": "entity=kestrel",
    "language (nine articles in ten)": "lang=en",
    "outlet+lang+dates": "outlet=Outlet+07&lang=fr&date_from=2022-01-01&date_to=2023-12-31",
}


def filtered(stories: int, repeat: int, keep: Path | None) -> dict[str, list[float]]:
    """Print and return the filtered list's timings (``[wall min, median, CPU min, median]``)."""
    with tempfile.TemporaryDirectory() as folder:
        path = keep or Path(folder) / "bench.db"
        if not path.exists():
            articles = write_large_store(path, stories)
            print(f"store written: {stories:,} stories, {articles:,} articles")
        add_mentions(path)
        start = time.perf_counter()
        write_rows(path)
        print(f"story list rows current ({time.perf_counter() - start:.0f} s)")
        app = create_app(path, "bench")
        client = TestClient(app, base_url="http://127.0.0.1")
        results: dict[str, list[float]] = {}
        start = time.perf_counter()
        assert client.get(f"/?{FILTERS['outlet']}&first=1").status_code == 200
        results["first request"] = [(time.perf_counter() - start) * 1000]
        print(f"Filtered story list, {stories:,} stories (ms: wall min / median, CPU min / "
              f"median of {repeat}; snapshot builds so far: {app.state.views.builds})")  # fmt: skip
        print(f"  first request of the server             {results['first request'][0]:8.0f}")
        for name, query in FILTERS.items():
            answer = client.get(f"/api/stories?{query}")
            cursor = answer.headers.get("x-next-after", "")
            print(f"  {name}: {answer.headers['x-total-count']} stories")
            for page, url in (
                ("first page", f"/?{query}"),
                ("next page", f"/?{query}&after={cursor}"),
                ("by size", f"/?{query}&sort=size"),
            ):

                def fetch(run: int, url: str = url) -> None:
                    assert client.get(f"{url}&r={run}").status_code == 200

                times = _wall_and_cpu(fetch, repeat)
                results[f"{name} {page}"] = times
                print(f"    {page:<11} {times[0]:7.1f} / {times[1]:7.1f}   CPU "
                      f"{times[2]:7.1f} / {times[3]:7.1f}")  # fmt: skip

        walls, cpus = [], []
        for run in range(repeat):
            write_rows(path, [add_story(path, 20_000_000 + run)])
            wall, cpu = time.perf_counter(), time.process_time()
            assert client.get(f"/?{FILTERS['outlet']}&changed={run}").status_code == 200
            cpus.append((time.process_time() - cpu) * 1000)
            walls.append((time.perf_counter() - wall) * 1000)
        times = [min(walls), statistics.median(walls), min(cpus), statistics.median(cpus)]
        results["after a change"] = times
        print(f"  first outlet request after a change {times[0]:7.1f} / {times[1]:7.1f}   CPU "
              f"{times[2]:7.1f} / {times[3]:7.1f}")  # fmt: skip
        print(f"  snapshot builds: {app.state.views.builds}")
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="write the store here once and reuse it")
    parser.add_argument("--filters", action="store_true", help="the filtered story list")
    options = parser.parse_args()
    if options.filters:
        filtered(options.stories, options.repeat, options.keep)
    else:
        main(options.stories, options.repeat, options.keep)
