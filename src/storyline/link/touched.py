"""The link stage for the stories a run touches, not the whole store.

A run's region is the clusterer's stories (``stream_checkpoint``) that took a new or replayed
article, those holding an article an analyst's decision names, those holding an article whose
learned outlet changed, and, until nothing more joins, every story stored that holds one of
their articles. Outside the region nothing can change: a story's groups come from one
clusterer story (undated articles split off by their own dates) or from decisions, which all
lie in the region, and dates are completed within a story. So the stage reads, recomputes
and writes the region only: its articles, clues and time expressions, resolved dates and
outlets, stable ids (``storyline.link.identity``, the registry entries of its first articles),
stories and related stories. ``everything`` (``rebuild``), new link code, a re-analysed or
late article (``stream_checkpoint``) make the region the whole store.

Related stories (``storyline.link.storylines``) are found for the region's stories only,
through an inverted index of every story's strongest actors kept as rows; a story outside
the region is rewritten only when a pair with a region story appears or goes.

What changed is kept as pending rows in the same transaction (stories created or changed,
stories removed, articles whose publication changed), merged with what an interrupted run
left, until reconciliation has used them (``clear_pending``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storyline.code_version import source_fingerprint
from storyline.ingest.outlets import _keys, names_match
from storyline.ingest.stage import CLUES_KIND
from storyline.link import stream_checkpoint
from storyline.link.identity import IdEntry, Registry, assign_ids
from storyline.link.storylines import (
    Norms,
    Vectors,
    related_score,
    story_vectors,
    strongest_actors,
)
from storyline.link.stream_checkpoint import (
    CLUSTER_OF,
    FINGERPRINTS,
    RELATED_VECTORS,
    StreamResult,
)
from storyline.model import Article, Story, from_jsonable, to_jsonable
from storyline.store.base import Store
from storyline.store.codec import (
    OUTLETS,
    PUBLICATION,
    STORIES,
    STORY_IDS,
    STORY_OF,
    KeyedRow,
    mapping_sort,
    membership_rows,
    story_rows,
    story_sort_key,
    with_resolution,
)

LINK_STATE = "link_state"  # {version, created: the registry's last run, stories: how many}
LINK_VERSION = source_fingerprint("link")
PENDING = "link_pending"  # "story:<id>" -> "changed" | "removed"; "article:<id>" -> "redated"
ALL_STORIES = "all"  # a pending row saying every story may have changed
OUTLET_VOTES = "outlet_votes"  # credit or domain key -> the outlet names given with it
OUTLET_KEYS = "outlet_keys"  # "<key>\x1f<article>" sorted by key: articles to learn a name for
STORY_VECTORS = "story_vectors"  # story id -> its summed actor and theme vectors
ACTOR_TERMS = "actor_terms"  # "<term>\x1f<story>" sorted by term: a story's strongest actors
SEP = "\x1f"
# Rows recomputed whole when the region is the whole store.
ARTICLE_KINDS = (CLUSTER_OF, FINGERPRINTS, RELATED_VECTORS, OUTLET_VOTES, OUTLET_KEYS)
STORY_KINDS = (STORIES, STORY_OF, STORY_VECTORS, ACTOR_TERMS, PUBLICATION, OUTLETS)


@dataclass(frozen=True)
class LinkResult:
    """What a link run did: how many stories the store holds, the ids of the stories it
    created or changed (members, a member's resolved date or outlet, a derived pair touching
    a member; None: possibly every story), the ids it removed, and the articles whose
    publication changed."""

    stories: int
    changed: tuple[str, ...] | None
    removed: tuple[str, ...]
    redated: tuple[str, ...]
    before: tuple[Story, ...] = ()  # the stories recomputed, as they were
    after: tuple[Story, ...] = ()  # and as they are now
    relisted: tuple[str, ...] = ()  # stories outside the region whose related stories changed


@dataclass
class Region:
    """The part of the store a run recomputes: the clusterer's story keys, their articles,
    and the stories stored for them before the run."""

    keys: set[str]
    members: set[str]
    old_stories: list[Story]
    whole: bool
    groups: dict[str, list[str]] = field(default_factory=dict)


# (the clusterer's groups, the region's articles, their time expressions and clues, the
# decisions) -> the final groups and the publication dates resolved for their articles
Grouping = Callable[
    [list[list[str]], list[Article], dict[str, Any], dict[str, Any], list[dict[str, Any]]],
    tuple[list[list[str]], dict[str, Any]],
]


@dataclass(frozen=True)
class Plan:
    """A run's region recomputed: its articles as resolved now (``linked``), those whose
    resolved date or outlet changed (``moved``: derivations are oriented by them), and, to
    call in that order inside the caller's transaction, ``write()``, which stores the region,
    and ``finish(derived_ends)``, with the articles of the derived pairs the run rewrote (None:
    every pair). The derivation search needs only ``linked`` and ``moved``, so a first run
    writes the region while the workers align its pairs (issue 14)."""

    linked: list[Article]
    moved: frozenset[str]
    write: Callable[[], None]
    finish: Callable[[Collection[str] | None], LinkResult]


def link_touched(store: Store, everything: bool, grouped: Grouping) -> Plan:
    """Recompute the region of this run (``grouped`` gives its final groups)."""
    state = store.result(LINK_STATE) or {}
    whole = everything or state.get("version") != LINK_VERSION
    streamed = stream_checkpoint.stream_groups(store, whole)
    whole = streamed.continued == "none"
    decisions = list(store.decisions())
    fed = streamed.assignments
    # the clues of the articles fed for the first time (replayed ones were counted before)
    fed_clues = store.analyses_of(CLUES_KIND, list(fed if whole else streamed.first_seen))
    votes_before = {} if whole else store.keyed(OUTLET_VOTES, _vote_keys(fed_clues.values()))
    votes = _voted(votes_before, fed_clues)
    relearn = [k for k in votes if _learned(votes_before.get(k)) != _learned(votes[k])]
    outlet_seeds = {a for a, c in fed_clues.items() if not c["outlet"].get("given")}
    if relearn and not whole:
        outlet_seeds |= {row.key.split(SEP)[1] for row in store.keyed_by_sort(OUTLET_KEYS, relearn)}
    decided = sorted({a for d in decisions for a in d["article_ids"]})
    region = _region(store, streamed, decided, outlet_seeds, whole)
    members = sorted(region.members)
    articles = store.ingested_articles_with(members)
    clues = store.analyses_of(CLUES_KIND, members)
    timexes = store.analyses_of("timexes", members)
    all_votes = {**store.keyed(OUTLET_VOTES, _vote_keys(clues.values())), **votes}
    old_outlets = store.keyed(OUTLETS, None if whole else members)
    outlets = {
        a.id: learned
        for a in articles
        if (learned := _outlet(a, clues.get(a.id), all_votes)) is not None
    }
    groups, publication = grouped(list(region.groups.values()), articles, timexes, clues, decisions)
    old_publication = store.keyed(PUBLICATION, None if whole else members)
    dated = [with_resolution(a, publication, outlets) for a in articles]
    before = [with_resolution(a, old_publication, old_outlets) for a in articles]
    redated = sorted(
        a.id
        for a in articles
        if old_publication.get(a.id) != publication.get(a.id)
        or old_outlets.get(a.id) != outlets.get(a.id)
    )
    moved = frozenset(
        n.id for o, n in zip(before, dated, strict=True) if _resolution(o) != _resolution(n)
    )
    day = {a.id: a.published.date for a in dated}
    registry = _registry(store, state, members, region, day, whole)
    run = _last_run(store, state) + 1
    story_ids, grown = assign_ids(groups, registry, day.get, run)
    new_ids = {sid: grown[sid] for sid in grown.keys() - registry.keys()}
    vectors = dict(streamed.vectors)
    vectors.update(store.keyed(RELATED_VECTORS, [a for a in members if a not in vectors]))
    stories, earliest = _stories(dated, groups, story_ids)
    related = _related(store, stories, region, vectors)
    stories = [
        Story(s.id, s.title, s.article_ids, tuple(sorted(related.pairs.get(s.id, ()))))
        for s in stories
    ]
    old_by_id = {s.id: s for s in region.old_stories}
    touched_articles = set(streamed.first_seen) | set(redated)
    changed = sorted(
        s.id
        for s in stories
        if old_by_id.get(s.id) is None
        or old_by_id[s.id].article_ids != s.article_ids
        or old_by_id[s.id].title != s.title
        or touched_articles & set(s.article_ids)
    )
    removed = sorted(old_by_id.keys() - {s.id for s in stories})
    # stories of the region that came out as they were (the second look weighed them and left
    # them): their story and membership rows stay, unwritten
    kept = set() if whole else {s.id for s in stories if old_by_id.get(s.id) == s} - set(changed)
    rewritten = [s for s in stories if s.id not in kept]
    count = len(stories) if whole else int(state.get("stories", 0)) + len(stories) - len(old_by_id)

    def write() -> None:
        """Write the region (inside the caller's transaction)."""
        if whole:
            for kind in ARTICLE_KINDS + STORY_KINDS:
                store.delete_keyed(kind)
        else:
            gone = [s for s in region.old_stories if s.id not in kept]
            store.delete_keyed(STORIES, [s.id for s in gone])
            store.delete_keyed(STORY_OF, [a for s in gone for a in s.article_ids])
            store.delete_keyed(STORY_VECTORS, [s.id for s in region.old_stories])
            store.delete_keyed(ACTOR_TERMS, related.old_terms)
            store.delete_keyed(PUBLICATION, list(old_publication))
            store.delete_keyed(OUTLETS, list(old_outlets))
        for kind, rows in streamed.rows.items():
            store.put_keyed(kind, rows)
        if streamed.state is not None:
            streamed.state.write(store)
        store.clear_link_queue(*streamed.queued)
        store.put_keyed(OUTLET_VOTES, [KeyedRow(k, "", v) for k, v in votes.items()])
        store.put_keyed(
            OUTLET_KEYS,
            [
                KeyedRow(f"{key}{SEP}{a}", key, a)
                for a, c in fed_clues.items()
                if not c["outlet"].get("given")
                for key in _keys(c["outlet"])
            ],
        )
        dated = [KeyedRow(a, mapping_sort(PUBLICATION, p), p) for a, p in publication.items()]
        store.put_keyed(PUBLICATION, dated)
        store.put_keyed(OUTLETS, [KeyedRow(a, "", o) for a, o in outlets.items()])
        store.put_keyed(STORIES, story_rows(rewritten, earliest))
        store.put_keyed(STORIES, story_rows(related.outside, related.outside_earliest))
        store.put_keyed(STORY_OF, membership_rows(rewritten))
        store.put_keyed(STORY_VECTORS, [KeyedRow(s, "", v) for s, v in related.vectors.items()])
        store.put_keyed(ACTOR_TERMS, related.new_terms)
        store.put_keyed(
            STORY_IDS,
            [
                KeyedRow(sid, e.first_article_id, to_jsonable(e))
                for sid, e in sorted(new_ids.items())
            ],
        )
        created = max([run - 1, *(e.created for e in new_ids.values())])
        store.put_result(
            LINK_STATE, {"version": LINK_VERSION, "created": created, "stories": count}
        )

    def finish(derived_ends: Collection[str] | None) -> LinkResult:
        """What the run changed, kept as pending for reconciliation (inside the caller's
        transaction, after ``write``); ``derived_ends``: the articles of the derived pairs the
        run rewrote (None: every pair)."""
        result_changed: list[str] | None = None
        if derived_ends is not None:
            held = store.keyed(STORY_OF, sorted(set(derived_ends) - region.members))
            result_changed = sorted(set(changed) | set(held.values()))
        result = LinkResult(
            count,
            None if result_changed is None else tuple(result_changed),
            tuple(removed),
            tuple(redated),
            tuple(region.old_stories),
            tuple(sorted(stories, key=lambda s: (story_sort_key(earliest[s.id]), s.id))),
            tuple(sorted(s.id for s in related.outside)),
        )
        _add_pending(store, result)
        return result

    return Plan(dated, moved, write, finish)


def _resolution(article: Article) -> tuple[date | None, str, str | None]:
    return article.published.date, article.published.basis.value, article.outlet


# ---- the region ------------------------------------------------------------------------------


def _region(
    store: Store,
    streamed: StreamResult,
    decided: Sequence[str],
    seeds: Iterable[str],
    whole: bool,
) -> Region:
    """The clusterer's stories a run recomputes, grown until every stored story holding one
    of their articles lies within them."""
    fed = streamed.assignments
    if whole:
        groups: dict[str, list[str]] = {}
        for article_id, key in fed.items():
            groups.setdefault(key, []).append(article_id)
        return Region(set(groups), set(fed), store.stories(), True, groups)

    def keys_of(article_ids: Iterable[str]) -> set[str]:
        ids = set(article_ids)
        found = {fed[a] for a in ids if a in fed}
        stored = store.keyed(CLUSTER_OF, sorted(ids - fed.keys()))
        return found | {row["story"] for row in stored.values()}

    # A replayed article that lands in the same story with the same vectors changes nothing:
    # only new articles and those the replay moved or weighed differently seed the region.
    stored = store.keyed(CLUSTER_OF, list(fed))
    old_vectors = store.keyed(RELATED_VECTORS, list(stored))
    moved = [
        a
        for a, key in fed.items()
        if a not in stored
        or stored[a]["story"] != key
        or old_vectors.get(a) != streamed.vectors.get(a)
    ]
    old_keys = {stored[a]["story"] for a in moved if a in stored}
    keys = {fed[a] for a in moved} | old_keys | keys_of(decided) | keys_of(seeds)
    held: dict[str, Story] = {}
    while True:
        members = {row.key for row in store.keyed_by_sort(CLUSTER_OF, sorted(keys))}
        members = (members - fed.keys()) | {a for a, k in fed.items() if k in keys}
        unseen = sorted(members - {a for s in held.values() for a in s.article_ids})
        held.update((s.id, s) for s in store.stories_with(unseen))
        extra = {a for s in held.values() for a in s.article_ids} - members
        more = keys_of(extra) - keys
        if not more:
            break
        keys |= more
    groups = {}
    for row in store.keyed_by_sort(CLUSTER_OF, sorted(keys)):
        if row.key not in fed:
            groups.setdefault(row.payload["story"], []).append(row.key)
    for article_id, key in fed.items():
        if key in keys:
            groups.setdefault(key, []).append(article_id)
    return Region(keys, members, list(held.values()), False, groups)


# ---- outlets learned from the metadata of other articles ------------------------------------


def _vote_keys(clues: Iterable[Mapping[str, Any]]) -> list[str]:
    return sorted({key for c in clues for key in _keys(c.get("outlet", {}))})


def _voted(before: Mapping[str, list[str]], clues: Mapping[str, Any]) -> dict[str, list[str]]:
    """The names given with each credit or domain key, grown by these articles' clues
    (``ingest.outlets.learn_outlet_names``: a key is learned when its names agree)."""
    votes = {key: list(names) for key, names in before.items()}
    for clue in clues.values():
        outlet = clue.get("outlet", {})
        given = outlet.get("given")
        if not given:
            continue
        for key in _keys(outlet):
            if names_match(key, given) and given not in votes.get(key, []):
                votes[key] = sorted({*votes.get(key, []), given})
    return votes


def _learned(names: Sequence[str] | None) -> str | None:
    return names[0] if names and len(names) == 1 else None


def _outlet(
    article: Article, clue: Mapping[str, Any] | None, votes: Mapping[str, Any]
) -> str | None:
    """The outlet name learned for an article whose input named none (``resolve_outlets``)."""
    outlet = (clue or {}).get("outlet", {})
    if outlet.get("given"):
        return None
    learned = next((n for k in _keys(outlet) if (n := _learned(votes.get(k))) is not None), None)
    return learned if learned and learned != article.outlet else None


# ---- stable ids ------------------------------------------------------------------------------


def _registry(
    store: Store,
    state: Mapping[str, Any],
    members: Sequence[str],
    region: Region,
    day: Mapping[str, date | None],
    whole: bool,
) -> Registry:
    """The registry entries named after the region's articles. A store from before stable
    ids registers its stories' current ids (named after their earliest article), so ids
    already shown keep resolving."""
    rows = store.keyed_by_sort(STORY_IDS, members)
    registry = {row.key: from_jsonable(IdEntry, row.payload) for row in rows}
    if whole and not registry and "created" not in state and region.old_stories:
        return {
            s.id: IdEntry(min(s.article_ids, key=lambda a: (day.get(a) or date.max, a)), 0)
            for s in region.old_stories
        }
    return registry


def _last_run(store: Store, state: Mapping[str, Any]) -> int:
    if "created" in state:
        return int(state["created"])
    every = store.keyed(STORY_IDS).values()  # once, for a store from before the link state
    return max((int(e["created"]) for e in every), default=0)


# ---- stories and related stories -------------------------------------------------------------


def _stories(
    dated: Sequence[Article], groups: Sequence[Sequence[str]], story_ids: Sequence[str]
) -> tuple[list[Story], dict[str, date | None]]:
    """Stories (related ones not linked yet) from article groups and their stable ids, with
    each story's earliest date."""

    by_id = {a.id: a for a in dated}
    stories = []
    earliest: dict[str, date | None] = {}
    for story_id, group in zip(story_ids, groups, strict=True):
        members = sorted(group)
        stories.append(Story(story_id, story_title([by_id[a] for a in members]), tuple(members)))
        days = [d for a in members if (d := by_id[a].published.date) is not None]
        earliest[story_id] = min(days, default=None)
    return stories, earliest


@dataclass
class Related:
    """The related stories of the region, and what to write for them."""

    pairs: dict[str, set[str]]
    vectors: dict[str, Vectors]
    new_terms: list[KeyedRow]
    old_terms: list[str]
    outside: list[Story]
    outside_earliest: dict[str, date | None]


def _related(
    store: Store, stories: Sequence[Story], region: Region, vectors: Mapping[str, Vectors]
) -> Related:
    """Related pairs of the region's stories, among themselves and with the stories outside
    it that share one of their strongest actors; the outside stories whose list changed."""
    summed = {
        s.id: story_vectors(vectors[a] for a in s.article_ids if a in vectors) for s in stories
    }
    terms = {sid: strongest_actors(v) for sid, v in summed.items()}
    old_ids = {s.id for s in region.old_stories}
    old_terms: list[str] = []
    if not region.whole:
        for sid, v in store.keyed(STORY_VECTORS, sorted(old_ids)).items():
            old_terms += [f"{t}{SEP}{sid}" for t in strongest_actors(v)]
    posting: dict[str, list[str]] = {}
    for sid, found in terms.items():
        for term in found:
            posting.setdefault(term, []).append(sid)
    pairs: dict[str, set[str]] = {s.id: set() for s in stories}
    candidates: set[tuple[str, str]] = set()
    for keys in posting.values():
        candidates.update((a, b) for a in keys for b in keys if a < b)
    outside: dict[str, set[str]] = {}  # outside story -> region stories to compare
    if not region.whole:
        for row in store.keyed_by_sort(ACTOR_TERMS, sorted(posting)):
            other = row.payload
            if other not in old_ids:
                outside.setdefault(other, set()).update(posting[row.sort])
    outside_vectors = store.keyed(STORY_VECTORS, sorted(outside))
    norms: Norms = {}  # of the vectors of ``summed`` and ``outside_vectors``, kept alive here
    for a, b in sorted(candidates):
        if related_score(summed[a], summed[b], norms) is not None:
            pairs[a].add(b)
            pairs[b].add(a)
    partners: dict[str, set[str]] = {}
    for other, mine in outside.items():
        for sid in sorted(mine):
            if related_score(summed[sid], outside_vectors[other], norms) is not None:
                pairs[sid].add(other)
                partners.setdefault(other, set()).add(sid)
    for s in region.old_stories:
        for other in s.related_story_ids:
            if other not in old_ids:
                partners.setdefault(other, set())
    rewritten = []
    earliest: dict[str, date | None] = {}
    for story in (from_jsonable(Story, s) for s in store.keyed(STORIES, sorted(partners)).values()):
        kept = {r for r in story.related_story_ids if r not in old_ids}
        now = tuple(sorted(kept | partners[story.id]))
        if now != story.related_story_ids:
            rewritten.append(Story(story.id, story.title, story.article_ids, now))
    if rewritten:
        read = store.articles_with([a for s in rewritten for a in s.article_ids])
        day = {a.id: a.published.date for a in read}
        for s in rewritten:
            days = [d for a in s.article_ids if (d := day.get(a)) is not None]
            earliest[s.id] = min(days, default=None)
    new_terms = [KeyedRow(f"{t}{SEP}{sid}", t, sid) for sid, found in terms.items() for t in found]
    return Related(pairs, summed, new_terms, old_terms, rewritten, earliest)


# ---- pending changes, for reconciliation -----------------------------------------------------


@dataclass(frozen=True)
class Pending:
    """What link runs changed that reconciliation has not used yet (None: every story)."""

    stories: tuple[str, ...] | None
    redated: tuple[str, ...]
    relisted: tuple[str, ...] = ()  # stories whose record changed but not their results


def _add_pending(store: Store, result: LinkResult) -> None:
    rows = [KeyedRow(f"article:{a}", "", "redated") for a in result.redated]
    if result.changed is None:
        rows.append(KeyedRow(f"story:{ALL_STORIES}", "", ALL_STORIES))
    else:
        rows += [KeyedRow(f"story:{s}", "", "changed") for s in result.changed]
    rows += [KeyedRow(f"story:{s}", "", "removed") for s in result.removed]
    rows += [KeyedRow(f"listed:{s}", "", "relisted") for s in result.relisted]
    store.put_keyed(PENDING, rows)


def pending(store: Store) -> Pending:
    """The changes link runs left for reconciliation (``clear_pending`` once it committed)."""
    rows = store.keyed(PENDING)
    stories = sorted(k.removeprefix("story:") for k in rows if k.startswith("story:"))
    redated = sorted(k.removeprefix("article:") for k in rows if k.startswith("article:"))
    relisted = sorted(k.removeprefix("listed:") for k in rows if k.startswith("listed:"))
    return Pending(
        None if ALL_STORIES in stories else tuple(stories), tuple(redated), tuple(relisted)
    )


def clear_pending(store: Store) -> None:
    store.delete_keyed(PENDING)


def story_count(store: Store) -> int:
    """How many stories the store holds (as the last link run counted them)."""
    state = store.result(LINK_STATE)
    return int(state["stories"]) if state else len(store.keyed(STORIES))


def story_title(members: Sequence[Article]) -> str:
    """The headline of the earliest dated article with a real headline."""
    ordered = sorted(
        members, key=lambda a: (a.published.date or date.max, a.title.endswith("…"), a.id)
    )
    return ordered[0].title
