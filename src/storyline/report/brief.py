"""The story brief: what an analyst reads about one story, built from typed records.

One brief model (``Brief``, frozen records built from the store's typed records) is rendered
as Markdown (``storyline.report.markdown``), as offline HTML (``storyline.report.exports``) and
by the web UI; it becomes JSON only at the edge (``storyline.report.json_report.brief_json``).
Every statement carries ``refs``: the article, the char span and the sentence that supports it,
so each rendering links a statement to its sentence. Findings come from ``model.Finding``
records (``storyline.reconcile.findings``) and are read by attribute; every finding has its own
id, ``f-<finding id>``, and refs to each of its members' sentences.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from storyline.model import (
    Article,
    Derivation,
    Finding,
    FindingKind,
    Member,
    Span,
    Story,
    TimelineEntry,
    Verdict,
    content_id,
)
from storyline.nlp.sentences import sentence_bounds
from storyline.reconcile.sources import is_generic_media, source_aliases
from storyline.reconcile.text import name_key
from storyline.report.brief_text import central_sentences, content_words, sentence_index, similar
from storyline.report.contents import Contents

EXCERPT = 280
# the order findings are listed in: claims, then events, then quotes
KIND_ORDER = {FindingKind.CLAIM: 0, FindingKind.EVENT: 1, FindingKind.QUOTE: 2}


# ---- the brief's records (JSON only at the edge: ``storyline.report.json_report.brief_json``) --


@dataclass(frozen=True, slots=True)
class Ref:
    """A pointer to the sentence that supports a statement: what every rendering links to."""

    article_id: str
    outlet: str
    date: str | None  # ISO day of the article's publication
    start: int  # the words meant (the sentence itself when the statement names none)
    end: int
    sentence: int  # index of the sentence in the article
    anchor: str  # its HTML id (``sentence_anchor``)
    excerpt: str  # the sentence, cut at ``EXCERPT`` characters


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One timeline row: when (as stated value and interval), precision, what, its sentences;
    for a report, who reported (when its article names them)."""

    when: str
    start: str
    end: str
    precision: str
    what: str
    refs: tuple[Ref, ...]
    kind: str = "mention"
    reporter: str | None = None


@dataclass(frozen=True, slots=True)
class SideItem:
    """One figure of a conflict: as written, who gives it, when, and its sentence."""

    value: str
    who: str | None
    when: str | None
    refs: tuple[Ref, ...]


@dataclass(frozen=True, slots=True)
class WordingItem:
    """A wording of a quote with its word-level diff and the sentences that use it."""

    text: str
    diff: tuple[tuple[str, ...], ...]  # ("equal", w) ("replace", a, b) ("delete", a) ...
    refs: tuple[Ref, ...]


@dataclass(frozen=True, slots=True)
class FindingItem:
    """A finding as the brief shows it: subject, agreed value, sources and every sentence."""

    id: str  # the HTML id (``finding_anchor``)
    finding_id: str
    kind: str
    verdict: str
    subject: str
    value: str | None
    who: tuple[str, ...]
    independent_sources: tuple[str, ...]
    independent_count: int
    notes: tuple[str, ...]
    member_ids: tuple[str, ...]
    wordings: tuple[WordingItem, ...]
    sides: tuple[SideItem, ...]  # conflicts only
    refs: tuple[Ref, ...]


@dataclass(frozen=True, slots=True)
class ProvenanceNode:
    """An article of the story, or an upstream source (state media, an agency) it cites."""

    id: str
    kind: str  # "article" or "upstream"
    label: str
    date: str | None


@dataclass(frozen=True, slots=True)
class ProvenanceEdge:
    """A rewrite (``from_id`` was rewritten into ``to_id``) or a citation of an upstream source."""

    from_id: str
    to_id: str
    kind: str  # a DerivationKind value or "cited"
    score: float
    evidence: int  # aligned passages behind a rewrite


@dataclass(frozen=True, slots=True)
class Provenance:
    """Who rewrote whom, and which upstream sources the story's articles cite."""

    nodes: tuple[ProvenanceNode, ...]
    edges: tuple[ProvenanceEdge, ...]
    upstream: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Coverage:
    """Outlets, dates and languages of a story's articles, with counts."""

    articles: int
    outlets: tuple[tuple[str, int], ...]
    languages: tuple[tuple[str, int], ...]
    first: str | None
    last: str | None
    undated: int


@dataclass(frozen=True, slots=True)
class SummaryItem:
    """A sentence of what happened, with every article that says much the same thing."""

    text: str
    refs: tuple[Ref, ...]


@dataclass(frozen=True, slots=True)
class RemovedItem:
    """A piece of page junk that cleaning dropped from an article."""

    article_id: str
    outlet: str
    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class Brief:
    """What an analyst reads about one story; every rendering reads it (see ``build_brief``)."""

    id: str
    title: str
    articles: tuple[Article, ...]
    not_analysed: Mapping[str, str]  # article id -> why its analyses were skipped
    coverage: Coverage
    summary: tuple[SummaryItem, ...]
    timeline: tuple[TimelineItem, ...]
    agreed: tuple[FindingItem, ...]
    conflicts: tuple[FindingItem, ...]
    variants: tuple[FindingItem, ...]
    single_source: tuple[FindingItem, ...]
    provenance: Provenance
    removed: tuple[RemovedItem, ...]
    related: tuple[Story, ...]


def sentence_anchor(article_id: str, index: int) -> str:
    """The HTML id of sentence ``index`` of an article, the same in every rendering."""
    return f"a-{article_id[:12]}-s{index}"


def finding_anchor(finding: Finding) -> str:
    """The HTML id of a finding, the same in every rendering and unique in the store."""
    return "f-" + finding.id


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def make_ref(article: Article, span: Span | None) -> Ref:
    """A pointer to the sentence of ``article`` holding ``span`` (the lead when None)."""
    text = article.text
    index = sentence_index(text, span.start) if span is not None else 0
    bounds = sentence_bounds(text)
    s_start, s_end = bounds[index] if bounds else (0, len(text))
    excerpt = text[s_start:s_end]
    return Ref(
        article_id=article.id,
        outlet=article.outlet or "unknown outlet",
        date=_iso(article.published.date),
        start=span.start if span is not None else s_start,
        end=span.end if span is not None else s_end,
        sentence=index,
        anchor=sentence_anchor(article.id, index),
        excerpt=excerpt if len(excerpt) <= EXCERPT else excerpt[: EXCERPT - 1] + "…",
    )


def _sorted_refs(refs: Iterable[Ref]) -> tuple[Ref, ...]:
    unique = {(r.article_id, r.start, r.end): r for r in refs}
    return tuple(
        sorted(unique.values(), key=lambda r: (r.date or "", r.article_id, r.start, r.end))
    )


def spans_refs(
    spans: Iterable[tuple[str, Span]],
    articles: Mapping[str, Article],
    article_ids: Iterable[str] = (),
) -> tuple[Ref, ...]:
    """Refs to the sentences of (article id, span) pairs, and to the lead of every article of
    ``article_ids`` that no span points into; sorted by date, without repeats."""
    spans = [(a, s) for a, s in spans if a in articles]
    spanned = {a for a, _ in spans}
    refs = [make_ref(articles[a], span) for a, span in spans]
    refs += [make_ref(articles[a], None) for a in article_ids if a in articles and a not in spanned]
    return _sorted_refs(refs)


def member_refs(members: Iterable[Member], articles: Mapping[str, Article]) -> tuple[Ref, ...]:
    """Refs to the words of each member: a claim's figure, a quote's words, an event's trigger."""
    return spans_refs(((m.article_id, m.span) for m in members), articles)


def timeline_item(entry: TimelineEntry, articles: Mapping[str, Article]) -> TimelineItem:
    """One timeline row: when (as stated value and interval), precision, what, its sentences."""
    refs = spans_refs(((e.article_id, e.span) for e in entry.evidence), articles, entry.article_ids)
    return TimelineItem(
        when=entry.value,
        start=entry.start_date.isoformat(),
        end=entry.end_date.isoformat(),
        precision=entry.precision.value,
        what=entry.what or (refs[0].excerpt if refs else ""),
        refs=refs,
        kind=entry.kind,
        reporter=entry.reporter,
    )


# ---- reconciled claims, quotes and events ----------------------------------------------------


def _side(finding: Finding, index: int, articles: Mapping[str, Article]) -> SideItem:
    """One figure of a conflict: as written, who gives it, when, and its sentence."""
    side = finding.sides[index]
    members = [m for m in finding.members if m.id == side.member_id]
    return SideItem(
        value=side.as_written or f"{side.value:g}",
        who=side.claimant,
        when="; ".join(side.time) or None,
        refs=member_refs(members, articles),
    )


def _wording(finding: Finding, index: int, articles: Mapping[str, Article]) -> WordingItem:
    """A wording of a quote with its word-level diff and the sentences that use it."""
    wording = finding.wordings[index]
    chosen = set(wording.member_ids)
    return WordingItem(
        text=wording.text,
        diff=tuple(tuple(op) for op in wording.ops),
        refs=member_refs([m for m in finding.members if m.id in chosen], articles),
    )


def finding_item(finding: Finding, articles: Mapping[str, Article]) -> FindingItem:
    """A finding as the brief shows it: subject, agreed value, sources and every sentence."""
    conflict = finding.verdict is Verdict.CONFLICT
    return FindingItem(
        id=finding_anchor(finding),
        finding_id=finding.id,
        kind=finding.kind.value,
        verdict=finding.verdict.value,
        subject=finding.subject,
        value=finding.value,
        who=(finding.speaker,) if finding.speaker else (),
        independent_sources=tuple(finding.independent_sources),
        independent_count=len(finding.independent_sources),
        notes=tuple(finding.notes),
        member_ids=tuple(m.id for m in finding.members),
        wordings=tuple(_wording(finding, i, articles) for i in range(len(finding.wordings))),
        sides=tuple(_side(finding, i, articles) for i in range(len(finding.sides)))
        if conflict
        else (),
        refs=member_refs(finding.members, articles),
    )


# ---- provenance, coverage, summary -----------------------------------------------------------


def cited_sources(findings: Iterable[Finding]) -> set[tuple[str, str]]:
    """(article id, upstream source) for every source a quote member cites."""
    return {
        (m.article_id, m.cited_source.strip())
        for f in findings
        for m in f.members
        if m.cited_source and m.cited_source.strip()
    }


def provenance(
    members: Sequence[Article],
    derivations: Iterable[Derivation],
    cited: Iterable[tuple[str, str]],
) -> Provenance:
    """Who rewrote whom, and which upstream sources (state media, agencies) articles cite."""
    in_story = {a.id for a in members}
    nodes = [
        ProvenanceNode(a.id, "article", a.outlet or "unknown outlet", _iso(a.published.date))
        for a in members
    ]
    edges = [
        ProvenanceEdge(d.from_id, d.to_id, d.kind.value, float(d.score), len(d.evidence))
        for d in derivations
        if d.from_id in in_story and d.to_id in in_story
    ]
    # One name per source, as reconciliation counts them: "Korean Central News Agency" is the
    # story's "KCNA". Generic names ("state media") stay as written: the text names no one.
    cited = {(a, s) for a, s in cited if a in in_story}
    aliases = source_aliases(s for _, s in cited)
    cited = {(a, s if is_generic_media(s) else aliases.get(name_key(s), s)) for a, s in cited}
    upstream = sorted({source for _, source in cited})
    node_of = {}
    for source in upstream:
        node_of[source] = "src-" + content_id("source", source.casefold(), size=10)
        nodes.append(ProvenanceNode(node_of[source], "upstream", source, None))
    for article_id, source in sorted(cited):
        edges.append(ProvenanceEdge(node_of[source], article_id, "cited", 1.0, 0))
    edges.sort(key=lambda e: (e.kind, e.from_id, e.to_id))
    return Provenance(tuple(nodes), tuple(edges), tuple(upstream))


def coverage(members: Sequence[Article]) -> Coverage:
    """Outlets, dates and languages of a story's articles, with counts."""
    dates = sorted(d.isoformat() for a in members if (d := a.published.date))
    return Coverage(
        articles=len(members),
        outlets=tuple(sorted(Counter(a.outlet or "unknown outlet" for a in members).items())),
        languages=tuple(sorted(Counter(a.language or "unknown" for a in members).items())),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
        undated=sum(1 for a in members if a.published.date is None),
    )


def summary(members: Sequence[Article], limit: int = 3) -> tuple[SummaryItem, ...]:
    """What happened, in a few sentences taken from the articles, each with every article that
    says much the same thing as its sources."""
    by_id = {a.id: a for a in members}
    chosen = central_sentences([(a.id, a.text) for a in members], limit)
    items = []
    for article_id, index in chosen:
        text = by_id[article_id].text
        start, end = sentence_bounds(text)[index]
        words = content_words(text[start:end])
        refs = [make_ref(by_id[article_id], Span(start, end))]
        for other in members:
            if other.id == article_id:
                continue
            for o_start, o_end in sentence_bounds(other.text):
                if similar(words, content_words(other.text[o_start:o_end])):
                    refs.append(make_ref(other, Span(o_start, o_end)))
                    break
        items.append(SummaryItem(text[start:end], tuple(refs)))
    return tuple(items)


def removed(members: Sequence[Article]) -> tuple[RemovedItem, ...]:
    """What cleaning dropped as page junk, per article."""
    return tuple(
        RemovedItem(a.id, a.outlet or "unknown outlet", span.reason, span.text)
        for a in members
        for span in a.removed_spans
    )


# ---- the brief -------------------------------------------------------------------------------


def build_brief(contents: Contents, story_id: str, include_removed: bool = False) -> Brief:
    """The brief of one story of ``contents`` (KeyError when there is no such story)."""
    story = contents.story(story_id)
    articles = contents.by_id
    members = sorted(
        contents.members(story), key=lambda a: (_iso(a.published.date) or "9999", a.id)
    )
    findings = sorted(contents.findings_of(story_id), key=lambda f: KIND_ORDER[f.kind])
    items = [finding_item(f, articles) for f in findings]
    timeline = [timeline_item(t, articles) for t in contents.timeline_of(story_id)]
    related = set(story.related_story_ids)

    def verdict(name: Verdict) -> tuple[FindingItem, ...]:
        return tuple(i for i in items if i.verdict == name.value)

    return Brief(
        id=story_id,
        title=story.title,
        articles=tuple(members),
        not_analysed={a.id: r for a in members if (r := contents.not_analysed.get(a.id))},
        coverage=coverage(members),
        summary=summary(members),
        timeline=tuple(sorted(timeline, key=lambda t: (t.start or "9999", t.when, t.what))),
        agreed=verdict(Verdict.AGREED),
        conflicts=verdict(Verdict.CONFLICT),
        variants=verdict(Verdict.VARIANT),
        single_source=verdict(Verdict.SINGLE_SOURCE),
        provenance=provenance(members, contents.derivations, cited_sources(findings)),
        removed=removed(members) if include_removed else (),
        related=tuple(s for s in contents.stories if s.id in related),
    )


def build_briefs(contents: Contents, include_removed: bool = False) -> list[Brief]:
    """The brief of every story, in story order."""
    return [build_brief(contents, s.id, include_removed) for s in contents.stories]
