"""The reconcile stage's fingerprint: what the entity registry answers about a story's names."""

from __future__ import annotations

from storyline.model import Mention, Span, content_id
from storyline.reconcile.canonical import store_registry
from storyline.reconcile.stage import registry_view


def _mention(article_id: str, name: str, label: str = "PERSON") -> Mention:
    return Mention(article_id, Span(0, len(name)), name, content_id("entity", name), label, name)


def test_a_new_namesake_changes_the_view_of_a_story_quoting_the_short_name() -> None:
    kim = {"a1": [_mention("a1", "Kim Jong Un")]}
    records = {"quotes": [{"speaker": "Kim"}], "claims": [{"claimant": "Moon Jae-in"}]}
    stored_mentions = [{"text": "Kim Jong Un", "label": "PERSON", "name": "Kim Jong Un"}]
    before = registry_view(store_registry(kim), records, stored_mentions)
    name, (as_person, *_) = before[0][0]
    assert name == "Kim" and as_person[1] == "Kim Jong Un"  # while he is the only Kim
    # Another Kim, as often mentioned: "Kim" names neither any more, so the story quoting
    # "Kim" must be reconciled again, though none of its own records changed.
    both = kim | {"a2": [_mention("a2", "Kim Yo Jong")]}
    after = registry_view(store_registry(both), records, stored_mentions)
    assert after[0][0] == ["Kim", [None, None, None, None]]
    assert after != before


def test_names_the_new_mentions_do_not_touch_keep_their_view() -> None:
    moon = {"a1": [_mention("a1", "Moon Jae-in")]}
    records = {"claims": [{"claimant": "Moon Jae-in"}]}
    before = registry_view(store_registry(moon), records, [])
    grown = moon | {"a2": [_mention("a2", "Port Alder Authority", "ORG")]}
    assert registry_view(store_registry(grown), records, []) == before
