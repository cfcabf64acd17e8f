"""Near-duplicates and derivations: who copied or rewrote whom.

1. Candidates: MinHash signatures of each article's content words (quotations masked), banded
   as in an LSH index (``storyline.link.minhash``), so that only articles sharing much
   vocabulary are ever compared; pairs published further apart than a time window are dropped.
2. Alignment (``storyline.link.alignment``): the ordered chain of sentence pairs one article
   retells from the other, and how much of each article it covers. Quotations are masked first:
   two outlets quoting one press release or state-media statement have not copied each other.
3. Kind, from how closely the aligned sentences are retold: copy, light or heavy rewrite.
4. Direction (``orient``): a wire credit naming the other's outlet, then publication dates, then
   an agency against an outlet, then containment asymmetry (the rewrite is the text more fully
   retold from the other).

``independent_sources`` collapses rewrites and wire pickups of one original into one group.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from storyline.link.alignment import Alignment, PreparedText, align
from storyline.link.credits import (
    credited_outlets,
    credits_in,
    credits_outlet,
    dateline_credit,
    is_agency,
)
from storyline.link.minhash import Signature, colliding_pairs, signatures_of
from storyline.link.quote_mask import masked_words, vocabulary
from storyline.link.story_dates import FIRM_BASES
from storyline.model import AlignedPassage, Article, Derivation, DerivationKind
from storyline.parallel import forked_results, pooled

WINDOW = timedelta(days=14)  # a rewrite appears within days of its original
PICKUP_WINDOW = timedelta(days=2)  # articles running one agency's copy appear within days
DERIVED = 0.12  # share of a text retold from the other (beyond topic overlap) to call it derived
COPY_SIMILARITY = 0.82  # mean similarity of the aligned sentences of a copy ...
COPY_RETOLD = 0.83  # ... which retells nearly all of its source's text
LIGHT_SIMILARITY = 0.7  # a light rewrite keeps the wording of its sentences ...
LIGHT_COVERAGE = 0.5  # ... and most of its text is aligned; otherwise, a heavy rewrite
SIBLING_MARGIN = 0.05  # see ``_prune_transitive``


@dataclass(frozen=True, slots=True)
class PairVerdict:
    """The reuse between two texts, before a direction is known."""

    derived: bool
    reuse: float  # share retold, the larger of the two sides, in [0, 1]
    alignment: Alignment


def judge(a: PreparedText, b: PreparedText) -> PairVerdict:
    """Whether one of two texts retells the other (symmetric in a and b)."""
    alignment = align(a, b)
    reuse = max(alignment.retold_a, alignment.retold_b)
    return PairVerdict(reuse >= DERIVED, reuse, alignment)


def kind_of(alignment: Alignment, b_is_derived: bool = True) -> DerivationKind:
    """Copy, light or heavy rewrite, read from the derived side of an alignment."""
    retold = alignment.retold_b if b_is_derived else alignment.retold_a
    coverage = alignment.coverage_b if b_is_derived else alignment.coverage_a
    if alignment.similarity >= COPY_SIMILARITY and retold >= COPY_RETOLD:
        return DerivationKind.COPY
    if alignment.similarity >= LIGHT_SIMILARITY and coverage >= LIGHT_COVERAGE:
        return DerivationKind.LIGHT_REWRITE
    return DerivationKind.HEAVY_REWRITE


def orient(a: Article, b: Article, alignment: Alignment, credited: set[str]) -> bool:
    """True if ``b`` was derived from ``a``; False if ``a`` was derived from ``b``.

    ``credited`` holds the outlets that some article of the set credits (agencies).
    """
    credits_a, credits_b = credits_in(a.text), credits_in(b.text)
    b_credits_a = credits_outlet(credits_b, a.outlet)
    a_credits_b = credits_outlet(credits_a, b.outlet)
    if b_credits_a != a_credits_b:
        return b_credits_a
    day_a, day_b = _firm_date(a), _firm_date(b)
    if day_a and day_b and day_a != day_b:
        return day_a < day_b
    agency_a, agency_b = is_agency(a, credited), is_agency(b, credited)
    if agency_a != agency_b:
        return agency_a
    if alignment.retold_a != alignment.retold_b:
        return alignment.retold_b > alignment.retold_a
    if alignment.containment_a != alignment.containment_b:
        return alignment.containment_b > alignment.containment_a
    return a.id < b.id


def _firm_date(article: Article) -> date | None:
    return article.published.date if article.published.basis in FIRM_BASES else None


def candidate_pairs(
    articles: Sequence[Article],
    window: timedelta = WINDOW,
    signatures: Sequence[Signature | None] | None = None,
) -> list[tuple[int, int]]:
    """Index pairs (i < j) worth aligning: similar vocabulary (``storyline.link.minhash``),
    published within ``window``. ``signatures``: the articles' MinHash signatures, when
    already computed (``prepared_texts``)."""
    if signatures is None:
        signatures = signatures_of([vocabulary(masked_words(a.text)) for a in articles])
    pairs = colliding_pairs(signatures)
    return sorted(p for p in pairs if _within(articles[p[0]], articles[p[1]], window))


def _within(a: Article, b: Article, window: timedelta) -> bool:
    day_a, day_b = a.published.date, b.published.date
    return day_a is None or day_b is None or abs(day_a - day_b) <= window


class PreparedTexts:
    """The articles' texts prepared for alignment (``PreparedText``), each made on first use,
    with the credits each carries (``credits_of``).

    A search of every pair aligns the texts of its candidate pairs in forked workers
    (``derivations_among``). The texts read on the pool while the link stage streams
    articles into stories (``reading_texts``) arrive here packed (pickled): this process
    keeps the bytes, and each aligning worker unpacks only the texts of its pairs. Unpacking
    them all here cost the run's serial path about as much as preparing them (issue 14).
    Texts read in this process (a run too small for the pool) are kept as they are."""

    def __init__(
        self,
        articles: Sequence[Article],
        read: Sequence[PreparedText | bytes] = (),
        credits: Sequence[frozenset[str]] = (),
    ) -> None:
        self.articles = articles
        self.read = read
        self.credits = credits
        self._made: dict[int, PreparedText] = {}

    def __len__(self) -> int:
        return len(self.articles)

    def __getitem__(self, number: int) -> PreparedText:
        made = self._made.get(number)
        if made is None:
            read = self.read[number] if self.read else None
            if isinstance(read, PreparedText):
                return read
            # packed on the pool by ``reading_texts``, or never read
            made = pickle.loads(read) if read else PreparedText.of(self.articles[number].text)
            self._made[number] = made
        return made

    def credits_of(self, number: int) -> set[str]:
        """The credits the text of article ``number`` carries (``credits.credits_in``): read
        with its text (on the pool, while the link stage streams articles into stories)."""
        if self.credits:
            return set(self.credits[number])
        return credits_in(self.articles[number].text)


# one article's text prepared for alignment (packed when read on the pool), its signature
# and its credits
Read = tuple[PreparedText | bytes, Signature | None, frozenset[str]]


def prepared_texts(articles: Sequence[Article]) -> tuple[PreparedTexts, list[Signature | None]]:
    """Each article's text prepared for alignment and its MinHash signature, from one reading
    of its words (quotations masked), and the credits it carries."""
    with reading_texts(articles) as found:
        return unzipped(articles, found)


def reading_texts(articles: Sequence[Article]) -> AbstractContextManager[Iterator[Read]]:
    """``prepared_texts`` of ``articles``, one ``Read`` each in their order, computed from
    entering the block (``storyline.parallel.forked_results``).

    A first run over many articles reads thousands of texts: on both cores (issue 14), the
    workers forked with ``articles`` and sending back only what they made of each text, while
    this process does other work (the link stage streams articles into stories). The credits
    a text carries are read there too: their regular expression scans the whole text (0.4 ms
    an article, 0.7 s of a bulk run's serial path when read here)."""

    pack = pooled(len(articles))  # read here, a text is kept as it is

    def read(number: int) -> Read:
        text = articles[number].text
        words = masked_words(text)
        prepared = PreparedText.of(text, words)
        kept = pickle.dumps(prepared, pickle.HIGHEST_PROTOCOL) if pack else prepared
        return kept, signatures_of([vocabulary(words)])[0], frozenset(credits_in(text))

    return forked_results(read, range(len(articles)))


def unzipped(
    articles: Sequence[Article], found: Iterable[Read]
) -> tuple[PreparedTexts, list[Signature | None]]:
    """The prepared texts and the signatures of ``reading_texts``' reads of ``articles``."""
    reads = list(found)
    prepared = PreparedTexts(articles, [r[0] for r in reads], [r[2] for r in reads])
    return prepared, [r[1] for r in reads]


def find_derivations(
    articles: Sequence[Article], window: timedelta = WINDOW, prune: bool = True
) -> list[Derivation]:
    """Every derivation among ``articles``: from original to copy or rewrite, with evidence.

    Sorted by (from_id, to_id). Quotations do not count as copied text. ``prune=False`` keeps
    the edges of triangles that ``_prune_transitive`` would drop (the stored state of
    ``storyline.link.derivation_index``).
    """
    ordered = sorted(articles, key=lambda a: a.id)
    prepared, signatures = prepared_texts(ordered)
    return derivations_among(ordered, prepared, signatures, window, prune)


def derivations_among(
    ordered: Sequence[Article],
    prepared: PreparedTexts,
    signatures: Sequence[Signature | None],
    window: timedelta = WINDOW,
    prune: bool = True,
    meanwhile: Callable[[], None] = lambda: None,
) -> list[Derivation]:
    """``find_derivations`` over articles sorted by id, with their ``prepared_texts``;
    ``meanwhile`` runs here while the workers align the pairs."""
    credited = _credited_outlets(ordered, prepared)

    def derived(pair: tuple[int, int]) -> Derivation | None:
        i, j = pair
        verdict = judge(prepared[i], prepared[j])
        if not verdict.derived:
            return None
        forward = orient(ordered[i], ordered[j], verdict.alignment, credited)
        return _derivation(ordered[i], ordered[j], prepared[i], prepared[j], verdict, forward)

    # a first run over many articles aligns thousands of pairs: on both cores (issue 14)
    pairs = candidate_pairs(ordered, window, signatures)
    with forked_results(derived, pairs) as results:
        meanwhile()
        found = [d for d in results if d is not None]
    kept = _prune_transitive(found) if prune else found
    return sorted(kept, key=lambda d: (d.from_id, d.to_id))


def _derivation(
    a: Article,
    b: Article,
    text_a: PreparedText,
    text_b: PreparedText,
    verdict: PairVerdict,
    forward: bool,
) -> Derivation:
    """The derivation record, from original to derived, its score the share retold."""
    alignment = verdict.alignment
    passages = alignment.passages(text_a, text_b)
    kind = kind_of(alignment, b_is_derived=forward)
    if forward:
        return Derivation(a.id, b.id, kind, round(alignment.retold_b, 4), passages)
    flipped = tuple(AlignedPassage(p.to_span, p.from_span) for p in passages)
    return Derivation(b.id, a.id, kind, round(alignment.retold_a, 4), flipped)


def _credited_outlets(articles: Sequence[Article], prepared: PreparedTexts) -> set[str]:
    """Outlets of the set that another article credits: agencies, whether known or not."""
    outlets = {a.outlet for a in articles if a.outlet}
    crediting = [(a.outlet, prepared.credits_of(i)) for i, a in enumerate(articles)]
    return credited_outlets(outlets, crediting)


def _prune_transitive(derivations: list[Derivation]) -> list[Derivation]:
    """Drop the edge of each triangle A->B, B->C, A->C that the other two explain.

    Two pickups of one wire story (A->B, A->C) are near-copies of each other too (B->C): when C
    retells about as much of A as of B, B->C is dropped (siblings). When C retells clearly more
    of B (by ``SIBLING_MARGIN``), C rewrote B's rewrite, and A->C is dropped (a chain).
    """
    edges = {(d.from_id, d.to_id): d for d in derivations}
    dropped: set[tuple[str, str]] = set()
    children: dict[str, list[str]] = {}
    for source, target in sorted(edges):
        children.setdefault(source, []).append(target)
    for start, middle in sorted(edges):
        for end in children.get(middle, []):
            direct, via = edges.get((start, end)), edges[(middle, end)]
            if direct is None:
                continue
            if direct.score >= via.score - SIBLING_MARGIN:
                dropped.add((middle, end))
            else:
                dropped.add((start, end))
    return [d for key, d in edges.items() if key not in dropped]


class DerivedPair(NamedTuple):
    """Who rewrote whom, without the evidence: all that independence groups read."""

    from_id: str
    to_id: str


def independent_sources(
    articles: Sequence[Article], derivations: Sequence[Derivation | DerivedPair]
) -> dict[str, str]:
    """Article id -> independence group id: an original with all its copies, rewrites and
    pickups of its wire copy is one group. The group id is the id of the group's original."""
    parent = {a.id: a.id for a in articles}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def join(left: str, right: str) -> None:
        if left in parent and right in parent:
            parent[root(left)] = root(right)

    for derivation in derivations:
        join(derivation.to_id, derivation.from_id)
    for left, right in _wire_pickups(articles):
        join(left, right)
    return _named_by_original(articles, derivations, {a.id: root(a.id) for a in articles})


def _wire_pickups(articles: Sequence[Article]) -> list[tuple[str, str]]:
    """Pairs of articles that run one agency's copy, published within ``PICKUP_WINDOW``.

    An article whose dateline credits an agency ("SEOUL, May 15 (UPI) --") is one source with
    that agency's articles and with the other pickups of its copy, even when the texts were
    edited past recognition. Both must be dated, so that the agency's other stories stay apart.
    """
    credited: dict[str, list[Article]] = {}
    for article in articles:
        credit = dateline_credit(article.text)
        if credit is not None and not credits_outlet({credit}, article.outlet):
            credited.setdefault(credit.casefold(), []).append(article)
    pairs: list[tuple[str, str]] = []
    for credit, pickups in sorted(credited.items()):
        agency = [a for a in articles if credits_outlet({credit}, a.outlet)]
        for pickup in pickups:
            pairs.extend(
                (pickup.id, other.id)
                for other in agency + pickups
                if other.id != pickup.id and _dated_within(pickup, other, PICKUP_WINDOW)
            )
    return pairs


def _dated_within(a: Article, b: Article, window: timedelta) -> bool:
    day_a, day_b = a.published.date, b.published.date
    return day_a is not None and day_b is not None and abs(day_a - day_b) <= window


def _named_by_original(
    articles: Sequence[Article],
    derivations: Sequence[Derivation | DerivedPair],
    groups: dict[str, str],
) -> dict[str, str]:
    """Name each group by its original: no incoming derivation, earliest date, smallest id."""
    derived = {d.to_id for d in derivations}
    members: dict[str, list[Article]] = {}
    for article in articles:
        members.setdefault(groups[article.id], []).append(article)
    names = {
        key: min(
            group,
            key=lambda a: (a.id in derived, a.published.date is None, a.published.date, a.id),
        ).id
        for key, group in members.items()
    }
    return {article_id: names[key] for article_id, key in groups.items()}
