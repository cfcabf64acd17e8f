"""Derivation scoring on the Clough & Stevenson (2011) corpus of plagiarised short answers.

Run from the repo root: ``python -m eval.clough``.

Data. 5 source texts (Wikipedia articles) and 95 answers, each written from its task's source
under one of four conditions: cut (near copy), light revision, heavy revision, non (written
independently, on the same topic). Each answer is scored as a pair (source, answer).

Metrics, over the 95 pairs and over the 38-answer test split the corpus copy ships with
(``upstream_test_info.csv``):
- binary derived-vs-not precision, recall and F1 (cut, light and heavy are derived);
- kind accuracy over four classes (non, copy = cut, light, heavy), and its confusion matrix;
- direction: among the derived pairs Storyline finds, the share whose ``find_derivations`` edge
  runs from the source to the answer (no dates and no outlets here: containment asymmetry only);
- corpus run: ``find_derivations`` over all 100 texts at once (LSH candidates), precision and
  recall of its source->answer edges.

Peers, measured in the same run: word-trigram containment of the answer in the source, and
TF-IDF cosine (scikit-learn), each with thresholds fitted on the answers outside the test split
(the best binary F1 threshold, then the best two kind thresholds). Storyline's thresholds are
constants of ``storyline.link.derivation``, chosen on this corpus together with the news seeds
and the sample corpus; its figures here are therefore in-sample, not held-out.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.link.alignment import PreparedText
from storyline.link.derivation import find_derivations, judge, kind_of
from storyline.link.quote_mask import masked_words, ngrams
from storyline.model import Article, DateBasis, Published

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "clough_stevenson"
OUT = ROOT / "eval" / "out"
SEEDS = ROOT / ".." / "shared" / "seeds"
FLOORS = ROOT / "eval" / "floors" / "derivation.json"
KINDS = ("non", "cut", "light", "heavy")
STORYLINE_KIND = {"copy": "cut", "light_rewrite": "light", "heavy_rewrite": "heavy"}


@dataclass(frozen=True, slots=True)
class Answer:
    file: str
    task: str
    gold: str  # non, cut, light, heavy
    test: bool  # in the corpus copy's test split
    text: str


def _read(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:  # a few answers were saved as Windows-1252
        return raw.decode("cp1252")


def data_sha256() -> str:
    """One hash over the file table and every text, in name order."""
    digest = hashlib.sha256()
    for path in [DATA / "file_information.csv", *sorted((DATA / "docs").glob("*.txt"))]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load() -> tuple[dict[str, str], list[Answer]]:
    """Source text per task, and the answers."""
    rows = list(csv.DictReader((DATA / "file_information.csv").open(encoding="utf-8")))
    with (DATA / "upstream_test_info.csv").open(encoding="utf-8") as handle:
        test = {row["File"] for row in csv.DictReader(handle)}
    sources = {r["Task"]: _read(DATA / "docs" / r["File"]) for r in rows if r["Category"] == "orig"}
    answers = [
        Answer(
            r["File"], r["Task"], r["Category"], r["File"] in test, _read(DATA / "docs" / r["File"])
        )
        for r in rows
        if r["Category"] != "orig"
    ]
    return sources, answers


# ---- scoring -----------------------------------------------------------------------------


def binary(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    tp = sum(g != "non" and p != "non" for g, p in zip(gold, predicted, strict=True))
    fp = sum(g == "non" and p != "non" for g, p in zip(gold, predicted, strict=True))
    fn = sum(g != "non" and p == "non" for g, p in zip(gold, predicted, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": precision, "r": recall, "f1": f1}


def metrics(answers: Sequence[Answer], predicted: dict[str, str]) -> dict[str, float]:
    gold = [a.gold for a in answers]
    guess = [predicted[a.file] for a in answers]
    scores = binary(gold, guess)
    scores["kind_acc"] = sum(g == p for g, p in zip(gold, guess, strict=True)) / len(gold)
    return scores


# ---- Storyline ---------------------------------------------------------------------------


def storyline_kinds(sources: dict[str, str], answers: Sequence[Answer]) -> dict[str, str]:
    """Answer file -> predicted class, scoring each (source, answer) pair."""
    prepared = {task: PreparedText.of(text) for task, text in sources.items()}
    found = {}
    for answer in answers:
        verdict = judge(prepared[answer.task], PreparedText.of(answer.text))
        kind = kind_of(verdict.alignment, b_is_derived=True) if verdict.derived else None
        found[answer.file] = STORYLINE_KIND[kind.value] if kind else "non"
    return found


def _article(name: str, text: str) -> Article:
    return Article(
        id=name,
        source_path=name,
        title=name,
        text=text,
        raw_text=text,
        published=Published(None, DateBasis.UNKNOWN),
    )


def direction_accuracy(
    sources: dict[str, str], answers: Sequence[Answer], predicted: dict[str, str]
) -> float:
    """Among pairs found derived, the share oriented source -> answer."""
    right = total = 0
    for answer in answers:
        if answer.gold == "non" or predicted[answer.file] == "non":
            continue
        pair = [
            _article(f"orig_task{answer.task}", sources[answer.task]),
            _article(answer.file, answer.text),
        ]
        edges = find_derivations(pair)
        total += 1
        right += any(d.from_id == pair[0].id and d.to_id == pair[1].id for d in edges)
    return right / total if total else 0.0


def corpus_run(sources: dict[str, str], answers: Sequence[Answer]) -> dict[str, float]:
    """``find_derivations`` over the whole corpus at once: source->answer edge P/R."""
    articles = [_article(f"orig_task{t}", text) for t, text in sorted(sources.items())]
    articles += [_article(a.file, a.text) for a in answers]
    started = time.perf_counter()
    edges = find_derivations(articles)
    seconds = time.perf_counter() - started
    gold = {(f"orig_task{a.task}", a.file) for a in answers if a.gold != "non"}
    from_source = {(d.from_id, d.to_id) for d in edges if d.from_id.startswith("orig_")}
    touching = {
        (d.from_id, d.to_id)
        for d in edges
        if d.from_id.startswith("orig_") or d.to_id.startswith("orig_")
    }
    hits = len(gold & from_source)
    return {
        "edge_p": hits / len(touching) if touching else 0.0,
        "edge_r": hits / len(gold),
        "answer_answer_edges": float(len(edges) - len(touching)),
        "seconds": seconds,
    }


def run_storyline() -> tuple[dict[str, float], dict[str, str]]:
    """Storyline's metrics on all 95 pairs (and ``test_*`` on the test split)."""
    sources, answers = load()
    predicted = storyline_kinds(sources, answers)
    scores = metrics(answers, predicted)
    scores |= {
        f"test_{k}": v for k, v in metrics([a for a in answers if a.test], predicted).items()
    }
    scores["direction_acc"] = direction_accuracy(sources, answers, predicted)
    return scores, predicted


# ---- peers ------------------------------------------------------------------------------


def trigram_containment(source: str, answer: str) -> float:
    """Share of the answer's word trigrams found in the source (quotations masked too)."""
    ours = ngrams(masked_words(answer), 3)
    return len(ours & ngrams(masked_words(source), 3)) / (len(ours) or 1)


def tfidf_cosine(sources: dict[str, str], answers: Sequence[Answer]) -> dict[str, float]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    tasks = sorted(sources)
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    matrix = vectorizer.fit_transform([sources[t] for t in tasks] + [a.text for a in answers])
    row = {t: i for i, t in enumerate(tasks)}
    return {
        a.file: float(cosine_similarity(matrix[row[a.task]], matrix[len(tasks) + i])[0, 0])
        for i, a in enumerate(answers)
    }


def fit_thresholds(values: dict[str, float], answers: Sequence[Answer]) -> Callable[[float], str]:
    """Best binary-F1 threshold, then the best copy/light thresholds above it (train split)."""
    train = [a for a in answers if not a.test]
    grid = sorted({round(values[a.file], 3) for a in train})

    def classify(value: float, derived: float, light: float, copy: float) -> str:
        if value < derived:
            return "non"
        return "cut" if value >= copy else "light" if value >= light else "heavy"

    gold = [a.gold for a in train]
    derived = max(
        grid,
        key=lambda t: binary(gold, ["non" if values[a.file] < t else "x" for a in train])["f1"],
    )
    above = [t for t in grid if t >= derived]
    light, copy = max(
        ((lo, hi) for lo in above for hi in above if hi >= lo),
        key=lambda th: sum(classify(values[a.file], derived, *th) == a.gold for a in train),
    )
    return lambda value: classify(value, derived, light, copy)


def run_peers(
    sources: dict[str, str], answers: Sequence[Answer]
) -> tuple[dict[str, dict[str, float]], dict[str, Callable[[float], str]]]:
    """Each peer's metrics, and its fitted rule (value -> class)."""
    containment = {a.file: trigram_containment(sources[a.task], a.text) for a in answers}
    cosine = tfidf_cosine(sources, answers)
    results, rules = {}, {}
    for name, values in (("trigram containment", containment), ("tf-idf cosine", cosine)):
        rules[name] = rule = fit_thresholds(values, answers)
        predicted = {a.file: rule(values[a.file]) for a in answers}
        scores = metrics(answers, predicted)
        scores |= {
            f"test_{k}": v for k, v in metrics([a for a in answers if a.test], predicted).items()
        }
        results[name] = scores
    return results, rules


def seed_pairs(rules: dict[str, Callable[[float], str]]) -> dict[str, list[str]]:
    """Pairs of seeds 000-003 each system calls derived; only 000-002 is (news, not Clough)."""
    seeds = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("00[0-3]_*"))}
    pairs = [(x, y) for x in sorted(seeds) for y in sorted(seeds) if x < y]
    as_sources = {x: seeds[x] for x in seeds}
    as_answers = [Answer(y, x, "non", False, seeds[y]) for x, y in pairs]
    cosine = tfidf_cosine(as_sources, as_answers)
    found: dict[str, list[str]] = {}
    prepared = {k: PreparedText.of(v) for k, v in seeds.items()}
    found["storyline"] = [f"{x}-{y}" for x, y in pairs if judge(prepared[x], prepared[y]).derived]
    for name, rule in rules.items():
        found[name] = [
            f"{x}-{y}"
            for x, y in pairs
            if rule(
                max(
                    trigram_containment(seeds[x], seeds[y]), trigram_containment(seeds[y], seeds[x])
                )
                if name.startswith("trigram")
                else cosine[y]
            )
            != "non"
        ]
    return found


# ---- report -----------------------------------------------------------------------------


def confusion(answers: Sequence[Answer], predicted: dict[str, str]) -> str:
    counts = Counter((a.gold, predicted[a.file]) for a in answers)
    lines = ["gold \\ predicted " + " ".join(f"{k:>6}" for k in KINDS)]
    for gold in KINDS:
        lines.append(f"{gold:>17} " + " ".join(f"{counts[(gold, p)]:>6}" for p in KINDS))
    return "\n".join(lines)


def write_errors(answers: Sequence[Answer], predicted: dict[str, str]) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "derivation_errors.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for a in answers:
            if predicted[a.file] != a.gold:
                row = {
                    "file": a.file,
                    "gold": a.gold,
                    "predicted": predicted[a.file],
                    "test": a.test,
                    "start": a.text[:200],
                }
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def _row(name: str, scores: dict[str, float]) -> str:
    keys = ("p", "r", "f1", "kind_acc", "test_f1", "test_kind_acc")
    return f"{name:<22}" + "".join(f"{scores[k]:>10.3f}" for k in keys)


def main() -> int:
    if not DATA.is_dir():
        print("Clough & Stevenson data (../shared/data/clough_stevenson) is absent; nothing to do.")
        return 0
    sources, answers = load()
    scores, predicted = run_storyline()
    corpus = corpus_run(sources, answers)
    peers, rules = run_peers(sources, answers)
    print(f"Clough & Stevenson: {len(answers)} answers, data sha256 {data_sha256()[:12]}")
    print(
        f"{'system':<22}"
        + "".join(f"{k:>10}" for k in ("P", "R", "F1", "kind", "test F1", "test kind"))
    )
    print(_row("storyline", scores))
    for name, peer in peers.items():
        print(_row(name + " (fit)", peer))
    print(f"storyline direction accuracy (source -> answer): {scores['direction_acc']:.3f}")
    print(
        f"corpus run over all 100 texts: source->answer edge P {corpus['edge_p']:.3f} "
        f"R {corpus['edge_r']:.3f}, {corpus['answer_answer_edges']:.0f} answer-answer edges, "
        f"{corpus['seconds']:.2f} s"
    )
    if SEEDS.is_dir():
        for name, pairs in seed_pairs(rules).items():
            print(f"seed pairs called derived by {name}: {pairs} (truth: ['000-002'])")
    print(confusion(answers, predicted))
    print(f"errors written to {write_errors(answers, predicted).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
