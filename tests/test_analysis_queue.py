"""The queue of articles to analyse (``Store.unanalysed_ids``, migration 0013_analysis_queue).

Whatever was written, the listing is the one the anti-join over every article gives (computed
here from the stored versions), and the queue holds exactly those articles, so that a run with
nothing to analyse reads the queue and not the store.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from pathlib import Path

import pytest

from storyline.analyze import stage
from storyline.model import Article
from storyline.store import Store, migrations, open_store, postgres
from tests.conftest import DURABLE
from tests.test_store import make_article

VERSIONS = {"quotes": "2", "claims": "1"}
FAILED = ("failed", "sig-1")


@pytest.fixture
def store(backend_store: Store) -> Store:
    """The queue is kept by every backend."""
    return backend_store


def anti_join(
    store: Store, versions: Mapping[str, str] = VERSIONS, failed: tuple[str, str] = FAILED
) -> list[str]:
    """What the anti-join over every article lists: the articles (by source path, then id)
    without the failure ``failed`` that lack some kind at its version of ``versions``."""
    have = {kind: store.analysis_versions(kind) for kind in [*versions, failed[0]]}
    return [
        article.id
        for article in store.ingested_articles()
        if have[failed[0]].get(article.id) != failed[1]
        and any(have[kind].get(article.id) != version for kind, version in versions.items())
    ]


def queued(store: Store) -> list[str]:
    """The articles the queue holds, in id order."""
    rows = store.db.execute("SELECT article_id FROM analysis_queue ORDER BY article_id")  # type: ignore[attr-defined]
    return [row[0] for row in rows.fetchall()]


def assert_listed(
    store: Store, versions: Mapping[str, str] = VERSIONS, failed: tuple[str, str] = FAILED
) -> list[str]:
    """The listing equals the anti-join's, and the queue holds just those articles."""
    listed = store.unanalysed_ids(versions, failed)
    assert listed == anti_join(store, versions, failed)
    assert queued(store) == sorted(listed)
    return listed


def articles(count: int, start: int = 0) -> list[Article]:
    """Articles whose source paths run against their ids' order."""
    return [
        make_article(f"Article {n} about the dam.", source_path=f"corpus/{999 - n:03}.txt")
        for n in range(start, start + count)
    ]


def analyse(store: Store, article: Article, versions: Mapping[str, str] = VERSIONS) -> None:
    """Write every kind of ``versions`` for the article, in one transaction, as a run does."""
    with store.transaction():
        for kind, version in versions.items():
            store.put_analysis(article.id, kind, version, [])


def test_the_queue_lists_what_the_anti_join_lists_whatever_is_written(store: Store) -> None:
    first, second, third, fourth = articles(4)
    for article in (first, second, third):
        store.add_article(article)
    assert assert_listed(store) == [third.id, second.id, first.id]  # by source path
    store.add_article(fourth)  # ingested after the queue was filled
    assert assert_listed(store) == [fourth.id, third.id, second.id, first.id]
    store.put_analysis(first.id, "quotes", "2", [])  # one kind of two: still to analyse
    assert first.id in assert_listed(store)
    analyse(store, second)
    store.put_analysis(third.id, *FAILED, {"reason": "boom"})
    store.put_analysis(fourth.id, "failed", "sig-0", {"reason": "boom"})  # an older failure
    assert assert_listed(store) == [fourth.id, first.id]
    store.put_analysis(second.id, "quotes", "1", [])  # rewritten by an older version
    store.put_analysis(second.id, "minhash", "1", [])  # a kind the analysis does not make
    assert assert_listed(store) == [fourth.id, second.id, first.id]


def test_an_analysis_rolled_back_leaves_its_article_queued(store: Store) -> None:
    (article,) = articles(1)
    store.add_article(article)
    assert_listed(store)
    with pytest.raises(RuntimeError), store.transaction():
        analyse(store, article)
        raise RuntimeError("killed before the commit")
    assert assert_listed(store) == [article.id]
    analyse(store, article)
    assert assert_listed(store) == []


def test_new_versions_list_every_article_they_change_and_the_old_ones_list_them_back(
    store: Store,
) -> None:
    done, failed, fresh = articles(3)
    for article in (done, failed, fresh):
        store.add_article(article)
    analyse(store, done)
    store.put_analysis(failed.id, *FAILED, {"reason": "boom"})
    assert assert_listed(store) == [fresh.id]
    newer = {**VERSIONS, "claims": "2"}
    assert assert_listed(store, newer, ("failed", "sig-2")) == [fresh.id, failed.id, done.id]
    analyse(store, done, newer)
    assert assert_listed(store, newer, ("failed", "sig-2")) == [fresh.id, failed.id]
    assert assert_listed(store) == [fresh.id, done.id]  # back at the old code
    assert store.unanalysed_ids(VERSIONS, FAILED, [done.id, failed.id]) == [done.id]
    assert store.unanalysed_ids({}, FAILED) == []


@pytest.mark.parametrize("store_url", DURABLE, indirect=True)
def test_a_store_of_the_previous_migration_lists_the_same_once_migrated(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    done, stale, failed, fresh = articles(4)
    with monkeypatch.context() as old_code:
        old_code.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:12])
        old_code.setattr(postgres, "MIGRATIONS", postgres.MIGRATIONS[:12])
        old = open_store(store_url)
        for article in (done, stale, failed, fresh):
            old.add_article(article)
        analyse(old, done)
        analyse(old, stale, {**VERSIONS, "quotes": "1"})
        old.put_analysis(failed.id, *FAILED, {"reason": "boom"})
        old.close()
    migrated = open_store(store_url)
    try:
        assert assert_listed(migrated) == [fresh.id, stale.id]
        analyse(migrated, stale)
        assert assert_listed(migrated) == [fresh.id]
    finally:
        migrated.close()


def _steps_of_a_listing(store: Store) -> int:
    """How many SQLite virtual-machine steps (in thousands) a listing takes."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    store.db.set_progress_handler(count, 1000)  # type: ignore[attr-defined]
    store.unanalysed_ids(VERSIONS, FAILED)
    store.db.set_progress_handler(None, 0)  # type: ignore[attr-defined]
    return steps


def test_a_listing_with_nothing_to_analyse_reads_the_queue_not_the_store(tmp_path: Path) -> None:
    """The same work on a store of 50 analysed articles as on one of 500."""
    steps = []
    for count in (50, 500):
        store = open_store(tmp_path / f"{count}.db")
        for article in articles(count):
            store.add_article(article)
            analyse(store, article)
        store.add_article(articles(1, count)[0])  # one left to analyse
        assert len(store.unanalysed_ids(VERSIONS, FAILED)) == 1
        steps.append(_steps_of_a_listing(store))
        store.close()
    assert steps[0] == steps[1] < 5


def _rows_read(store: Store) -> list[int]:
    """Rows of articles and of analyses this PostgreSQL connection has read, as its counters
    not yet flushed to the statistics show them (those of the transaction at least)."""
    rows = store.db.execute(  # type: ignore[attr-defined]
        "SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) "
        "FROM pg_stat_xact_user_tables WHERE relname IN ('analyses', 'articles') ORDER BY relname"
    )
    return [row[0] for row in rows.fetchall()]


def test_a_postgres_listing_with_nothing_to_analyse_reads_no_article(postgres_url: str) -> None:
    store = open_store(postgres_url)
    try:
        for article in articles(200):
            store.add_article(article)
            analyse(store, article)
        assert store.unanalysed_ids(VERSIONS, FAILED) == []  # fills the queue: reads all
        with store.transaction():
            before = _rows_read(store)
            assert store.unanalysed_ids(VERSIONS, FAILED) == []
            assert _rows_read(store) == before
    finally:
        store.close()


def test_the_analyze_stage_empties_the_queue_and_a_new_component_version_fills_it(
    sample_store: Store,
) -> None:
    """A store built by the pipeline: nothing pending, nothing queued; a component's new
    version lists every article (as the anti-join does) until analysed again."""
    components = stage.COMPONENTS
    assert stage.pending(sample_store) == []
    assert queued(sample_store) == []
    newer = (*components[:-1], stage.Component("scope", "2", components[-1].run))
    listed = [article.id for article in stage.pending(sample_store, newer)]
    versions = {c.kind: c.version for c in newer}
    assert listed == anti_join(sample_store, versions, (stage.FAILED, stage.signature(newer)))
    assert sorted(listed) == queued(sample_store) != []
    assert stage.pending(sample_store) == []
    assert queued(sample_store) == []


def _waiting(store: Store) -> int:
    """How many connections to the PostgreSQL server wait for a lock."""
    query = "SELECT count(*) FROM pg_locks WHERE NOT granted"
    return int(store.db.execute(query).fetchone()[0])  # type: ignore[attr-defined]


def test_a_refill_on_postgres_waits_for_an_open_ingest_and_lists_its_article(
    postgres_url: str,
) -> None:
    """New versions refill the queue under a lock that writers of articles take too: a worker
    ingesting meanwhile is waited for, so its article is neither missed nor left over."""
    (early,), (late,) = articles(1), articles(1, 1)
    lister, ingester = open_store(postgres_url), open_store(postgres_url)
    try:
        lister.add_article(early)
        assert lister.unanalysed_ids(VERSIONS, FAILED) == [early.id]
        newer = {**VERSIONS, "claims": "2"}
        listed: list[str] = []
        with ingester.transaction():
            ingester.add_article(late)  # not committed yet
            refill = threading.Thread(
                target=lambda: listed.extend(lister.unanalysed_ids(newer, FAILED))
            )
            refill.start()
            for _ in range(500):  # until the refill waits for this transaction (or 5 s)
                if _waiting(ingester):
                    break
                time.sleep(0.01)
        refill.join()
        assert listed == [late.id, early.id] == anti_join(lister, newer)
        assert queued(lister) == sorted(listed)
    finally:
        lister.close()
        ingester.close()
