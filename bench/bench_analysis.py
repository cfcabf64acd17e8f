"""The whole analysis stage against a bare spaCy pass over the same texts, in one run.

Peer (the floor): ``nlp.pipe`` of the same model over the same texts, on one process and on two
(both cores). Measured: ``storyline.analyze.stage.analyze_articles`` (the spaCy pass plus
time expressions, quotes, claims, entities, events and clustering features, written to an
in-memory store). Target (issue 5): analysis at most 1.3x the bare spaCy pass.

    python -m bench.bench_analysis [--articles N]

Texts: ECB+ articles from ../shared/data/ecbplus when present, else the bundled sample corpus
repeated; the same texts for every measurement.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from datetime import date
from pathlib import Path

from storyline.analyze.stage import COMPONENTS, analyze_articles
from storyline.ingest.stage import IngestReport, discover, ingest_file, source_label
from storyline.model import Article, DateBasis, Published
from storyline.nlp.language import load_nlp
from storyline.store import open_store

REPO = Path(__file__).resolve().parents[1]
ECBPLUS = REPO / ".." / "shared" / "data" / "ecbplus" / "ecbplus_train_dev.jsonl"
SAMPLES = REPO / "src" / "storyline" / "samples" / "corpus"


def corpus_texts(count: int) -> list[str]:
    """``count`` article texts: ECB+ when present, else the sample corpus repeated."""
    if ECBPLUS.exists():
        lines = ECBPLUS.read_text().splitlines()
        texts = [json.loads(line)["text"] for line in lines]
    else:
        store = open_store(":memory:")
        report = IngestReport()
        for path in discover([SAMPLES]):
            ingest_file(store, path, source_label(path, [SAMPLES]), report)
        texts = [a.text for a in store.articles()]
    return [texts[i % len(texts)] for i in range(count)]


def as_articles(texts: list[str]) -> list[Article]:
    return [
        Article(
            id=f"bench{i:06d}",
            source_path="bench",
            title="",
            text=text,
            raw_text=text,
            published=Published(date(2024, 5, 15), DateBasis.METADATA),
        )
        for i, text in enumerate(texts)
    ]


def timed(step: object) -> float:
    started = time.perf_counter()
    step()  # type: ignore[operator]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    texts = corpus_texts(args.articles)
    nlp = load_nlp()
    list(nlp.pipe(texts[:20]))  # warm up
    bare_one = timed(lambda: list(nlp.pipe(texts, batch_size=32)))
    bare_two = timed(lambda: list(nlp.pipe(texts, batch_size=32, n_process=2)))
    store = open_store(":memory:")
    articles = as_articles(texts)
    for article in articles:
        store.add_article(article)
    ours = timed(lambda: analyze_articles(store, articles, COMPONENTS))
    words = sum(len(t.split()) for t in texts)
    print(
        f"machine: {platform.machine()}, {platform.python_version()}, "
        f"{len(texts)} articles, {words:,} words"
    )
    print(f"bare nlp.pipe, 1 process:  {bare_one:7.2f} s")
    print(f"bare nlp.pipe, 2 processes: {bare_two:7.2f} s")
    print(f"storyline analysis:        {ours:7.2f} s")
    print(f"ratio to bare 1-process pass: {ours / bare_one:.2f}")
    print(f"ratio to bare 2-process pass: {ours / bare_two:.2f}")


if __name__ == "__main__":
    main()
