"""The founding acceptance case, end to end: seeds 000-003 through quotes, claims, events and
reconciliation. Needs ../shared/seeds and the real spaCy model."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from importlib import import_module
from typing import Any

import pytest

from storyline.model import Article, Assessment, DateBasis, Published, Verdict
from storyline.reconcile.engine import reconcile_story
from storyline.reconcile.findings import findings_of
from tests.conftest import seed_path

pytestmark = pytest.mark.slow
STORY = ("000", "001", "002", "003")


def _independence(articles: list[Article]) -> Mapping[str, str]:
    """The derivation helper's groups when it is installed, else every article alone."""
    try:
        derivation = import_module("storyline.link.derivation")
    except ImportError:
        return {a.id: a.id for a in articles}
    return derivation.independent_sources(articles, derivation.find_derivations(articles))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def story() -> dict[str, Any]:
    from storyline.nlp.claims.claims import find_claims
    from storyline.nlp.events import find_events
    from storyline.nlp.language import load_nlp
    from storyline.nlp.quotes.quotes import find_quotes

    nlp = load_nlp()
    articles, quotes, claims, events = [], [], [], []
    for prefix in STORY:
        text = seed_path(prefix).read_text(encoding="utf-8")
        item = Article(
            prefix,
            seed_path(prefix).name,
            prefix,
            text,
            text,
            Published(date(2024, 5, 15), DateBasis.TEXT),
        )
        doc = nlp(text)
        articles.append(item)
        quotes += find_quotes(doc, item.id)
        claims += find_claims(doc, item.id)
        events += find_events(doc, item.id)
    found = reconcile_story(
        "kim-inspects", articles, quotes, claims, _independence(articles), events
    )
    return {
        "assessments": found,
        "articles": articles,
        "quotes": quotes,
        "claims": claims,
        "events": events,
    }


def _articles_of(item: Assessment, story: dict[str, Any]) -> set[str]:
    records = {r.id: r for r in (*story["quotes"], *story["claims"])}
    return {records[m].article_id for m in item.member_ids if m in records}


def test_container_figures_of_shin_won_sik_are_the_one_conflict(story: dict[str, Any]) -> None:
    conflicts = [a for a in story["assessments"] if a.verdict is Verdict.CONFLICT]
    assert len(conflicts) == 1, [a.subject for a in conflicts]
    details = conflicts[0].details
    assert sorted(v.value for v in details.sides) == [6700, 7000]
    assert details.same_speaker and details.may_differ_in_time
    assert _articles_of(conflicts[0], story) == {"001", "002"}


def test_epochal_and_historic_change_are_one_kcna_variant(story: dict[str, Any]) -> None:
    [variant] = [
        a
        for a in story["assessments"]
        if a.verdict is Verdict.VARIANT
        and "historic change" in [w.text for w in a.details.wordings]
    ]
    assert _articles_of(variant, story) == set(STORY)
    assert "epochal change" in [w.text for w in variant.details.wordings]
    assert variant.independent_sources == ("KCNA",)


def test_demonstration_for_export_is_a_variant(story: dict[str, Any]) -> None:
    [variant] = [a for a in story["assessments"] if "demonstration" in a.subject]
    assert variant.verdict is Verdict.VARIANT
    differing = [w for w in variant.details.wordings if w.differs]
    assert ("replace", "characteristics", "the performance") in differing[0].ops


def test_shell_figures_and_iiss_rank_are_single_source(story: dict[str, Any]) -> None:
    singles = {
        a.subject: a
        for a in story["assessments"]
        if a.details.kind == "claim" and a.verdict is Verdict.SINGLE_SOURCE
    }
    assert any("152" in s for s in singles) and any("122" in s for s in singles)
    assert any("largest" in s for s in singles)


def test_the_inspection_is_agreed_on_one_source_kcna(story: dict[str, Any]) -> None:
    events = [
        a
        for a in story["assessments"]
        if a.details.kind == "event"
        and a.details.type == "inspect"
        and "missile" in (a.details.target or "")
    ]
    assert len(events) == 1
    assert events[0].verdict is Verdict.AGREED
    assert events[0].details.article_ids == tuple(STORY)
    assert events[0].independent_sources == ("KCNA",)


def test_report_members_point_to_their_sentences(story: dict[str, Any]) -> None:
    findings = findings_of(
        story["assessments"], story["articles"], story["quotes"], story["claims"], story["events"]
    )
    texts = {a.id: a.text for a in story["articles"]}
    [conflict] = [f for f in findings if f.verdict is Verdict.CONFLICT]
    for member in conflict.members:
        assert member.sentence is not None
        sentence = member.sentence.of(texts[member.article_id])
        assert "Shin Won-sik" in sentence and member.text in sentence
