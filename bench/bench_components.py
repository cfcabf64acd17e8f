"""The analysis components' CPU against the spaCy parse they read, over the same texts.

Floor: the parse itself (``nlp.pipe`` of the English model, one process), measured in the
same run. Measured: each component of ``storyline.analyze.stage.COMPONENTS`` over the parsed
documents, one article at a time as the analysis stage runs them (the mentions, the document
view and the mention index are built by the first component that reads them). Process CPU,
so a shared machine's load weighs less than on wall time; each round parses again.

    python -m bench.bench_components [--articles 400] [--skip 0] [--repeat 3]

Texts: the bulk benchmark's real news (``bench.bench_bulk.news_records``: PolNeAR train and
dev, then ECB+), the English ones, ``--skip`` records from the start.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence

from bench.bench_bulk import news_records
from storyline.analyze.stage import COMPONENTS, Parsed, _run, _text_for
from storyline.ingest.readers.base import RawArticle
from storyline.ingest.stage import build_article
from storyline.model import Article
from storyline.nlp.language import parse, pipeline_for, scope_of


def english_articles(count: int, skip: int) -> list[Article]:
    """The English articles among ``count`` bench records after the first ``skip``."""
    records = news_records(skip + count)[skip:]
    articles = [
        build_article(
            RawArticle(
                raw_text=r["text"], source_path="bench", external_id=r["id"], title=r["title"]
            )
        )[0]
        for r in records
    ]
    return [a for a in articles if a.language in (None, "en")]


def one_round(articles: Sequence[Article]) -> dict[str, float]:
    """CPU seconds of the parse and of each component over ``articles``."""
    nlp = pipeline_for("en")
    assert nlp is not None, "the English model is not installed"
    started = time.process_time()
    docs = list(parse(nlp, [_text_for(nlp.max_length, a) for a in articles], ()))
    spent = {"parse": time.process_time() - started, **{c.kind: 0.0 for c in COMPONENTS}}
    for article, doc in zip(articles, docs, strict=True):
        parsed = Parsed(doc, article, scope_of(article.language))
        for component in COMPONENTS:
            started = time.process_time()
            _run(component, parsed)
            spent[component.kind] += time.process_time() - started
    return spent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--skip", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    articles = english_articles(args.articles, args.skip)
    rounds = [one_round(articles) for _ in range(args.repeat)]
    print(f"{len(articles)} English articles, {args.repeat} rounds; CPU seconds, min / median")
    for kind in rounds[0]:
        values = [r[kind] for r in rounds]
        print(f"{kind:>10}: {min(values):6.2f} / {statistics.median(values):6.2f}")
    totals = [sum(v for k, v in r.items() if k != "parse") for r in rounds]
    ratios = [t / r["parse"] for t, r in zip(totals, rounds, strict=True)]
    print(f"components: {min(totals):6.2f} / {statistics.median(totals):6.2f}")
    print(f"components / parse: {min(ratios):.3f} / {statistics.median(ratios):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
