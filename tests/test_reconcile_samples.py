"""Reconciliation on the bundled sample corpus against its answer key (``figures``, ``quotes``).

The pipeline runs once for the module. Story clustering is judged elsewhere
(tests/test_samples.py); here each answer-key story is reconciled from its own articles, with
the stored quotes, claims, events and derivations, so the verdicts are checked even when the
clustering splits or merges stories.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from storyline.link.derivation import independent_sources
from storyline.model import (
    Article,
    Assessment,
    Claim,
    Event,
    Finding,
    Quote,
    QuoteDetails,
    Verdict,
    Wording,
    from_jsonable,
)
from storyline.nlp.claims.numbers import is_number_word
from storyline.nlp.numbers import parse_number
from storyline.reconcile.engine import reconcile_story
from storyline.reconcile.text import words
from storyline.runner import run
from storyline.store import Store, open_store
from tests.conftest import SAMPLES

EXPECTED = json.loads((SAMPLES.parent / "expected.json").read_text())
pytestmark = pytest.mark.slow


@dataclass
class Reconciled:
    """The answer-key stories reconciled: assessments per story and article names by id."""

    stories: dict[str, list[Assessment]]
    names: dict[str, str]  # article id -> answer-key name ("file" or "file#n")
    claims: dict[str, Claim]
    quotes: dict[str, Quote]
    findings: list[Finding]  # the pipeline's own reconciliation result


def _by_key(articles: list[Article]) -> dict[str, Article]:
    """Answer-key name -> article, matched by file and title (as tests/test_samples.py)."""
    found = {}
    for expected in EXPECTED["articles"]:
        name = expected["key"].split("#")[0]
        (article,) = [
            a
            for a in articles
            if Path(a.source_path).name == name
            and expected["title"] in (None, a.title)
            and (expected["title"] is not None or "#" not in expected["key"])
        ]
        found[expected["key"]] = article
    return found


def _records(store: Store, kind: str, cls: type[Any]) -> dict[str, list[Any]]:
    return {
        article_id: [from_jsonable(cls, item) for item in payload]
        for article_id, payload in store.analyses(kind).items()
    }


@pytest.fixture(scope="module")
def sample() -> Iterator[Reconciled]:
    store = open_store(":memory:")
    run(store, [SAMPLES])
    articles = store.articles()
    keys = _by_key(articles)
    derivations = store.derivations()
    independence = independent_sources(articles, derivations)
    quotes = _records(store, "quotes", Quote)
    claims = _records(store, "claims", Claim)
    events = _records(store, "events", Event)
    stories = {}
    for story in EXPECTED["stories"]:
        members = [keys[k] for k in story["articles"]]
        stories[story["id"]] = reconcile_story(
            story["id"],
            members,
            [q for a in members for q in quotes.get(a.id, [])],
            [c for a in members for c in claims.get(a.id, [])],
            independence,
            [e for a in members for e in events.get(a.id, [])],
        )
    yield Reconciled(
        stories,
        {a.id: k for k, a in keys.items()},
        {c.id: c for items in claims.values() for c in items},
        {q.id: q for items in quotes.values() for q in items},
        store.findings(),
    )
    store.close()


def _value(written: str) -> float:
    """An answer-key value ("2300", "1.9 billion crowns") as a number."""
    number = [w for w in written.split() if is_number_word(w)]
    value = parse_number(number)
    assert value is not None, written
    return value


def _claim_values(item: Assessment, sample: Reconciled) -> dict[float, set[str]]:
    """Each value of a claim assessment with the answer-key names of the articles giving it."""
    values: dict[float, set[str]] = {}
    for member in item.member_ids:
        claim = sample.claims[member]
        values.setdefault(claim.quantity, set()).add(sample.names[claim.article_id])
    return values


@pytest.mark.parametrize("figure", EXPECTED["figures"], ids=lambda f: f["subject"])
def test_figures_of_the_answer_key(sample: Reconciled, figure: dict[str, Any]) -> None:
    expected = {_value(v): set(articles) for v, articles in figure["values"].items()}
    found = [
        _claim_values(a, sample)
        for a in sample.stories[figure["story"]]
        if a.details.kind == "claim"
        and a.verdict.value == figure["verdict"]
        and set(_claim_values(a, sample)) == set(expected)
    ]
    assert found == [expected]


def test_conflicts_say_which_sources_disagree(sample: Reconciled) -> None:
    [dam] = [a for a in sample.stories["ostrin-dam-collapse"] if a.verdict is Verdict.CONFLICT]
    assert dam.details.same_speaker is False
    assert dam.details.predicate == "death"
    [port] = [
        a for a in sample.stories["port-alder-terminal-ransomware"] if a.verdict is Verdict.CONFLICT
    ]
    hedges = {v.value: v.approximation for v in port.details.sides}
    assert hedges == {2300: "about", 1100: None}


def test_no_conflict_beyond_the_answer_key(sample: Reconciled) -> None:
    """Other figures (86 treated, 29 killed in 2009, money raised vs money released, the
    defence budget vs the order) are not conflicts, in the answer-key stories nor in the
    pipeline's own stories, however the clustering cuts them."""
    expected = [
        {_value(v) for v in f["values"]} for f in EXPECTED["figures"] if f["verdict"] == "conflict"
    ]
    found = [
        set(_claim_values(a, sample))
        for items in sample.stories.values()
        for a in items
        if a.verdict is Verdict.CONFLICT
    ]
    assert sorted(found, key=sorted) == sorted(expected, key=sorted)
    for conflict in sample.findings:
        if conflict.verdict is not Verdict.CONFLICT:
            continue
        values = {side.value for side in conflict.sides}
        assert any(values <= allowed for allowed in expected), conflict.subject


def _wording(item: Assessment, text: str) -> Wording | None:
    assert isinstance(item.details, QuoteDetails)
    return next(
        (w for w in item.details.wordings if words(w.text) == words(text)),
        None,
    )


def _quote_group(sample: Reconciled, quote: dict[str, Any]) -> Assessment:
    [group] = [
        a
        for a in sample.stories[quote["story"]]
        if a.details.kind == "quote" and _wording(a, quote["text"]) is not None
    ]
    return group


@pytest.mark.parametrize("quote", EXPECTED["quotes"], ids=lambda q: q["text"][:30])
def test_quotes_of_the_answer_key(sample: Reconciled, quote: dict[str, Any]) -> None:
    group = _quote_group(sample, quote)
    assert group.verdict.value == quote["verdict"]
    wording = _wording(group, quote["text"])
    assert wording is not None
    assert {sample.names[a] for a in wording.article_ids} == set(quote["in"])
    for other in [quote.get("variant"), quote.get("partial")]:
        if other is None:
            continue
        found = _wording(group, other["text"])
        assert found is not None, other["text"]
        assert {sample.names[a] for a in found.article_ids} == set(other["in"])
        assert found.differs == (other is quote.get("variant"))
