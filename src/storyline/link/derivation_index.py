"""Derivations kept up to date article by article: only the new articles are searched.

``storyline.link.derivation.find_derivations`` compares every pair of a set of articles. A
store grows by a few articles a run, and the pairs among the articles already stored do not
change, so this module keeps what the search needs in the store:

- each article's MinHash signature of its content words (quotations masked) and the credits
  its text carries, as per-article analyses (``SIGNATURE_KIND``, ``CREDITS_KIND``), computed
  once, when the article is first linked;
- every derived pair found so far, one row each, marked with whether the pruning of
  transitive edges keeps it (``Store.derivation_edges``; the kept ones are the store's
  derivations), and what oriented them (``EDGES_KIND``).

A run compares each new article with the stored articles published within the time window
(or undated) whose signatures collide in one of the LSH bands of ``minhash.LSH_BANDS`` and
reach ``CANDIDATE_JACCARD``: the very test ``candidate_pairs`` makes, so the pairs found are
those a search of the whole store would find. The store indexes the bands of every stored
signature (``Store.lsh_matches``), so a run reads the signatures that collide, not every
signature of the window. The orientation of a pair reads the outlets the
store's articles credit, the resolved outlets and dates; when any of these changed for the
stored articles, every pair is searched again, so the result always equals ``find_derivations``
over the whole store.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np

from storyline.link.alignment import PreparedText
from storyline.link.credits import credited_outlets, credits_in
from storyline.link.derivation import (
    WINDOW,
    PreparedTexts,
    _derivation,
    _prune_transitive,
    _within,
    derivations_among,
    judge,
    orient,
    prepared_texts,
)
from storyline.link.minhash import Signature, Signatures, band_keys, signatures_of
from storyline.link.quote_mask import content_vocabulary
from storyline.model import Article, Derivation, content_id, from_jsonable, to_jsonable
from storyline.store.base import Store
from storyline.store.codec import DERIVATIONS_MARK, StoredEdge, dumps

# articles sorted by id -> their prepared texts and signatures (``derivation.prepared_texts``)
Texts = Callable[[Sequence[Article]], tuple[PreparedTexts, list[Signature | None]]]
SIGNATURE_KIND = "minhash"  # per article: MinHash hash values of its content words, or None
CREDITS_KIND = "credits"  # per article: the credits its text carries ("UPI", "YONHAP")
EDGES_KIND = "derivation_edges"  # derived pairs before pruning, with what oriented them
VERSION = "1"


def signatures(articles: Sequence[Article]) -> dict[str, list[int] | None]:
    """Article id -> MinHash hash values of its content words (None without content words),
    exactly as ``derivation.candidate_pairs`` computes them."""
    found = signatures_of([content_vocabulary(a.text) for a in articles])
    return {a.id: s for a, s in zip(articles, found, strict=True)}


@dataclass(frozen=True)
class DerivationUpdate:
    """What a run writes for derivations, in one transaction with the rest of the link stage
    (so a run killed before it searches the same articles again): ``record`` is the edges
    document (what oriented the pairs), ``edges`` the derived pairs to add or replace, after
    forgetting every stored pair when ``replace_all``; ``analyses`` the per-article
    signatures and credits of the articles searched (a search of every pair stores them
    while its workers align, inside the same transaction: none are left here)."""

    record: dict[str, Any]
    edges: list[StoredEdge]
    replace_all: bool
    analyses: list[tuple[str, str, Any]]
    mark: str  # the store's DERIVATIONS_MARK after the update

    def write(self, store: Store) -> None:
        """Store the update (inside the caller's transaction)."""
        if self.replace_all:
            store.delete_derivation_edges()
        store.put_derivation_edges(self.edges)
        store.put_result(EDGES_KIND, self.record)
        store.put_result(DERIVATIONS_MARK, self.mark)
        self.put_analyses(store, self.analyses)

    @staticmethod
    def put_analyses(store: Store, analyses: Iterable[tuple[str, str, Any]]) -> None:
        """Store per-article signatures and credits (with their LSH band rows), at once."""
        store.put_analyses(
            [(article_id, kind, VERSION, payload) for article_id, kind, payload in analyses]
        )


class ArticleLookup(dict[str, Article]):
    """The articles of a run by id: the ones it linked, as it resolved them, and any other
    stored article, read (resolved as stored) when first asked for."""

    def __init__(self, store: Store, linked: Iterable[Article]) -> None:
        super().__init__((a.id, a) for a in linked)
        self.store = store

    def load(self, article_ids: Iterable[str]) -> None:
        """Read the articles of these ids not held yet, in one query."""
        missing = [a for a in article_ids if a not in self]
        if missing:
            self.update((a.id, a) for a in self.store.articles_with(missing))

    def __missing__(self, article_id: str) -> Article:
        self.load([article_id])
        return dict.__getitem__(self, article_id)


def update_derivations(
    store: Store,
    linked: Sequence[Article],
    moved: Collection[str],
    every_article: Callable[[], Sequence[Article]],
    window: timedelta = WINDOW,
    texts: Texts = prepared_texts,
    meanwhile: Callable[[], None] = lambda: None,
) -> DerivationUpdate:
    """The derived pairs after the store's new articles (those without a stored signature).

    ``linked`` are the articles the link stage looked at this run (the new ones among them),
    resolved as it resolved them; ``moved`` those whose resolved date or outlet it changed.
    These orient pairs: when one of them was searched before, as when the outlets credited
    by another article change, every pair is searched again, over ``every_article()``.

    Otherwise only the pairs around the new ones are read and rewritten: a pair is pruned by
    the triangles it is part of (``_prune_transitive``), and a triangle lies within one
    connected part of the pairs, so pruning the parts the new pairs touch again gives what
    pruning every pair of the store gives. The outlets of the store and the credits its
    articles carry are kept in the edges record, grown by the new articles. ``texts`` gives
    the prepared texts and signatures of a search of every pair (``prepared_texts``, or what
    a caller started reading ahead, as ``searches_all`` foretells). ``meanwhile`` is called
    once, while a search of every pair aligns on the workers: the caller's work that does not
    depend on the pairs (the link stage writes its stories); a search of every pair also
    stores the articles' signatures then, in the caller's transaction."""
    known = store.analysis_versions(SIGNATURE_KIND, [*(a.id for a in linked), *moved])
    new = [a for a in linked if known.get(a.id) != VERSION]
    stored = store.result(EDGES_KIND) or {}
    if not _current(stored) or any(known.get(a) == VERSION for a in moved):
        return _search_all(store, every_article(), window, texts, meanwhile)
    new_signatures = signatures(new)
    fresh_credits = {a.id: sorted(credits_in(a.text)) for a in new}
    outlets = set(stored["outlets"]) | {a.outlet for a in new if a.outlet}
    crediting = {(by, tuple(named)) for by, named in stored["crediting"]}
    crediting |= {(a.outlet, tuple(fresh_credits[a.id])) for a in new if fresh_credits[a.id]}
    record = _record(outlets, crediting, stored["count"] + len(new))
    if record["credited"] != stored["credited"]:
        return _search_all(store, every_article(), window, texts, meanwhile)
    meanwhile()
    analyses: list[tuple[str, str, Any]] = [
        (a, SIGNATURE_KIND, s) for a, s in new_signatures.items()
    ]
    analyses += [(a, CREDITS_KIND, c) for a, c in fresh_credits.items()]
    lookup = ArticleLookup(store, linked)
    credited = set(record["credited"])
    found = _new_edges(store, lookup, new, new_signatures, credited, window)
    edges, stored_rows = _around(store, found)
    rows = _pruned(edges)
    mark = store.result(DERIVATIONS_MARK)
    before = int(mark, 16) if mark else _digest_payloads(store.derivation_payloads())
    return DerivationUpdate(
        record, rows, False, analyses, _mark(before - _digest(stored_rows) + _digest(rows))
    )


FORMAT = "2"


def searches_all(store: Store) -> bool:
    """Whether the next ``update_derivations`` surely searches every pair: no search of this
    format is stored (a first run, or after ``EDGES_KIND`` was cleared). Known before linking,
    so the texts can be read while the articles are streamed into stories."""
    return not _current(store.result(EDGES_KIND))


def _current(record: dict[str, Any] | None) -> bool:
    return (record or {}).get("format") == FORMAT


def _record(
    outlets: Iterable[str], crediting: Iterable[tuple[str | None, tuple[str, ...]]], count: int
) -> dict[str, Any]:
    """The edges record: the store's outlets, which outlets crediting articles name, the
    outlets credited by another's article (which orient pairs) and how many articles."""
    outlets = sorted(set(outlets))
    crediting = sorted(set(crediting), key=lambda item: (item[0] or "", item[1]))
    credited = sorted(credited_outlets(outlets, crediting))
    return {
        "format": FORMAT,
        "outlets": outlets,
        "crediting": [[by, list(names)] for by, names in crediting],
        "credited": credited,
        "count": count,
    }


def _search_all(
    store: Store,
    dated: Sequence[Article],
    window: timedelta,
    texts: Texts,
    meanwhile: Callable[[], None],
) -> DerivationUpdate:
    """Every pair of the store searched again (the first run, or orientation changed)."""
    known = store.analysis_versions(SIGNATURE_KIND)
    ordered = sorted(dated, key=lambda a: a.id)
    prepared, found = texts(ordered)  # each text read once, for both
    fresh = [i for i, a in enumerate(ordered) if known.get(a.id) != VERSION]
    new = [(ordered[i], found[i]) for i in fresh]
    credits = dict(store.analyses(CREDITS_KIND))
    fresh_credits = {ordered[i].id: sorted(prepared.credits_of(i)) for i in fresh}
    credits.update(fresh_credits)
    outlets = {a.outlet for a in dated if a.outlet}
    crediting = {(a.outlet, tuple(credits[a.id])) for a in dated if credits.get(a.id)}
    record = _record(outlets, crediting, len(dated))
    analyses: list[tuple[str, str, Any]] = [(a.id, SIGNATURE_KIND, s) for a, s in new]
    analyses += [(a, CREDITS_KIND, c) for a, c in fresh_credits.items()]

    def alongside() -> None:  # the signatures are known before the pairs: stored meanwhile
        meanwhile()
        DerivationUpdate.put_analyses(store, analyses)

    # unpruned: every derived pair of the store (the stored state)
    edges = derivations_among(ordered, prepared, found, window, prune=False, meanwhile=alongside)
    rows = _pruned(edges)
    return DerivationUpdate(record, rows, True, [], _mark(_digest(rows)))


def _digest_payloads(kept: Iterable[Any]) -> int:
    """The sum of the content hashes of kept pairs (as JSON): a digest of a set of pairs
    that a run updates by the pairs it rewrites, without reading the others."""
    return sum(int(content_id("derivation", dumps(payload)), 16) for payload in kept)


def _digest(rows: Iterable[StoredEdge]) -> int:
    return _digest_payloads(row.payload for row in rows if row.kept)


def _mark(digest: int) -> str:
    return f"{digest % 2**64:016x}"


def _around(store: Store, found: Sequence[Derivation]) -> tuple[list[Derivation], list[StoredEdge]]:
    """``found`` with every stored pair connected to them (their connected parts), and the
    stored rows of those pairs as they were."""
    edges = {(d.from_id, d.to_id): d for d in found}
    stored: dict[tuple[str, str], StoredEdge] = {}
    seen: set[str] = set()
    frontier = {end for d in found for end in (d.from_id, d.to_id)}
    while frontier:
        seen |= frontier
        reached = store.derivation_edges(sorted(frontier))
        for edge in reached:
            if (edge.from_id, edge.to_id) not in edges:
                stored[(edge.from_id, edge.to_id)] = edge
                edges[(edge.from_id, edge.to_id)] = from_jsonable(Derivation, edge.payload)
        frontier = {end for e in reached for end in (e.from_id, e.to_id)} - seen
    return list(edges.values()), list(stored.values())


def _pruned(edges: Sequence[Derivation]) -> list[StoredEdge]:
    """The pairs as stored rows, each marked with whether transitive pruning keeps it."""
    kept = {(d.from_id, d.to_id) for d in _prune_transitive(list(edges))}
    return [
        StoredEdge(d.from_id, d.to_id, (d.from_id, d.to_id) in kept, to_jsonable(d))
        for d in sorted(edges, key=lambda d: (d.from_id, d.to_id))
    ]


def _new_edges(
    store: Store,
    by_id: ArticleLookup,
    new: Sequence[Article],
    new_signatures: Mapping[str, list[int] | None],
    credited: set[str],
    window: timedelta,
) -> list[Derivation]:
    """The derived pairs that have a new article on at least one side."""
    pairs: set[tuple[str, str]] = set()
    read: dict[str, Signature | None] = {}  # stored signatures, read once for all new articles
    among_new = Signatures(new_signatures)  # stacked and bucketed once for the whole run
    for article in new:
        signature = new_signatures[article.id]
        if signature is None:
            continue
        stored = _colliding_signatures(store, article, signature, new_signatures, window, read)
        near = among_new.candidates(signature) + Signatures(stored).candidates(signature)
        by_id.load(near)
        for other in near:
            if other != article.id and _within(article, by_id[other], window):
                pairs.add((min(article.id, other), max(article.id, other)))
    prepared: dict[str, PreparedText] = {}
    found = []
    for left, right in sorted(pairs):
        a, b = by_id[left], by_id[right]
        if left not in prepared:
            prepared[left] = PreparedText.of(a.text)
        if right not in prepared:
            prepared[right] = PreparedText.of(b.text)
        text_a, text_b = prepared[left], prepared[right]
        verdict = judge(text_a, text_b)
        if verdict.derived:
            forward = orient(a, b, verdict.alignment, credited)
            found.append(_derivation(a, b, text_a, text_b, verdict, forward))
    return found


def _colliding_signatures(
    store: Store,
    article: Article,
    signature: Signature,
    new_signatures: Mapping[str, list[int] | None],
    window: timedelta,
    read: dict[str, Signature | None],
) -> dict[str, Signature | None]:
    """The signatures of the stored articles (not new ones) that share an LSH band with
    ``signature`` and may fall within ``window`` of ``article``: published near it or undated
    (by their ingested date: a date resolved later only narrows the set, and ``_within``
    decides). Only those are read, from the store's band index (``Store.lsh_matches``);
    ``read`` keeps the stored signatures already read."""
    day = article.published.date
    colliding = store.lsh_matches(band_keys(signature), day, window.days)
    stored = [other for other in colliding if other not in new_signatures]
    unread = [other for other in stored if other not in read]
    for other, payload in store.analyses_of(SIGNATURE_KIND, unread).items():
        read[other] = None if payload is None else np.array(payload, dtype=np.uint64)
    return {other: read[other] for other in stored if other in read}
