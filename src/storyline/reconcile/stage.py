"""Reconcile stage: per story, the timeline and the reconciliation of claims and quotes.

Reads the stored analyses and link results, writes the store's ``entities`` (one canonical
entity per name across articles) and, per story, its ``timeline`` and ``findings``
(``model.Finding``) in one transaction. A story whose inputs did not change since the last
run (``story_fingerprint``) keeps its stored results; everything is recomputed from stored
inputs, so the stage is idempotent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

from storyline.code_version import source_fingerprint
from storyline.heap import collecting_new_objects
from storyline.model import (
    Article,
    Claim,
    Event,
    Finding,
    Mention,
    Quote,
    Story,
    TimelineEntry,
    TimeRef,
    content_id,
    from_jsonable,
    to_jsonable,
)
from storyline.nlp.entities.registry import EntityRegistry
from storyline.nlp.entities.state import REGISTRY_COMPLETE
from storyline.parallel import forked_results
from storyline.reconcile import registry_rows
from storyline.reconcile.canonical import (
    NAMED_ROLES,
    SPEAKER_LABELS,
    Answers,
    SettledAnswers,
    canonical,
)
from storyline.store.base import Store
from storyline.store.codec import dumps

# The code a story's stored findings and timeline were computed with: a change of the
# reconcile stage recomputes every story on the next run, no version to remember.
STORY_RESULTS_VERSION = f"story-results-{source_fingerprint('reconcile')}"


RECORD_KINDS: tuple[tuple[str, type[Any]], ...] = (
    ("quotes", Quote),
    ("claims", Claim),
    ("events", Event),
)
# Every stored analysis a story's results are computed from.
STORED_KINDS = ("mentions", "timexes", *dict(RECORD_KINDS))


def registry_view(
    registry: Answers, records: Mapping[str, Sequence[Any]], mentions: Sequence[Any]
) -> list[Any]:
    """What canonicalising a story's records asks the entity registry, with its answers: the
    entity (id, name) of each name a record's named role writes, in every family it may be
    looked up in (``SPEAKER_LABELS``), and that of each of its articles' mentions (``records``
    maps a record kind to the stored JSON records, ``mentions`` are stored JSON mentions).

    ``canonical`` reads nothing else of the registry, so a story whose stored records and
    view are unchanged has unchanged canonical records, whatever else the store gained."""

    def answer(name: str, label: str | None) -> list[str] | None:
        entity = registry.lookup(name, label)
        return None if entity is None else [entity.id, entity.name]

    names = sorted(
        {
            record[name_field]
            for kind, cls in RECORD_KINDS
            for record in records.get(kind, ())
            for name_field, _ in NAMED_ROLES[cls]
            if record.get(name_field)
        }
    )
    named = [[name, [answer(name, label) for label in SPEAKER_LABELS]] for name in names]
    asked = {(m.get("name") or m["text"], m.get("label")) for m in mentions}
    mentioned = sorted(asked, key=lambda key: (key[0], key[1] or ""))
    return [named, [[name, label, answer(name, label)] for name, label in mentioned]]


def story_fingerprint(
    story: Story,
    members: Sequence[Article],
    independence: Mapping[str, str],
    stored: Mapping[str, Mapping[str, Any]],
    registry: Answers,
) -> str:
    """A fingerprint of everything a story's reconciliation and timeline are computed from:
    its id, its members as the link stage resolved them (date, outlet), their independence
    groups, their stored quotes, claims, events, mentions and time expressions (``stored``
    maps a kind to article id -> stored JSON) and what the entity registry answers about
    their names (``registry_view``). Equal fingerprints, equal results, so an unchanged story
    is not recomputed, and its records are not even decoded."""
    resolved = [[a.id, to_jsonable(a.published), a.outlet, independence.get(a.id)] for a in members]
    records = {kind: [r for a in members for r in stored[kind].get(a.id) or []] for kind in stored}
    view = registry_view(registry, records, records["mentions"])
    inputs = [[kind, [stored[kind].get(a.id) for a in members]] for kind in sorted(stored)]
    return content_id(STORY_RESULTS_VERSION, story.id, dumps(resolved), dumps(inputs), dumps(view))


def reconcile_store(
    store: Store,
    progress: Callable[[str, int, int], None] | None = None,
    everything: bool = False,
    changed: Collection[str] | None = None,
) -> list[str]:
    """Recompute the timeline and reconciliation of every story whose inputs changed since
    the last run (of every story when ``everything``); return the ids of the stories whose
    results it wrote or deleted.

    With ``changed`` (the ids of the stories the link stage created, changed or removed),
    only those stories are read, with the stories that ask about a name of an entity the new
    mentions changed (``registry_rows.grow``); the entity registry grows by the mentions of
    the articles it does not hold yet; a removed story's results are deleted. Without it,
    every story is compared by fingerprint and the registry is rebuilt from every mention."""
    if changed is None or everything or not store.result(REGISTRY_COMPLETE):
        return _reconcile_all(store, progress, everything)
    return _reconcile_changed(store, progress, set(changed))


def _stories_of(
    store: Store, story_ids: Collection[str], article_ids: Collection[str] = ()
) -> list[Story]:
    """The stories with these ids or holding any of these articles, in story order: read by
    their ids and the articles' ``story_of`` rows, not from every story."""
    holding = {s.id for s in store.stories_with(sorted(article_ids))} if article_ids else set()
    return store.stories_by_id(sorted(set(story_ids) | holding))


def _reconcile_all(
    store: Store, progress: Callable[[str, int, int], None] | None, everything: bool
) -> list[str]:
    """Every story compared by fingerprint; the registry rebuilt from every mention."""
    from storyline.link.derivation import DerivedPair, independent_sources

    stories = store.stories()
    articles = store.articles()
    by_id = {a.id: a for a in articles}
    pairs = [DerivedPair(d["from_id"], d["to_id"]) for d in store.derivation_payloads()]
    independence = independent_sources(articles, pairs)
    stored = {kind: store.analyses(kind) for kind in STORED_KINDS}
    known = {} if everything else store.story_fingerprints()
    gone = sorted(set(known) - {s.id for s in stories})
    # what was read is kept to the end: the collections while the mentions are decoded and
    # the registry built, before the workers start, walk only what that makes (issue 14)
    with collecting_new_objects(), store.transaction():
        mentions = registry_rows.decoded_mentions(stored["mentions"])
        records = {kind: stored[kind] for kind, _ in RECORD_KINDS}
        rebuilt = registry_rows.Rebuilt.of(mentions)
        computing = _computed(
            stories, by_id, independence, stored, rebuilt.registry, mentions, known
        )
        # the workers reconcile while the registry is written; forked with what was made so
        # far frozen, their collections walk only what they make
        with collecting_new_objects(), computing as results:
            rebuilt.write(store, mentions, records)
            if everything:
                store.delete_story_results()
            store.delete_story_results(gone)
            written = _put(store, results, progress, len(stories))
    return written + gone


def _reconcile_changed(
    store: Store, progress: Callable[[str, int, int], None] | None, changed: set[str]
) -> list[str]:
    """The changed stories, and those whose names the new mentions touch, by fingerprint."""
    from storyline.reconcile.independence import groups_around

    stories = _stories_of(store, changed)
    removed = sorted(changed - {s.id for s in stories})
    members = sorted({a for s in stories for a in s.article_ids})
    new_ids = sorted(set(members) - store.registered_articles(members))
    new_mentions = registry_rows.decoded_mentions(store.analyses_of("mentions", new_ids))
    new_records = {kind: store.analyses_of(kind, new_ids) for kind, _ in RECORD_KINDS}
    with store.transaction():
        affected = registry_rows.grow(
            store, (m for article_id in sorted(new_mentions) for m in new_mentions[article_id])
        )
        registry_rows.save_articles(store, new_ids, new_mentions, new_records)
        naming = store.articles_naming(affected) if affected else []
        stories = _stories_of(store, changed, naming)
        read = sorted({a for s in stories for a in s.article_ids})
        by_id = {a.id: a for a in store.articles_by_id(read)}
        independence = groups_around(store, read)
        stored = {kind: store.analyses_of(kind, read) for kind in STORED_KINDS}
        mentions = registry_rows.decoded_mentions(stored["mentions"])
        records = {kind: stored[kind] for kind, _ in RECORD_KINDS}
        asked = registry_rows.asked_names(read, mentions, records)
        registry = registry_rows.load_for(store, set().union(*asked.values()))
        known = store.story_fingerprints_of([s.id for s in stories])
        store.delete_story_results(removed)
        computing = _computed(stories, by_id, independence, stored, registry, mentions, known)
        with computing as results:
            written = _put(store, results, progress, len(stories))
    return written + removed


# a story's id, fingerprint, findings and timeline (as JSON: made on the workers)
Computed = tuple[str, str, Any, Any]


def _computed(
    stories: Sequence[Story],
    by_id: Mapping[str, Article],
    independence: Mapping[str, str],
    stored: Mapping[str, Mapping[str, Any]],
    registry: EntityRegistry,
    mentions: Mapping[str, Sequence[Mention]],
    known: Mapping[str, str],
) -> AbstractContextManager[Iterator[Computed | None]]:
    """Each story's results, in story order; None for a story whose fingerprint equals the
    stored one (``known``).

    A first run over many articles reconciles hundreds of stories: on both cores (issue 14),
    started at once, so this process writes (the registry, each story's results as they come)
    while the workers compute."""

    answers = SettledAnswers(registry)  # asked again and again, changed no more

    def result(story: Story) -> Computed | None:
        members = [by_id[a] for a in story.article_ids if a in by_id]
        fingerprint = story_fingerprint(story, members, independence, stored, answers)
        if known.get(story.id) == fingerprint:
            return None
        findings, timeline = _reconcile(story, members, independence, stored, answers, mentions)
        return (story.id, fingerprint, to_jsonable(findings), to_jsonable(timeline))

    return forked_results(result, stories)


def _put(
    store: Store,
    results: Iterable[Computed | None],
    progress: Callable[[str, int, int], None] | None,
    total: int,
) -> list[str]:
    """Store each story's results as they come; return the ids of the stories written."""
    written = []
    for done, found in enumerate(results, start=1):
        if progress:
            progress("reconcile", done, total)
        if found is not None:
            story_id, fingerprint, findings, timeline = found
            store.put_story_result(story_id, fingerprint, findings, timeline)
            written.append(story_id)
    return written


def _reconcile(
    story: Story,
    members: Sequence[Article],
    independence: Mapping[str, str],
    stored: Mapping[str, Mapping[str, Any]],
    registry: Answers,
    mentions: Mapping[str, Sequence[Mention]],
) -> tuple[list[Finding], list[TimelineEntry]]:
    """One story's findings and timeline, from its members' canonical records."""
    from storyline.reconcile.engine import reconcile_story
    from storyline.reconcile.events import with_current_times
    from storyline.reconcile.findings import findings_of
    from storyline.reconcile.timeline import build_timeline

    quotes, claims, events = (
        canonical(
            [from_jsonable(cls, r) for a in members for r in stored[kind].get(a.id) or []],
            registry,
            mentions,
        )
        for kind, cls in RECORD_KINDS
    )
    story_timexes = {
        a.id: [
            from_jsonable(TimeRef, t) for t in (stored["timexes"].get(a.id) or {}).get("items", [])
        ]
        for a in members
    }
    events = with_current_times(events, story_timexes)
    assessments = reconcile_story(story.id, members, quotes, claims, independence, events)
    findings = findings_of(assessments, members, quotes, claims, events)
    timeline = [
        dataclasses.replace(entry, story_id=story.id)
        for entry in build_timeline(members, story_timexes, events, mentions)
    ]
    return findings, timeline
