"""Reconciling only the changed stories (``reconcile_store(changed=...)``): the registry grows
by the new mentions, independence groups are read around the stories, and a corpus ingested
in batches ends with the entities and findings of recomputing it all at once, whatever the
batches and their order."""

from __future__ import annotations

import gc
import random
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline import runner
from storyline.decisions import merge_stories
from storyline.link.derivation import DerivedPair, independent_sources
from storyline.model import Mention, to_jsonable
from storyline.nlp.entities.names import FAMILIES
from storyline.nlp.entities.registry import query_tokens
from storyline.nlp.entities.state import NameRow, TokenRow
from storyline.reconcile import registry_rows, stage
from storyline.reconcile.independence import groups_around
from storyline.store import Store, open_store
from tests.conftest import SAMPLES
from tests.test_entities import mention
from tests.test_incremental_snapshot import DATED_REPORT, FIRST_REPORTS, _feed


def _with_changed_stories(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record the stories the runner passes from the link stage to the reconcile stage (None:
    every story may have changed)."""
    passed: list[Any] = []

    def reconciling(
        store: Store, progress: Any, everything: bool, changed: Any = None
    ) -> list[str]:
        passed.append(None if changed is None else list(changed))
        return stage.reconcile_store(store, progress, everything, changed=changed)

    monkeypatch.setattr(runner, "reconcile_store", reconciling)
    return passed


def _results(store: Store) -> list[Any]:
    return [to_jsonable(x) for x in (store.entities(), store.findings(), store.timeline())]


def _batches_and_rebuild(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The results of the samples ingested in three batches, then of rebuilding them."""
    passed = _with_changed_stories(monkeypatch)
    from tests.test_incremental import FOLLOW_UP

    files = sorted(p for p in SAMPLES.iterdir() if p.is_file())
    follow_up = tmp_path / "harborwire_dam_toll.txt"
    follow_up.write_text(FOLLOW_UP, "utf-8")
    store = open_store(tmp_path / "batches.db")
    try:
        # the thirds regroup stored articles (every story may change); the follow-up of a
        # settled story then changes one
        for batch in (files[::3], files[1::3], files[2::3], [follow_up]):
            runner.run(store, batch)
        assert len(passed) == 4 and all(changed is None or changed for changed in passed)
        stories = len(store.stories())
        # not every story (a batch whose dates reorient derived pairs may pass every one)
        assert any(changed is not None and len(changed) < stories for changed in passed[1:])
        batched = _results(store)
        runner.rebuild(store)
        return [batched, _results(store)]
    finally:
        store.close()


def test_a_corpus_in_batches_has_the_findings_and_timeline_of_a_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batched, rebuilt = _batches_and_rebuild(tmp_path, monkeypatch)
    assert batched[1:] == rebuilt[1:]


def test_a_corpus_in_batches_has_the_entities_of_a_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batched, rebuilt = _batches_and_rebuild(tmp_path, monkeypatch)
    assert batched[0] == rebuilt[0]


def test_a_run_reads_only_the_changed_stories(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = sample_store
    _feed(store, tmp_path / "dated.jsonl", [DATED_REPORT])  # a story of its own
    passed = _with_changed_stories(monkeypatch)
    reconciled: list[str] = []
    original = stage._reconcile

    def recording(story: Any, *args: Any) -> Any:
        reconciled.append(story.id)
        return original(story, *args)

    monkeypatch.setattr(stage, "_reconcile", recording)
    inside: list[bool] = []
    read_all: list[str] = []
    changed_only = stage._reconcile_changed

    def reconciling(*args: Any) -> Any:
        inside.append(True)
        try:
            return changed_only(*args)
        finally:
            inside.pop()

    def whole(name: str, read: Any) -> Any:
        return lambda *args: (read_all.append(name) if inside else None) or read(*args)

    monkeypatch.setattr(stage, "_reconcile_changed", reconciling)
    whole_store = ("articles", "analyses", "derivation_payloads", "story_fingerprints")
    for name in (*whole_store, "registry_state", "entities"):
        monkeypatch.setattr(store, name, whole(name, getattr(store, name)))
    _feed(store, tmp_path / "first.jsonl", FIRST_REPORTS[:1])  # that story grows
    assert passed and passed[-1]  # the changed stories were passed, not "every story"
    assert read_all == []  # no store-wide read while reconciling
    grown = next(
        s.id
        for s in store.stories()
        if "inc-2" in {a.external_id for a in store.articles_with(s.article_ids)}
    )
    assert reconciled[:1] == [grown]


def test_a_story_merged_away_loses_its_results(sample_store: Store) -> None:
    one, two = sample_store.stories()[:2]
    others = [s.id for s in sample_store.stories() if s.id not in (one.id, two.id)]
    assert set(sample_store.story_fingerprints_of([one.id, two.id])) == {one.id, two.id}
    merge_stories(sample_store, one.id, two.id, "one event")  # through the stage sequence
    kept = {s.id for s in sample_store.stories()}
    (gone,) = {one.id, two.id} - kept
    assert sample_store.story_fingerprints_of([gone]) == {}
    assert set(sample_store.story_fingerprints_of(others)) == set(others)  # untouched


def test_groups_read_around_stories_equal_the_store_wide_groups(sample_store: Store) -> None:
    articles = sample_store.articles()
    pairs = [DerivedPair(d.from_id, d.to_id) for d in sample_store.derivations()]
    everywhere = independent_sources(articles, pairs)
    assert len(set(everywhere.values())) < len(everywhere)  # some articles share a group
    for story in sample_store.stories():
        around = groups_around(sample_store, story.article_ids)
        assert {a: around[a] for a in story.article_ids} == {
            a: everywhere[a] for a in story.article_ids
        }


ECBPLUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ecbplus"


def _grown(mentions: Mapping[str, Sequence[Mention]], batches: Sequence[Sequence[str]]) -> Any:
    """The registry rows of a store grown by these batches of articles, one run each."""
    store = open_store(":memory:")
    registry_rows.Rebuilt.of({}).write(store, {}, {})
    for batch in batches:
        with store.transaction():
            registry_rows.grow(store, (m for a in sorted(batch) for m in mentions[a]))
    return store.registry_state()


def _rebuilt(mentions: Mapping[str, Sequence[Mention]]) -> Any:
    store = open_store(":memory:")
    registry_rows.Rebuilt.of(mentions).write(store, mentions, {})
    return store.registry_state()


def _batchings(ids: Sequence[str]) -> list[list[list[str]]]:
    """1, 3 and 7 batches, of articles in id order and shuffled, fed in shuffled orders, and
    one article at a time."""
    shuffled = list(ids)
    random.Random(7).shuffle(shuffled)
    found = []
    for count in (1, 3, 7):
        for order in (list(ids), shuffled):
            batches = [order[i::count] for i in range(count)]
            found += [batches, batches[::-1], random.Random(count).sample(batches, count)]
    return [*found, [[a] for a in shuffled]]


def _assert_same_registry(mentions: Mapping[str, Sequence[Mention]]) -> None:
    rebuilt = _rebuilt(mentions)
    assert len(rebuilt[0]) > 50  # a registry worth the name
    for batches in _batchings(sorted(mentions)):
        assert _grown(mentions, batches) == rebuilt  # entities, counts and key owners


def test_the_sample_registry_grown_in_any_batches_is_the_rebuilt_one(sample_store: Store) -> None:
    _assert_same_registry(registry_rows.decoded_mentions(sample_store.analyses("mentions")))


@pytest.mark.slow
@pytest.mark.skipif(not ECBPLUS.exists(), reason="ECB+ data not found (../shared/data/ecbplus)")
def test_the_ecbplus_registry_grown_in_any_batches_is_the_rebuilt_one() -> None:
    from eval.ecbplus import load_rows, mentions_of

    mentions = mentions_of(load_rows(ECBPLUS / "ecbplus_train_dev.jsonl", split="dev"))
    assert sum(len(m) for m in mentions.values()) > 1000
    _assert_same_registry(mentions)


def test_an_entity_is_named_by_its_most_used_spelling_however_the_store_grew() -> None:
    """One misspelling that sorts first does not name the entity its correct spelling names
    in every other article, in a rebuilt registry or one grown in any batches."""
    texts = {"a1": "Hilary Clinton", "a2": "Hillary Clinton", "a3": "Hillary Clinton"}
    mentions = {a: [mention(text, "PERSON", article=a)] for a, text in texts.items()}
    rebuilt = _rebuilt(mentions)
    assert [entity.name for entity in rebuilt[0]] == ["Hillary Clinton"]
    for batches in (
        [["a1"], ["a2"], ["a3"]],
        [["a2"], ["a1"], ["a3"]],
        [["a1", "a2"], ["a3"]],
        [["a3"], ["a2", "a1"]],
    ):
        assert _grown(mentions, batches) == rebuilt


NAMES = st.text(alphabet="AaKkNnUu .-'’&", max_size=30)


@settings(max_examples=300, deadline=None)
@given(NAMES)
def test_a_name_asked_about_reads_its_query_tokens_in_every_family(name: str) -> None:
    """The five families worked out together read what each family's lookup reads."""
    each = [query_tokens(name, fam) for fam in set(FAMILIES.values())]
    assert registry_rows.asked_tokens(name) == set().union(*each)


@given(st.lists(st.tuples(st.sampled_from("abc"), st.sets(st.text(max_size=3))), max_size=8))
def test_token_rows_are_the_sorted_rows_once_each(owned: list[tuple[str, set[str]]]) -> None:
    rows = registry_rows._token_rows(owned)
    assert rows == sorted({TokenRow(token, owner) for owner, tokens in owned for token in tokens})


@given(st.dictionaries(st.sampled_from("abc"), st.sets(st.text(max_size=3)), max_size=3))
def test_name_rows_are_the_sorted_rows_once_each(asked: dict[str, set[str]]) -> None:
    keys = {n: n[:1] for names in asked.values() for n in names}  # names that share a key
    rows = registry_rows.name_rows(asked, keys)
    assert rows == sorted({NameRow(keys[n], a) for a, names in asked.items() for n in names})


def test_the_registry_write_leaves_the_collector_as_it_found_it() -> None:
    """The write freezes the objects it found for its collections, and thaws them after;
    objects a caller froze stay frozen (the write freezes its own again, for the caller to
    thaw)."""
    mentions = {"a1": [mention("Korean Central News Agency", "ORG", article="a1")]}
    store = open_store(":memory:")
    try:
        registry_rows.Rebuilt.of(mentions).write(store, mentions, {})
        assert gc.get_freeze_count() == 0
        gc.freeze()
        frozen = gc.get_freeze_count()
        registry_rows.Rebuilt.of(mentions).write(store, mentions, {})
        assert gc.get_freeze_count() >= frozen
        assert [e.name for e in store.entities()] == ["Korean Central News Agency"]
    finally:
        gc.unfreeze()
        store.close()
