"""Claims, events and entity resolution on the five seed articles, against hand annotations.

Run from the repo root: ``python -m eval.extraction`` (``--audit 40`` also writes a random
sample of claims found in ECB+ articles to eval/out/claims_audit.jsonl, for judging by hand).

Gold: eval/gold/seed_extraction.json, written by reading the seeds in ../shared/seeds.

Metrics.
- Claims: predictions and gold are matched one-to-one within an article on (quantity, unit);
  precision, recall and F1 over all seeds (micro). Claimant accuracy: among matched gold
  claims, the fraction whose predicted claimant equals the gold one (null included).
- Events: recall of the gold events; a gold event is found when a predicted event of the same
  article has its type and actor (and its trigger words, when the gold gives them). The gold
  lists the events the founding acceptance case names, not every event, so no precision.
- Entities: the fraction of gold surface forms all of whose mentions resolve to the gold name;
  titles: the fraction of gold people whose mentions carry the gold title.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / ".." / "shared" / "seeds"
ECBPLUS = ROOT / ".." / "shared" / "data" / "ecbplus" / "ecbplus_train_dev.jsonl"
GOLD = ROOT / "eval" / "gold" / "seed_extraction.json"
FLOORS = ROOT / "eval" / "floors" / "extraction.json"
OUT = ROOT / "eval" / "out"


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def data_sha256() -> str:
    """One hash over the seed files (names and bytes) and the gold annotations."""
    digest = hashlib.sha256()
    for path in [*seed_paths(), GOLD]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _parse(texts: Iterable[str]) -> list[Doc]:
    from storyline.nlp.language import load_nlp

    return list(load_nlp().pipe(texts, batch_size=32))


def _score_claims(
    docs: dict[str, Doc], gold: dict[str, list[dict[str, Any]]], errors: list[dict[str, Any]]
) -> dict[str, Any]:
    from storyline.nlp.claims.claims import find_claims

    predicted = matched = claimant_ok = total_gold = 0
    for key, doc in docs.items():
        found = find_claims(doc, key)
        expected = list(gold.get(key, []))
        total_gold += len(expected)
        predicted += len(found)
        for claim in found:
            hit = next(
                (g for g in expected if (g["quantity"], g["unit"]) == (claim.quantity, claim.unit)),
                None,
            )
            if hit is None:
                errors.append(
                    {
                        "kind": "claim_false_positive",
                        "seed": key,
                        "text": claim.quantity_span.of(doc.text),
                    }
                )
                continue
            expected.remove(hit)
            matched += 1
            if claim.claimant == hit["claimant"]:
                claimant_ok += 1
            else:
                errors.append(
                    {
                        "kind": "claimant",
                        "seed": key,
                        "gold": hit["claimant"],
                        "predicted": claim.claimant,
                    }
                )
        errors.extend({"kind": "claim_missed", "seed": key, **g} for g in expected)
    p = matched / predicted if predicted else 0.0
    r = matched / total_gold if total_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "claims_p": p,
        "claims_r": r,
        "claims_f1": f1,
        "claimant_acc": claimant_ok / matched if matched else 0.0,
    }


def _score_events(
    docs: dict[str, Doc], gold: dict[str, list[dict[str, Any]]], errors: list[dict[str, Any]]
) -> dict[str, Any]:
    from storyline.nlp.events import find_events

    found_count = total = 0
    for key, doc in docs.items():
        events = find_events(doc, key)
        for expected in gold.get(key, []):
            total += 1
            ok = any(
                e.type == expected["type"]
                and e.actor == expected["actor"]
                and expected.get("trigger", e.trigger.of(doc.text)) == e.trigger.of(doc.text)
                for e in events
            )
            found_count += ok
            if not ok:
                errors.append({"kind": "event_missed", "seed": key, **expected})
    return {"events_r": found_count / total if total else 0.0}


def _score_entities(
    docs: dict[str, Doc], gold: dict[str, Any], errors: list[dict[str, Any]]
) -> dict[str, Any]:
    from storyline.nlp.entities.entities import find_mentions

    right = total = titles_right = titles_total = 0
    for key, doc in docs.items():
        mentions = find_mentions(doc, key)
        for surface, name in gold["entities"].get(key, {}).items():
            names = {m.name for m in mentions if m.text == surface}
            total += 1
            right += names == {name}
            if names != {name}:
                errors.append(
                    {
                        "kind": "entity",
                        "seed": key,
                        "surface": surface,
                        "gold": name,
                        "predicted": sorted(n or "" for n in names),
                    }
                )
        for person, title in gold["titles"].get(key, {}).items():
            titles = {m.title for m in mentions if m.name == person and m.title}
            titles_total += 1
            titles_right += titles == {title}
            if titles != {title}:
                errors.append(
                    {
                        "kind": "title",
                        "seed": key,
                        "person": person,
                        "gold": title,
                        "predicted": sorted(titles),
                    }
                )
    return {
        "entities_acc": right / total if total else 0.0,
        "titles_acc": titles_right / titles_total if titles_total else 0.0,
    }


def run_storyline() -> tuple[dict[str, float], list[dict[str, Any]]]:
    """The metrics on the seeds and the list of errors behind them."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    paths = seed_paths()
    docs = dict(
        zip(
            [p.name[:3] for p in paths],
            _parse(p.read_text(encoding="utf-8") for p in paths),
            strict=True,
        )
    )
    errors: list[dict[str, Any]] = []
    metrics = _score_claims(docs, gold["claims"], errors)
    metrics |= _score_events(docs, gold["events"], errors)
    metrics |= _score_entities(docs, gold, errors)
    return metrics, errors


def audit_sample(size: int, seed: int = 42) -> list[dict[str, Any]]:
    """Claims found in a random sample of ECB+ articles, to judge by hand."""
    from storyline.nlp.claims.claims import find_claims

    rows = [json.loads(line) for line in ECBPLUS.read_text(encoding="utf-8").splitlines()]
    random.Random(seed).shuffle(rows)
    found = []
    for row, doc in zip(rows[:200], _parse(r["text"] for r in rows[:200]), strict=True):
        for claim in find_claims(doc, row["id"]):
            found.append(
                {
                    "id": row["id"],
                    "text": claim.quantity_span.of(doc.text),
                    "quantity": claim.quantity,
                    "unit": claim.unit,
                    "counted": claim.counted,
                    "claimant": claim.claimant,
                    "stance": claim.stance.value,
                    "sentence": claim.span.of(doc.text),
                }
            )
    random.Random(seed).shuffle(found)
    return found[:size]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--audit", type=int, default=0, help="claims from ECB+ to write out")
    args = parser.parse_args(argv)
    if not SEEDS.is_dir():
        print("../shared/seeds is absent: nothing to evaluate")
        return 0
    metrics, errors = run_storyline()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "extraction_errors.json").write_text(json.dumps(errors, indent=1, ensure_ascii=False))
    for name, value in metrics.items():
        print(f"{name:14} {value:.3f}")
    print(f"data sha256    {data_sha256()}")
    print(f"errors         {len(errors)} -> eval/out/extraction_errors.json")
    if args.audit and ECBPLUS.exists():
        sample = audit_sample(args.audit)
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in sample)
        (OUT / "claims_audit.jsonl").write_text(lines)
        print(f"audit          {len(sample)} ECB+ claims -> eval/out/claims_audit.jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
