"""Quantities on NewsQuant: Storyline's claim extractor side by side with quantulum3 and CQE.

Run from the repo root: ``python -m eval.newsquant`` (``--errors`` prints Storyline's misses
and false alarms, ``--pin`` writes the measured figures and floors to eval/floors/newsquant.json).
Skips cleanly when ../shared/data/newsquant/dev.json is absent; a peer that is not installed
is reported as such (quantulum3 is in the ``eval`` extra; CQE is not, see EVALUATION.md).

Data: NewsQuant (Almasian et al., EMNLP 2023), the even-numbered half: news sentences with
every quantity annotated as value (a number, or a range ``lo-hi``), unit, normalized unit,
change and concepts.

Matching, following the CQE paper's evaluation (CQE_Evaluation ``evaluate_models.py``):
per sentence, a predicted quantity matches a gold one when their values are equal within a
relative tolerance of 1e-5 (a range matches a range with both ends equal, never a single value;
quantulum3 writes a range as its mean, so for quantulum3 only a gold range is compared as its
mean, as the paper did); for value+unit, the normalized units must also be equal as lower-case
strings (``percentage``, ``dollar``, ``kilometre``, ``pound sterling``; noun units as their
singular: ``user``). Unlike the paper's loop, each prediction is used at most once and each
metric has its own one-to-one matching, so a prediction cannot count twice. Precision is over
all predicted quantities, recall over all gold ones (micro, over the set).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import locale
import math
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "newsquant" / "dev.json"
FLOORS = ROOT / "eval" / "floors" / "newsquant.json"
CQE_PUBLISHED_VALUE_UNIT_F1 = 0.856  # CQE paper, full NewsQuant set

Value = float | tuple[float, float]


@dataclass(frozen=True)
class Quantity:
    """A quantity as scored: its value (or range) and its normalized unit ("-" for none)."""

    value: Value
    unit: str


@dataclass
class Tally:
    """Counts over the set: predictions, gold quantities, value and value+unit matches."""

    predicted: int = 0
    gold: int = 0
    value: int = 0
    value_unit: int = 0
    misses: list[tuple[str, list[Quantity], list[Quantity]]] = field(default_factory=list)

    def metrics(self) -> dict[str, float]:
        found = {}
        for name, hits in (("value", self.value), ("value_unit", self.value_unit)):
            p = hits / self.predicted if self.predicted else 0.0
            r = hits / self.gold if self.gold else 0.0
            found[f"{name}_p"], found[f"{name}_r"] = round(p, 4), round(r, 4)
            found[f"{name}_f1"] = round(2 * p * r / (p + r), 4) if p + r else 0.0
        return found


def data_sha256() -> str:
    return hashlib.sha256(DATA.read_bytes()).hexdigest()


def load_sentences() -> list[dict[str, Any]]:
    sentences: list[dict[str, Any]] = json.loads(DATA.read_text(encoding="utf-8"))
    return sentences


def gold_value(text: str) -> Value:
    """``"252.0-287.0"`` -> (252.0, 287.0); ``"-5.0"`` -> -5.0; ``"3.0 - 4.0"`` a range too."""
    text = text.strip()
    cut = text.find("-", 1)
    if cut > 0 and "e" not in text.casefold():
        return float(text[:cut]), float(text[cut + 1 :])
    return float(text)


def gold_quantities(sentence: dict[str, Any], average_ranges: bool = False) -> list[Quantity]:
    found = []
    for item in sentence["quantities"]:
        value = gold_value(str(item["value"]))
        if average_ranges and isinstance(value, tuple):
            value = (value[0] + value[1]) / 2
        found.append(Quantity(value, str(item["normalized_unit"]).strip().casefold()))
    return found


def values_match(gold: Value, predicted: Value) -> bool:
    if isinstance(gold, tuple) != isinstance(predicted, tuple):
        return False
    if isinstance(gold, tuple) and isinstance(predicted, tuple):
        return all(_close(g, p) for g, p in zip(gold, predicted, strict=True))
    assert not isinstance(gold, tuple) and not isinstance(predicted, tuple)
    return _close(gold, predicted)


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-8)


def _matched(gold: list[Quantity], predicted: list[Quantity], with_unit: bool) -> int:
    """One-to-one greedy matching: each gold quantity takes the first unused equal prediction."""
    free = list(predicted)
    hits = 0
    for quantity in gold:
        for candidate in free:
            if values_match(quantity.value, candidate.value) and (
                not with_unit or candidate.unit == quantity.unit
            ):
                free.remove(candidate)
                hits += 1
                break
    return hits


def score(
    sentences: Sequence[dict[str, Any]],
    predictions: Iterable[list[Quantity]],
    average_ranges: bool = False,
) -> Tally:
    tally = Tally()
    for sentence, predicted in zip(sentences, predictions, strict=True):
        gold = gold_quantities(sentence, average_ranges)
        tally.predicted += len(predicted)
        tally.gold += len(gold)
        value_hits = _matched(gold, predicted, with_unit=False)
        unit_hits = _matched(gold, predicted, with_unit=True)
        tally.value += value_hits
        tally.value_unit += unit_hits
        if unit_hits < max(len(gold), len(predicted)):
            tally.misses.append((sentence["text"], gold, predicted))
    return tally


# ---- the systems ---------------------------------------------------------------------------


def storyline_quantities(texts: Sequence[str]) -> list[list[Quantity]]:
    """Every quantity Storyline's claim extractor reads in each sentence, units normalized."""
    from storyline.nlp.claims.quantities import find_quantities
    from storyline.nlp.language import load_nlp

    nlp = load_nlp()
    found = []
    for doc in nlp.pipe(texts, batch_size=32):
        found.append(
            [
                Quantity(q.range if q.range else q.value, q.normalized_unit or "-")
                for q in find_quantities(doc)
            ]
        )
    return found


def quantulum_quantities(texts: Sequence[str]) -> list[list[Quantity]] | None:
    try:
        from quantulum3 import classifier, parser
    except ImportError:
        return None
    # its bundled unit classifier was pickled with an older scikit-learn that this one cannot
    # load; quantulum3 then disambiguates units by its rules (no_classifier)
    classifier.USE_CLF = False
    found = []
    for text in texts:
        parsed = parser.parse(text)
        found.append([Quantity(float(q.value), _quantulum_unit(q.unit.name)) for q in parsed])
    return found


def _quantulum_unit(name: str) -> str:
    return "-" if name == "dimensionless" else name.casefold()


def cqe_quantities(texts: Sequence[str]) -> list[list[Quantity]] | None:
    """CQE 2.0.3 with the installed English model; None when CQE or its locale is missing."""
    try:
        locale.setlocale(locale.LC_ALL, "en_US.UTF-8")  # CQE sets it on import and needs it
    except locale.Error:
        return None
    try:
        from CQE import CQE
    except ImportError:
        return None
    parser = CQE.CQE(spacy_model=_english_model_name())
    found = []
    for text in texts:
        found.append([_cqe_quantity(q) for q in parser.parse(text)])
    return found


def _english_model_name() -> str:
    from storyline.nlp.language import load_nlp

    meta = load_nlp().meta
    return f"{meta['lang']}_{meta['name']}"


def _cqe_quantity(quantity: Any) -> Quantity:
    value = quantity.value
    if hasattr(value, "lower"):
        number: Value = (float(value.lower), float(value.upper))
    else:
        number = float(value.value)
    return Quantity(number, str(quantity.unit.norm_unit).strip().casefold())


SYSTEMS: dict[str, Callable[[Sequence[str]], list[list[Quantity]] | None]] = {
    "storyline": storyline_quantities,
    "quantulum3": quantulum_quantities,
    "CQE": cqe_quantities,
}


def run_storyline() -> Tally:
    sentences = load_sentences()
    return score(sentences, storyline_quantities([s["text"] for s in sentences]))


def evaluate(systems: Sequence[str]) -> dict[str, dict[str, float] | None]:
    sentences = load_sentences()
    texts = [s["text"] for s in sentences]
    results: dict[str, dict[str, float] | None] = {}
    for name in systems:
        predictions = SYSTEMS[name](texts)
        if predictions is None:
            results[name] = None
            continue
        tally = score(sentences, predictions, average_ranges=name == "quantulum3")
        results[name] = {**tally.metrics(), "predicted": tally.predicted, "gold": tally.gold}
    return results


def _print_table(results: dict[str, dict[str, float] | None]) -> None:
    print(f"{'system':<12} {'value P/R/F1':>22} {'value+unit P/R/F1':>24}")
    for name, metrics in results.items():
        if metrics is None:
            print(f"{name:<12} not installed")
            continue
        value = f"{metrics['value_p']:.3f}/{metrics['value_r']:.3f}/{metrics['value_f1']:.3f}"
        unit = (
            f"{metrics['value_unit_p']:.3f}/{metrics['value_unit_r']:.3f}/"
            f"{metrics['value_unit_f1']:.3f}"
        )
        print(f"{name:<12} {value:>22} {unit:>24}")
    if results.get("CQE") is None:
        print(f"CQE published value+unit F1 on the full set: {CQE_PUBLISHED_VALUE_UNIT_F1}")


def _print_errors(tally: Tally) -> None:
    for text, gold, predicted in tally.misses:
        print(text)
        print("  gold:", [(q.value, q.unit) for q in gold])
        print("  ours:", [(q.value, q.unit) for q in predicted])


def _pin(results: dict[str, dict[str, float] | None]) -> None:
    ours = results["storyline"]
    assert ours is not None
    floors = {
        "data": "../shared/data/newsquant/dev.json",
        "sha256": data_sha256(),
        "measured": results,
        # a little under the measured figures, so that noise does not fail the gate
        "floors": {
            "value_f1": math.floor(ours["value_f1"] * 100 - 1) / 100,
            "value_unit_f1": math.floor(ours["value_unit_f1"] * 100 - 1) / 100,
        },
    }
    FLOORS.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="print Storyline's errors")
    parser.add_argument("--pin", action="store_true", help="write eval/floors/newsquant.json")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"skipped: {DATA} is absent")
        return 0
    if args.errors:
        _print_errors(run_storyline())
        return 0
    results = evaluate(args.systems.split(","))
    _print_table(results)
    if args.pin:
        _pin(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
