"""Reconciliation in the report: JSON entries that point to the sentences, and Markdown.

Every entry names the articles and char spans of its members, so an analyst can click from a
conflict to each sentence that states one of its values. The Markdown is rendered from the
same entries (``entries_as_markdown``), so the JSON report stays the one source of truth.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storyline.model import Article, Assessment, Claim, Quote, Verdict

REPORT_KEYS = ("quotes", "claims", "conflicts")
HEADINGS = {
    Verdict.CONFLICT: "Conflicts",
    Verdict.VARIANT: "Variants",
    Verdict.AGREED: "Agreed",
    Verdict.SINGLE_SOURCE: "Single source",
}


def _span(start: int, end: int) -> dict[str, int]:
    return {"start": start, "end": end}


def _quote_member(quote: Quote) -> dict[str, Any]:
    return {
        "id": quote.id,
        "article_id": quote.article_id,
        "span": _span(quote.span.start, quote.span.end),
        "text": quote.text,
        "speaker": quote.speaker,
        "cited_source": quote.cited_source,
    }


def _claim_member(claim: Claim, articles: dict[str, Article]) -> dict[str, Any]:
    article = articles.get(claim.article_id)
    written = claim.quantity_span.of(article.text) if article else None
    return {
        "id": claim.id,
        "article_id": claim.article_id,
        "span": _span(claim.quantity_span.start, claim.quantity_span.end),
        "text": written,
        "sentence": _span(claim.span.start, claim.span.end),
        "value": claim.quantity,
        "unit": claim.unit,
        "counted": claim.counted,
        "predicate": claim.predicate,
        "approximation": claim.approximation,
        "claimant": claim.claimant,
        "stance": claim.stance.value,
    }


def _members(
    item: Assessment,
    quotes: dict[str, Quote],
    claims: dict[str, Claim],
    articles: dict[str, Article],
) -> list[dict[str, Any]]:
    members = []
    for member_id in item.member_ids:
        if member_id in quotes:
            members.append(_quote_member(quotes[member_id]))
        elif member_id in claims:
            members.append(_claim_member(claims[member_id], articles))
        else:
            members.append({"id": member_id})  # an event: its article ids are in details
    return members


def summary(item: Assessment) -> str:
    """One plain line for the assessment: the subject and what the verdict means."""
    sources = ", ".join(item.independent_sources) or "unknown"
    count = len(item.independent_sources)
    if item.verdict is Verdict.CONFLICT:
        values = " vs ".join(str(v["as_written"] or v["value"]) for v in item.details["values"])
        flags = [
            f"same speaker ({item.details['values'][0]['claimant']})"
            if item.details.get("same_speaker")
            else "different or unknown speakers"
        ]
        if item.details.get("may_differ_in_time"):
            flags.append("may refer to different dates")
        return f"{item.subject}: {values} — {'; '.join(flags)}"
    if item.verdict is Verdict.VARIANT:
        others = [w["text"] for w in item.details["wordings"][1:] if w.get("differs")]
        return (
            f"{item.subject} also worded "
            + ", ".join(f"“{o}”" for o in others)
            + f" — {count} independent source(s): {sources}"
        )
    if item.details["kind"] == "claim":
        written = sorted({str(v["as_written"] or v["value"]) for v in item.details["values"]})
        return f"{item.subject}: {' / '.join(written)} — {count} independent source(s): {sources}"
    return f"{item.subject} — {count} independent source(s): {sources}"


def assessment_entry(
    item: Assessment,
    quotes: dict[str, Quote],
    claims: dict[str, Claim],
    articles: dict[str, Article],
) -> dict[str, Any]:
    """One report entry; see ``assessments_as_report`` for its keys."""
    members = _members(item, quotes, claims, articles)
    article_ids = sorted(
        {m["article_id"] for m in members if "article_id" in m}
        | set(item.details.get("article_ids", []))
    )
    return {
        "id": item.id,
        "kind": item.details["kind"],
        "verdict": item.verdict.value,
        "subject": item.subject,
        "summary": summary(item),
        "independent_sources": list(item.independent_sources),
        "independent_source_count": len(item.independent_sources),
        "article_ids": article_ids,
        "members": members,
        "notes": list(item.notes),
        "details": {k: v for k, v in item.details.items() if k != "kind"},
    }


def assessments_as_report(
    assessments: Sequence[Assessment],
    quotes: Sequence[Quote],
    claims: Sequence[Claim],
    articles: Sequence[Article],
) -> dict[str, list[dict[str, Any]]]:
    """The report's ``quotes``, ``claims`` and ``conflicts`` lists for one story's assessments.

    Each entry has: ``id``, ``kind`` (quote, claim, event), ``verdict``, ``subject``,
    ``summary`` (one line), ``independent_sources`` and their count, ``article_ids``,
    ``members`` (``id``, ``article_id``, ``span`` {start, end} into that article's text,
    ``text``; quotes add speaker and cited_source; claims add the ``sentence`` span, value,
    unit, counted, approximation, claimant, stance), ``notes`` and ``details``. Conflicts go
    to ``conflicts`` only; events that articles agree on go to ``claims``. Order is kept.
    """
    by_quote, by_claim = {q.id: q for q in quotes}, {c.id: c for c in claims}
    by_article = {a.id: a for a in articles}
    report: dict[str, list[dict[str, Any]]] = {key: [] for key in REPORT_KEYS}
    for item in assessments:
        entry = assessment_entry(item, by_quote, by_claim, by_article)
        if item.verdict is Verdict.CONFLICT:
            report["conflicts"].append(entry)
        elif entry["kind"] == "quote":
            report["quotes"].append(entry)
        else:
            report["claims"].append(entry)
    return report


def _escape(text: str | None) -> str:
    """Article words are untrusted: keep them from becoming Markdown or HTML."""
    text = text or ""
    for char in "\\`*_[]<>|#~":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def markdown_diff(ops: Sequence[Sequence[str]]) -> str:
    """A word diff as Markdown: removed words struck through, added words in bold."""
    parts = []
    for op in ops:
        if op[0] == "equal":
            parts.append(_escape(op[1]))
        elif op[0] == "replace":
            parts.append(f"~~{_escape(op[1])}~~ **{_escape(op[2])}**")
        elif op[0] == "delete":
            parts.append(f"~~{_escape(op[1])}~~")
        else:
            parts.append(f"**{_escape(op[1])}**")
    return " ".join(parts)


def _articles(entry: dict[str, Any]) -> str:
    return ", ".join(f"`{a[:8]}`" for a in entry["article_ids"])


def _entry_lines(entry: dict[str, Any]) -> list[str]:
    lines = [f"- {_escape(entry['summary'])} [{_articles(entry)}]"]
    details = entry["details"]
    if entry["verdict"] == Verdict.CONFLICT.value:
        for value in details["values"]:
            when = ", ".join(value["time"]) or "no date given"
            lines.append(
                f"  - {_escape(value['as_written'])} — {_escape(value['claimant'])}; "
                f"when: {_escape(when)} (`{value['article_id'][:8]}`)"
            )
    if entry["verdict"] == Verdict.VARIANT.value:
        for wording in details["wordings"][1:]:
            if wording.get("differs"):
                lines.append(
                    f"  - {markdown_diff(wording['ops'])} "
                    f"({', '.join(f'`{a[:8]}`' for a in wording['article_ids'])})"
                )
    return lines


def entries_as_markdown(entries: Sequence[dict[str, Any]]) -> str:
    """Report entries of one story as Markdown, one ``####`` heading per verdict."""
    lines: list[str] = []
    for verdict, heading in HEADINGS.items():
        chosen = [e for e in entries if e["verdict"] == verdict.value]
        if chosen:
            lines += [f"#### {heading}", ""]
            for entry in chosen:
                lines += _entry_lines(entry)
            lines.append("")
    return "\n".join(lines)


def assessments_as_markdown(
    assessments: Sequence[Assessment],
    quotes: Sequence[Quote],
    claims: Sequence[Claim],
    articles: Sequence[Article],
) -> str:
    """The reconciliation section of a story brief: conflicts, variants, agreed, single."""
    report = assessments_as_report(assessments, quotes, claims, articles)
    entries = [e for key in ("conflicts", "claims", "quotes") for e in report[key]]
    return entries_as_markdown(entries)
