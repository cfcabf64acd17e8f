"""Findings: the reconciliation of a story as typed records that point to their sentences.

The engine's ``Assessment`` (a group of member ids, a verdict and the engine's typed details:
``ClaimDetails``, ``QuoteDetails`` or ``EventDetails``) becomes one ``model.Finding`` here. Every
member of a finding names its article and char span, so an analyst can click from a conflict
to each sentence that states one of its figures. Everything after reconciliation (store, JSON
report, brief, exports, web) reads findings by attribute.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from storyline.model import (
    Article,
    Assessment,
    Claim,
    ClaimDetails,
    Event,
    EventDetails,
    Finding,
    Member,
    Quote,
    QuoteDetails,
    Side,
    Verdict,
)

HEADINGS = {
    Verdict.CONFLICT: "Conflicts",
    Verdict.VARIANT: "Variants",
    Verdict.AGREED: "Agreed",
    Verdict.SINGLE_SOURCE: "Single source",
}
Record = Quote | Claim | Event


def member_of(record: Record, articles: Mapping[str, Article]) -> Member:
    """Where a claim, quote or event is said: its words and, for claims, its sentence."""
    article = articles.get(record.article_id)
    if isinstance(record, Quote):
        return Member(
            record.id, record.article_id, record.span, record.text,
            speaker=record.speaker, cited_source=record.cited_source,
        )  # fmt: skip
    span = record.quantity_span if isinstance(record, Claim) else record.trigger
    written = span.of(article.text) if article else ""
    if isinstance(record, Claim):
        return Member(record.id, record.article_id, span, written, record.span, record.claimant)
    return Member(record.id, record.article_id, span, written, speaker=record.actor)


def summary(item: Assessment) -> str:
    """One plain line for the assessment: the subject and what the verdict means."""
    # reporting lines whose outlets no article names are counted in the notes, never shown as
    # sources (``SourceBook.display``): the line says so rather than "unknown"
    sources = ", ".join(item.independent_sources) or "none named"
    count = len(item.independent_sources)
    details = item.details
    if isinstance(details, ClaimDetails) and item.verdict is Verdict.CONFLICT:
        # each value once, as first written: "352 yards vs 226 yards", not every article's
        firsts = {side.value: str(side.as_written or side.value) for side in details.sides[::-1]}
        values = " vs ".join(
            firsts[value] for value in dict.fromkeys(s.value for s in details.sides)
        )
        flags = [
            f"same speaker ({details.sides[0].claimant})"
            if details.same_speaker
            else "different or unknown speakers"
        ]
        if details.may_differ_in_time:
            flags.append("may refer to different dates")
        return f"{item.subject}: {values} — {'; '.join(flags)}"
    if isinstance(details, QuoteDetails) and item.verdict is Verdict.VARIANT:
        others = [w.text for w in details.wordings[1:] if w.differs]
        return (
            f"{item.subject} also worded "
            + ", ".join(f"“{o}”" for o in others)
            + f" — {count} independent source(s): {sources}"
        )
    if isinstance(details, ClaimDetails):
        written = sorted({str(side.as_written or side.value) for side in details.sides})
        return f"{item.subject}: {' / '.join(written)} — {count} independent source(s): {sources}"
    return f"{item.subject} — {count} independent source(s): {sources}"


def _agreed_value(sides: Sequence[Side]) -> str | None:
    """The figure that agreeing claims give, as first written: "at least 41 people"."""
    if not sides:
        return None
    return sides[0].as_written or f"{sides[0].value:g}"


def finding_of(
    item: Assessment, records: Mapping[str, Record], articles: Mapping[str, Article]
) -> Finding:
    """The finding of one assessment; ``records`` holds its members by id."""
    details = item.details
    claim = details if isinstance(details, ClaimDetails) else None
    quote = details if isinstance(details, QuoteDetails) else None
    event = details if isinstance(details, EventDetails) else None
    sides = claim.sides if claim else ()
    conflict = item.verdict is Verdict.CONFLICT
    return Finding(
        id=item.id,
        story_id=item.story_id,
        kind=details.kind,
        verdict=item.verdict,
        subject=item.subject,
        summary=summary(item),
        members=tuple(member_of(records[m], articles) for m in item.member_ids),
        independent_sources=item.independent_sources,
        reporting_lines=details.reporting_lines,
        notes=item.notes,
        value=None if conflict else _agreed_value(sides),
        unit=claim.unit if claim else None,
        counted=claim.counted if claim else None,
        predicate=claim.predicate if claim else None,
        sides=sides,
        same_speaker=claim.same_speaker if claim and conflict else None,
        may_differ_in_time=claim.may_differ_in_time if claim and conflict else None,
        bounds_compatible=claim.bounds_compatible if claim and conflict else None,
        speaker=quote.speaker if quote else None,
        wordings=quote.wordings if quote else (),
        event_type=event.type if event else None,
        actor=event.actor if event else None,
        target=event.target if event else None,
    )


def findings_of(
    assessments: Sequence[Assessment],
    articles: Sequence[Article],
    quotes: Sequence[Quote] = (),
    claims: Sequence[Claim] = (),
    events: Sequence[Event] = (),
) -> list[Finding]:
    """The findings of one story's assessments, in the assessments' order."""
    records: dict[str, Record] = {q.id: q for q in quotes}
    records.update({c.id: c for c in claims})
    records.update({e.id: e for e in events})
    by_article = {a.id: a for a in articles}
    return [finding_of(item, records, by_article) for item in assessments]


# ---- Markdown of a story's findings (the reconciliation section of a story) ------------------


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


def _short(article_ids: Sequence[str]) -> str:
    return ", ".join(f"`{a[:8]}`" for a in article_ids)


def _finding_lines(finding: Finding) -> list[str]:
    lines = [f"- {_escape(finding.summary)} [{_short(finding.article_ids)}]"]
    if finding.verdict is Verdict.CONFLICT:
        for side in finding.sides:
            when = ", ".join(side.time) or "no date given"
            lines.append(
                f"  - {_escape(side.as_written)} — {_escape(side.claimant)}; "
                f"when: {_escape(when)} (`{side.article_id[:8]}`)"
            )
    if finding.verdict is Verdict.VARIANT:
        for wording in finding.wordings[1:]:
            if wording.differs:
                lines.append(f"  - {markdown_diff(wording.ops)} ({_short(wording.article_ids)})")
    return lines


def findings_markdown(findings: Sequence[Finding]) -> str:
    """The findings of one story as Markdown, one ``####`` heading per verdict."""
    lines: list[str] = []
    for verdict, heading in HEADINGS.items():
        chosen = [f for f in findings if f.verdict is verdict]
        if chosen:
            lines += [f"#### {heading}", ""]
            for finding in chosen:
                lines += _finding_lines(finding)
            lines.append("")
    return "\n".join(lines)


__all__ = ["finding_of", "findings_markdown", "findings_of", "member_of", "summary"]
