"""Direct quotes and speakers on PolNeAR (Newell et al., LREC 2018), dev split.

Run from the repo root: ``python -m eval.polnear`` (add ``--no-peers`` to score Storyline only).

Gold direct quotes. PolNeAR annotates attributions (source, cue, content spans; char offsets).
A gold direct quote is a passage enclosed by *double* quotation marks (“…”, "…" or ''…'')
inside the content span of an attribution; the gold quote span is the text between the marks
(the marks excluded, whitespace trimmed). Marks are paired inside each content span on its
own: an opening mark left open runs to the end of the content span, a closing mark with no
opener starts at the beginning of it. When a content span carries no double marks but is
itself wrapped in them (the annotator left the marks out), the whole span is the quote; when it
only carries single marks (‘…’, headlines) the single-quoted passage is the quote. A quote
left open at the end of a paragraph and re-opened at the start of the next content span of the
same attribution is one quote spanning the paragraphs (news convention). The same passage
inside several attributions (nested reports) is kept once, with the source of the attribution
whose content span is the smallest (the innermost report). Two articles were annotated by six
annotators; the annotator whose id sorts first is used, so every article counts once.

Metrics. Predictions and gold are matched one-to-one. Exact: same (start, end) after trimming
whitespace and the punctuation . , ; : at both ends of both spans. Overlap: any shared
character; pairs are matched greedily by the largest overlap. Precision, recall and F1 over
all quotes of all articles (micro). Speaker accuracy, among the overlap-matched gold quotes
whose attribution has a source span: ``speaker_span_acc`` is the fraction whose predicted
speaker span shares a character with a gold source span (the mention itself); ``speaker_acc``
also counts a different mention of the same named source, when the gold source names someone
(see ``same_name``: ``Mrs. Clinton`` is named by a predicted ``she`` resolved to ``Hillary
Clinton``; a gold ``he`` or ``Clinton's campaign`` only by its own span). Each system is
judged on the name it outputs: Storyline's resolved speaker, textacy's mention as written.
Systems with no speaker output show "-".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "polnear" / "dev.jsonl"
OUT = ROOT / "eval" / "out"
FLOORS = ROOT / "eval" / "floors" / "quotes.json"

DOUBLE_MARK = re.compile(r"''|’’|[“”«»\"]")
SINGLE_PAIR = re.compile(r"(?<!\w)[‘'](?P<inner>[^‘’']+?)[’'](?!\w)")
EDGE = " \t\n\xa0.,;:"


@dataclass(frozen=True, slots=True)
class GoldQuote:
    start: int
    end: int
    sources: tuple[tuple[int, int], ...]
    content_size: int  # size of the attribution's content, to keep the innermost of nested ones
    opened: bool = True  # the opening mark is inside the annotated content
    closed: bool = True  # the closing mark is inside the annotated content


@dataclass(frozen=True, slots=True)
class Predicted:
    start: int
    end: int
    speaker: tuple[int, int] | None = None
    name: str | None = None  # the name the speaker mention resolves to (``she`` -> Warren)


@dataclass
class GoldDoc:
    name: str
    text: str
    quotes: list[GoldQuote] = field(default_factory=list)


def data_sha256(path: Path = DATA) -> str:
    """The SHA-256 of the data file, pinned next to the floors."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---- gold ------------------------------------------------------------------------------------


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _segments_in_content(text: str, start: int, end: int) -> list[tuple[int, int, bool, bool]]:
    """Quoted segments of one content span: (start, end, opened_here, closed_here)."""
    marks = [(m.start(), m.end(), m.group()) for m in DOUBLE_MARK.finditer(text, start, end)]
    if not marks:
        before, after = text[start - 1 : start], text[end : end + 1]
        if before and after and DOUBLE_MARK.match(before) and DOUBLE_MARK.match(after):
            return [(start, end, True, True)]
        inner = SINGLE_PAIR.search(text, start, end)
        return [(inner.start("inner"), inner.end("inner"), True, True)] if inner else []
    segments: list[tuple[int, int, bool, bool]] = []
    open_at: int | None = None
    for index, (m_start, m_end, mark) in enumerate(marks):
        closes = mark in "”»" or (mark not in "“«" and open_at is not None)
        if open_at is None and closes and index == 0:
            segments.append((start, m_start, False, True))  # content began inside a quote
        elif open_at is None:
            open_at = m_end
        elif closes:
            segments.append((open_at, m_start, True, True))
            open_at = None
        else:
            open_at = m_end  # a second opener: the first one was never closed
    if open_at is not None:
        segments.append((open_at, end, True, False))
    return segments


def _attribution_quotes(text: str, attribution: dict[str, Any]) -> list[GoldQuote]:
    spans = sorted(s for part in attribution["content"] for s in part["spans"])
    sources = tuple((int(s), int(e)) for part in attribution["source"] for s, e in part["spans"])
    size = sum(e - s for s, e in spans)
    merged: list[GoldQuote] = []
    open_tail = False
    for c_start, c_end in spans:
        for seg_start, seg_end, opened, closed in _segments_in_content(text, c_start, c_end):
            between = text[merged[-1].end : seg_start] if merged else ""
            if merged and open_tail and opened and "\n" in between and not between.strip('\n "“'):
                # the quote goes on in the next paragraph
                merged[-1] = GoldQuote(merged[-1].start, seg_end, sources, size, True, closed)
            else:
                merged.append(GoldQuote(seg_start, seg_end, sources, size, opened, closed))
            open_tail = not closed
    return merged


def _join_split_passages(text: str, quotes: list[GoldQuote]) -> list[GoldQuote]:
    """One passage between one pair of marks, even when two attributions split it.

    ``“Clinton started the birther controversy. I finished it,” Trump said`` is annotated as
    two contents; the first is left open, the second has no opening mark: they are one quote.
    """
    joined: list[GoldQuote] = []
    for quote in quotes:
        last = joined[-1] if joined else None
        if (
            last is not None
            and not last.closed
            and not quote.opened
            and last.end <= quote.start
            and not DOUBLE_MARK.search(text, last.end, quote.start)
            and "\n" not in text[last.end : quote.start]
        ):
            joined[-1] = GoldQuote(
                last.start, quote.end, tuple(sorted({*last.sources, *quote.sources})),
                min(last.content_size, quote.content_size), last.opened, quote.closed,
            )  # fmt: skip
        else:
            joined.append(quote)
    return joined


def load_gold(path: Path = DATA) -> list[GoldDoc]:
    """The gold direct quotes of every article of the PolNeAR file (see the module docstring)."""
    docs = []
    with path.open(encoding="utf-8") as lines:
        for raw in lines:
            record = json.loads(raw)
            text = record["text"]
            by_annotator = record["attributions_by_annotator"]
            attributions = by_annotator[min(by_annotator)] if by_annotator else []
            innermost: dict[tuple[int, int], GoldQuote] = {}
            for attribution in attributions:
                for quote in _attribution_quotes(text, attribution):
                    key = (quote.start, quote.end)
                    if key not in innermost or quote.content_size < innermost[key].content_size:
                        innermost[key] = quote
            joined = _join_split_passages(text, [innermost[key] for key in sorted(innermost)])
            quotes = []
            for quote in joined:
                start, end = _trim(text, quote.start, quote.end)
                if start < end:
                    quotes.append(replace(quote, start=start, end=end))
            docs.append(GoldDoc(record["filename"], text, quotes))
    return docs


# ---- scoring ---------------------------------------------------------------------------------


def _normalized(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return start, end


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(
    text: str, gold: Sequence[GoldQuote], predicted: Sequence[Predicted], exact: bool
) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, greedily by largest overlap."""
    if exact:
        where = {_normalized(text, p.start, p.end): i for i, p in enumerate(predicted)}
        pairs = []
        for g_index, g in enumerate(gold):
            p_index = where.pop(_normalized(text, g.start, g.end), None)
            if p_index is not None:
                pairs.append((g_index, p_index))
        return pairs
    candidates = sorted(
        (
            (-_overlap((g.start, g.end), (p.start, p.end)), g_index, p_index)
            for g_index, g in enumerate(gold)
            for p_index, p in enumerate(predicted)
            if _overlap((g.start, g.end), (p.start, p.end)) > 0
        ),
    )
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for _, g_index, p_index in candidates:
        if g_index not in used_gold and p_index not in used_predicted:
            used_gold.add(g_index)
            used_predicted.add(p_index)
            pairs.append((g_index, p_index))
    return sorted(pairs)


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    exact: int = 0
    overlap: int = 0
    speaker_total: int = 0
    speaker_correct: int = 0  # the predicted mention, or a mention of the same name
    speaker_span_correct: int = 0  # the predicted mention itself
    has_speakers: bool = False

    @staticmethod
    def prf(hits: int, predicted: int, gold: int) -> tuple[float, float, float]:
        p = hits / predicted if predicted else 0.0
        r = hits / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def metrics(self) -> dict[str, float | None]:
        ep, er, ef = self.prf(self.exact, self.predicted, self.gold)
        op, orr, of = self.prf(self.overlap, self.predicted, self.gold)
        total = self.speaker_total or 1
        speaker = self.speaker_correct / total if self.has_speakers else None
        span = self.speaker_span_correct / total if self.has_speakers else None
        return {
            "exact_p": ep, "exact_r": er, "exact_f1": ef,
            "overlap_p": op, "overlap_r": orr, "overlap_f1": of,
            "speaker_acc": speaker, "speaker_span_acc": span,
        }  # fmt: skip


HONORIFICS = {
    *("mr", "mrs", "ms", "miss", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt"),
    *("president", "senator", "governor"),
}
PRONOUNS = {"i", "he", "she", "it", "we", "they", "you", "him", "her", "them", "who", "which"}


def _name_words(text: str) -> list[str]:
    """The words of a mention, casefolded, without possessives, parentheses or honorifics;
    a lower-case word is kept as ``""`` so that the head of ``Clinton's campaign`` is not a
    name."""
    text = re.sub(r"\([^)]*\)", " ", text)
    words = []
    for raw in text.split():
        word = re.sub(r"['’]s$", "", raw.strip(".,;:'’\"“”()"))
        if word.casefold().rstrip(".") in HONORIFICS or not word:
            continue
        words.append(word.casefold() if word[:1].isupper() else "")
    return words


def same_name(predicted: str | None, gold_source: str) -> bool:
    """Whether a predicted speaker name names the gold source.

    The gold source, up to its first comma, must end in a capitalised word (its head: a
    surname, ``Clinton``; an organisation, ``Times``) that is not a pronoun, and that word must
    be one of the predicted name's words: ``Hillary Clinton`` names ``Mrs. Clinton`` and
    ``Kim Jong-un`` names ``Kim``; nothing names ``Clinton's campaign`` or ``he`` except the
    mention itself.
    """
    gold = _name_words(gold_source.split(",")[0])
    if not predicted or not gold or not gold[-1] or gold[-1] in PRONOUNS:
        return False
    return gold[-1] in _name_words(predicted)


def score_doc(
    doc: GoldDoc, predicted: Sequence[Predicted], tally: Tally, errors: list[dict[str, Any]]
) -> None:
    """Add one article's counts to ``tally`` and its mistakes to ``errors``."""
    text = doc.text
    tally.gold += len(doc.quotes)
    tally.predicted += len(predicted)
    tally.exact += len(match(text, doc.quotes, predicted, exact=True))
    pairs = match(text, doc.quotes, predicted, exact=False)
    tally.overlap += len(pairs)
    matched_gold = {g for g, _ in pairs}
    matched_predicted = {p for _, p in pairs}
    for g_index, g in enumerate(doc.quotes):
        if g_index not in matched_gold:
            errors.append({"doc": doc.name, "error": "missed", "gold": text[g.start : g.end]})
    for p_index, p in enumerate(predicted):
        if p_index not in matched_predicted:
            errors.append(
                {"doc": doc.name, "error": "spurious", "predicted": text[p.start : p.end]}
            )
    for g_index, p_index in pairs:
        g, p = doc.quotes[g_index], predicted[p_index]
        if not g.sources or not tally.has_speakers:
            continue
        tally.speaker_total += 1
        if p.speaker is not None and any(_overlap(p.speaker, s) for s in g.sources):
            tally.speaker_span_correct += 1
            tally.speaker_correct += 1
            continue
        if any(same_name(p.name, text[s:e]) for s, e in g.sources):
            tally.speaker_correct += 1
            continue
        errors.append({
            "doc": doc.name, "error": "speaker", "quote": text[p.start : p.end][:200],
            "gold_speaker": [text[s:e] for s, e in g.sources],
            "predicted_speaker": text[p.speaker[0] : p.speaker[1]] if p.speaker else None,
            "predicted_name": p.name,
        })  # fmt: skip


# ---- systems ---------------------------------------------------------------------------------

PLAIN_QUOTE = re.compile(r"“([^”\n]+)”|\"([^\"\n]+)\"")


def regex_baseline(text: str) -> list[Predicted]:
    """Peer: every passage between a pair of double quotation marks on one line; no speaker."""
    found = []
    for m in PLAIN_QUOTE.finditer(text):
        group = 1 if m.group(1) is not None else 2
        start, end = _trim(text, m.start(group), m.end(group))
        if start < end:
            found.append(Predicted(start, end))
    return found


def storyline_system(doc: Any) -> list[Predicted]:
    """Storyline's ``find_quotes`` on a parsed document."""
    from storyline.nlp.quotes.quotes import find_quotes

    return [
        Predicted(
            q.span.start,
            q.span.end,
            (q.speaker_span.start, q.speaker_span.end) if q.speaker_span else None,
            q.speaker,
        )
        for q in find_quotes(doc)
    ]


def textacy_system(doc: Any) -> list[Predicted]:
    """Peer: ``textacy.extract.triples.direct_quotations``. It refuses a document with an odd
    number of quotation-mark tokens (apostrophes count); such a document yields nothing."""
    from textacy.extract.triples import direct_quotations

    found = []
    try:
        triples = list(direct_quotations(doc))
    except ValueError:
        return []
    for triple in triples:
        content = triple.content
        start, end = _trim(doc.text, content[0].idx + len(content[0]), content[-1].idx)
        speaker = (triple.speaker[0].idx, triple.speaker[-1].idx + len(triple.speaker[-1]))
        # textacy resolves nothing: its name is the mention as written
        found.append(Predicted(start, end, speaker, doc.text[speaker[0] : speaker[1]]))
    return found


def parse_all(texts: Sequence[str]) -> tuple[list[Any], float]:
    """Parse every text with Storyline's pipeline; return the docs and the seconds it took."""
    from storyline.nlp.language import load_nlp

    nlp = load_nlp()
    began = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    return docs, time.perf_counter() - began


def evaluate(
    gold: Sequence[GoldDoc], predict: Callable[[int], Sequence[Predicted]], speakers: bool
) -> tuple[Tally, list[dict[str, Any]], float]:
    """Score one system; ``predict(i)`` gives its quotes for article ``i``."""
    tally = Tally(has_speakers=speakers)
    errors: list[dict[str, Any]] = []
    began = time.perf_counter()
    predictions = [predict(i) for i in range(len(gold))]
    seconds = time.perf_counter() - began
    for doc, predicted in zip(gold, predictions, strict=True):
        score_doc(doc, predicted, tally, errors)
    return tally, errors, seconds


def run_storyline(path: Path = DATA) -> tuple[Tally, list[dict[str, Any]]]:
    """Storyline's scores on the file (used by the CI gate)."""
    gold = load_gold(path)
    docs, _ = parse_all([g.text for g in gold])
    tally, errors, _ = evaluate(gold, lambda i: storyline_system(docs[i]), speakers=True)
    return tally, errors


def _row(name: str, metrics: dict[str, float | None], seconds: float) -> str:
    cells = [f"{metrics[k]:.3f}" for k in ("exact_p", "exact_r", "exact_f1")]
    cells += [f"{metrics[k]:.3f}" for k in ("overlap_p", "overlap_r", "overlap_f1")]
    for key in ("speaker_acc", "speaker_span_acc"):
        speaker = metrics[key]
        cells.append("-" if speaker is None else f"{speaker:.3f}")
    return f"| {name} | " + " | ".join(cells) + f" | {seconds:.2f} |"


def _write_errors(name: str, errors: Iterable[dict[str, Any]]) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"quotes_{name}_errors.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for error in errors:
            out.write(json.dumps(error, ensure_ascii=False) + "\n")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-peers", action="store_true", help="score Storyline only")
    parser.add_argument(
        "--split",
        choices=("dev", "train"),
        default="dev",
        help="dev (the gate's set) or train (840 articles: a larger development set)",
    )
    args = parser.parse_args(argv)
    data = DATA.with_name(f"{args.split}.jsonl")
    if not data.exists():
        print(f"PolNeAR data not found at {data}; nothing to evaluate.")
        return 0
    gold = load_gold(data)
    docs, parse_seconds = parse_all([g.text for g in gold])
    systems: list[tuple[str, Callable[[int], Sequence[Predicted]], bool]] = [
        ("storyline", lambda i: storyline_system(docs[i]), True),
    ]
    if not args.no_peers:
        systems.append(("regex", lambda i: regex_baseline(gold[i].text), False))
        systems.append(("textacy", lambda i: textacy_system(docs[i]), True))
    quotes = sum(len(g.quotes) for g in gold)
    print(f"PolNeAR {args.split}: {len(gold)} articles, {quotes} gold quotes")
    print(f"data sha256 {data_sha256(data)}; spaCy parse {parse_seconds:.2f}s")
    print("| system | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 |"
          " speaker acc | speaker span acc | seconds |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, predict, speakers in systems:
        tally, errors, seconds = evaluate(gold, predict, speakers)
        print(_row(name, tally.metrics(), seconds))
        _write_errors(name if args.split == "dev" else f"{name}_{args.split}", errors)
    print(f"per-error dumps in {OUT.relative_to(ROOT)}/quotes_<system>_errors.jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
