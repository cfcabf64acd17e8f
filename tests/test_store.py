"""Contract tests every store backend must pass (parametrized over the backends)."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import StoreError
from storyline.ingest.stage import CLUES_KIND
from storyline.model import (
    Article,
    DateBasis,
    Derivation,
    DerivationKind,
    Finding,
    FindingKind,
    Precision,
    Published,
    Rejection,
    RemovedSpan,
    SavedSearch,
    Story,
    TimelineEntry,
    Verdict,
    to_jsonable,
)
from storyline.store import Store, migrations, open_store, postgres, sqlite
from storyline.store.codec import OUTLETS, PUBLICATION, STORIES, IndexRow, StoredEdge
from tests.conftest import DURABLE


@pytest.fixture
def store(backend_store: Store) -> Store:
    """These contract tests run on every backend."""
    return backend_store


def make_article(text: str = "The dam failed on Tuesday.", **changes: object) -> Article:
    fields: dict[str, object] = dict(
        id=Article.make_id(text),
        source_path="corpus/a.txt",
        title="Dam fails",
        text=text,
        raw_text=text,
        published=Published(date(2025, 3, 4), DateBasis.DATELINE, "PORT ALDER"),
        outlet="Harbor Wire",
        removed_spans=(RemovedSpan(0, 4, "advertisement", "Ad -"),),
    )
    fields.update(changes)
    return Article(**fields)  # type: ignore[arg-type]


def test_adding_the_same_article_twice_is_a_no_op(store: Store) -> None:
    article = make_article()
    assert store.add_article(article) is True
    assert store.add_article(article) is False
    assert store.articles() == [article]
    assert store.article_count() == 1


def test_articles_keep_the_order_they_arrived_in_whatever_their_ids(store: Store) -> None:
    texts = ["Zeta dam report.", "Alpha port report.", "Mid river report."]
    articles = [make_article(id=Article.make_id(t), text=t, raw_text=t) for t in texts]
    for article in articles:
        store.add_article(article)
    store.add_article(articles[0])  # ingested again: keeps its place
    arrival = store.arrival_order([a.id for a in reversed(articles)] + ["missing"])
    assert sorted(arrival, key=arrival.__getitem__) == [a.id for a in articles]


def test_article_found_by_unique_id_prefix(store: Store) -> None:
    article = make_article()
    store.add_article(article)
    assert store.article(article.id[:6]) == article
    assert store.article(article.id[:6].upper()) == article  # as typed, in capitals too
    assert store.article("zzzz") is None
    assert store.article(article.id[:6] + "~") is None  # past every id of the prefix


def test_article_carries_the_date_and_outlet_the_link_stage_resolved(store: Store) -> None:
    undated = make_article(published=Published(None, DateBasis.UNKNOWN, "Tuesday"), outlet=None)
    store.add_article(undated)
    resolved = Published(date(2025, 3, 4), DateBasis.STORY, "Tuesday; completed from its story")
    store.put_result(PUBLICATION, {undated.id: to_jsonable(resolved)})
    store.put_result(OUTLETS, {undated.id: "Harbor Wire"})
    (seen,) = store.articles()
    assert seen.published == resolved and seen.outlet == "Harbor Wire"
    assert store.article(undated.id[:6]) == seen
    assert store.ingested_articles() == [undated]  # what ingest read is kept as it was


def test_stories_and_derivations_come_back_as_records(store: Store) -> None:
    story = Story("s1", "Dam fails", ("a1", "a2"), ("s2",))
    derivation = Derivation("a1", "a2", DerivationKind.COPY, 0.97)
    pruned = Derivation("a1", "a3", DerivationKind.LIGHT_REWRITE, 0.8)
    store.put_result("stories", to_jsonable([story]))
    store.put_derivation_edges(
        [
            StoredEdge("a1", "a3", False, to_jsonable(pruned)),
            StoredEdge("a1", "a2", True, to_jsonable(derivation)),
        ]
    )
    assert store.stories() == [story]
    assert store.derivations() == [derivation]  # the pruned pair is kept, not shown
    assert store.findings() == [] and store.timeline("s1") == []


def test_full_text_search_finds_words_of_title_and_text(store: Store) -> None:
    a, b = make_article("The dam failed."), make_article("A port was attacked.", title="Port")
    store.add_article(a)
    store.add_article(b)
    assert store.search("dam") == [a.id]
    assert store.search("port") == [b.id]
    with pytest.raises(StoreError):
        store.search('"unbalanced')


def test_transaction_commits_all_or_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.add_article(make_article())
        raise RuntimeError("crash")
    assert store.articles() == []


def test_rejections_keep_their_original_bytes(store: Store) -> None:
    rejection = Rejection("corpus/bad.jsonl", "not valid JSON", b"{\xff", line=3)
    assert store.add_rejection(rejection) is True
    assert store.add_rejection(rejection) is False
    assert store.rejections() == [rejection]


def test_analyses_are_versioned_and_results_replaced(store: Store) -> None:
    article = make_article()
    store.add_article(article)
    store.put_analysis(article.id, "quotes", "1", [{"text": "x"}])
    assert store.analysis(article.id, "quotes", "1") == [{"text": "x"}]
    assert store.analysis(article.id, "quotes", "2") is None
    assert store.analysis_versions("quotes") == {article.id: "1"}
    store.put_result("entities", [1])
    store.put_result("entities", [2])
    assert store.result("entities") == [2]


def test_the_store_finds_the_articles_an_analysis_version_is_missing_for(store: Store) -> None:
    """``unanalysed_ids``: an article lacking any kind at its current version is found (an old
    version counts as missing), one that failed with the current components is not, and the
    order is by source path then id."""
    done, stale, failed, fresh = (
        make_article(f"Article {n} about the dam.", source_path=f"corpus/{path}.txt")
        for n, path in ((1, "d"), (2, "c"), (3, "b"), (4, "a"))
    )
    for article in (done, stale, failed, fresh):
        store.add_article(article)
    versions = {"quotes": "2", "claims": "1"}
    for article in (done, stale):
        store.put_analysis(article.id, "quotes", "2" if article is done else "1", [])
        store.put_analysis(article.id, "claims", "1", [])
    store.put_analysis(failed.id, "failed", "sig-1", {"error": "boom"})
    found = store.unanalysed_ids(versions, ("failed", "sig-1"))
    assert found == [fresh.id, stale.id]  # corpus/a.txt, corpus/c.txt
    assert store.unanalysed_ids(versions, ("failed", "sig-2")) == [fresh.id, failed.id, stale.id]
    assert store.unanalysed_ids(versions, ("failed", "sig-1"), [stale.id, done.id]) == [stale.id]
    assert store.unanalysed_ids(versions, ("failed", "sig-1"), []) == []


def test_the_input_mark_moves_with_features_clues_and_decisions_only(store: Store) -> None:
    article = make_article()
    store.add_article(article)
    marks = [store.input_mark()]
    for kind, version in (("features", "1"), (CLUES_KIND, "1"), ("features", "2")):
        store.put_analysis(article.id, kind, version, {})
        marks.append(store.input_mark())
    store.put_analysis(article.id, "timexes", "1", {})  # rewritten by later stages: not an input
    store.put_result("stories", [])
    assert store.input_mark() == marks[-1]
    store.add_decision("merge", ["s1", "s2"], [article.id], "same dam")
    marks.append(store.input_mark())
    assert marks == sorted(set(marks))  # every write raised it


def test_articles_whose_features_or_clues_are_written_wait_in_the_link_queue(
    store: Store,
) -> None:
    first, second = make_article(), make_article(title="Levee holds", text="The levee held.")
    store.add_article(first)
    store.add_article(second)
    store.put_analysis(first.id, CLUES_KIND, "1", {})
    store.put_analysis(second.id, "quotes", "1", [])  # not what linking reads: not queued
    assert store.link_queue(["features", CLUES_KIND]) == {first.id: {CLUES_KIND: "1"}}
    store.put_analysis(first.id, "features", "2", {})
    store.put_analysis(second.id, "features", "1", {})
    queued = store.link_queue(["features", CLUES_KIND])
    assert queued == {first.id: {"features": "2", CLUES_KIND: "1"}, second.id: {"features": "1"}}
    mark = store.input_mark()
    store.clear_link_queue([first.id], mark)
    assert list(store.link_queue(["features"])) == [second.id]
    store.put_analysis(first.id, "features", "3", {})  # re-analysed: queued again
    assert list(store.link_queue(["features"])) == sorted([first.id, second.id])


def test_an_article_queued_again_after_the_mark_was_read_stays_queued(store: Store) -> None:
    article = make_article()
    store.add_article(article)
    store.put_analysis(article.id, "features", "1", {})
    mark = store.input_mark()  # a linker reads the mark, then the queue...
    assert list(store.link_queue(["features"])) == [article.id]
    store.put_analysis(article.id, "features", "2", {})  # ...another worker re-analyses it
    store.clear_link_queue([article.id], mark)
    assert store.link_queue(["features"]) == {article.id: {"features": "2"}}


def test_a_write_rolled_back_leaves_the_input_mark(store: Store) -> None:
    article = make_article()
    store.add_article(article)
    before = store.input_mark()
    with pytest.raises(RuntimeError), store.transaction():
        store.put_analysis(article.id, "features", "1", {})
        raise RuntimeError("killed")
    assert store.input_mark() == before


def test_decisions_are_logged_in_order(store: Store) -> None:
    store.add_decision("merge", ["s1", "s2"], ["a", "b"], "same dam")
    store.add_decision("split", ["s1"], ["b"], "other dam")
    assert [d["action"] for d in store.decisions()] == ["merge", "split"]


def test_saved_searches_are_kept_listed_by_name_and_deleted(store: Store) -> None:
    dams = SavedSearch(
        "Dams <& breaches>", query='"dam" OR levee', multi=True, date_from="2025-01-01"
    )
    ports = SavedSearch("Ports", outlet="Harbor Wire", entity="port alder", language="en")
    assert store.add_saved_search(ports) and store.add_saved_search(dams)
    assert store.saved_searches() == [dams, ports]
    # The same question under another name is the same saved search: kept once.
    assert not store.add_saved_search(SavedSearch("again", query='"dam" OR levee', multi=True,
                                                  date_from="2025-01-01"))  # fmt: skip
    assert store.delete_saved_search(dams.id)
    assert not store.delete_saved_search(dams.id)
    assert store.saved_searches() == [ports]


@pytest.mark.parametrize("store_url", DURABLE, indirect=True)
def test_reopening_a_store_runs_no_migration_twice(store_url: str) -> None:
    open_store(store_url).close()
    reopened = open_store(store_url)
    rows = reopened.db.execute("SELECT name FROM migrations").fetchall()  # type: ignore[attr-defined]
    reopened.close()
    assert rows == [
        ("0001_initial_schema",),
        ("0002_saved_searches",),
        ("0003_story_results",),
        ("0004_derivation_edges",),
        ("0005_keyed_results",),
        ("0006_entity_registry",),
        ("0007_link_inputs",),
        ("0008_cluster_rows",),
        ("0009_article_arrival",),
        ("0010_lsh_bands",),
        ("0011_story_index",),
        ("0012_publication_days",),
        ("0013_analysis_queue",),
        ("0014_filter_values",),
        ("0015_timeline_reporters",),
        ("0016_lsh_bands_by_writer",),
        ("0017_lsh_bands_by_day",),
    ]
    assert rows == [(name,) for name, _ in migrations.MIGRATIONS]


def test_every_backend_has_the_same_named_migrations() -> None:
    assert [name for name, _ in postgres.MIGRATIONS] == [name for name, _ in migrations.MIGRATIONS]


def test_a_file_that_is_not_a_store_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are not the droids" * 100)
    with pytest.raises(StoreError, match="not a Storyline store"):
        open_store(path)


def test_nested_transactions_join_the_outer_one(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        with store.transaction():
            store.put_result("entities", [1])
        raise RuntimeError("crash after the inner block")
    assert store.result("entities") is None
    with store.transaction(), store.transaction():
        store.put_result("entities", [2])
    assert store.result("entities") == [2]


@pytest.mark.parametrize("store_url", DURABLE, indirect=True)
def test_a_write_outside_a_transaction_commits_at_once(store_url: str) -> None:
    writer, reader = open_store(store_url), open_store(store_url)
    try:
        writer.put_result("entities", [1])
        assert reader.result("entities") == [1]
        with writer.transaction():
            writer.put_result("entities", [2])
            assert reader.result("entities") == [1]
        assert reader.result("entities") == [2]
    finally:
        writer.close()
        reader.close()


def test_lists_come_back_in_code_point_order(store: Store) -> None:
    paths = ["corpus/b.txt", "corpus/B.txt", "corpus/_a.txt", "corpus/é.txt", "corpus/a b.txt"]
    added = [make_article(f"Text {path}", source_path=path) for path in paths]
    for article in added:
        store.add_article(article)
        store.put_analysis(article.id, "quotes", "1", [])
        store.add_rejection(Rejection(article.source_path, "why", b"x", line=2))
        store.add_rejection(Rejection(article.source_path, "why", b"x"))
    expected = sorted(added, key=lambda a: (a.source_path, a.id))
    assert store.articles() == expected
    assert list(store.analyses("quotes")) == sorted(a.id for a in added)
    assert store.analysis_versions("quotes") == {a.id: "1" for a in added}  # a lookup: unordered
    assert [(r.source_path, r.line) for r in store.rejections()] == [
        (path, line) for path in sorted(paths) for line in (None, 2)
    ]


def test_report_article_ids_come_in_the_report_order_a_batch_at_a_time(store: Store) -> None:
    from storyline.report.contents import report_order

    keys = [("corpus/b.txt", "z"), ("corpus/b.txt", None), ("corpus/B.txt", "a"),
            ("corpus/é.txt", "É"), ("corpus/é.txt", "e"), ("corpus/a b.txt", None)]  # fmt: skip
    added = [
        make_article(f"Text {n}", source_path=path, external_id=external)
        for n, (path, external) in enumerate(keys * 2)
    ]
    for article in added:
        store.add_article(article)
    batches = list(store.report_article_ids(5))
    assert [len(batch) for batch in batches] == [5, 5, 2]
    assert [i for batch in batches for i in batch] == [a.id for a in report_order(added)]
    assert list(store.report_article_ids(100)) == [[a.id for a in report_order(added)]]


def test_search_ties_are_ordered_by_id(store: Store) -> None:
    text = "Floods reached the harbor."
    same = [make_article(text, id=Article.make_id(text, str(n))) for n in range(4)]
    for article in same:
        store.add_article(article)
    assert store.search("harbor") == sorted(a.id for a in same)
    assert store.search("nothing") == []


def test_text_with_nul_and_rare_characters_round_trips(store: Store) -> None:
    text = "nul \x00 here, \uffff0 there, emoji \U0001f30a, \\ backslash"
    article = make_article(text, title="a\x00b", outlet="\uffff1")
    store.add_article(article)
    store.add_decision("merge", ["s\x00"], ["a"], "why \x00")
    assert store.article(article.id) == article
    assert store.articles() == [article]
    assert next(iter(store.decisions()))["reason"] == "why \x00"


def test_an_analysis_of_an_unknown_article_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="no-such-article"):
        store.put_analysis("no-such-article", "quotes", "1", [])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(min_size=1, max_size=200),
    title=st.text(max_size=50),
    day=st.none() | st.dates(),
    outlet=st.none() | st.text(max_size=20),
)
def test_any_article_round_trips_through_the_store(
    store: Store, text: str, title: str, day: date | None, outlet: str | None
) -> None:
    # one store for all examples (a database per example would be slow): a fresh id each time
    basis = DateBasis.UNKNOWN if day is None else DateBasis.METADATA
    article = make_article(
        text, id=uuid.uuid4().hex, title=title, outlet=outlet, published=Published(day, basis)
    )
    assert store.add_article(article) is True
    assert store.article(article.id) == article


def test_sample_articles_dated_from_their_story_are_dated_for_every_reader(
    sample_store: Store,
) -> None:
    # issue 13: five sample articles dated from their story looked undated to store.article()
    completed = [a for a in sample_store.articles() if a.published.basis is DateBasis.STORY]
    assert len(completed) == 5
    for article in completed:
        assert article.published.date is not None and article.published.evidence
        assert sample_store.article(article.id) == article
        assert sample_store.ingested_article(article.id).published.date is None


def make_finding(story_id: str, subject: str) -> Finding:
    return Finding(
        id=f"{story_id}-{subject}",
        story_id=story_id,
        kind=FindingKind.CLAIM,
        verdict=Verdict.SINGLE_SOURCE,
        subject=subject,
        summary=f"{subject}: one source",
        members=(),
        independent_sources=("a",),
        reporting_lines=1,
    )


def make_entry(story_id: str, what: str) -> TimelineEntry:
    day = date(2025, 3, 4)
    return TimelineEntry(
        "2025-03-04", Precision.DAY, day, day, "mention", what, ("a",), (), story_id=story_id
    )


def test_findings_and_timeline_are_read_by_story(store: Store) -> None:
    stories = [Story("s2", "Later", ("b",)), Story("s1", "Earlier", ("a",))]
    store.put_result(STORIES, to_jsonable(stories))
    for story in ("s1", "s2"):
        findings = [make_finding(story, "dead"), make_finding(story, "hurt")]
        store.put_story_result(
            story, f"fp-{story}", to_jsonable(findings), to_jsonable([make_entry(story, "x")])
        )
    assert [f.subject for f in store.findings("s1")] == ["dead", "hurt"]
    assert {f.story_id for f in store.findings("s1")} == {"s1"}
    # story order: earliest first, then by id (neither story has a dated article)
    assert [f.story_id for f in store.findings()] == ["s1", "s1", "s2", "s2"]
    assert [t.story_id for t in store.timeline()] == ["s1", "s2"]
    assert store.story_fingerprints() == {"s1": "fp-s1", "s2": "fp-s2"}
    store.delete_story_results(["s2"])
    assert store.findings("s2") == [] and store.story_fingerprints() == {"s1": "fp-s1"}
    store.delete_story_results()
    assert store.findings() == []


@pytest.mark.parametrize("store_url", DURABLE, indirect=True)
def test_a_store_with_whole_store_findings_is_migrated_to_rows_by_story(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as old_code:
        old_code.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:2])
        old_code.setattr(postgres, "MIGRATIONS", postgres.MIGRATIONS[:2])
        old = open_store(store_url)
        _put_old_result(
            old, STORIES, to_jsonable([Story("s1", "A", ("a",)), Story("s2", "B", ("b",))])
        )
        old.put_result("findings", to_jsonable([make_finding("s1", "dead")]))
        old.put_result("timeline", to_jsonable([make_entry("s2", "fell"), make_entry("s1", "x")]))
        old.close()
    migrated = open_store(store_url)
    try:
        assert [f.subject for f in migrated.findings("s1")] == ["dead"]
        assert migrated.findings("s2") == []
        assert [t.what for t in migrated.timeline("s2")] == ["fell"]
        assert migrated.result("findings") is None  # the whole-store document is gone
        assert migrated.story_fingerprints() == {"s1": "", "s2": ""}  # recomputed when touched
    finally:
        migrated.close()


@pytest.mark.parametrize("store_url", DURABLE, indirect=True)
def test_stored_timeline_reports_are_migrated_to_a_kind_and_a_reporter(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the web world's timelines held kinds such as "report:cast a ballot,” biden": words
    # before the verb as a key; the kind is now "report", the reporter a field of its own
    old_entries = []
    for kind, what in (("report:cast a ballot,” biden", "said"), ("inspect", "visited")):
        entry = to_jsonable(make_entry("s1", what))
        entry.pop("reporter")
        old_entries.append(dict(entry, kind=kind))
    with monkeypatch.context() as old_code:
        old_code.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:14])
        old_code.setattr(postgres, "MIGRATIONS", postgres.MIGRATIONS[:14])
        old = open_store(store_url)
        old.put_result(STORIES, to_jsonable([Story("s1", "A", ("a",))]))
        old.put_story_result("s1", "fp-s1", [], old_entries)
        old.close()
    migrated = open_store(store_url)
    try:
        entries = migrated.timeline("s1")
        assert [(t.kind, t.reporter, t.what) for t in entries] == [
            ("report", None, "said"),
            ("inspect", None, "visited"),
        ]
        assert migrated.story_fingerprints() == {"s1": ""}  # recomputed, reporters named again
    finally:
        migrated.close()


def _put_old_result(store: Store, kind: str, payload: object) -> None:
    """Write a whole-store result document as a store before keyed rows kept it."""
    from storyline.store.codec import dumps
    from storyline.store.sqlite import SQLiteStore

    marker = "?" if isinstance(store, SQLiteStore) else "%s"
    store.db.execute(  # type: ignore[attr-defined]
        f"INSERT INTO results (kind, payload) VALUES ({marker}, {marker})", (kind, dumps(payload))
    )


@pytest.mark.parametrize("store_url", DURABLE, indirect=True)
def test_a_store_with_whole_store_story_documents_is_migrated_to_keyed_rows(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    early = make_article("The dam failed.", source_path="c/1.txt")
    undated = make_article(
        "The dam failed, again.",
        source_path="c/2.txt",
        published=Published(None, DateBasis.UNKNOWN, None),
    )
    late = make_article(
        "The port closed.",
        source_path="c/3.txt",
        published=Published(date(2025, 5, 1), DateBasis.METADATA, None),
    )
    resolved = Published(date(2025, 3, 1), DateBasis.STORY, "from its story")
    with monkeypatch.context() as old_code:
        old_code.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:4])
        old_code.setattr(postgres, "MIGRATIONS", postgres.MIGRATIONS[:4])
        old = open_store(store_url)
        for article in (early, undated, late):
            old.add_article(article)
        stories = [Story("s9", "Port", (late.id,)), Story("s1", "Dam", (early.id, undated.id))]
        _put_old_result(old, STORIES, to_jsonable(stories))
        _put_old_result(old, PUBLICATION, {undated.id: to_jsonable(resolved)})
        _put_old_result(old, OUTLETS, {undated.id: "Meridian"})
        _put_old_result(old, "story_ids", {"s1": {"first_article_id": early.id, "created": 1}})
        _put_old_result(old, "cluster_head", {"format": "1"})
        old.close()
    migrated = open_store(store_url)
    try:
        # story order: earliest member first (the dam story's dates are in March)
        assert [s.id for s in migrated.stories()] == ["s1", "s9"]
        assert migrated.stories_with([undated.id, "nobody"]) == [stories[1]]
        assert migrated.story("s9") == stories[0] and migrated.story("s2") is None
        found = migrated.article(undated.id)
        assert found is not None and found.published == resolved
        assert found.outlet == "Meridian"
        assert migrated.result("story_ids") == {"s1": {"first_article_id": early.id, "created": 1}}
        assert migrated.result("cluster_head") is None  # the old clusterer format is dropped
    finally:
        migrated.close()


def test_derived_pairs_are_read_around_articles_and_replaced_by_key(store: Store) -> None:
    def edge(source: str, target: str, score: float, kept: bool = True) -> StoredEdge:
        pair = Derivation(source, target, DerivationKind.COPY, score)
        return StoredEdge(source, target, kept, to_jsonable(pair))

    store.put_derivation_edges([edge("b", "c", 0.9), edge("a", "b", 0.9), edge("x", "y", 0.7)])
    assert [(e.from_id, e.to_id) for e in store.derivation_edges(["b"])] == [
        ("a", "b"),
        ("b", "c"),
    ]
    store.put_derivation_edges([edge("a", "b", 0.5, kept=False)])
    assert store.derivation_edges(["a"]) == [edge("a", "b", 0.5, kept=False)]
    assert [d.to_id for d in store.derivations()] == ["c", "y"]
    store.delete_derivation_edges()
    assert store.derivation_edges(["a", "b", "c", "x"]) == [] and store.derivations() == []


@pytest.mark.parametrize("store_url", DURABLE, indirect=True)
def test_a_store_with_whole_store_derivation_documents_is_migrated_to_rows(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = Derivation("a1", "a2", DerivationKind.COPY, 0.97)
    pruned = Derivation("a1", "a3", DerivationKind.LIGHT_REWRITE, 0.8)
    with monkeypatch.context() as old_code:
        old_code.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:3])
        old_code.setattr(postgres, "MIGRATIONS", postgres.MIGRATIONS[:3])
        old = open_store(store_url)
        edges = {"credited": ["UPI"], "resolved": {"a1": ["2025-03-04", "metadata", "X"]}}
        old.put_result("derivation_edges", {**edges, "edges": to_jsonable([kept, pruned])})
        old.put_result("derivations", to_jsonable([kept]))
        old.close()
    migrated = open_store(store_url)
    try:
        assert migrated.derivations() == [kept]
        assert [(e.to_id, e.kept) for e in migrated.derivation_edges(["a1"])] == [
            ("a2", True),
            ("a3", False),
        ]
        assert migrated.result("derivation_edges") == edges  # what oriented them stays
        assert migrated.result("derivations") is None
    finally:
        migrated.close()


def test_articles_near_a_day_are_those_dated_into_its_window_when_ingested_or_since(
    sample_store: Store,
) -> None:
    # the sample run dated five articles from their story; an article never dated is in no
    # window, however many of them a store holds
    every = {a.id: a for a in sample_store.articles()}
    ingested = {a.id: a.published.date for a in sample_store.ingested_articles()}
    completed = [a for a in every.values() if ingested[a.id] is None and a.published.date]
    assert completed
    for article in completed:
        day = article.published.date
        assert day is not None
        near = sample_store.article_ids_near(day, 2)
        expected = {
            a.id
            for a in every.values()
            if (d := ingested[a.id] or (a.published.date if ingested[a.id] is None else None))
            and abs((d - day).days) <= 2
        }
        assert set(near) == expected and near == sorted(near)
        assert article.id in near
    assert not any(ingested[i] is None and every[i].published.date is None for i in near)


def test_keyed_rows_are_read_by_key_and_by_sort_value_and_replaced(store: Store) -> None:
    from storyline.store.codec import KeyedRow

    store.put_keyed(
        "k", [KeyedRow("b", "2", {"n": 1}), KeyedRow("a", "2", [1]), KeyedRow("c", "1", "x")]
    )
    assert list(store.keyed("k")) == ["c", "a", "b"]  # by sort value, then key
    assert store.keyed("k", ["b", "zz"]) == {"b": {"n": 1}}
    assert [row.key for row in store.keyed_by_sort("k", ["2"])] == ["a", "b"]
    store.put_keyed("k", [KeyedRow("b", "0", {"n": 2})])  # replaced, sort value too
    assert list(store.keyed("k")) == ["b", "c", "a"] and store.keyed("other") == {}
    store.delete_keyed("k", ["b", "c"])
    assert store.keyed("k") == {"a": [1]}
    store.delete_keyed("k")
    assert store.keyed("k") == {} and store.keyed_texts("k") == []


def test_stories_are_rows_read_whole_or_by_article(store: Store) -> None:
    early = make_article("The dam failed.", source_path="c/1.txt")
    late = make_article(
        "The port closed.",
        source_path="c/2.txt",
        published=Published(date(2025, 6, 1), DateBasis.METADATA, None),
    )
    for article in (early, late):
        store.add_article(article)
    stories = [Story("s2", "Port", (late.id,)), Story("s1", "Dam", (early.id,), ("s2",))]
    store.put_result(STORIES, to_jsonable(stories))
    assert store.stories() == stories[::-1]  # earliest first
    assert store.stories_with([late.id]) == [stories[0]] and store.story("s1") == stories[1]
    assert json.loads(store.result_text(STORIES) or "") == to_jsonable(stories[::-1])


def test_articles_and_analyses_are_read_by_id(store: Store) -> None:
    first, second = make_article("One."), make_article("Two.")
    for article in (second, first):
        store.add_article(article)
        store.put_analysis(article.id, "mentions", "v1", [article.text])
    store.put_result(OUTLETS, {first.id: "Learned Outlet"})
    found = store.articles_by_id([second.id, first.id, "unknown"])
    assert [a.id for a in found] == sorted([first.id, second.id])
    assert {a.id: a.outlet for a in found}[first.id] == "Learned Outlet"  # resolved
    assert store.analyses_of("mentions", [first.id, "unknown"]) == {first.id: ["One."]}
    assert store.analyses_of("quotes", [first.id]) == {}


def test_the_entity_registry_is_kept_as_rows(store: Store) -> None:
    from storyline.nlp.entities.state import EntityState, KeyRow, NameRow, Spelling, TokenRow

    kim = EntityState(
        "e1", "PERSON", "Kim Jong Un", ("Kim Jong Un", "Kim Jong-un"), (("leader", 2),), 3
    )
    store.put_registry([kim], [KeyRow("PERSON", "kim jong un", "e1")])
    assert store.registry_state() == ([kim], [KeyRow("PERSON", "kim jong un", "e1")])
    assert [(e.name, e.aliases, e.title) for e in store.entities()] == [
        ("Kim Jong Un", ("Kim Jong-un",), "leader")
    ]
    store.register_articles(
        ["a1", "a2"],
        [NameRow("kim jong un", "a2"), NameRow("kim", "a1")],
        [TokenRow("w|kim", "kim jong un"), TokenRow("w|kim", "kim")],
    )
    assert store.registered_articles(["a1", "a3"]) == {"a1"}
    assert store.articles_naming(["kim", "kim jong un"]) == ["a1", "a2"]
    assert store.names_with_tokens(["w|kim", "k|un"]) == ["kim", "kim jong un"]
    spelling = Spelling(
        "s1", "PERSON", "PERSON", "Kim Jong-un", "kim jong un", "e1", 3, (("leader", 2),), ("Kim",)
    )
    store.put_registry_spellings([spelling], [TokenRow("w|kim", "s1"), TokenRow("w|un", "s1")])
    assert store.registry_spellings_of(["s1", "s2"]) == [spelling]
    assert store.registry_spellings_with_tokens(["w|un", "w|x"]) == [spelling]
    assert store.registry_spellings_of_entities(["e2"]) == []
    store.put_registry_spellings([spelling._replace(entity_id="e2", seen=4)], [])
    assert store.registry_spellings_of_entities(["e2"])[0].seen == 4  # replaced
    assert store.registry_entities_of(["e1", "e9"]) == [kim]
    assert store.registry_keys_of(["kim jong un", "kim"]) == [KeyRow("PERSON", "kim jong un", "e1")]
    store.delete_registry_entities(["e1"])
    assert (
        store.registry_entities_of(["e1"]) == [] and store.registry_keys_of(["kim jong un"]) == []
    )
    store.delete_registry()
    assert store.registry_spellings_of(["s1"]) == []
    assert store.registry_state() == ([], []) and store.registered_articles(["a1"]) == set()


@pytest.mark.parametrize("store_url", DURABLE, indirect=True)
def test_a_store_with_a_whole_store_entities_document_is_migrated_to_rows(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.model import Entity

    entities = [Entity("e1", "ORG", "KCNA", ("Korean Central News Agency",), "agency")]
    with monkeypatch.context() as old_code:
        old_code.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:4])
        old_code.setattr(postgres, "MIGRATIONS", postgres.MIGRATIONS[:4])
        old = open_store(store_url)
        old.put_result("entities", to_jsonable(entities))
        old.close()
    migrated = open_store(store_url)
    try:
        assert migrated.entities() == entities
        assert migrated.result("entities") is None  # the whole-store document is gone
        assert migrated.result("entity_registry_complete") is None  # rebuilt on the next run
    finally:
        migrated.close()


def _banded(text: str, day: date | None) -> tuple[Article, list[int]]:
    """An article dated ``day`` and the MinHash signature of its words, as the link stage
    computes and stores it."""
    from storyline.link.minhash import signatures_of

    basis = DateBasis.DATELINE if day else DateBasis.UNKNOWN
    article = make_article(text, published=Published(day, basis, None))
    signature = signatures_of([[word.encode() for word in text.lower().split()]])[0]
    assert signature is not None
    return article, signature


def _store_signature(store: Store, article: Article, signature: list[int]) -> None:
    store.add_article(article)
    store.put_analysis(article.id, "minhash", "1", signature)


def test_articles_sharing_a_band_with_a_signature_are_found_within_the_window(
    store: Store,
) -> None:
    from storyline.link.minhash import band_keys

    words = "dam failed flood river town evacuated rain bridge"
    near, same = _banded(words, date(2025, 3, 4))
    undated, _ = _banded(f"{words} port", None)
    later, _ = _banded(f"{words} again", date(2025, 5, 30))
    unrelated, other = _banded("parliament voted budget minister tax", date(2025, 3, 4))
    for article in (near, undated, later, unrelated):
        _store_signature(store, article, same if article is not unrelated else other)
    bands = band_keys(same)
    assert store.lsh_matches(bands, date(2025, 3, 10), 14) == sorted([near.id, undated.id])
    assert store.lsh_matches(bands, None, 14) == sorted([near.id, undated.id, later.id])
    one_band = [key if band == 7 else 0 for band, key in enumerate(band_keys(other))]
    assert store.lsh_matches(one_band, date(2025, 3, 4), 1) == [unrelated.id]
    assert store.lsh_matches([0] * len(bands), None, 14) == []


def test_the_store_keys_bands_as_band_keys_does(store: Store) -> None:
    """The SQL of migration 0010_lsh_bands and ``minhash.band_keys`` must agree: the search
    looks up a new article's keys from Python among the keys the store computed."""
    from storyline.link.minhash import LSH_BANDS, band_keys

    article, signature = _banded("dam failed flood river town evacuated", date(2025, 3, 4))
    _store_signature(store, article, signature)
    rows = store.db.execute(  # type: ignore[attr-defined]
        "SELECT band, key FROM lsh_bands ORDER BY band"
    ).fetchall()
    assert [tuple(row) for row in rows] == list(enumerate(band_keys(signature)))
    assert len(rows) == LSH_BANDS[0]


def test_a_replaced_signature_is_found_by_its_new_bands_only(store: Store) -> None:
    from storyline.link.minhash import band_keys

    article, first = _banded("dam failed flood river town evacuated", date(2025, 3, 4))
    _, second = _banded("parliament voted budget minister tax", date(2025, 3, 4))
    _store_signature(store, article, first)
    store.put_analysis(article.id, "minhash", "2", second)
    assert store.lsh_matches(band_keys(first), None, 14) == []
    assert store.lsh_matches(band_keys(second), None, 14) == [article.id]
    store.put_analysis(article.id, "minhash", "2", None)  # no content words: no bands
    assert store.lsh_matches(band_keys(second), None, 14) == []


def test_signatures_stored_at_once_are_found_by_their_bands_as_one_by_one(store: Store) -> None:
    from storyline.link.minhash import band_keys

    first, one = _banded("dam failed flood river town evacuated", date(2025, 3, 4))
    second, other = _banded("parliament voted budget minister tax", date(2025, 3, 4))
    for article in (first, second):
        store.add_article(article)
    store.put_analysis(first.id, "minhash", "1", other)  # replaced below: its bands go
    store.put_analyses(
        [
            (first.id, "minhash", "1", one),
            (first.id, "credits", "1", []),
            (second.id, "minhash", "1", other),
        ]
    )
    assert store.lsh_matches(band_keys(one), None, 14) == [first.id]
    assert store.lsh_matches(band_keys(other), None, 14) == [second.id]
    assert store.analysis(first.id, "credits") == []
    with pytest.raises(StoreError, match="unknown"):
        store.put_analyses([(second.id, "minhash", "2", one), ("unknown", "minhash", "1", one)])
    assert store.lsh_matches(band_keys(other), None, 14) == [second.id]  # nothing written


@pytest.mark.parametrize("store_url", DURABLE, indirect=True)
def test_a_signature_stored_before_its_writer_kept_the_bands_is_replaced_with_them(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Migration 0016_lsh_bands_by_writer: the bands a trigger wrote go with their signature."""
    from storyline.link.minhash import band_keys

    article, first = _banded("dam failed flood river town evacuated", date(2025, 3, 4))
    _, second = _banded("parliament voted budget minister tax", date(2025, 3, 4))
    with monkeypatch.context() as old_code:
        old_code.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:15])
        old_code.setattr(postgres, "MIGRATIONS", postgres.MIGRATIONS[:15])
        old_code.setattr(sqlite, "BANDED_KIND", "")  # its triggers wrote the bands
        old = open_store(store_url)
        _store_signature(old, article, first)
        old.close()
    migrated = open_store(store_url)
    try:
        assert migrated.lsh_matches(band_keys(first), None, 14) == [article.id]
        migrated.put_analyses([(article.id, "minhash", "1", second)])
        assert migrated.lsh_matches(band_keys(first), None, 14) == []
        assert migrated.lsh_matches(band_keys(second), None, 14) == [article.id]
    finally:
        migrated.close()


@pytest.mark.parametrize("store_url", DURABLE, indirect=True)
def test_bands_stored_before_they_were_dated_are_found_within_the_window(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Migration 0017_lsh_bands_by_day dates the band rows of a store's signatures."""
    from storyline.link.minhash import band_keys

    words = "dam failed flood river town evacuated rain bridge"
    near, signature = _banded(words, date(2025, 3, 4))
    undated, _ = _banded(f"{words} port", None)
    later, _ = _banded(f"{words} again", date(2025, 5, 30))
    with monkeypatch.context() as old_code:  # the bands written by the triggers of 0010
        old_code.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:15])
        old_code.setattr(postgres, "MIGRATIONS", postgres.MIGRATIONS[:15])
        old_code.setattr(sqlite, "BANDED_KIND", "")
        old = open_store(store_url)
        for article in (near, undated, later):
            _store_signature(old, article, signature)
        old.close()
    migrated = open_store(store_url)
    try:
        bands = band_keys(signature)
        assert migrated.lsh_matches(bands, date(2025, 3, 10), 14) == sorted([near.id, undated.id])
        assert migrated.lsh_matches(bands, None, 14) == sorted([near.id, undated.id, later.id])
        migrated.put_analyses([(near.id, "minhash", "2", None)])  # its dated rows go
        assert migrated.lsh_matches(bands, date(2025, 3, 10), 14) == [undated.id]
    finally:
        migrated.close()


def test_the_articles_dated_from_a_day_are_found_by_their_date(store: Store) -> None:
    """A late article replays the days after it: those are read by the date index, not by
    walking every stored article (a cost that grew with the store)."""
    days = [date(2025, 3, d) for d in (1, 5, 9)]
    stored = [make_article(f"Report {d}.", published=Published(d, DateBasis.DATELINE, None))
              for d in days]  # fmt: skip
    for article in stored:
        store.add_article(article)
    assert store.article_ids_dated_from(date(2025, 3, 5)) == sorted(a.id for a in stored[1:])
    if isinstance(store, sqlite.SQLiteStore):
        plan = store.db.execute(f"EXPLAIN QUERY PLAN {sqlite._DATED_FROM}", ("2025-03-05",))
        assert "articles_published" in " ".join(row[-1] for row in plan)


def test_versions_are_read_for_some_articles_only(store: Store) -> None:
    first, second = make_article("One."), make_article("Two.")
    for article, version in ((first, "1"), (second, "2")):
        store.add_article(article)
        store.put_analysis(article.id, "minhash", version, None)
    assert store.analysis_versions("minhash", [second.id, "unknown"]) == {second.id: "2"}
    assert store.analysis_versions("minhash", []) == {}


@pytest.mark.parametrize("store_url", DURABLE, indirect=True)
def test_a_store_with_signatures_gets_their_bands_when_migrated(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.link.minhash import band_keys

    article, signature = _banded("dam failed flood river town evacuated", date(2025, 3, 4))
    with monkeypatch.context() as old_code:
        old_code.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:9])
        old_code.setattr(postgres, "MIGRATIONS", postgres.MIGRATIONS[:9])
        old_code.setattr(sqlite, "BANDED_KIND", "")  # its writer kept no bands either
        old = open_store(store_url)
        _store_signature(old, article, signature)
        old.close()
    migrated = open_store(store_url)
    try:
        assert migrated.lsh_matches(band_keys(signature), date(2025, 3, 4), 14) == [article.id]
    finally:
        migrated.close()


def test_openings_are_the_start_of_the_text_with_the_resolved_date_and_outlet(
    store: Store,
) -> None:
    from storyline.store.codec import Opening

    dated = make_article("SEOUL, May 15 (UPI) -- The dam failed.\x00 Water rose.")
    undated = make_article("The port closed.", published=Published(None, DateBasis.UNKNOWN))
    for article in (dated, undated):
        store.add_article(article)
    store.put_result(OUTLETS, {undated.id: "Learned Outlet"})
    store.put_result(PUBLICATION, {undated.id: to_jsonable(dated.published)})
    assert store.openings([undated.id, dated.id, "unknown"], 42) == sorted(
        [
            Opening(dated.id, dated.published.date, dated.outlet, dated.text[:42]),
            Opening(undated.id, dated.published.date, "Learned Outlet", "The port closed."),
        ]
    )


def _index_row(n: int) -> IndexRow:
    ranks = {"latest": n % 3, "sources": -2 if n % 2 else -1, "size": -n, "first": n}
    return IndexRow(f"s{n}", f"stamp-{n}", ranks, {"row": {"id": f"s{n}"}})


def _ids(payloads: list[dict[str, dict[str, str]]]) -> list[str]:
    return [payload["row"]["id"] for payload in payloads]


def test_story_index_rows_are_paged_in_each_order_counted_and_replaced(store: Store) -> None:
    rows = [_index_row(n) for n in range(6)]
    store.put_story_index(rows)
    assert store.story_index_stamps() == {row.story_id: row.stamp for row in rows}
    by_latest = [r.story_id for r in sorted(rows, key=lambda r: (r.ranks["latest"], r.story_id))]
    assert _ids(store.story_index_page("latest", None, 10)) == by_latest
    assert _ids(store.story_index_page("size", None, 2)) == ["s5", "s4"]
    after = (rows[3].ranks["latest"], "s3")  # the page after s3, and the one before it
    assert (
        _ids(store.story_index_page("latest", after, 10)) == by_latest[by_latest.index("s3") + 1 :]
    )
    before = store.story_index_page("latest", after, 10, descending=True)
    assert _ids(before) == by_latest[: by_latest.index("s3")][::-1]
    assert _ids(store.story_index_page("first", None, 10, multi=True)) == ["s1", "s3", "s5"]
    assert (store.story_index_count(), store.story_index_count(multi=True)) == (6, 3)
    assert store.story_index_payloads(["s2", "gone"]) == {"s2": {"row": {"id": "s2"}}}
    assert store.story_index_ids("s", 4) == ["s0", "s1", "s2", "s3"]
    assert (store.story_index_ids("s5", 2), store.story_index_ids("t", 2)) == (["s5"], [])
    store.put_story_index([rows[0]._replace(stamp="new", ranks={**rows[0].ranks, "size": -9})])
    assert store.story_index_stamps()["s0"] == "new"
    assert _ids(store.story_index_page("size", None, 1)) == ["s0"]
    store.delete_story_index(["s0", "s1"])
    assert sorted(store.story_index_stamps()) == ["s2", "s3", "s4", "s5"]


def test_facet_counts_add_up_and_drop_values_counted_down_to_zero(store: Store) -> None:
    store.add_facet_counts([("outlet", "Wire", 2), ("outlet", "Post", 1), ("entity", "dam", 4)])
    assert store.facet_values("outlet") == ["Wire", "Post"]
    store.add_facet_counts([("outlet", "Post", 2), ("outlet", "Daily", 3)])
    assert store.facet_values("outlet") == ["Daily", "Post", "Wire"]  # ties by value
    assert store.facet_values("outlet", 1) == ["Daily"]
    store.add_facet_counts([("outlet", "Wire", -2)])
    assert store.facet_values("outlet") == ["Daily", "Post"]
    assert store.facet_values("entity") == ["dam"]


def test_an_older_stores_dated_articles_are_found_in_their_window_once_migrated(
    tmp_path: Path,
) -> None:
    from storyline.store.codec import KeyedRow

    path = tmp_path / "old.db"
    old = open_store(path)
    article = make_article(published=Published(None, DateBasis.UNKNOWN, None))
    old.add_article(article)
    resolved = Published(date(2025, 3, 12), DateBasis.STORY, "completed from its story")
    old.put_keyed(PUBLICATION, [KeyedRow(article.id, "", to_jsonable(resolved))])  # as written
    old.db.execute("DELETE FROM migrations WHERE name = '0012_publication_days'")  # type: ignore[attr-defined]
    old.close()
    migrated = open_store(path)
    try:
        assert migrated.article_ids_near(date(2025, 3, 10), 14) == [article.id]
    finally:
        migrated.close()
