"""Speed of mentions, claims and events against the spaCy pass they read from.

Run from the repo root: ``python -m bench.extraction [--articles 300]``. Parses ECB+ articles
(../shared/data/ecbplus; the five seeds repeated when it is absent) with the English pipeline,
then runs ``find_mentions``, ``find_claims`` and ``find_events`` over the parsed docs, twice:
each component finding mentions on its own (as ``analyze.stage`` calls them) and the
mentions found once and passed on. Prints the time of each and the ratio
(spaCy + analysis) / spaCy, which the task bounds at 1.3; both are measured in the same run,
so the ratio holds on a busy machine where absolute times do not.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ECBPLUS = ROOT / ".." / "shared" / "data" / "ecbplus" / "ecbplus_train_dev.jsonl"
SEEDS = ROOT / ".." / "shared" / "seeds"
CEILING = 1.3


def _texts(count: int) -> list[str]:
    if ECBPLUS.exists():
        lines = ECBPLUS.read_text(encoding="utf-8").splitlines()[:count]
        return [json.loads(line)["text"] for line in lines]
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return (seeds * (count // max(1, len(seeds)) + 1))[:count] if seeds else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args(argv)
    texts = _texts(args.articles)
    if not texts:
        print("no shared data (../shared/data/ecbplus or ../shared/seeds): nothing to measure")
        return 0
    from storyline.nlp.claims.claims import find_claims
    from storyline.nlp.entities.entities import find_mentions
    from storyline.nlp.events import find_events
    from storyline.nlp.language import load_nlp

    nlp = load_nlp()
    list(nlp.pipe(texts[:10]))  # warm up: the first batch pays for lazy initialisation
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    spacy_s = time.perf_counter() - started

    started = time.perf_counter()
    for doc in docs:
        find_mentions(doc)
        find_claims(doc)
        find_events(doc)
    separate_s = time.perf_counter() - started

    started = time.perf_counter()
    for doc in docs:
        mentions = find_mentions(doc)
        find_claims(doc, mentions=mentions)
        find_events(doc, mentions=mentions)
    shared_s = time.perf_counter() - started

    separate, shared = (spacy_s + separate_s) / spacy_s, (spacy_s + shared_s) / spacy_s
    print(f"articles                  {len(docs)}")
    print(f"spaCy pass                {spacy_s:7.2f} s")
    print(f"analysis, separate        {separate_s:7.2f} s  ratio {separate:.3f}")
    print(f"analysis, shared mentions {shared_s:7.2f} s  ratio {shared:.3f}")
    print(f"ceiling                   {CEILING:.3f}")
    return 0 if separate <= CEILING else 1


if __name__ == "__main__":
    sys.exit(main())
