"""Reconcile stage: per story, the timeline and the reconciliation of claims and quotes.

Reads the stored analyses and link results, writes the store's ``entities`` (one canonical
entity per name across articles), ``timeline`` and ``findings`` (``model.Finding``) results
in one transaction. Recomputed from stored inputs, so it is idempotent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from storyline.model import (
    Claim,
    Event,
    Finding,
    Mention,
    Quote,
    TimelineEntry,
    TimeRef,
    from_jsonable,
    to_jsonable,
)
from storyline.reconcile.canonical import canonical, store_registry
from storyline.store.base import Store
from storyline.store.codec import ENTITIES, FINDINGS, TIMELINE


def _records(store: Store, kind: str, cls: type[Any]) -> dict[str, list[Any]]:
    return {
        article_id: [from_jsonable(cls, item) for item in payload]
        for article_id, payload in store.analyses(kind).items()
    }


def reconcile_store(store: Store, progress: Callable[[str, int, int], None] | None = None) -> None:
    """Recompute every story's timeline and reconciliation from the stored analyses."""
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
    timexes = {
        article_id: [from_jsonable(TimeRef, t) for t in payload["items"]]
        for article_id, payload in store.analyses("timexes").items()
    }
    timeline: list[TimelineEntry] = []
    findings: list[Finding] = []
    for done, story in enumerate(stories, start=1):
        members = [by_id[a] for a in story.article_ids if a in by_id]
        story_quotes = [q for a in members for q in quotes.get(a.id, [])]
        story_claims = [c for a in members for c in claims.get(a.id, [])]
        story_events = [e for a in members for e in events.get(a.id, [])]
        assessments = reconcile_story(
            story.id, members, story_quotes, story_claims, independence, story_events
        )
        findings += findings_of(assessments, members, story_quotes, story_claims, story_events)
        story_timexes = {a.id: timexes.get(a.id, []) for a in members}
        timeline += [
            dataclasses.replace(entry, story_id=story.id)
            for entry in build_timeline(members, story_timexes, story_events)
        ]
        if progress:
            progress("reconcile", done, len(stories))
    with store.transaction():
        store.put_result(ENTITIES, to_jsonable(registry.entities))
        store.put_result(TIMELINE, to_jsonable(timeline))
        store.put_result(FINDINGS, to_jsonable(findings))
