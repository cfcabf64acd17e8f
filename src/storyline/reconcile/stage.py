"""Reconcile stage: per story, the timeline and the reconciliation of claims and quotes.

Reads the stored analyses and link results, writes the store's ``entities`` (one canonical
entity per name across articles) and, per story, its ``timeline`` and ``findings``
(``model.Finding``) in one transaction. A story whose inputs did not change since the last
run (``story_fingerprint``) keeps its stored results; everything is recomputed from stored
inputs, so the stage is idempotent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
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
from storyline.reconcile.canonical import canonical, store_registry
from storyline.store.base import Store
from storyline.store.codec import ENTITIES, dumps


def _records(store: Store, kind: str, cls: type[Any]) -> dict[str, list[Any]]:
    return {
        article_id: [from_jsonable(cls, item) for item in payload]
        for article_id, payload in store.analyses(kind).items()
    }


# The code a story's stored findings and timeline were computed with: a change of the
# reconcile stage recomputes every story on the next run, no version to remember.
STORY_RESULTS_VERSION = f"story-results-{source_fingerprint('reconcile')}"


def story_fingerprint(
    story: Story,
    members: Sequence[Article],
    independence: Mapping[str, str],
    records: Sequence[Sequence[Any]],
    timexes: Mapping[str, Any],
) -> str:
    """A fingerprint of everything a story's reconciliation and timeline are computed from:
    its id, its members as the link stage resolved them (date, outlet), their independence
    groups, their canonical quotes, claims and events and their time expressions. Equal
    fingerprints, equal results, so an unchanged story is not recomputed."""
    resolved = [[a.id, to_jsonable(a.published), a.outlet, independence.get(a.id)] for a in members]
    stored = [[to_jsonable(list(group)) for group in records], [timexes.get(a.id) for a in members]]
    return content_id(STORY_RESULTS_VERSION, story.id, dumps(resolved), dumps(stored), size=32)


def reconcile_store(
    store: Store,
    progress: Callable[[str, int, int], None] | None = None,
    everything: bool = False,
) -> int:
    """Recompute the timeline and reconciliation of every story whose inputs changed since
    the last run (of every story when ``everything``); return how many were recomputed.

    The entity registry is rebuilt from every mention, since a new name can change the
    canonical name of an entity other stories mention; the stories whose canonical records
    changed by it are recomputed too (their fingerprint says so)."""
    from storyline.link.derivation import independent_sources
    from storyline.reconcile.engine import reconcile_story
    from storyline.reconcile.findings import findings_of
    from storyline.reconcile.timeline import build_timeline

    stories = store.stories()
    articles = store.articles()
    by_id = {a.id: a for a in articles}
    independence = independent_sources(articles, store.derivations())
    mentions = _records(store, "mentions", Mention)
    registry = store_registry(mentions)
    quotes, claims, events = (
        {a: canonical(items, registry, mentions) for a, items in _records(store, kind, cls).items()}
        for kind, cls in (("quotes", Quote), ("claims", Claim), ("events", Event))
    )
    raw_timexes = store.analyses("timexes")
    known = {} if everything else store.story_fingerprints()
    computed: list[tuple[str, str, list[Finding], list[TimelineEntry]]] = []
    for done, story in enumerate(stories, start=1):
        if progress:
            progress("reconcile", done, len(stories))
        members = [by_id[a] for a in story.article_ids if a in by_id]
        story_quotes = [q for a in members for q in quotes.get(a.id, [])]
        story_claims = [c for a in members for c in claims.get(a.id, [])]
        story_events = [e for a in members for e in events.get(a.id, [])]
        fingerprint = story_fingerprint(
            story, members, independence, (story_quotes, story_claims, story_events), raw_timexes
        )
        if known.get(story.id) == fingerprint:
            continue
        assessments = reconcile_story(
            story.id, members, story_quotes, story_claims, independence, story_events
        )
        findings = findings_of(assessments, members, story_quotes, story_claims, story_events)
        story_timexes = {
            a.id: [
                from_jsonable(TimeRef, t) for t in (raw_timexes.get(a.id) or {}).get("items", [])
            ]
            for a in members
        }
        timeline = [
            dataclasses.replace(entry, story_id=story.id)
            for entry in build_timeline(members, story_timexes, story_events)
        ]
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
