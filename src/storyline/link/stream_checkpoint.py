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
runs needed it; it is a cache that never changes a story. Both are dropped when the
clusterer's coefficients, the format or the features of an article they hold changed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from storyline.analyze.features import ArticleFeatures
from storyline.link.cluster import ClusterModel, StoryClusterer, load_model
from storyline.model import content_id
from storyline.store.base import Store

log = logging.getLogger(__name__)

HEAD_KIND = "cluster_head"  # the clusterer after every stored article
BEHIND_KIND = "cluster_behind"  # the clusterer before the last REPLAY_DAYS days
FORMAT = "1"
# The last days of the stream a late article may belong to and still be placed as a rebuild
# would place it, by replaying them from the checkpoint behind the head.
REPLAY_DAYS = 2

StreamKey = tuple[bool, date, str, str]


@dataclass(frozen=True)
class Checkpoint:
    """The clusterer's state after the articles that sort before ``boundary`` in the stream.

    ``fed`` maps the articles the state holds to the version of their ``features`` analysis;
    ``model`` is the digest of the coefficients the state was computed with; an article not
    held may be fed to it when its stream key is at least ``boundary`` (None: any article).
    """

    model: str
    boundary: StreamKey | None
    fed: dict[str, str]
    clusterer: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """The stored form (a ``results`` row)."""
        boundary = self.boundary
        return {
            "format": FORMAT,
            "model": self.model,
            "boundary": None
            if boundary is None
            else [boundary[0], boundary[1].isoformat(), boundary[2], boundary[3]],
            "fed": self.fed,
            "clusterer": self.clusterer,
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
        return cls(record["model"], boundary, record["fed"], record["clusterer"])

    def admits(self, key: StreamKey) -> bool:
        """Whether an article with this stream key comes after every article held."""
        return self.boundary is None or key >= self.boundary


@dataclass(frozen=True)
class StreamResult:
    """The clusterer's story groups (article ids in the order they joined, stories in order of
    creation), the checkpoints to store (``behind`` is None when unchanged), and which state
    the run continued: ``"head"``, ``"behind"`` or ``"none"`` (the whole store was fed)."""

    groups: list[list[str]]
    head: Checkpoint
    behind: Checkpoint | None
    continued: str


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

    The head checkpoint is continued when every new article comes after all stored ones; else
    the one behind it, when they all fall in its last days (replayed with the stored articles
    of those days); else, and with ``everything``, the whole store is fed. ``source_paths``
    maps every stored article's id to its source path.
    """
    model = load_model()
    versions = {a: v for a, v in store.analysis_versions("features").items() if a in source_paths}
    for kind in () if everything else (HEAD_KIND, BEHIND_KIND):
        checkpoint = Checkpoint.from_json(store.result(kind))
        restored = _restore(store, model, versions, source_paths, checkpoint)
        if restored is not None:
            clusterer, fed, pending = restored
            return _feed(
                clusterer,
                fed,
                pending,
                versions,
                source_paths,
                kind != HEAD_KIND,
                kind.removeprefix("cluster_"),
            )
    features = store.analyses("features")
    pending = [ArticleFeatures.from_dict(features[a]) for a in versions]
    return _feed(StoryClusterer(model), {}, pending, versions, source_paths, True, "none")


def _feed(
    clusterer: StoryClusterer,
    fed: dict[str, str],
    pending: list[ArticleFeatures],
    versions: Mapping[str, str],
    source_paths: Mapping[str, str],
    behind: bool,
    continued: str,
) -> StreamResult:
    """Feed ``pending`` in stream order; checkpoint the head and, when ``behind``, the state
    before the last ``REPLAY_DAYS`` days."""
    digest = model_digest(clusterer.model)
    keyed = sorted((stream_key(f, source_paths[f.article_id]), f) for f in pending)
    days = [key[1].toordinal() for key, _ in keyed if key[0]]
    if clusterer.latest_day is not None:
        days.append(clusterer.latest_day)
    boundary = (True, date.fromordinal(max(days) - REPLAY_DAYS + 1), "", "") if days else None
    taken: Checkpoint | None = None
    for key, item in keyed:
        if behind and taken is None and boundary is not None and key >= boundary:
            taken = Checkpoint(digest, boundary, dict(fed), clusterer.snapshot())
        clusterer.add(item)
        fed[item.article_id] = versions[item.article_id]
    head = Checkpoint(digest, keyed[-1][0] if keyed else None, fed, clusterer.snapshot())
    if behind and taken is None:
        taken = Checkpoint(digest, boundary, dict(fed), head.clusterer)
    by_key: dict[str, list[str]] = {}
    for article_id, story in clusterer.assignments().items():
        by_key.setdefault(story, []).append(article_id)
    return StreamResult(list(by_key.values()), head, taken, continued)


def _restore(
    store: Store,
    model: ClusterModel,
    versions: Mapping[str, str],
    source_paths: Mapping[str, str],
    checkpoint: Checkpoint | None,
) -> tuple[StoryClusterer, dict[str, str], list[ArticleFeatures]] | None:
    """A stored clusterer, what it holds and the features of the articles it does not hold
    yet; None when it cannot be continued (see the module's docstring)."""
    if checkpoint is None or checkpoint.model != model_digest(model):
        return None
    if any(versions.get(a) != v for a, v in checkpoint.fed.items()):
        log.info("stored articles were re-analysed or removed: clustering the whole store")
        return None
    pending = []
    for article_id in versions:
        if article_id in checkpoint.fed:
            continue
        record = store.analysis(article_id, "features")
        features = ArticleFeatures.from_dict(record) if record is not None else None
        if features is None or not checkpoint.admits(
            stream_key(features, source_paths[article_id])
        ):
            return None
        pending.append(features)
    clusterer = StoryClusterer.restore(checkpoint.clusterer, model)
    return clusterer, dict(checkpoint.fed), pending
