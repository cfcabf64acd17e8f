"""Independence groups of some stories' articles, read around them instead of store-wide.

``independent_sources`` joins articles by derived pairs and by wire pickups (an article
crediting an agency in its dateline, with the agency's articles and the other pickups of its
copy within ``PICKUP_WINDOW``). A group can run through articles of other stories, so the
groups of a story's articles are computed over their connected part of the store: the
articles reached from them by kept derived pairs and by pickups, read until nothing new is
reached. Over a part closed under both relations the groups (and their names, the original of
each) equal the store-wide computation's restricted to the part.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from storyline.link.credits import DATELINE_REACH, credits_outlet, dateline_credit
from storyline.link.derivation import PICKUP_WINDOW, DerivedPair, independent_sources
from storyline.model import Article
from storyline.store.base import Store


class _Dateline(NamedTuple):
    """What a wire pickup is judged by: an article's resolved date and outlet and the agency
    its dateline credits, read from its opening (``Store.openings``), not its whole row."""

    published: date | None
    outlet: str | None
    credit: str | None


class _Window(NamedTuple):
    """The dated articles within the pickup window of one day, and those of them whose
    dateline credits an agency (the only partners of an article that credits none)."""

    dated: list[tuple[str, _Dateline]]
    crediting: list[tuple[str, _Dateline]]


def _window(store: Store, day: date, seen: dict[str, _Dateline | None]) -> _Window:
    """The pickup window of ``day``, its datelines read into ``seen`` (None for an id no longer
    stored; ``article_ids_near`` also lists the undated ones, which are left out)."""
    near = store.article_ids_near(day, PICKUP_WINDOW.days)
    unread = [a for a in near if a not in seen]
    seen.update(dict.fromkeys(unread))
    for opening in store.openings(unread, DATELINE_REACH):
        credit = dateline_credit(opening.text)
        seen[opening.article_id] = _Dateline(opening.published, opening.outlet, credit)
    dated = [
        (other_id, other)
        for other_id in near
        if (other := seen[other_id]) is not None
        and other.published is not None
        and abs(other.published - day) <= PICKUP_WINDOW
    ]
    return _Window(dated, [(i, d) for i, d in dated if d.credit is not None])


def _pickup_partners(
    store: Store,
    article: Article,
    seen: dict[str, _Dateline | None],
    windows: dict[date, _Window],
) -> set[str]:
    """Ids of the articles a wire pickup may join to ``article``: those dated within the
    pickup window of it. None for an undated article: pickups join dated articles only.
    ``seen`` keeps the datelines read, ``windows`` each day's window once found."""
    day = article.published.date
    if day is None:
        return set()
    if day not in windows:
        windows[day] = _window(store, day, seen)
    window = windows[day]
    own = dateline_credit(article.text)
    # an article that credits no other outlet is joined only by the others' credits
    credits_another = own is not None and not credits_outlet({own}, article.outlet)
    return {
        other_id
        for other_id, other in (window.dated if credits_another else window.crediting)
        if other_id != article.id and _joined(own, article.outlet, other.credit, other.outlet)
    }


def _joined(own: str | None, outlet: str | None, theirs: str | None, other: str | None) -> bool:
    """Whether ``_wire_pickups`` pairs two articles of these dateline credits and outlets
    (both dated within the window): either is a pickup of a credit (its dateline credits
    another outlet than its own) whose agency the other is, or that the other picks up too."""
    own = own if own and not credits_outlet({own}, outlet) else None
    theirs = theirs if theirs and not credits_outlet({theirs}, other) else None
    if own and theirs and own.casefold() == theirs.casefold():
        return True
    if own and credits_outlet({own.casefold()}, other):
        return True
    return bool(theirs and credits_outlet({theirs.casefold()}, outlet))


def connected_part(
    store: Store, article_ids: Iterable[str]
) -> tuple[list[Article], list[DerivedPair]]:
    """The articles reachable from ``article_ids`` by kept derived pairs and wire pickups,
    with every kept pair touching them."""
    part: dict[str, Article] = {}
    seen: dict[str, _Dateline | None] = {}  # datelines read while looking for pickups
    windows: dict[date, _Window] = {}  # each day's pickup window, found once
    pairs: set[DerivedPair] = set()
    frontier = set(article_ids)
    while frontier:
        found = store.articles_by_id(sorted(frontier))
        part.update({a.id: a for a in found})
        reached: set[str] = set()
        for edge in store.derivation_edges(sorted(frontier)):
            if edge.kept:
                pairs.add(DerivedPair(edge.from_id, edge.to_id))
                reached |= {edge.from_id, edge.to_id}
        for article in found:
            reached |= _pickup_partners(store, article, seen, windows)
        frontier = reached - set(part)
    return sorted(part.values(), key=lambda a: a.id), sorted(pairs)


def groups_around(store: Store, article_ids: Iterable[str]) -> dict[str, str]:
    """Article id -> independence group id, for the articles of ``article_ids``' connected
    part: equal to ``independent_sources`` over the whole store, restricted to them."""
    articles, pairs = connected_part(store, article_ids)
    return independent_sources(articles, pairs)
