"""TempEval-3 Task A scoring of time expressions (UzZaman et al., SemEval 2013).

- strict span: the system span equals the gold span (after trimming whitespace);
- relaxed span: the spans share at least one character, matched one-to-one, largest shared
  character count first;
- type and value: among relaxed matches, the TIMEX3 type (value) is the gold one. As in
  TempEval-3, attribute precision is correct / system expressions and attribute recall is
  correct / gold expressions, so an attribute F1 never exceeds the relaxed span F1.

Micro-averaged over all documents. Every miss, spurious expression and wrong attribute is kept
as an error record for the per-error dumps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def relaxed_pairs(
    gold: Sequence[tuple[int, int]], system: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs of overlapping spans, largest overlap first."""
    overlaps = sorted(
        (
            (min(g[1], s[1]) - max(g[0], s[0]), gi, si)
            for gi, g in enumerate(gold)
            for si, s in enumerate(system)
            if min(g[1], s[1]) > max(g[0], s[0])
        ),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    used_gold: set[int] = set()
    used_system: set[int] = set()
    pairs = []
    for _, gi, si in overlaps:
        if gi not in used_gold and si not in used_system:
            used_gold.add(gi)
            used_system.add(si)
            pairs.append((gi, si))
    return sorted(pairs)


@dataclass
class Tally:
    """Counts over documents; ``metrics()`` gives the TempEval-3 figures."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self,
        doc_id: str,
        text: str,
        gold: Sequence[Mapping[str, Any]],
        system: Sequence[Mapping[str, Any]],
    ) -> None:
        """Score one document: each timex is a mapping with start, end, type and value."""
        gold_spans = [_trim(text, g["start"], g["end"]) for g in gold]
        system_spans = [_trim(text, s["start"], s["end"]) for s in system]
        self.gold += len(gold)
        self.system += len(system)
        self.strict += len(set(gold_spans) & set(system_spans))
        pairs = relaxed_pairs(gold_spans, system_spans)
        self.relaxed += len(pairs)
        for gi, si in pairs:
            g, s = gold[gi], system[si]
            self.type_ok += g["type"] == s["type"]
            self.value_ok += g["value"] == s["value"]
            if g["value"] != s["value"] or g["type"] != s["type"]:
                self._error(doc_id, text, "attribute", g, s)
            elif gold_spans[gi] != system_spans[si]:
                self._error(doc_id, text, "span", g, s)
        matched_gold = {gi for gi, _ in pairs}
        matched_system = {si for _, si in pairs}
        for gi, g in enumerate(gold):
            if gi not in matched_gold:
                self._error(doc_id, text, "missed", g, None)
        for si, s in enumerate(system):
            if si not in matched_system:
                self._error(doc_id, text, "spurious", None, s)

    def _error(
        self,
        doc_id: str,
        text: str,
        kind: str,
        gold: Mapping[str, Any] | None,
        system: Mapping[str, Any] | None,
    ) -> None:
        where = gold or system or {}
        start, end = int(where.get("start", 0)), int(where.get("end", 0))

        def brief(t: Mapping[str, Any] | None) -> dict[str, Any] | None:
            if t is None:
                return None
            return {k: t[k] for k in ("start", "end", "type", "value") if k in t} | {
                "text": text[t["start"] : t["end"]]
            }

        self.errors.append(
            {
                "doc": doc_id,
                "kind": kind,
                "gold": brief(gold),
                "system": brief(system),
                "context": text[max(0, start - 80) : end + 80].replace("\n", " "),
            }
        )

    def metrics(self) -> dict[str, float]:
        """strict and relaxed span P/R/F1, type F1 and value F1 (TempEval-3 Task A)."""

        def prf(correct: int) -> tuple[float, float, float]:
            p = correct / self.system if self.system else 0.0
            r = correct / self.gold if self.gold else 0.0
            return p, r, f1(p, r)

        strict, relaxed = prf(self.strict), prf(self.relaxed)
        out = {
            "strict_p": strict[0], "strict_r": strict[1], "strict_f1": strict[2],
            "relaxed_p": relaxed[0], "relaxed_r": relaxed[1], "relaxed_f1": relaxed[2],
            "type_f1": prf(self.type_ok)[2], "value_f1": prf(self.value_ok)[2],
            "value_acc": self.value_ok / self.relaxed if self.relaxed else 0.0,
        }  # fmt: skip
        return out
