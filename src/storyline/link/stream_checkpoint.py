"""The streaming clusterer kept in the store, so that a run feeds it only what it must.

The stream (``storyline.link.cluster.cluster_stream``) takes undated articles first, then the
dated ones oldest first, within a day in the order they arrived (``Store.arrival_order``, fixed
when an article is first stored). A rebuild feeds every stored article in that order; a run
that restores the clusterer's state and feeds it the rest in the same order takes exactly the
same decisions, as long as nothing it feeds belongs before what the state already holds.

Two states are kept. The *boundary*: the clusterer before the stored articles of the last
``REPLAY_DAYS`` days (the first of those days). The *head*: the clusterer after every stored
article, kept as the rows that differ from the boundary's (``HEAD_ROWS``; a None payload:
absent at the head) and a small result (``HEAD_KIND``). A run whose new articles all come
after the head (arrived later, dated on the latest day: a live feed's usual run) restores the
head and feeds them alone. Else, when they all fall on or after the boundary (a late article
of the day before, or the first of a new day), it restores the boundary and replays the stored
articles of those days with the new ones, so a new article is placed exactly as a rebuild
would place it (a cost that follows the feed's daily rate, not the store's size). A new
article that is undated or older belongs before the boundary, so the run feeds the whole
store (what ``rebuild`` does): the stories never depend on the history of runs (same articles
in the same arrival order, same stories), at the price of a full clustering pass for a late
article. The boundary always stands at the store's latest day, and the head after its last
article, so both depend only on the stored articles.

The state is rows, read and written only where a run's articles reach (``Store.keyed``):
each story of the clusterer's time window (``STORY_ROWS``: summed vectors, norms, dates,
recent members; sorted by last day, so the stories that leave the window are found by date),
each posting list (``POSTING_ROWS``, ``view|term`` -> story keys, least recently updated
first), each document frequency (``DF_ROWS``, ``kind|term`` -> count), each live group of the
second look (``GROUP_ROWS``, sorted by last day) and each stream story's links to them
(``LINK_ROWS``: the group of its latest member, every group holding one of its members), and
one small ``results`` row (``STATE_KIND``: bounds, counters and the window's open stories in
recency order, with their last days). A run reads the document frequencies and posting lists
of its articles' terms, the stories those lists name, the stories its articles' duplicates
joined and the oldest open stories that its days will close, their links and groups, and the
links of the stream stories with a member in those groups; it writes the rows that differ
from what it read. Dated stories and groups that ended more than the clusterer's
``window_days`` before the boundary's latest day are deleted (no later article can join
them): the state holds the window, not the store, and a run touches only what its articles
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
from collections.abc import Mapping
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
GROUP_ROWS = "cluster_groups"  # the second look's group key -> its state (sorted by last day)
LINK_ROWS = "cluster_group_links"  # stream story key -> [its latest member's group, its groups]
STATE_ROWS = (STORY_ROWS, POSTING_ROWS, DF_ROWS, GROUP_ROWS, LINK_ROWS)
# The clusterer after every stored article (its *head*): the rows that differ there from the
# boundary's (a None payload: absent at the head), and its bounds, counters and open stories.
HEAD_KIND = "cluster_head_state"
HEAD_ROWS = {
    STORY_ROWS: "cluster_head_stories",
    POSTING_ROWS: "cluster_head_postings",
    DF_ROWS: "cluster_head_df",
    GROUP_ROWS: "cluster_head_groups",
    LINK_ROWS: "cluster_head_group_links",
}
FORMAT = "6"
CLUSTER_OF = "cluster_of"  # article id -> {story, features, clues}, sorted by story key
FINGERPRINTS = "cluster_fingerprints"  # a text's fingerprint -> {story, article, at}
RELATED_VECTORS = "related_vectors"  # article id -> its actor and theme vectors
# The last days of the stream a late article may belong to and still be placed as a rebuild
# would place it, by replaying them from the stored state.
REPLAY_DAYS = 2
UNDATED_SORT = "~"  # the sort value of an undated story's row (after every day)

# (dated, day, arrival, id): undated articles first, then by day, within a day by arrival
StreamKey = tuple[bool, date, int, str]
Rows = dict[str, dict[str, KeyedRow]]  # kind -> key -> row


@dataclass(frozen=True)
class Loaded:
    """What a run read of the stored state: the rows (kind -> key -> payload) as the state it
    restored holds them (a run writes those that differ), the boundary's rows under them
    (``base``; the same when it restored the boundary), the open stories' last days, and the
    horizon below which stories and groups were deleted."""

    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    open_days: dict[str, int] = field(default_factory=dict)
    horizon: int | None = None
    base: dict[str, dict[str, Any]] = field(default_factory=dict)
    head: bool = False  # restored at the head (else at the boundary)
    head_key: StreamKey | None = None  # the stored head's last article


@dataclass(frozen=True)
class StateWrite:
    """The clusterer's stored state as changes: the boundary's (``state`` None: it stands;
    ``whole``: replace every row) and the head's (``head_whole``: replace every row)."""

    state: dict[str, Any] | None
    puts: dict[str, list[KeyedRow]]
    deletes: dict[str, list[str]]
    gone_days: range
    whole: bool
    head_state: dict[str, Any] | None = None
    head_puts: dict[str, list[KeyedRow]] = field(default_factory=dict)
    head_deletes: dict[str, list[str]] = field(default_factory=dict)
    head_whole: bool = True

    def write(self, store: Store) -> None:
        """Apply the changes (inside the caller's transaction)."""
        if self.state is not None:
            if self.whole:
                for kind in STATE_ROWS:
                    store.delete_keyed(kind)
            else:
                sorts = [_day_sort(day) for day in self.gone_days]
                for kind in (STORY_ROWS, GROUP_ROWS):
                    gone = [row.key for row in store.keyed_by_sort(kind, sorts)] if sorts else []
                    store.delete_keyed(kind, sorted({*gone, *self.deletes[kind]}))
                    if kind == STORY_ROWS:  # a story's links go with it
                        store.delete_keyed(LINK_ROWS, sorted({*gone, *self.deletes[kind]}))
                store.delete_keyed(POSTING_ROWS, self.deletes[POSTING_ROWS])
            for kind in STATE_ROWS:
                store.put_keyed(kind, self.puts[kind])
            store.put_result(STATE_KIND, self.state)
        for kind, head_kind in HEAD_ROWS.items():
            if self.head_whole:
                store.delete_keyed(head_kind)
            elif self.head_deletes.get(kind):
                store.delete_keyed(head_kind, self.head_deletes[kind])
            store.put_keyed(head_kind, self.head_puts.get(kind, []))
        store.put_result(HEAD_KIND, self.head_state)


@dataclass(frozen=True)
class StreamResult:
    """What the clusterer did with the articles fed this run: each one's story key
    (``assignments``, in the order they were fed), the rows to store (``CLUSTER_OF``,
    ``FINGERPRINTS``, ``RELATED_VECTORS``: all of them replaced when ``continued`` is
    ``"none"``), the stored state's changes, and which state the run continued: ``"head"``
    (the state after every stored article: only the new ones were fed), ``"behind"`` (the
    boundary: the stored articles of the last days were fed again with the new ones) or
    ``"none"`` (the whole store was fed); ``fed``: how many articles were fed."""

    assignments: dict[str, str]
    state: StateWrite | None
    continued: str
    rows: dict[str, list[KeyedRow]]
    vectors: dict[str, Vectors]
    first_seen: frozenset[str] = frozenset()  # fed for the first time (or re-analysed)
    # the link queue as read, with the input mark read before it (cleared by the run's write)
    queued: tuple[tuple[str, ...], int] = ((), 0)
    fed: int = 0

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


def stream_key(features: ArticleFeatures, arrival: int) -> StreamKey:
    """An article's place in the stream (``cluster_stream``'s order; within a day, the order
    in which the articles were ingested: ``Store.arrival_order``)."""
    dated = features.published is not None
    return (dated, features.published or date.min, arrival, features.article_id)


def stream_groups(store: Store, everything: bool = False) -> StreamResult:
    """Feed the stored clusterer the articles it does not hold yet.

    The new articles are those of the store's link queue (``Store.link_queue``) it has not
    fed; a queued article it fed with other features or clues was re-analysed. When every new
    article comes after the stored head (ingested later, on the latest day) the head is
    continued with them alone; else when they all fall on or after the boundary, the boundary
    is, with the stored articles of those days replayed; else (and with a re-analysed article,
    and with ``everything``) the whole store is fed.
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
        elif (restored := _restore(store, model, new)) is not None:
            clusterer, pending, keys, loaded, boundary, versions, clues = restored
            continued = "head" if loaded.head else "behind"
            result = _feed(clusterer, pending, versions, clues, keys, continued, loaded, boundary)
            result = _with_moved(store, result, versions)
            return replace(result, first_seen=frozenset(new), queued=(tuple(queued), mark))
    versions = store.analysis_versions("features")
    clues = store.analysis_versions(CLUES_KIND)
    features = store.analyses("features")
    pending = [ArticleFeatures.from_dict(features[a]) for a in versions]
    arrival = store.arrival_order(list(versions))
    keys = {f.article_id: stream_key(f, arrival[f.article_id]) for f in pending}
    result = _feed(StoryClusterer(model), pending, versions, clues, keys, "none")
    first_seen = frozenset(a for a, v in queued.items() if "features" in v)
    return replace(result, first_seen=first_seen, queued=(tuple(queued), mark))


def _feed(
    clusterer: StoryClusterer,
    pending: list[ArticleFeatures],
    versions: Mapping[str, str],
    clues: Mapping[str, str],
    keys: Mapping[str, StreamKey],
    continued: str,
    loaded: Loaded | None = None,
    kept: StreamKey | None = None,
) -> StreamResult:
    """Feed ``pending`` in stream order (``keys``), take the state before the last
    ``REPLAY_DAYS`` days unless that is ``kept``, the boundary of the stored state, and the
    head after the last article (``loaded``: what was read of the stored state the clusterer
    was restored from; None: the clusterer is new, every row is written)."""
    digest = model_digest(clusterer.model)
    keyed = sorted((keys[f.article_id], f) for f in pending)
    days = [key[1].toordinal() for key, _ in keyed if key[0]]
    if clusterer.latest_day is not None:
        days.append(clusterer.latest_day)
    boundary = (True, date.fromordinal(max(days) - REPLAY_DAYS + 1), 0, "") if days else None
    retake = boundary is not None and boundary != kept
    taken: tuple[StateWrite, Rows] | None = None
    vectors: dict[str, Vectors] = {}
    at: dict[str, StreamKey] = {}
    for key, item in keyed:
        if retake and taken is None and boundary is not None and key >= boundary:
            taken = _state_write(clusterer, digest, boundary, loaded)
        clusterer.add(item)
        at[item.article_id] = key
        vectors[item.article_id] = article_vectors(item, clusterer.weights, DIGITS)
    if retake and taken is None and boundary is not None:
        taken = _state_write(clusterer, digest, boundary, loaded)
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
    state: StateWrite | None
    if boundary is None:
        # a stream without a dated article: no state to keep (the next run feeds it whole)
        empty: dict[str, list[Any]] = {kind: [] for kind in STATE_ROWS}
        state = StateWrite({"format": FORMAT, "boundary": None}, empty, empty, range(0), True)
    else:
        stored_head = [] if loaded is None or loaded.head_key is None else [loaded.head_key]
        head = max([*at.values(), *stored_head])
        state = _with_head(clusterer, digest, boundary, head, loaded, taken)
    return StreamResult(assignments, state, continued, rows, vectors, fed=len(keyed))


def _with_head(
    clusterer: StoryClusterer,
    digest: str,
    boundary: StreamKey,
    head: StreamKey,
    loaded: Loaded | None,
    taken: tuple[StateWrite, Rows] | None,
) -> StateWrite:
    """The state changes with the head's: the clusterer's rows now that differ from the
    boundary's (after the boundary ``taken`` now, else the stored one), left out and cut as
    the boundary's are, so that the head's rows depend on the stored articles only."""
    if taken is not None:
        write, base_rows = taken
        base = {
            kind: {k: row.payload for k, row in found.items()} for kind, found in base_rows.items()
        }
        horizon = write.state["horizon"] if write.state is not None else None
        open_days = {key: day for key, day in write.state["open"]} if write.state else {}
    else:
        assert loaded is not None  # a new clusterer always takes its boundary
        write = StateWrite(None, {}, {}, range(0), False)
        base = loaded.base
        horizon, open_days = loaded.horizon, loaded.open_days
    snapshot = clusterer.snapshot()
    rows, _, opened = _state_rows(snapshot, horizon, open_days)
    puts: dict[str, list[KeyedRow]] = {kind: [] for kind in STATE_ROWS}
    deletes: dict[str, list[str]] = {kind: [] for kind in STATE_ROWS}
    at_head = loaded is not None and loaded.head
    for kind in STATE_ROWS:
        under = base.get(kind, {})
        for key, row in rows[kind].items():
            if under.get(key) != row.payload:
                puts[kind].append(row)
            elif at_head:
                deletes[kind].append(key)  # back to the boundary's value
        for key in under.keys() - rows[kind].keys():
            puts[kind].append(KeyedRow(key, "", None))
    head_state = {
        "format": FORMAT,
        "model": digest,
        "boundary": _key_json(boundary),
        "head": _key_json(head),
        "documents": snapshot["documents"],
        "latest_day": snapshot["latest_day"],
        "open": opened,
        "groups_made": snapshot["groups_made"],
    }
    return replace(
        write,
        head_state=head_state,
        head_puts=puts,
        head_deletes=deletes,
        head_whole=not at_head,
    )


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


def _state_rows(
    snapshot: Mapping[str, Any], horizon: int | None, open_days: Mapping[str, int]
) -> tuple[Rows, dict[str, set[str]], list[list[Any]]]:
    """A clusterer's ``snapshot`` as the rows of a stored state: without the dated stories
    and groups that ended before ``horizon`` (their keys returned; a posting list drops such
    stories where they lead it, their links go with them), and the open stories with their
    last days."""
    last_days = dict(open_days)
    last_days.update((record[0], record[3]) for record in snapshot["stories"])

    def gone(key: str) -> bool:
        last = last_days.get(key)
        return horizon is not None and last is not None and last < horizon

    rows: Rows = {kind: {} for kind in STATE_ROWS}
    dropped: dict[str, set[str]] = {STORY_ROWS: set(), GROUP_ROWS: set()}
    for record in snapshot["stories"]:
        key = record[0]
        if gone(key):
            dropped[STORY_ROWS].add(key)
        else:
            sort = UNDATED_SORT if record[3] is None else _day_sort(record[3])
            rows[STORY_ROWS][key] = KeyedRow(key, sort, record)
    for term, keys in snapshot["postings"].items():
        lead = 0
        while lead < len(keys) and gone(keys[lead]):
            lead += 1  # dropped where they lead: the next story posted there drops them first
        if lead < len(keys):
            rows[POSTING_ROWS][term] = KeyedRow(term, "", keys[lead:])
    for kind, df in snapshot["df"].items():
        for term, count in df.items():
            rows[DF_ROWS][f"{kind}|{term}"] = KeyedRow(f"{kind}|{term}", "", count)
    for record in snapshot["groups"]:
        key, last = record[0], record[4]
        if horizon is not None and last is not None and last < horizon:
            dropped[GROUP_ROWS].add(key)
        else:
            sort = UNDATED_SORT if last is None else _day_sort(last)
            rows[GROUP_ROWS][key] = KeyedRow(key, sort, record)
    group_of = dict(snapshot["group_of"])
    groups_of = dict(snapshot["groups_of"])
    for story in sorted(group_of.keys() | groups_of.keys()):
        if not gone(story):
            link = [group_of.get(story), groups_of.get(story, [])]
            rows[LINK_ROWS][story] = KeyedRow(story, "", link)
    opened = [[key, last_days[key]] for key in snapshot["open"] if not gone(key)]
    return rows, dropped, opened


def _state_write(
    clusterer: StoryClusterer, digest: str, boundary: StreamKey, loaded: Loaded | None
) -> tuple[StateWrite, Rows]:
    """The clusterer's state now, as the rows that differ from those ``loaded`` (all of them
    when None), without the dated stories that ended more than ``window_days`` before its
    latest day (``StoryClusterer.checkpoint``); with the rows it holds."""
    snapshot = clusterer.snapshot()  # what this run read or made: its articles' reach
    latest = snapshot["latest_day"]
    horizon = None if latest is None else latest - clusterer.model.window_days
    known = loaded or Loaded()
    rows, dropped, opened = _state_rows(snapshot, horizon, known.open_days)
    puts: dict[str, list[KeyedRow]] = {kind: [] for kind in STATE_ROWS}
    deletes: dict[str, list[str]] = {kind: [] for kind in STATE_ROWS}
    deletes[STORY_ROWS] = sorted(dropped[STORY_ROWS])
    # groups left out, and those read that a merge or a closed story removed
    read_groups = known.rows.get(GROUP_ROWS, {}).keys() - rows[GROUP_ROWS].keys()
    deletes[GROUP_ROWS] = sorted(dropped[GROUP_ROWS] | read_groups)
    for kind in STATE_ROWS:
        stored = known.rows.get(kind, {})
        for key, row in rows[kind].items():
            if stored.get(key) != row.payload:
                puts[kind].append(row)
    deletes[POSTING_ROWS] = sorted(snapshot["postings"].keys() - rows[POSTING_ROWS].keys())
    state = {
        "format": FORMAT,
        "model": digest,
        "boundary": _key_json(boundary),
        "documents": snapshot["documents"],
        "latest_day": latest,
        "horizon": horizon,
        "open": opened,
        "groups_made": snapshot["groups_made"],
    }
    below = known.horizon if known.horizon is not None else horizon
    gone_days = range(0) if horizon is None or below is None else range(below, horizon)
    return StateWrite(state, puts, deletes, gone_days, loaded is None), rows


def _day_sort(day: int) -> str:
    """A story row's sort value: its last day (an ordinal), fixed width so text sorts as days."""
    return f"{day:07d}"


def _key_json(key: StreamKey) -> list[Any]:
    return [key[0], key[1].isoformat(), key[2], key[3]]


def _key_from_json(stored: list[Any]) -> StreamKey:
    return (bool(stored[0]), date.fromisoformat(stored[1]), int(stored[2]), stored[3])


def _restore(
    store: Store, model: ClusterModel, new: Mapping[str, Mapping[str, str]]
) -> (
    tuple[
        StoryClusterer,
        list[ArticleFeatures],
        dict[str, StreamKey],
        Loaded,
        StreamKey,
        dict[str, str],
        dict[str, str],
    ]
    | None
):
    """The stored clusterer with what its articles reach, the features of the articles to feed
    it (the ``new`` ones, with their versions, and at the boundary the stored ones of its last
    days), their places in the stream, what was read, the state's boundary, and the features
    and clues versions of the articles to feed; None when it cannot be continued (see the
    module's docstring)."""
    state = store.result(STATE_KIND)
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        return None
    if state["boundary"] is None or state["model"] != model_digest(model):
        return None
    boundary = _key_from_json(state["boundary"])
    head_state = store.result(HEAD_KIND)
    if not isinstance(head_state, dict) or head_state.get("boundary") != state["boundary"]:
        head_state = None  # a store whose head was not kept: continue the boundary
    versions = {a: v["features"] for a, v in new.items()}
    clues = {a: v.get(CLUES_KIND, "") for a, v in new.items()}
    records = store.analyses_of("features", list(new))
    if len(records) < len(new):
        return None
    arrival = store.arrival_order(list(new))
    new_features = [ArticleFeatures.from_dict(records[a]) for a in new]
    keys = {f.article_id: stream_key(f, arrival[f.article_id]) for f in new_features}
    if head_state is not None:
        head = _key_from_json(head_state["head"])
        if all(key > head and key[1] == head[1] for key in keys.values()):
            # after every stored article, on its latest day: the head takes them alone
            loaded, duplicates = _read_state(store, model, head_state, new_features, head)
            loaded = replace(loaded, horizon=state["horizon"], head_key=head)
            clusterer = _restored(model, head_state, loaded, duplicates)
            return clusterer, new_features, keys, loaded, boundary, versions, clues
    if any(key < boundary for key in keys.values()):
        return None
    # the stored articles of the replayed days (dated: the boundary is a day)
    dated = [a for a in store.article_ids_dated_from(boundary[1]) if a not in new]
    stored = store.keyed(CLUSTER_OF, dated)
    replay = [a for a in dated if a in stored]
    versions.update((a, row["features"]) for a, row in stored.items())
    clues.update((a, row["clues"]) for a, row in stored.items())
    records = store.analyses_of("features", replay)
    arrival = store.arrival_order(replay)
    pending = list(new_features)
    for article_id in replay:
        record = records.get(article_id)
        if record is None:
            return None
        features = ArticleFeatures.from_dict(record)
        key = stream_key(features, arrival[article_id])
        if key < boundary:
            continue  # a stored article of the boundary's day that sorts before it
        keys[article_id] = key
        pending.append(features)
    loaded, duplicates = _read_state(store, model, state, pending, boundary)
    clusterer = _restored(model, state, loaded, duplicates)
    return clusterer, pending, keys, loaded, boundary, versions, clues


def _restored(
    model: ClusterModel, state: Mapping[str, Any], loaded: Loaded, duplicates: dict[str, str]
) -> StoryClusterer:
    """The clusterer of a stored state (small part ``state``) with the rows ``loaded``."""
    links = loaded.rows[LINK_ROWS]
    snapshot = {
        "documents": state["documents"],
        "latest_day": state["latest_day"],
        "df": _df_by_kind(loaded.rows[DF_ROWS]),
        "stories": list(loaded.rows[STORY_ROWS].values()),
        "assignments": [],
        "by_fingerprint": {},
        "postings": loaded.rows[POSTING_ROWS],
        "open": [key for key, _ in state["open"]],
        "groups": list(loaded.rows[GROUP_ROWS].values()),
        "group_of": [[s, link[0]] for s, link in links.items() if link[0] is not None],
        "groups_of": [[s, link[1]] for s, link in links.items() if link[1]],
        "groups_made": state["groups_made"],
    }
    clusterer = StoryClusterer.restore(snapshot, model)
    clusterer.remember_fingerprints(duplicates)
    return clusterer


def _read_state(
    store: Store,
    model: ClusterModel,
    state: Mapping[str, Any],
    pending: list[ArticleFeatures],
    before: StreamKey,
) -> tuple[Loaded, dict[str, str]]:
    """The stored rows feeding ``pending`` can reach, at the boundary or, when ``state`` is
    the head's, at the head (its rows over the boundary's): the document frequencies and
    posting lists of their terms, the stories those lists name and their duplicates joined
    (the stories of the first copies of their texts fed before the state: ``before``, its
    boundary, or every stored one at the head), and the open
    stories their days may close (those that end before the window of the latest one, and the
    first that does not: the clusterer stops there)."""
    at_head = "head" in state
    df_keys = sorted(
        {f"{VIEW_KIND[view]}|{term}" for f in pending for view in VIEWS for term, _ in f.view(view)}
    )
    posting_keys = sorted(
        {f"{view}|{term}" for f in pending for view in INDEXED_VIEWS for term, _ in f.view(view)}
    )
    base: dict[str, dict[str, Any]] = {}
    df = _layered(store, DF_ROWS, df_keys, at_head, base)
    postings = _layered(store, POSTING_ROWS, posting_keys, at_head, base)
    fingerprints = [f.fingerprint for f in pending if f.fingerprint]
    duplicates = {
        fingerprint: row["story"]
        for fingerprint, row in store.keyed(FINGERPRINTS, fingerprints).items()
        if at_head or _key_from_json(row["at"]) < before  # replayed ones set theirs again
    }
    story_keys = {key for keys in postings.values() for key in keys}
    story_keys.update(duplicates.values())
    days = [f.published.toordinal() for f in pending if f.published is not None]
    limit = max(days, default=state["latest_day"] or 0) - model.window_days
    for key, last_day in state["open"]:
        story_keys.add(key)
        if last_day >= limit:
            break
    stories = _layered(store, STORY_ROWS, sorted(story_keys), at_head, base)
    # the second look's groups of those stories, and the links of every stream story with a
    # member in them (a split or merge rewrites those links)
    links = _layered(store, LINK_ROWS, sorted(story_keys), at_head, base)
    group_keys = {link[0] for link in links.values() if link[0] is not None}
    group_keys.update(key for link in links.values() for key in link[1])
    groups = _layered(store, GROUP_ROWS, sorted(group_keys), at_head, base)
    streams = {stream for record in groups.values() for stream in record[6]} - links.keys()
    links.update(_layered(store, LINK_ROWS, sorted(streams), at_head, base))
    rows = {
        STORY_ROWS: stories,
        POSTING_ROWS: postings,
        DF_ROWS: df,
        GROUP_ROWS: groups,
        LINK_ROWS: links,
    }
    loaded = Loaded(
        rows=rows,
        open_days={key: last_day for key, last_day in state["open"]},
        horizon=state.get("horizon"),
        base=base,
        head=at_head,
    )
    return loaded, duplicates


def _layered(
    store: Store, kind: str, keys: list[str], at_head: bool, base: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """The rows of ``kind`` for ``keys`` at the boundary (recorded in ``base``), or at the
    head: the head's rows over them (a None payload: absent there)."""
    found = store.keyed(kind, keys)
    base.setdefault(kind, {}).update(found)
    if not at_head:
        return found
    over = store.keyed(HEAD_ROWS[kind], keys)
    layered = {**found, **over}
    return {key: value for key, value in layered.items() if value is not None}


def _df_by_kind(rows: Mapping[str, int]) -> dict[str, dict[str, int]]:
    """``kind|term`` -> count rows as the clusterer's document frequencies by kind."""
    by_kind: dict[str, dict[str, int]] = {kind: {} for kind in sorted(set(VIEW_KIND.values()))}
    for key, count in rows.items():
        kind, _, term = key.partition("|")
        by_kind[kind][term] = count
    return by_kind
