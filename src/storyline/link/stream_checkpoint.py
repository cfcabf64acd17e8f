"""The streaming clusterer kept in the store, so that a run feeds it only what it must.

The stream (``storyline.link.cluster.cluster_stream``) takes undated articles first, then the
dated ones oldest first, ties by source path and id. A rebuild feeds every stored article in
that order; a run that restores the clusterer's state and feeds it the rest in the same order
takes exactly the same decisions, as long as nothing it feeds belongs before what the state
already holds.

One state is kept: the clusterer before the stored articles of the last ``REPLAY_DAYS``
days (its *boundary*, the first of those days). A run whose new articles all fall on or after
the boundary restores it and replays the stored articles of those days with the new ones, so
a new article is placed exactly as a rebuild would place it however it sorts among the stored
ones of its day (a cost that follows the feed's daily rate, not the store's size). A new
article that is undated or older belongs before the state, so the run feeds the whole store
(what ``rebuild`` does): the stories never depend on the order in which the articles arrived
(same articles, same stories), at the price of a full clustering pass for a late article. The
state always stands at the boundary of the store's latest day, so it too depends only on the
stored articles.

The state is rows, read and written only where a run's articles reach (``Store.keyed``):
each story of the clusterer's time window (``STORY_ROWS``: summed vectors, norms, dates,
recent members; sorted by last day, so the stories that leave the window are found by date),
each posting list (``POSTING_ROWS``, ``view|term`` -> story keys, least recently updated
first), each document frequency (``DF_ROWS``, ``kind|term`` -> count), and one small ``results``
row (``STATE_KIND``: bounds, counters and the window's open stories in recency order, with
their last days). A run reads the document frequencies and posting lists of its articles'
terms, the stories those lists name, the stories its articles' duplicates joined and the
oldest open stories that its days will close; it writes the rows that differ from what it
read. Dated stories that ended more than the clusterer's ``window_days`` before its latest
day are deleted (``StoryClusterer.checkpoint``: no later article can join them): the state
holds the stories of the window, not of the store, and a run touches only those its articles
meet (the document frequencies grow with the vocabulary, one row a term, read by term).

What the clusterer did with each article is kept as rows too: its story key and the versions
of the features and clues it was fed (``CLUSTER_OF``), the story of each first copy of a text
(``FINGERPRINTS``), and the article's actor and theme vectors weighed as the stream stood when
it came (``RELATED_VECTORS``, ``storyline.link.storylines``). A stored article re-analysed
since it was fed, or the clusterer's coefficients changed, and the whole store is fed again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from storyline.analyze.features import VIEWS, ArticleFeatures
from storyline.ingest.stage import CLUES_KIND
from storyline.link.cluster import (
    INDEXED_VIEWS,
    VIEW_KIND,
    ClusterModel,
    StoryClusterer,
    load_model,
)
from storyline.link.storylines import DIGITS, Vectors, article_vectors
from storyline.model import content_id
from storyline.store.base import Store
from storyline.store.codec import KeyedRow

log = logging.getLogger(__name__)

STATE_KIND = "cluster_state"  # the clusterer's bounds, counters and open stories
STORY_ROWS = "cluster_stories"  # story key -> its running state (sorted by last day)
POSTING_ROWS = "cluster_postings"  # "view|term" -> story keys, least recently updated first
DF_ROWS = "cluster_df"  # "kind|term" -> how many articles of the stream hold the term
STATE_ROWS = (STORY_ROWS, POSTING_ROWS, DF_ROWS)
FORMAT = "4"
CLUSTER_OF = "cluster_of"  # article id -> {story, features, clues}, sorted by story key
FINGERPRINTS = "cluster_fingerprints"  # a text's fingerprint -> {story, article, at}
RELATED_VECTORS = "related_vectors"  # article id -> its actor and theme vectors
# The last days of the stream a late article may belong to and still be placed as a rebuild
# would place it, by replaying them from the stored state.
REPLAY_DAYS = 2
UNDATED_SORT = "~"  # the sort value of an undated story's row (after every day)

StreamKey = tuple[bool, date, str, str]


@dataclass(frozen=True)
class Loaded:
    """What a run read of the stored state: the rows as stored (a run writes those that
    differ), the open stories' last days, and the horizon below which stories were deleted."""

    stories: dict[str, Any] = field(default_factory=dict)
    postings: dict[str, Any] = field(default_factory=dict)
    df: dict[str, Any] = field(default_factory=dict)
    open_days: dict[str, int] = field(default_factory=dict)
    horizon: int | None = None


@dataclass(frozen=True)
class StateWrite:
    """The clusterer's state at a boundary, as the changes to make to the stored one
    (``whole``: replace every row)."""

    state: dict[str, Any]
    puts: dict[str, list[KeyedRow]]
    deletes: dict[str, list[str]]
    gone_days: range
    whole: bool

    def write(self, store: Store) -> None:
        """Apply the changes (inside the caller's transaction)."""
        if self.whole:
            for kind in STATE_ROWS:
                store.delete_keyed(kind)
        else:
            sorts = [_day_sort(day) for day in self.gone_days]
            gone = [row.key for row in store.keyed_by_sort(STORY_ROWS, sorts)] if sorts else []
            store.delete_keyed(STORY_ROWS, sorted({*gone, *self.deletes[STORY_ROWS]}))
            store.delete_keyed(POSTING_ROWS, self.deletes[POSTING_ROWS])
        for kind in STATE_ROWS:
            store.put_keyed(kind, self.puts[kind])
        store.put_result(STATE_KIND, self.state)


@dataclass(frozen=True)
class StreamResult:
    """What the clusterer did with the articles fed this run: each one's story key
    (``assignments``, in the order they were fed), the rows to store (``CLUSTER_OF``,
    ``FINGERPRINTS``, ``RELATED_VECTORS``: all of them replaced when ``continued`` is
    ``"none"``), the stored state's changes (None when its boundary stands), and which state
    the run continued: ``"behind"`` (the stored one) or ``"none"`` (the whole store was fed)."""

    assignments: dict[str, str]
    state: StateWrite | None
    continued: str
    rows: dict[str, list[KeyedRow]]
    vectors: dict[str, Vectors]
    first_seen: frozenset[str] = frozenset()  # fed for the first time (or re-analysed)
    # the link queue as read, with the input mark read before it (cleared by the run's write)
    queued: tuple[tuple[str, ...], int] = ((), 0)

    @property
    def groups(self) -> list[list[str]]:
        """The fed articles by story key, in order of first appearance."""
        by_key: dict[str, list[str]] = {}
        for article_id, story in self.assignments.items():
            by_key.setdefault(story, []).append(article_id)
        return list(by_key.values())


def model_digest(model: ClusterModel) -> str:
    """The content id of the clusterer's coefficients and settings."""
    return content_id("cluster-model", json.dumps(model.to_dict(), sort_keys=True), size=32)


def stream_key(features: ArticleFeatures, source_path: str) -> StreamKey:
    """An article's place in the stream (``cluster_stream``'s order)."""
    dated = features.published is not None
    return (dated, features.published or date.min, source_path, features.article_id)


def stream_groups(
    store: Store, source_paths: Mapping[str, str], everything: bool = False
) -> StreamResult:
    """Feed the stored clusterer the articles it does not hold yet.

    The new articles are those of the store's link queue (``Store.link_queue``) it has not
    fed; a queued article it fed with other features or clues was re-analysed. The stored
    state is continued when every new article falls on or after its boundary (replayed with
    the stored articles of those days); else, with a re-analysed article, and with
    ``everything``, the whole store is fed. ``source_paths`` maps the source path of articles
    to feed (the others are read).
    """
    model = load_model()
    mark = store.input_mark()  # before the queue: what is queued later stays queued
    queued = store.link_queue(("features", CLUES_KIND))
    if not everything:
        fed = store.keyed(CLUSTER_OF, list(queued))
        changed = [
            a
            for a, row in fed.items()
            if queued[a].get("features") != row["features"]
            or queued[a].get(CLUES_KIND, "") != row["clues"]
        ]
        new = {a: v for a, v in queued.items() if a not in fed and "features" in v}
        if changed:
            log.info("stored articles were re-analysed: clustering the whole store")
        elif (restored := _restore(store, model, new, source_paths)) is not None:
            clusterer, pending, paths, loaded, boundary, versions, clues = restored
            result = _feed(clusterer, pending, versions, clues, paths, "behind", loaded, boundary)
            result = _with_moved(store, result, versions)
            return replace(result, first_seen=frozenset(new), queued=(tuple(queued), mark))
    versions = store.analysis_versions("features")
    clues = store.analysis_versions(CLUES_KIND)
    features = store.analyses("features")
    pending = [ArticleFeatures.from_dict(features[a]) for a in versions]
    paths = {a.id: a.source_path for a in store.ingested_articles_with(list(versions))}
    result = _feed(StoryClusterer(model), pending, versions, clues, paths, "none")
    first_seen = frozenset(a for a, v in queued.items() if "features" in v)
    return replace(result, first_seen=first_seen, queued=(tuple(queued), mark))


def _feed(
    clusterer: StoryClusterer,
    pending: list[ArticleFeatures],
    versions: Mapping[str, str],
    clues: Mapping[str, str],
    source_paths: Mapping[str, str],
    continued: str,
    loaded: Loaded | None = None,
    kept: StreamKey | None = None,
) -> StreamResult:
    """Feed ``pending`` in stream order, and take the state before the last ``REPLAY_DAYS``
    days unless that is ``kept``, the boundary of the stored state the clusterer was restored
    from (``loaded``: what was read of it; None: the clusterer is new, every row is written)."""
    digest = model_digest(clusterer.model)
    keyed = sorted((stream_key(f, source_paths[f.article_id]), f) for f in pending)
    days = [key[1].toordinal() for key, _ in keyed if key[0]]
    if clusterer.latest_day is not None:
        days.append(clusterer.latest_day)
    boundary = (True, date.fromordinal(max(days) - REPLAY_DAYS + 1), "", "") if days else None
    retake = boundary is not None and boundary != kept
    taken: StateWrite | None = None
    vectors: dict[str, Vectors] = {}
    at: dict[str, StreamKey] = {}
    for key, item in keyed:
        if retake and taken is None and boundary is not None and key >= boundary:
            taken = _state_write(clusterer, digest, boundary, loaded)
        clusterer.add(item)
        at[item.article_id] = key
        vectors[item.article_id] = article_vectors(item, clusterer.inverse_frequency, DIGITS)
    if retake and taken is None and boundary is not None:
        taken = _state_write(clusterer, digest, boundary, loaded)
    if taken is None and loaded is None:
        # a stream without a dated article: no state to keep (the next run feeds it whole)
        empty: dict[str, list[Any]] = {kind: [] for kind in STATE_ROWS}
        taken = StateWrite({"format": FORMAT, "boundary": None}, empty, empty, range(0), True)
    assignments = clusterer.assignments()
    rows = {
        CLUSTER_OF: [
            KeyedRow(a, key, {"story": key, "features": versions[a], "clues": clues.get(a, "")})
            for a, key in assignments.items()
            if a in versions  # the others were fed by earlier runs (``_with_moved``)
        ],
        FINGERPRINTS: [
            KeyedRow(fingerprint, "", {"story": key, "at": _key_json(at[article])})
            for fingerprint, (key, article) in clusterer.fingerprints_set().items()
        ],
        RELATED_VECTORS: [KeyedRow(a, "", v) for a, v in vectors.items()],
    }
    return StreamResult(assignments, taken, continued, rows, vectors)


def _with_moved(store: Store, result: StreamResult, versions: Mapping[str, str]) -> StreamResult:
    """``result`` with the rows of the stored articles that the run did not feed but the second
    look moved to another group (a split or merge reaches members of earlier runs): their
    ``CLUSTER_OF`` rows keep the versions they were fed with and take their new story."""
    moved = [a for a in result.assignments if a not in versions]
    if not moved:
        return result
    stored = store.keyed(CLUSTER_OF, moved)
    rows = [
        KeyedRow(a, key, {**stored[a], "story": key})
        for a, key in result.assignments.items()
        if a in stored and a not in versions
    ]
    return replace(result, rows={**result.rows, CLUSTER_OF: [*result.rows[CLUSTER_OF], *rows]})


def _state_write(
    clusterer: StoryClusterer, digest: str, boundary: StreamKey, loaded: Loaded | None
) -> StateWrite:
    """The clusterer's state now, as the rows that differ from those ``loaded`` (all of them
    when None), without the dated stories that ended more than ``window_days`` before its
    latest day (``StoryClusterer.checkpoint``)."""
    snapshot = clusterer.snapshot()  # what this run read or made: its articles' reach
    latest = snapshot["latest_day"]
    horizon = None if latest is None else latest - clusterer.model.window_days
    known = loaded or Loaded()
    last_days = dict(known.open_days)
    last_days.update((record[0], record[3]) for record in snapshot["stories"])

    def gone(key: str) -> bool:
        last = last_days.get(key)
        return horizon is not None and last is not None and last < horizon

    puts: dict[str, list[KeyedRow]] = {kind: [] for kind in STATE_ROWS}
    deletes: dict[str, list[str]] = {kind: [] for kind in STATE_ROWS}
    for record in snapshot["stories"]:
        key = record[0]
        if gone(key):
            deletes[STORY_ROWS].append(key)
        elif known.stories.get(key) != record:
            sort = UNDATED_SORT if record[3] is None else _day_sort(record[3])
            puts[STORY_ROWS].append(KeyedRow(key, sort, record))
    for term, keys in snapshot["postings"].items():
        lead = 0
        while lead < len(keys) and gone(keys[lead]):
            lead += 1  # dropped where they lead: the next story posted there drops them first
        if lead == len(keys):
            deletes[POSTING_ROWS].append(term)
        elif known.postings.get(term) != keys[lead:]:
            puts[POSTING_ROWS].append(KeyedRow(term, "", keys[lead:]))
    for kind, df in snapshot["df"].items():
        for term, count in df.items():
            if known.df.get(f"{kind}|{term}") != count:
                puts[DF_ROWS].append(KeyedRow(f"{kind}|{term}", "", count))
    opened = [[key, last_days[key]] for key in snapshot["open"] if not gone(key)]
    state = {
        "format": FORMAT,
        "model": digest,
        "boundary": _key_json(boundary),
        "documents": snapshot["documents"],
        "latest_day": latest,
        "horizon": horizon,
        "open": opened,
        # the second look's live groups: read and written with the state, whole (they are
        # few and follow the window; a restored clusterer needs them all to decide the same)
        "second_look": clusterer.second_look_state(),
    }
    below = known.horizon if known.horizon is not None else horizon
    gone_days = range(0) if horizon is None or below is None else range(below, horizon)
    return StateWrite(state, puts, deletes, gone_days, loaded is None)


def _day_sort(day: int) -> str:
    """A story row's sort value: its last day (an ordinal), fixed width so text sorts as days."""
    return f"{day:07d}"


def _key_json(key: StreamKey) -> list[Any]:
    return [key[0], key[1].isoformat(), key[2], key[3]]


def _key_from_json(stored: list[Any]) -> StreamKey:
    return (bool(stored[0]), date.fromisoformat(stored[1]), stored[2], stored[3])


def _restore(
    store: Store,
    model: ClusterModel,
    new: Mapping[str, Mapping[str, str]],
    source_paths: Mapping[str, str],
) -> (
    tuple[
        StoryClusterer,
        list[ArticleFeatures],
        dict[str, str],
        Loaded,
        StreamKey,
        dict[str, str],
        dict[str, str],
    ]
    | None
):
    """The stored clusterer with what its articles reach, the features of the articles to feed
    it (the ``new`` ones, with their versions, and the stored ones of its last days), their
    source paths, what was read, the state's boundary, and the features and clues versions of
    the articles to feed; None when it cannot be continued (see the module's docstring)."""
    state = store.result(STATE_KIND)
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        return None
    if state["boundary"] is None or state["model"] != model_digest(model):
        return None
    boundary = _key_from_json(state["boundary"])
    # the stored articles of the replayed days (dated: the boundary is a day)
    dated = [a for a in store.article_ids_dated_from(boundary[1]) if a not in new]
    stored = store.keyed(CLUSTER_OF, dated)
    replay = [a for a in dated if a in stored]
    versions = {a: v["features"] for a, v in new.items()}
    versions.update((a, row["features"]) for a, row in stored.items())
    clues = {a: v.get(CLUES_KIND, "") for a, v in new.items()}
    clues.update((a, row["clues"]) for a, row in stored.items())
    wanted = [*new, *replay]
    records = store.analyses_of("features", wanted)
    paths = dict(source_paths)
    missing = [a for a in wanted if a not in paths]
    paths.update((a.id, a.source_path) for a in store.ingested_articles_with(missing))
    pending = []
    for article_id in wanted:
        record = records.get(article_id)
        if record is None:
            return None
        features = ArticleFeatures.from_dict(record)
        key = stream_key(features, paths[article_id])
        if key < boundary:
            if article_id in stored:
                continue  # a stored article of the boundary's day that sorts before it
            return None
        pending.append(features)
    fingerprints = [f.fingerprint for f in pending if f.fingerprint]
    duplicates = {
        fingerprint: row["story"]
        for fingerprint, row in store.keyed(FINGERPRINTS, fingerprints).items()
        if _key_from_json(row["at"]) < boundary
    }
    loaded = _read_state(store, model, state, pending, duplicates.values())
    snapshot = {
        "documents": state["documents"],
        "latest_day": state["latest_day"],
        "df": _df_by_kind(loaded.df),
        "stories": list(loaded.stories.values()),
        "assignments": [],
        "by_fingerprint": {},
        "postings": loaded.postings,
        "open": [key for key, _ in state["open"]],
        **state["second_look"],
    }
    clusterer = StoryClusterer.restore(snapshot, model)
    clusterer.remember_fingerprints(duplicates)
    return clusterer, pending, paths, loaded, boundary, versions, clues


def _read_state(
    store: Store,
    model: ClusterModel,
    state: Mapping[str, Any],
    pending: list[ArticleFeatures],
    duplicate_stories: Iterable[str],
) -> Loaded:
    """The stored rows feeding ``pending`` can reach: the document frequencies and posting
    lists of their terms, the stories those lists name and their duplicates joined, and the
    open stories their days may close (those that end before the window of the latest one,
    and the first that does not: the clusterer stops there)."""
    df_keys = sorted(
        {f"{VIEW_KIND[view]}|{term}" for f in pending for view in VIEWS for term, _ in f.view(view)}
    )
    posting_keys = sorted(
        {f"{view}|{term}" for f in pending for view in INDEXED_VIEWS for term, _ in f.view(view)}
    )
    df = store.keyed(DF_ROWS, df_keys)
    postings = store.keyed(POSTING_ROWS, posting_keys)
    story_keys = {key for keys in postings.values() for key in keys}
    story_keys.update(duplicate_stories)
    days = [f.published.toordinal() for f in pending if f.published is not None]
    limit = max(days, default=state["latest_day"] or 0) - model.window_days
    for key, last_day in state["open"]:
        story_keys.add(key)
        if last_day >= limit:
            break
    stories = store.keyed(STORY_ROWS, sorted(story_keys))
    return Loaded(
        stories=stories,
        postings=postings,
        df=df,
        open_days={key: last_day for key, last_day in state["open"]},
        horizon=state["horizon"],
    )


def _df_by_kind(rows: Mapping[str, int]) -> dict[str, dict[str, int]]:
    """``kind|term`` -> count rows as the clusterer's document frequencies by kind."""
    by_kind: dict[str, dict[str, int]] = {kind: {} for kind in sorted(set(VIEW_KIND.values()))}
    for key, count in rows.items():
        kind, _, term = key.partition("|")
        by_kind[kind][term] = count
    return by_kind
