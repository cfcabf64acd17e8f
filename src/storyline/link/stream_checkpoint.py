"""The streaming clusterer kept in the store, so that a run feeds it only its new articles.

The stream (``storyline.link.cluster.cluster_stream``) takes undated articles first, then the
dated ones oldest first, ties by source path and id. A rebuild feeds every stored article in
that order; a run that restores the clusterer's state and feeds it the rest in the same order
takes exactly the same decisions, as long as nothing it feeds belongs before what the state
already holds.

Two checkpoints are kept (``results`` rows). The head holds every stored article: a run whose
new articles all sort after them (the live feed's usual case) restores it and feeds only them.
The one behind it holds the articles published before ``REPLAY_DAYS`` days ending with the
latest day (as of the run that took it): a new article of those days, however it sorts among
the stored ones of its day, is placed exactly as a rebuild would place it by restoring that
state and replaying the stored articles after it with the new ones (a cost that follows the
feed's rate, not the store's size). A new article that is undated or older still belongs
before both, so the run feeds the whole store (what ``rebuild`` does): the stories never depend
on the order in which the articles arrived (same articles, same stories), at the price of a
full clustering pass for a late article. Where the behind checkpoint stands depends on which
runs needed it; it is a cache that never changes a story.

A checkpoint holds only what later articles can meet (``StoryClusterer.checkpoint``: the
stories of the clusterer's time window, the posting lists, the document frequencies), so it
stays as large as the window, not the store. What the clusterer did with each article is kept
as rows (``Store.put_keyed``): its story key and the versions of the features and clues it was
fed (``CLUSTER_OF``), the story of each first copy of a text (``FINGERPRINTS``), and the
article's actor and theme vectors weighed as the stream stood when it came
(``RELATED_VECTORS``, ``storyline.link.storylines``). A stored article re-analysed since it was
fed, or the clusterer's coefficients changed, and the whole store is fed again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from storyline.analyze.features import ArticleFeatures
from storyline.link.cluster import ClusterModel, StoryClusterer, load_model
from storyline.link.storylines import DIGITS, Vectors, article_vectors
from storyline.model import content_id
from storyline.store.base import Store
from storyline.store.codec import KeyedRow

log = logging.getLogger(__name__)

HEAD_KIND = "cluster_head"  # the clusterer after every stored article
BEHIND_KIND = "cluster_behind"  # the clusterer before the last REPLAY_DAYS days
FORMAT = "2"
CLUSTER_OF = "cluster_of"  # article id -> {story, features, clues}, sorted by story key
FINGERPRINTS = "cluster_fingerprints"  # a text's fingerprint -> {story, article, at}
RELATED_VECTORS = "related_vectors"  # article id -> its actor and theme vectors
# The last days of the stream a late article may belong to and still be placed as a rebuild
# would place it, by replaying them from the checkpoint behind the head.
REPLAY_DAYS = 2

StreamKey = tuple[bool, date, str, str]


@dataclass(frozen=True)
class Checkpoint:
    """The clusterer's state after the stored articles that sort before ``boundary`` in the
    stream (``inclusive``: up to and including it; the head's boundary is its last article).

    ``model`` is the digest of the coefficients the state was computed with; an article not
    held may be fed to it when its stream key is at least ``boundary`` (None: any article).
    """

    model: str
    boundary: StreamKey | None
    inclusive: bool
    clusterer: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """The stored form (a ``results`` row)."""
        return {**self.bounds_json(), "clusterer": self.clusterer}

    def bounds_json(self) -> dict[str, Any]:
        """Everything but the state (a small ``results`` row of its own, ``bounds_kind``: a
        run reads the state only when it can continue it)."""
        boundary = self.boundary
        return {
            "format": FORMAT,
            "model": self.model,
            "boundary": None
            if boundary is None
            else [boundary[0], boundary[1].isoformat(), boundary[2], boundary[3]],
            "inclusive": self.inclusive,
        }

    @classmethod
    def from_json(cls, record: Any) -> Checkpoint | None:
        """The stored checkpoint, or None when absent or of another format."""
        if not isinstance(record, dict) or record.get("format") != FORMAT:
            return None
        stored = record["boundary"]
        boundary = (
            None
            if stored is None
            else (bool(stored[0]), date.fromisoformat(stored[1]), stored[2], stored[3])
        )
        state = record.get("clusterer", {})
        return cls(record["model"], boundary, bool(record["inclusive"]), state)

    def admits(self, key: StreamKey) -> bool:
        """Whether an article with this stream key comes after every article held."""
        return self.boundary is None or key >= self.boundary

    def holds(self, key: StreamKey) -> bool:
        """Whether a stored article with this stream key is in the state."""
        if self.boundary is None:
            return False
        return key <= self.boundary if self.inclusive else key < self.boundary


@dataclass(frozen=True)
class StreamResult:
    """What the clusterer did with the articles fed this run: each one's story key
    (``assignments``, in the order they were fed), the rows to store (``CLUSTER_OF``,
    ``FINGERPRINTS``, ``RELATED_VECTORS``: all of them replaced when ``continued`` is
    ``"none"``), the checkpoints to store (``behind`` is None when unchanged), and which state
    the run continued: ``"head"``, ``"behind"`` or ``"none"`` (the whole store was fed)."""

    assignments: dict[str, str]
    head: Checkpoint
    behind: Checkpoint | None
    continued: str
    rows: dict[str, list[KeyedRow]]
    vectors: dict[str, Vectors]
    first_seen: frozenset[str] = frozenset()  # fed for the first time (or re-analysed)

    @property
    def groups(self) -> list[list[str]]:
        """The fed articles by story key, in order of first appearance."""
        by_key: dict[str, list[str]] = {}
        for article_id, story in self.assignments.items():
            by_key.setdefault(story, []).append(article_id)
        return list(by_key.values())


def bounds_kind(kind: str) -> str:
    """The ``results`` row of a checkpoint's bounds (``Checkpoint.bounds_json``)."""
    return f"{kind}_bounds"


def model_digest(model: ClusterModel) -> str:
    """The content id of the clusterer's coefficients and settings."""
    return content_id("cluster-model", json.dumps(model.to_dict(), sort_keys=True), size=32)


def stream_key(features: ArticleFeatures, source_path: str) -> StreamKey:
    """An article's place in the stream (``cluster_stream``'s order)."""
    dated = features.published is not None
    return (dated, features.published or date.min, source_path, features.article_id)


def stream_groups(
    store: Store,
    source_paths: Mapping[str, str],
    everything: bool = False,
    clue_versions: Mapping[str, str] | None = None,
) -> StreamResult:
    """Feed the stored clusterer the articles it does not hold yet.

    The head checkpoint is continued when every new article comes after all stored ones; else
    the one behind it, when they all fall in its last days (replayed with the stored articles
    of those days); else, and with ``everything``, the whole store is fed. ``source_paths``
    maps the source path of every article to feed (at least the new ones; the stored ones are
    read when replayed); ``clue_versions`` the version of each article's ingest clues.
    """
    model = load_model()
    versions = store.analysis_versions("features")
    clues = dict(clue_versions or {})
    fed = store.keyed(CLUSTER_OF)
    changed = [
        a
        for a, row in fed.items()
        if versions.get(a) != row["features"] or clues.get(a, "") != row["clues"]
    ]
    if changed:
        log.info("stored articles were re-analysed or removed: clustering the whole store")
    seen = {a for a in fed if a not in set(changed)}
    for kind in () if everything or changed else (HEAD_KIND, BEHIND_KIND):
        checkpoint = Checkpoint.from_json(store.result(bounds_kind(kind)))
        restored = _restore(store, model, versions, source_paths, fed, checkpoint, kind)
        if restored is not None:
            clusterer, pending, paths = restored
            kept = checkpoint.boundary if checkpoint and kind == BEHIND_KIND else None
            result = _feed(
                clusterer, pending, versions, clues, paths, kind != HEAD_KIND, kind, kept
            )
            return replace(result, first_seen=frozenset(result.assignments.keys() - seen))
    features = store.analyses("features")
    pending = [ArticleFeatures.from_dict(features[a]) for a in versions]
    paths = {a.id: a.source_path for a in store.ingested_articles_with(list(versions))}
    result = _feed(StoryClusterer(model), pending, versions, clues, paths, True, "cluster_none")
    return replace(result, first_seen=frozenset(result.assignments.keys() - seen))


def _feed(
    clusterer: StoryClusterer,
    pending: list[ArticleFeatures],
    versions: Mapping[str, str],
    clues: Mapping[str, str],
    source_paths: Mapping[str, str],
    behind: bool,
    kind: str,
    kept: StreamKey | None = None,
) -> StreamResult:
    """Feed ``pending`` in stream order; checkpoint the head and, when ``behind``, the state
    before the last ``REPLAY_DAYS`` days (unless that is ``kept``, the boundary of the stored
    state the clusterer was restored from: the same state)."""
    digest = model_digest(clusterer.model)
    keyed = sorted((stream_key(f, source_paths[f.article_id]), f) for f in pending)
    days = [key[1].toordinal() for key, _ in keyed if key[0]]
    if clusterer.latest_day is not None:
        days.append(clusterer.latest_day)
    boundary = (True, date.fromordinal(max(days) - REPLAY_DAYS + 1), "", "") if days else None
    behind = behind and (kept is None or boundary != kept)
    taken: Checkpoint | None = None
    vectors: dict[str, Vectors] = {}
    at: dict[str, StreamKey] = {}
    for key, item in keyed:
        if behind and taken is None and boundary is not None and key >= boundary:
            taken = Checkpoint(digest, boundary, False, clusterer.checkpoint())
        clusterer.add(item)
        at[item.article_id] = key
        vectors[item.article_id] = article_vectors(item, clusterer.inverse_frequency, DIGITS)
    head_state = clusterer.checkpoint()
    head = Checkpoint(digest, keyed[-1][0] if keyed else None, True, head_state)
    if behind and taken is None:
        taken = Checkpoint(digest, boundary, False, head_state)
    assignments = clusterer.assignments()
    rows = {
        CLUSTER_OF: [
            KeyedRow(a, key, {"story": key, "features": versions[a], "clues": clues.get(a, "")})
            for a, key in assignments.items()
        ],
        FINGERPRINTS: [
            KeyedRow(fingerprint, "", {"story": key, "at": _key_json(at[article])})
            for fingerprint, (key, article) in clusterer.fingerprints_set().items()
        ],
        RELATED_VECTORS: [KeyedRow(a, "", v) for a, v in vectors.items()],
    }
    return StreamResult(assignments, head, taken, kind.removeprefix("cluster_"), rows, vectors)


def _key_json(key: StreamKey) -> list[Any]:
    return [key[0], key[1].isoformat(), key[2], key[3]]


def _key_from_json(stored: list[Any]) -> StreamKey:
    return (bool(stored[0]), date.fromisoformat(stored[1]), stored[2], stored[3])


def _restore(
    store: Store,
    model: ClusterModel,
    versions: Mapping[str, str],
    source_paths: Mapping[str, str],
    fed: Mapping[str, Any],
    checkpoint: Checkpoint | None,
    kind: str,
) -> tuple[StoryClusterer, list[ArticleFeatures], dict[str, str]] | None:
    """A stored clusterer, the features of the articles to feed it (the new ones and the
    stored ones it does not hold) and their source paths; None when it cannot be continued
    (see the module's docstring)."""
    if checkpoint is None or checkpoint.model != model_digest(model):
        return None
    new = [a for a in versions if a not in fed]
    replay: list[str] = []
    boundary = checkpoint.boundary
    if boundary is not None and not checkpoint.inclusive:
        # the stored articles of the replayed days (dated: the boundary is a day)
        replay = [a for a in store.article_ids_dated_from(boundary[1]) if a in fed]
    wanted = new + replay
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
        if article_id in fed and checkpoint.holds(key):
            continue  # a stored article of the boundary's day that sorts before it
        if not checkpoint.admits(key):
            return None
        pending.append(features)
    stored = Checkpoint.from_json(store.result(kind))
    if stored is None or stored.bounds_json() != checkpoint.bounds_json():
        return None
    clusterer = StoryClusterer.restore(stored.clusterer, model)
    fingerprints = [f.fingerprint for f in pending if f.fingerprint]
    for fingerprint, row in store.keyed(FINGERPRINTS, fingerprints).items():
        if checkpoint.holds(_key_from_json(row["at"])):
            clusterer.remember_fingerprints({fingerprint: row["story"]})
    return clusterer, pending, paths
