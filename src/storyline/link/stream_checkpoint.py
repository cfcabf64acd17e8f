"""The streaming clusterer kept in the store, so that a run feeds it only its new articles.

The stream (``storyline.link.cluster.cluster_stream``) takes undated articles first, then the
dated ones oldest first, ties by source path and id. A rebuild feeds every stored article in
that order; a run that restores the clusterer's state and feeds it the rest in the same order
takes exactly the same decisions, as long as nothing it feeds belongs before what the state
already holds.

The checkpoint is therefore taken a little behind the head of the stream: it holds every
article published before ``boundary_day`` (the latest day of the stream minus ``REPLAY_DAYS``
plus one), and each run replays the stored articles of those last days together with its new
ones. A new article from those days, however it sorts among the stored ones of its day, is then
placed exactly as a rebuild would place it, at the cost of re-feeding a day's articles: a cost
that follows the feed's rate, not the store's size. A new article that is undated or older than
``boundary_day`` belongs before the checkpoint, so the run falls back to feeding the whole
store (what ``rebuild`` does): the stories then never depend on the order in which the
articles arrived (same articles, same store), at the price of a full clustering pass for a
late article. The checkpoint is also dropped when the clusterer's coefficients, the format or
the features of an article it holds changed.
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

CHECKPOINT_KIND = "cluster_checkpoint"
FORMAT = "1"
# The last days of the stream a run replays: a new article up to this many days behind the
# latest stored one is still placed as a rebuild would place it.
REPLAY_DAYS = 2


@dataclass(frozen=True)
class Checkpoint:
    """The clusterer's state after every article published before ``boundary_day``.

    ``fed`` maps the articles the state holds to the version of their ``features`` analysis;
    ``model`` is the digest of the coefficients the state was computed with.
    """

    model: str
    boundary_day: int | None
    fed: dict[str, str]
    clusterer: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """The stored form (a ``results`` row of kind ``CHECKPOINT_KIND``)."""
        return {
            "format": FORMAT,
            "model": self.model,
            "boundary_day": self.boundary_day,
            "fed": self.fed,
            "clusterer": self.clusterer,
        }

    @classmethod
    def from_json(cls, record: Any) -> Checkpoint | None:
        """The stored checkpoint, or None when absent or of another format."""
        if not isinstance(record, dict) or record.get("format") != FORMAT:
            return None
        return cls(record["model"], record["boundary_day"], record["fed"], record["clusterer"])


@dataclass(frozen=True)
class StreamResult:
    """The clusterer's story groups (article ids in the order they joined, stories in order of
    creation), the checkpoint to store, and whether the whole store was fed."""

    groups: list[list[str]]
    checkpoint: Checkpoint
    full: bool


def model_digest(model: ClusterModel) -> str:
    """The content id of the clusterer's coefficients and settings."""
    return content_id("cluster-model", json.dumps(model.to_dict(), sort_keys=True), size=32)


def stream_key(features: ArticleFeatures, source_path: str) -> tuple[bool, date, str, str]:
    """An article's place in the stream (``cluster_stream``'s order)."""
    dated = features.published is not None
    return (dated, features.published or date.min, source_path, features.article_id)


def stream_groups(
    store: Store, source_paths: Mapping[str, str], everything: bool = False
) -> StreamResult:
    """Feed the stored clusterer the articles it does not hold yet (all of them when there is
    no usable checkpoint, when a new article belongs before it, or with ``everything``).

    ``source_paths`` maps every stored article's id to its source path.
    """
    model = load_model()
    digest = model_digest(model)
    versions = {a: v for a, v in store.analysis_versions("features").items() if a in source_paths}
    restored = None if everything else _restore(store, model, versions)
    fed: dict[str, str] = {}
    if restored is None:
        clusterer = StoryClusterer(model)
        features = store.analyses("features")
        pending = [ArticleFeatures.from_dict(features[a]) for a in versions]
    else:
        clusterer, fed, pending = restored
    pending.sort(key=lambda f: stream_key(f, source_paths[f.article_id]))
    days = [f.published.toordinal() for f in pending if f.published is not None]
    if clusterer.latest_day is not None:
        days.append(clusterer.latest_day)
    boundary = max(days) - REPLAY_DAYS + 1 if days else None
    snapshot: tuple[dict[str, Any], dict[str, str]] | None = None
    for item in pending:
        if snapshot is None and _after(item, boundary):
            snapshot = clusterer.snapshot(), dict(fed)
        clusterer.add(item)
        fed[item.article_id] = versions[item.article_id]
    if snapshot is None:
        snapshot = clusterer.snapshot(), dict(fed)
    by_key: dict[str, list[str]] = {}
    for article_id, key in clusterer.assignments().items():
        by_key.setdefault(key, []).append(article_id)
    checkpoint = Checkpoint(digest, boundary, snapshot[1], snapshot[0])
    return StreamResult(list(by_key.values()), checkpoint, restored is None)


def _after(features: ArticleFeatures, boundary: int | None) -> bool:
    """Whether an article belongs after a checkpoint taken at ``boundary``."""
    return features.published is not None and (
        boundary is None or features.published.toordinal() >= boundary
    )


def _restore(
    store: Store, model: ClusterModel, versions: Mapping[str, str]
) -> tuple[StoryClusterer, dict[str, str], list[ArticleFeatures]] | None:
    """The stored clusterer, what it holds and the features of the articles it does not hold
    yet; None when it cannot be continued (see the module's docstring)."""
    checkpoint = Checkpoint.from_json(store.result(CHECKPOINT_KIND))
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
        if features is None or not _after(features, checkpoint.boundary_day):
            log.info(
                "%s belongs before the stored clusterer: clustering the whole store", article_id
            )
            return None
        pending.append(features)
    clusterer = StoryClusterer.restore(checkpoint.clusterer, model)
    return clusterer, dict(checkpoint.fed), pending
