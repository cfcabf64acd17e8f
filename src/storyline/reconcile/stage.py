"""Reconcile stage: per story, the timeline and the reconciliation of claims and quotes.

Reads the stored analyses and link results, writes the store's ``entities`` (one canonical
entity per name across articles) and, per story, its ``timeline`` and ``findings``
(``model.Finding``) in one transaction. A story whose inputs did not change since the last
run (``story_fingerprint``) keeps its stored results; everything is recomputed from stored
inputs, so the stage is idempotent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from storyline.code_version import source_fingerprint
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
from storyline.reconcile.canonical import NAMED_ROLES, SPEAKER_LABELS, canonical, store_registry
from storyline.store.base import Store
from storyline.store.codec import ENTITIES, dumps

# The code a story's stored findings and timeline were computed with: a change of the
# reconcile stage recomputes every story on the next run, no version to remember.
STORY_RESULTS_VERSION = f"story-results-{source_fingerprint('reconcile')}"


RECORD_KINDS: tuple[tuple[str, type[Any]], ...] = (
    ("quotes", Quote),
    ("claims", Claim),
    ("events", Event),
)


def registry_view(
    registry: EntityRegistry, records: Mapping[str, Sequence[Any]], mentions: Sequence[Any]
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
    registry: EntityRegistry,
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
) -> int:
    """Recompute the timeline and reconciliation of every story whose inputs changed since
    the last run (of every story when ``everything``); return how many were recomputed.

    The entity registry is rebuilt from every mention, since a new name can change the
    canonical name of an entity other stories mention; the stories whose registry answers
    changed by it are recomputed too (their fingerprint says so)."""
    from storyline.link.derivation import DerivedPair, independent_sources

    stories = store.stories()
    articles = store.articles()
    by_id = {a.id: a for a in articles}
    pairs = [DerivedPair(d["from_id"], d["to_id"]) for d in store.derivation_payloads()]
    independence = independent_sources(articles, pairs)
    stored = {kind: store.analyses(kind) for kind in ("mentions", "timexes", *dict(RECORD_KINDS))}
    mentions = {
        article_id: [from_jsonable(Mention, m) for m in payload]
        for article_id, payload in stored["mentions"].items()
    }
    registry = store_registry(mentions)
    known = {} if everything else store.story_fingerprints()
    computed: list[tuple[str, str, list[Finding], list[TimelineEntry]]] = []
    for done, story in enumerate(stories, start=1):
        if progress:
            progress("reconcile", done, len(stories))
        members = [by_id[a] for a in story.article_ids if a in by_id]
        fingerprint = story_fingerprint(story, members, independence, stored, registry)
        if known.get(story.id) != fingerprint:
            findings, timeline = _reconcile(
                story, members, independence, stored, registry, mentions
            )
            computed.append((story.id, fingerprint, findings, timeline))
    gone = sorted(set(known) - {s.id for s in stories})
    with store.transaction():
        store.put_result(ENTITIES, to_jsonable(registry.entities))
        if everything:
            store.delete_story_results()
        store.delete_story_results(gone)
        for story_id, fingerprint, findings, timeline in computed:
            store.put_story_result(
                story_id, fingerprint, to_jsonable(findings), to_jsonable(timeline)
            )
    return len(computed)


def _reconcile(
    story: Story,
    members: Sequence[Article],
    independence: Mapping[str, str],
    stored: Mapping[str, Mapping[str, Any]],
    registry: EntityRegistry,
    mentions: Mapping[str, Sequence[Mention]],
) -> tuple[list[Finding], list[TimelineEntry]]:
    """One story's findings and timeline, from its members' canonical records."""
    from storyline.reconcile.engine import reconcile_story
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
    assessments = reconcile_story(story.id, members, quotes, claims, independence, events)
    findings = findings_of(assessments, members, quotes, claims, events)
    story_timexes = {
        a.id: [
            from_jsonable(TimeRef, t) for t in (stored["timexes"].get(a.id) or {}).get("items", [])
        ]
        for a in members
    }
    timeline = [
        dataclasses.replace(entry, story_id=story.id)
        for entry in build_timeline(members, story_timexes, events)
    ]
    return findings, timeline
