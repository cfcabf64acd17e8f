"""Reconciliation per story: what the articles agree on, where they conflict, how they word it.

Claims, quotes and events of a story's articles are grouped across articles and each group
gets one verdict (``model.Verdict``):

- *agreed*: reported by two or more articles, with the counts of reporting lines and of
  independent sources (rewrites and wire pickups count once, so a wire story and its copy agree
  on one source; a fact every report attributes to one upstream, such as the KCNA, counts as
  that one source);
- *conflict*: the same thing counted with different values, saying whether one speaker gave
  both and whether they may refer to different dates;
- *variant*: the same quote worded differently, shown word by word;
- *single-source*: one article only.

Requires: articles, quotes, claims (and optionally events) of the story, and the independence
groups of ``storyline.link.derivation.independent_sources``. Produces: ``model.Assessment``
records, which ``storyline.reconcile.findings`` turns into the ``model.Finding`` records every
report reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from storyline.model import Article, Assessment, Claim, Event, FindingKind, Quote, Verdict
from storyline.reconcile.claims import reconcile_claims
from storyline.reconcile.events import reconcile_events
from storyline.reconcile.quotes import reconcile_quotes
from storyline.reconcile.sources import SourceBook, book_for, is_media, known_agencies

KIND_ORDER = {FindingKind.CLAIM: 0, FindingKind.QUOTE: 1, FindingKind.EVENT: 2}
VERDICT_ORDER = {
    Verdict.CONFLICT: 0,
    Verdict.VARIANT: 1,
    Verdict.AGREED: 2,
    Verdict.SINGLE_SOURCE: 3,
}


def story_sources(
    articles: Sequence[Article],
    quotes: Sequence[Quote],
    claims: Sequence[Claim],
    independence: Mapping[str, str],
) -> SourceBook:
    """The sources of a story: its reporting lines and the upstream names it cites."""
    names = [n for q in quotes for n in (q.speaker, q.cited_source) if n]
    names += [c.claimant for c in claims if c.claimant]
    media = [q.cited_source for q in quotes if q.cited_source]
    media += [
        q.speaker
        for q in quotes
        if q.speaker and (is_media(q.speaker) or q.speaker in known_agencies())
    ]
    return book_for(articles, independence, names, media)


def _position(
    records: Mapping[str, Quote | Claim | Event], order: Mapping[str, int]
) -> dict[str, tuple[int, int]]:
    """(article order in the story, char offset) of every record, for a stable output order."""
    positions = {}
    for record_id, record in records.items():
        start = record.trigger.start if isinstance(record, Event) else record.span.start
        positions[record_id] = (order.get(record.article_id, len(order)), start)
    return positions


def _ordered(
    assessments: list[Assessment], positions: Mapping[str, tuple[int, int]]
) -> list[Assessment]:
    """Members in text order; groups by kind, verdict, then where they are first reported."""
    ordered = []
    for item in assessments:
        members = tuple(sorted(item.member_ids, key=lambda m: (positions[m], m)))
        ordered.append(
            Assessment(
                item.story_id,
                item.verdict,
                item.subject,
                members,
                item.independent_sources,
                item.notes,
                item.details,
            )
        )
    return sorted(
        ordered,
        key=lambda a: (
            KIND_ORDER[a.details.kind],
            VERDICT_ORDER[a.verdict],
            positions[a.member_ids[0]],
            a.id,
        ),
    )


def reconcile_story(
    story_id: str,
    articles: Sequence[Article],
    quotes: Sequence[Quote],
    claims: Sequence[Claim],
    independence: Mapping[str, str],
    events: Sequence[Event] = (),
) -> list[Assessment]:
    """The assessments of one story, in a deterministic order.

    Claims come first (conflicts, then agreed, then single-source), then quotes (variants,
    agreed, single-source), then events reported by two or more articles. Each assessment's
    ``details`` is typed: ``ClaimDetails``, ``QuoteDetails`` or ``EventDetails`` (``.kind``).
    The input order of quotes, claims and events does not change the result.
    """
    order = {a.id: i for i, a in enumerate(articles)}
    every: list[Quote | Claim | Event] = [*quotes, *claims, *events]
    records = {r.id: r for r in every}
    positions = _position(records, order)

    def where(record: Quote | Claim | Event) -> tuple[tuple[int, int], str]:
        return positions[record.id], record.id

    quotes, claims, events = (
        sorted(quotes, key=where),
        sorted(claims, key=where),
        sorted(events, key=where),
    )
    book = story_sources(articles, quotes, claims, independence)
    assessments = [
        *reconcile_claims(story_id, claims, book),
        *reconcile_quotes(story_id, quotes, book),
        *reconcile_events(story_id, events, book, [*quotes, *claims]),
    ]
    return _ordered(assessments, positions)


__all__ = ["reconcile_story", "story_sources"]
