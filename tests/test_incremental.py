"""Incremental stages: a run recomputes only what its new articles touched, and ends with the
same store as recomputing everything (``storyline rebuild``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline.model import to_jsonable
from storyline.runner import rebuild, run
from storyline.store import Store

FOLLOW_UP = """Ostrin Dam death toll rises to 44 as search for missing goes on

VELLIN, Valdoria, March 6, 2025 (HW) -- The number of people killed when the Ostrin Dam on the
upper Sella River collapsed on Monday has risen to 44, the provincial civil defence office said
on Thursday, as rescue teams searched the flooded village of Low Ostrin for nine people still
missing.

"We are not giving up on anyone," Kestrel Governor Matthias Obrec told reporters in Vellin.
"""


def _reconciled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the stories reconciled from now on (recorded, then computed as usual)."""
    from storyline.reconcile import engine

    seen: list[str] = []
    original = engine.reconcile_story

    def recording(story_id: str, *args: object, **kwargs: object) -> object:
        seen.append(story_id)
        return original(story_id, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "reconcile_story", recording)
    return seen


def test_a_new_article_reconciles_only_the_story_it_joins(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    follow_up = tmp_path / "harborwire_dam_toll.txt"
    follow_up.write_text(FOLLOW_UP, "utf-8")
    before = {s.id: s.article_ids for s in sample_store.stories()}
    reconciled = _reconciled(monkeypatch)
    summary = run(sample_store, [follow_up])
    assert summary.added == 1
    joined = [s for s in sample_store.stories() if _follow_up_id(sample_store) in s.article_ids]
    # the story it joined, and those the second look changed with it (here the dam survivors'
    # report comes over to the dam story from the story it stood in); the others kept their
    # stored results
    changed = {s.id for s in sample_store.stories() if before.get(s.id) != s.article_ids}
    assert joined[0].id in changed
    assert sorted(reconciled) == sorted(changed)
    assert len(reconciled) < len(before)
    incremental = to_jsonable(sample_store.findings()), to_jsonable(sample_store.timeline())
    reconciled.clear()
    rebuild(sample_store)
    assert len(reconciled) == len(sample_store.stories())  # rebuild recomputes every story
    assert (to_jsonable(sample_store.findings()), to_jsonable(sample_store.timeline())) == (
        incremental
    )


def _follow_up_id(store: Store) -> str:
    """The id of the follow-up article in the store."""
    return next(a.id for a in store.ingested_articles() if a.source_path.endswith("toll.txt"))


def test_a_corpus_ingested_in_batches_ends_as_a_rebuild_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.link import derivation_index
    from storyline.store import open_store
    from storyline.store.codec import DERIVATIONS_MARK
    from tests.conftest import SAMPLES

    searched_new_only: list[int] = []  # runs that searched only the new articles' pairs
    new_edges = derivation_index._new_edges

    def recording(*args: Any) -> Any:
        searched_new_only.append(len(args[2]))
        return new_edges(*args)

    monkeypatch.setattr(derivation_index, "_new_edges", recording)

    files = sorted(p for p in SAMPLES.iterdir() if p.is_file())
    follow_up = tmp_path / "harborwire_dam_toll.txt"
    follow_up.write_text(FOLLOW_UP, "utf-8")
    store = open_store(tmp_path / "batches.db")
    # Each third changes the resolved date or outlet of an article searched before (the stories
    # grow and regroup), so every pair is searched again; the follow-up of a settled story
    # then moves nothing and is searched alone.
    for batch in (files[::3], files[1::3], files[2::3], [follow_up]):
        run(store, batch)
    batched = [
        to_jsonable(found)
        for found in (store.stories(), store.derivations(), store.findings(), store.timeline())
    ]
    assert batched[1], "the sample corpus has rewrites: the derivation search found none"
    assert searched_new_only  # a batch was searched incrementally (others: dates resolved)
    mark = store.result(DERIVATIONS_MARK)  # kept up to date by the pairs each run rewrote
    rebuild(store)
    rebuilt = [
        to_jsonable(found)
        for found in (store.stories(), store.derivations(), store.findings(), store.timeline())
    ]
    assert store.result(DERIVATIONS_MARK) == mark
    store.close()
    assert batched == rebuilt


def test_an_upgrade_of_the_reconcile_code_recomputes_every_story_on_the_next_run(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the stored results name the code they were computed with; a hand-kept version was once
    # left unchanged when the conflict rules changed, and stores kept the old findings
    from storyline import runner
    from storyline.reconcile import stage

    reconciled = _reconciled(monkeypatch)
    assert run(sample_store, []).changes == [] and reconciled == []  # nothing new: no work
    assert runner.up_to_date(sample_store)
    monkeypatch.setattr(stage, "STORY_RESULTS_VERSION", "story-results-upgraded")
    monkeypatch.setattr(runner, "RESULTS_VERSION", "findings-upgraded")
    # what the update bench checks before it times a run on a kept store
    assert not runner.up_to_date(sample_store)
    run(sample_store, [])
    assert sorted(reconciled) == sorted(s.id for s in sample_store.stories())
    assert runner.up_to_date(sample_store)


def test_a_new_extraction_reconciles_the_stories_of_its_new_analyses(
    sample_store: Store,
) -> None:
    # an upgrade that changes only an extractor (a component's version) re-analyses every
    # article; the stories must then follow the new analyses, though no article, feature or
    # decision changed (the stages once kept the findings of the old claims)
    from storyline.analyze import stage

    def kinds() -> set[str]:
        return {f.kind for f in sample_store.findings()}

    claims = next(c for c in stage.COMPONENTS if c.kind == "claims")
    assert "claim" in kinds()
    original = claims.version, claims.run
    try:
        object.__setattr__(claims, "version", "upgraded")
        object.__setattr__(claims, "run", lambda parsed: [])  # the new extractor finds none
        run(sample_store, [])
        assert "claim" not in kinds()
    finally:
        object.__setattr__(claims, "version", original[0])
        object.__setattr__(claims, "run", original[1])


def test_the_code_version_follows_the_source_files() -> None:
    from storyline.code_version import source_fingerprint

    assert source_fingerprint("reconcile") != source_fingerprint("link")
    assert source_fingerprint("reconcile") == source_fingerprint("reconcile")
    assert len(source_fingerprint("link", "reconcile")) == 16


def test_the_code_version_follows_the_data_a_stage_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new clusterer model (``link/cluster_model.json``) is new link code: stores relink on
    the next run. The bytecode cache is not part of it."""
    import shutil

    from storyline import code_version

    package = tmp_path / "storyline"
    shutil.copytree(code_version.PACKAGE / "link", package / "link")
    monkeypatch.setattr(code_version, "PACKAGE", package)
    code_version.source_fingerprint.cache_clear()
    before = code_version.source_fingerprint("link")
    (package / "link" / "__pycache__").mkdir(exist_ok=True)
    (package / "link" / "__pycache__" / "stale.pyc").write_bytes(b"\0")
    code_version.source_fingerprint.cache_clear()
    assert code_version.source_fingerprint("link") == before
    with (package / "link" / "cluster_model.json").open("a") as file:
        file.write("\n")
    code_version.source_fingerprint.cache_clear()
    assert code_version.source_fingerprint("link") != before
    monkeypatch.undo()
    code_version.source_fingerprint.cache_clear()
