"""The stored clusterer: a run feeds it only its new articles and gets a rebuild's stories."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from storyline.analyze.features import ArticleFeatures
from storyline.link import stream_checkpoint
from storyline.link.cluster import StoryClusterer, cluster_stream
from storyline.link.stream_checkpoint import HEAD_KIND, StreamResult
from storyline.model import to_jsonable
from storyline.runner import ingest_paths, rebuild, run
from storyline.store import Store, open_store
from tests.conftest import SAMPLES


def _recorded_streams(monkeypatch: pytest.MonkeyPatch) -> list[StreamResult]:
    """The stream results of the link stage from now on."""
    seen: list[StreamResult] = []
    original = stream_checkpoint.stream_groups

    def recording(*args: object, **kwargs: object) -> StreamResult:
        result = original(*args, **kwargs)  # type: ignore[arg-type]
        seen.append(result)
        return result

    monkeypatch.setattr(stream_checkpoint, "stream_groups", recording)
    return seen


def _files_by_day(tmp_path: Path) -> list[list[Path]]:
    """The sample corpus's files in batches by the latest own date of their articles,
    files without a dated article first."""
    scratch = open_store(tmp_path / "scratch.db")
    ingest_paths(scratch, [SAMPLES])
    latest: dict[str, date] = {}
    for article in scratch.ingested_articles():
        day = article.published.date or date.min
        name = Path(article.source_path).name
        latest[name] = max(latest.get(name, date.min), day)
    scratch.close()
    batches: dict[date, list[Path]] = {}
    for path in sorted(p for p in SAMPLES.iterdir() if p.is_file()):
        batches.setdefault(latest.get(path.name, date.min), []).append(path)
    return [batches[day] for day in sorted(batches)]


def _stories_and_clusterer(store: Store) -> tuple[object, object]:
    """The stories and the stored clusterer at the head of the stream (the one behind it is
    taken where the run that last needed it stood, so it depends on the order of arrival)."""
    return to_jsonable(store.stories()), store.result(HEAD_KIND)


def test_the_sample_corpus_fed_day_by_day_ends_as_a_rebuild_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    streams = _recorded_streams(monkeypatch)
    batches = _files_by_day(tmp_path)
    assert len(batches) > 3, "the sample corpus spans several days"
    store = open_store(tmp_path / "daily.db")
    for batch in batches:
        run(store, batch)
    continued = {s.continued for s in streams}
    # new days continue the head; a file with an article of a day already stored, the
    # checkpoint behind it
    assert continued == {"none", "head", "behind"}
    daily = _stories_and_clusterer(store)
    rebuild(store)
    assert streams[-1].continued == "none"  # rebuild feeds every article
    assert _stories_and_clusterer(store) == daily
    store.close()


def test_an_article_older_than_the_stored_clusterer_feeds_the_whole_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches = _files_by_day(tmp_path)
    store = open_store(tmp_path / "late.db")
    run(store, [path for batch in batches[2:] for path in batch])
    streams = _recorded_streams(monkeypatch)
    run(store, batches[1])  # older than every stored day: placed as a rebuild would place it
    assert streams[-1].continued == "none"
    late = _stories_and_clusterer(store)
    rebuild(store)
    assert _stories_and_clusterer(store) == late
    store.close()


def test_a_restored_clusterer_decides_as_one_that_never_stopped(sample_store: Store) -> None:
    stored = sample_store.analyses("features")
    features = sorted(
        (ArticleFeatures.from_dict(record) for record in stored.values()),
        key=lambda f: (f.published is not None, f.published or date.min, f.article_id),
    )
    half = len(features) // 2
    first = StoryClusterer()
    for item in features[:half]:
        first.add(item)
    # through JSON with sorted keys, as the store writes it
    snapshot = json.loads(json.dumps(first.snapshot(), sort_keys=True))
    restored = StoryClusterer.restore(snapshot)
    for item in features[half:]:
        restored.add(item)
    assert restored.assignments() == cluster_stream(features)
