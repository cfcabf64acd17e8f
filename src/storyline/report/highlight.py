"""An article's cleaned text as paragraphs of sentences of highlighted segments.

Annotations (entities, dates, quotes, claims) are char spans into the text. They may nest or
overlap, so the text is cut at every annotation and sentence boundary; each segment carries the
annotations covering it. Templates render segments as escaped text: nothing here is markup.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.model import Claim, Mention, Quote, TimeRef, from_jsonable
from storyline.nlp.sentences import sentence_bounds
from storyline.report.brief import sentence_anchor


@dataclass(frozen=True)
class Mark:
    """One annotation: a span, its kind (entity, date, quote, claim), a tooltip, a link."""

    start: int
    end: int
    kind: str
    title: str
    href: str | None = None


@dataclass
class Segment:
    text: str
    marks: list[Mark] = field(default_factory=list)

    @property
    def classes(self) -> str:
        return " ".join(sorted({f"hl-{m.kind}" for m in self.marks}))

    @property
    def title(self) -> str:
        return "; ".join(m.title for m in self.marks)

    @property
    def href(self) -> str | None:
        return next((m.href for m in self.marks if m.href), None)


def marks_from_analyses(
    analyses: Mapping[str, Any], reconciled_at: Callable[[str, int, int], str | None]
) -> list[Mark]:
    """Marks for the stored analyses of one article (decoded here into their records);
    ``reconciled_at(record id, start, end)`` gives the link to the finding a quote or claim
    belongs to (None when it has none)."""
    marks: list[Mark] = []
    for mention in _records(Mention, analyses.get("mentions")):
        marks.append(Mark(mention.span.start, mention.span.end, "entity", mention.text))
    timexes = analyses.get("timexes") or {"items": []}
    for timex in _records(TimeRef, timexes["items"]):
        title = f"{timex.type.value} {timex.value} ({timex.precision.value})"
        marks.append(Mark(timex.span.start, timex.span.end, "date", title))
    for quote in _records(Quote, analyses.get("quotes")):
        who = quote.speaker or "unattributed"
        via = f" via {quote.cited_source}" if quote.cited_source else ""
        href = reconciled_at(quote.id, quote.span.start, quote.span.end)
        marks.append(Mark(quote.span.start, quote.span.end, "quote", f"quote: {who}{via}", href))
    for claim in _records(Claim, analyses.get("claims")):
        title = f"claim: {claim.quantity:g} {claim.counted or ''} ({claim.stance})"
        href = reconciled_at(claim.id, claim.span.start, claim.span.end)
        span = claim.quantity_span
        marks.append(Mark(span.start, span.end, "claim", title, href))
    return sorted(marks, key=lambda m: (m.start, -m.end, m.kind))


def _records(cls: type[Any], stored: Sequence[Any] | None) -> list[Any]:
    return [from_jsonable(cls, item) for item in stored or ()]


def paragraphs(text: str, article_id: str, marks: Sequence[Mark]) -> list[list[dict[str, Any]]]:
    """Paragraphs of sentences ``{anchor, segments}`` covering the whole text."""
    result: list[list[dict[str, Any]]] = [[]]
    previous_end = 0
    for index, (start, end) in enumerate(sentence_bounds(text)):
        if "\n" in text[previous_end:start] and result[-1]:
            result.append([])
        inside = [m for m in marks if m.start < end and m.end > start]
        result[-1].append(
            {
                "anchor": sentence_anchor(article_id, index),
                "segments": _cut(text, start, end, inside),
            }
        )
        previous_end = end
    return [p for p in result if p]


def _cut(text: str, start: int, end: int, marks: Sequence[Mark]) -> list[Segment]:
    cuts = sorted(
        {start, end, *(max(m.start, start) for m in marks), *(min(m.end, end) for m in marks)}
    )
    segments = []
    for left, right in itertools.pairwise(cuts):
        covering = [m for m in marks if m.start <= left and m.end >= right]
        segments.append(Segment(text[left:right], covering))
    return segments
