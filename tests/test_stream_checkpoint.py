"""The stored clusterer: a run feeds it only its new articles and gets a rebuild's stories."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from storyline.analyze.features import ArticleFeatures, article_features
from storyline.link import stream_checkpoint
from storyline.link.cluster import StoryClusterer, cluster_stream
from storyline.link.stream_checkpoint import (
    DF_ROWS,
    GROUP_ROWS,
    HEAD_KIND,
    HEAD_ROWS,
    POSTING_ROWS,
    STATE_KIND,
    STATE_ROWS,
    STORY_ROWS,
    StreamResult,
)
from storyline.model import Article, DateBasis, Published, content_id, to_jsonable
from storyline.runner import ingest_paths, rebuild, run, update_stages
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


def _stories_and_clusterer(store: Store) -> tuple[object, ...]:
    """The stories and the stored clusterer (its state before the last days of the stream,
    as rows). Posting lists are compared without the stories that left the window: a run
    rewrites only the lists its articles reach, so others may still name such a story, which
    is then never a candidate (as if absent) and goes first when the list is posted to."""
    stories = store.keyed(STORY_ROWS)
    postings = {
        term: live
        for term, keys in store.keyed(POSTING_ROWS).items()
        if (live := [key for key in keys if key in stories])
    }
    return (
        to_jsonable(store.stories()),
        store.result(STATE_KIND),
        stories,
        postings,
        store.keyed(DF_ROWS),
    )


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
    # the first batch feeds the stream whole; every later one continues the stored state
    assert continued == {"none", "behind"} and streams[-1].continued == "behind"
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


def test_a_checkpoint_keeps_the_window_and_decides_as_the_whole_state(
    sample_store: Store,
) -> None:
    stored = sample_store.analyses("features")
    features = sorted(
        (ArticleFeatures.from_dict(record) for record in stored.values()),
        key=lambda f: (f.published is not None, f.published or date.min, f.article_id),
    )
    days = [f.published for f in features if f.published is not None]
    # cut after the last article of a day well after the first one (the sample spans months)
    cut = max(i for i, f in enumerate(features) if f.published and f.published <= days[-1]
              and (f.published - days[0]).days > 40 and f.published < days[-1])  # fmt: skip
    first = StoryClusterer()
    for item in features[: cut + 1]:
        first.add(item)
    whole = first.snapshot()
    checkpoint = json.loads(json.dumps(first.checkpoint(), sort_keys=True))
    assert len(checkpoint["stories"]) < len(whole["stories"])  # stories out of the window left
    assert checkpoint["assignments"] == [] and checkpoint["by_fingerprint"] == {}
    restored = StoryClusterer.restore(checkpoint)
    restored.remember_fingerprints({f: key for f, (key, _) in first.fingerprints_set().items()})
    rest = features[cut + 1 :]
    for item in rest:
        restored.add(item)
    expected = cluster_stream(features)
    assert restored.assignments() == {f.article_id: expected[f.article_id] for f in rest}


def test_a_run_writes_only_the_stories_its_articles_touch(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.store.codec import STORIES

    written: list[str] = []
    put_keyed = type(sample_store).put_keyed

    def recording(self: Store, kind: str, rows: object) -> None:
        if kind == STORIES:
            written.extend(row.key for row in rows)  # type: ignore[attr-defined]
        put_keyed(self, kind, rows)  # type: ignore[arg-type]

    monkeypatch.setattr(type(sample_store), "put_keyed", recording)
    before = {s.id: s for s in sample_store.stories()}
    follow_up = tmp_path / "harborwire_dam_toll.txt"
    # dated after every stored article: the stored state takes it with the last days
    follow_up.write_text(
        "Ostrin Dam death toll rises to 44\n\nVELLIN, Valdoria, March 6, 2026 (HW) -- The number"
        " of people killed when the Ostrin Dam collapsed on Monday has risen to 44, the"
        " provincial civil defence office said on Thursday.\n",
        "utf-8",
    )
    streams = _recorded_streams(monkeypatch)
    run(sample_store, [follow_up])
    assert streams[-1].continued == "behind"
    after = {s.id: s for s in sample_store.stories()}
    changed = {sid for sid, s in after.items() if before.get(sid) != s}
    assert written and set(written) == changed  # what changed, and nothing else, was written
    assert len(written) < len(before) / 2


def _event_article(event: int, report: int, day: date) -> tuple[Article, dict[str, object]]:
    """A report of an event of its own words (made-up, so events share none)."""
    words = [f"{syllable}{event}" for syllable in ("vor", "kel", "dran", "mip", "sul", "tesk")]
    title = f"{words[0].capitalize()} {words[1]} {words[2]}"
    text = f"{title}. " + " ".join(words[report % 3 :] + words[: report % 3]) + "."
    article = Article(
        id=content_id("event-article", str(event), str(report)),
        source_path=f"feed/{day.isoformat()}.jsonl",
        title=title,
        text=text,
        raw_text=text,
        published=Published(day, DateBasis.METADATA, day.isoformat()),
    )
    return article, article_features(article.id, title, text, day).to_dict()


def _feed_days(store: Store, days: range, events_per_day: int, daily: bool = True) -> None:
    """Store the reports of ``events_per_day`` new events a day and feed the clusterer each
    day as a run (``daily``) or once at the end."""
    for offset in days:
        day = date(2025, 1, 1) + timedelta(offset)
        with store.transaction():
            for n in range(events_per_day):
                for report in range(2):
                    article, features = _event_article(offset * 100 + n, report, day)
                    store.add_article(article)
                    store.put_analysis(article.id, "features", "1", features)
        if daily or offset == days[-1]:
            _stream_once(store)


def _stream_once(store: Store) -> None:
    """Feed the clusterer what it does not hold and store what it did (as the link stage)."""
    _write_stream(store, stream_checkpoint.stream_groups(store))


def _write_stream(store: Store, streamed: StreamResult) -> None:
    """Store what the clusterer did (as the link stage)."""
    with store.transaction():
        for kind, rows in streamed.rows.items():
            store.put_keyed(kind, rows)
        if streamed.state is not None:
            streamed.state.write(store)
        store.clear_link_queue(*streamed.queued)


def test_a_run_reads_and_rewrites_only_the_clusterer_rows_its_articles_reach(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = open_store(":memory:")
    _feed_days(store, range(30), 6)
    window = set(store.keyed(STORY_ROWS))
    assert 100 < len(window) < 30 * 6  # the stories of the last 21 days or so, not all
    read: list[str] = []
    written: list[str] = []
    keyed, put_keyed = type(store).keyed, type(store).put_keyed

    def reading(self: Store, kind: str, keys: object = None) -> dict[str, object]:
        found = keyed(self, kind, keys)  # type: ignore[arg-type]
        if kind == STORY_ROWS:
            assert keys is not None, "the clusterer's stories are read by key"
            read.extend(found)
        return found

    def writing(self: Store, kind: str, rows: object) -> None:
        if kind == STORY_ROWS:
            written.extend(row.key for row in rows)  # type: ignore[attr-defined]
        put_keyed(self, kind, rows)  # type: ignore[arg-type]

    monkeypatch.setattr(type(store), "keyed", reading)
    monkeypatch.setattr(type(store), "put_keyed", writing)
    _feed_days(store, range(30, 31), 6)  # a new day: the state moves to its boundary
    # the replayed day and the new one, and the stories that left the window: not the window
    monkeypatch.undo()
    assert read and len(set(read)) < len(window) / 4, (len(set(read)), len(window))
    # rewritten: stories it read, or made from the new day's articles
    assert written and set(written) <= set(read) | (set(store.keyed(STORY_ROWS)) - window)
    rebuilt = open_store(":memory:")
    _feed_days(rebuilt, range(31), 6, daily=False)  # the same articles fed in one pass
    assert store.keyed(STORY_ROWS) == rebuilt.keyed(STORY_ROWS)
    assert store.result(STATE_KIND) == rebuilt.result(STATE_KIND)
    assert store.keyed(DF_ROWS) == rebuilt.keyed(DF_ROWS)


def test_a_stored_article_analysed_again_makes_the_run_feed_the_whole_store(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    article_id = sorted(sample_store.analysis_versions("features"))[0]
    record = sample_store.analysis(article_id, "features")
    sample_store.put_analysis(article_id, "features", "another version", record)
    streams = _recorded_streams(monkeypatch)
    update_stages(sample_store, analyze=False)
    assert streams[-1].continued == "none"  # found through the link queue
    after = to_jsonable(sample_store.stories())
    rebuild(sample_store)
    assert to_jsonable(sample_store.stories()) == after


def _add_reports(store: Store, day: date, events: range, reports: range) -> None:
    """Store reports of ``events`` (each ``reports``) published on ``day``."""
    with store.transaction():
        for event in events:
            for report in reports:
                article, features = _event_article(event, report, day)
                store.add_article(article)
                store.put_analysis(article.id, "features", "1", features)


def _clusterer_rows(store: Store) -> tuple[object, ...]:
    """Every stored part of the clusterer: boundary, head and what it did with each article
    (posting lists without the stories that left the window, see ``_stories_and_clusterer``)."""
    kinds = [kind for kind in (*STATE_ROWS, *HEAD_ROWS.values()) if "postings" not in kind]
    stories = store.keyed(STORY_ROWS).keys() | store.keyed(HEAD_ROWS[STORY_ROWS]).keys()
    postings = [
        {
            term: [key for key in keys if key in stories]
            for term, keys in store.keyed(kind).items()
            if keys is None or any(key in stories for key in keys)
        }
        for kind in (POSTING_ROWS, HEAD_ROWS[POSTING_ROWS])
    ]
    return (
        store.result(STATE_KIND),
        store.result(HEAD_KIND),
        *(store.keyed(kind) for kind in (*kinds, "cluster_of", "cluster_fingerprints")),
        *postings,
    )


def test_a_live_run_of_the_latest_day_feeds_only_its_new_articles() -> None:
    store = open_store(":memory:")
    _feed_days(store, range(25), 6)
    latest = date(2025, 1, 1) + timedelta(24)
    # three runs of the latest day, each a new event and a follow-up of a stored one
    for run_number in range(3):
        _add_reports(store, latest, range(9000 + run_number, 9001 + run_number), range(2))
        _add_reports(store, latest, range(2400 + run_number, 2401 + run_number), range(5, 6))
        streamed = stream_checkpoint.stream_groups(store)
        _write_stream(store, streamed)
        assert streamed.continued == "head", run_number
        assert streamed.fed == 3  # its own articles, no stored one fed again
    assert store.keyed(GROUP_ROWS) and store.keyed(HEAD_ROWS[GROUP_ROWS])  # the second look's
    rebuilt = open_store(":memory:")
    _feed_days(rebuilt, range(25), 6, daily=False)
    for run_number in range(3):
        _add_reports(rebuilt, latest, range(9000 + run_number, 9001 + run_number), range(2))
        _add_reports(rebuilt, latest, range(2400 + run_number, 2401 + run_number), range(5, 6))
    _stream_once(rebuilt)
    assert _clusterer_rows(store) == _clusterer_rows(rebuilt)


def test_a_late_article_of_the_day_before_replays_the_last_days_and_ends_as_a_rebuild() -> None:
    store = open_store(":memory:")
    _feed_days(store, range(25), 6)
    before = date(2025, 1, 1) + timedelta(23)
    _add_reports(store, before, range(9100, 9101), range(3))  # yesterday's, arriving today
    streamed = stream_checkpoint.stream_groups(store)
    _write_stream(store, streamed)
    assert streamed.continued == "behind" and streamed.fed > 3
    _add_reports(store, before + timedelta(1), range(9200, 9201), range(2))  # then today's
    streamed = stream_checkpoint.stream_groups(store)
    _write_stream(store, streamed)
    assert streamed.continued == "head" and streamed.fed == 2
    rebuilt = open_store(":memory:")
    _feed_days(rebuilt, range(25), 6, daily=False)
    _add_reports(rebuilt, before, range(9100, 9101), range(3))
    _add_reports(rebuilt, before + timedelta(1), range(9200, 9201), range(2))
    _stream_once(rebuilt)
    assert _clusterer_rows(store) == _clusterer_rows(rebuilt)
