"""Events: who did what to whom, typed and pointing to their evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from storyline.model import Event
from storyline.nlp.events import EVENT_TYPES, find_events
from tests.conftest import SEEDS

# the PLOVER event types (CAMEO2PLOVER 2021)
PLOVER = {
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "ACCUSE", "DEMAND",
    "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT",
}  # fmt: skip


def test_every_event_type_is_documented_and_mapped_to_plover() -> None:
    for name, kind in EVENT_TYPES.items():
        assert kind.description, name
        assert kind.plover is None or kind.plover in PLOVER, name
        assert kind.verbs or kind.nouns, name


def test_a_trigger_word_means_one_event_type() -> None:
    for words in ("verbs", "nouns"):
        seen: dict[str, str] = {}
        for name, kind in EVENT_TYPES.items():
            for word in getattr(kind, words):
                assert seen.setdefault(word, name) == name, word


@pytest.fixture(scope="module")
def seeds(nlp: Language) -> dict[str, Doc]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return {p.name[:3]: nlp(Path(p).read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}


def typed(doc: Doc, kind: str) -> list[Event]:
    return [e for e in find_events(doc, "x") if e.type == kind]


@pytest.mark.slow
@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_kim_inspects_in_every_seed(seeds: dict[str, Doc], seed: str) -> None:
    actors = {e.actor for e in typed(seeds[seed], "inspect")}
    assert actors & {"Kim Jong-un", "Kim Jong Un"}


@pytest.mark.slow
@pytest.mark.parametrize("seed", ["000", "001", "002"])
def test_the_rocket_launcher_test_fire(seeds: dict[str, Doc], seed: str) -> None:
    tests = typed(seeds[seed], "test_fire")
    assert any(e.actor in {"Kim Jong-un", "Kim Jong Un"} for e in tests)


@pytest.mark.slow
def test_seed_002_transfer_accuse_and_deny(seeds: dict[str, Doc]) -> None:
    doc = seeds["002"]
    sent = [e for e in typed(doc, "transfer") if e.actor == "North Korea"]
    assert sent and sent[0].target == "Russia" and sent[0].theme == "7,000 containers"
    (accused,) = typed(doc, "accuse")
    assert accused.actor == "United States and its allies"
    assert accused.target == "North Korea" and accused.theme == "sending weapons"
    (denial,) = typed(doc, "deny")
    assert denial.actor == "North Korea and Russia"  # "Pyongyang and Moscow deny the charges"
    assert denial.actor_span is not None
    assert denial.actor_span.of(doc.text) == "Pyongyang and Moscow"


@pytest.mark.slow
def test_seed_001_factory_visit_and_shipments(seeds: dict[str, Doc]) -> None:
    doc = seeds["001"]
    visits = [e for e in typed(doc, "inspect") if e.trigger.of(doc.text) == "visited"]
    assert any(e.actor == "Kim Jong-un" and e.target == "factories" for e in visits)
    shipped = next(e for e in typed(doc, "transfer") if e.trigger.of(doc.text) == "shipped")
    assert (shipped.actor, shipped.target) == ("North Korea", "Russia")
    summit = next(e for e in typed(doc, "meet"))
    assert (summit.actor, summit.target) == ("Kim Jong-un", "Vladimir Putin")


@pytest.mark.slow
def test_seed_004_washington_accuses_and_both_deny(seeds: dict[str, Doc]) -> None:
    doc = seeds["004"]
    assert {(e.actor, e.target) for e in typed(doc, "accuse")} == {("United States", "North Korea")}
    assert {e.actor for e in typed(doc, "deny")} == {"North Korea and Russia"}


@pytest.mark.slow
def test_event_fields_point_to_their_evidence(seeds: dict[str, Doc]) -> None:
    for doc in seeds.values():
        for event in find_events(doc, "x"):
            assert event.trigger.of(doc.text).strip()
            for span in (event.actor_span, event.target_span, event.place_span, event.theme_span):
                assert span is None or 0 <= span.start < span.end <= len(doc.text)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The factory did not produce any shells last year.", None),
        ("The regime met its production quotas.", None),
        ("North Korean missiles were fired upon Ukraine.", "attack"),
        ("Kim Jong Un met Vladimir Putin in Vladivostok.", "meet"),
    ],
)
def test_negated_and_non_party_triggers(nlp: Language, sentence: str, kind: str | None) -> None:
    kinds = {e.type for e in find_events(nlp(sentence))}
    assert kinds == ({kind} if kind else set())


@pytest.mark.slow
def test_place_and_passive_agent(nlp: Language) -> None:
    (meeting,) = find_events(nlp("Kim Jong Un met Vladimir Putin in Vladivostok."))
    assert (meeting.actor, meeting.target, meeting.place) == (
        "Kim Jong Un",
        "Vladimir Putin",
        "Vladivostok",
    )
    (made,) = find_events(nlp("The shells were manufactured by North Korea."))
    assert (made.type, made.actor, made.target) == ("produce", "North Korea", "shells")


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentence",
    [
        # the open world's agreed events that never happened as told
        "And Sanders, to his credit, refuses to attack Clinton on her character.",
        "He is scheduled to make a speech there but is not expected to meet Pope Francis.",
        "Sanders is almost certain to win a prime-time speaking slot at the summer convention, "
        "providing one of the biggest audiences yet for his views.",
        "North Korea plans to launch a satellite next month.",
        # words sent are no transfer of goods, and a clause is no recipient
        "Sanders sent a mass text message to his supporters in Philadelphia.",
        "Sanders continued delivering his stump speech to hitting all of his core issues.",
    ],
)
def test_a_refused_planned_or_likely_act_is_no_event(nlp: Language, sentence: str) -> None:
    assert find_events(nlp(sentence)) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "kind", "actor", "target"),
    [
        # a strike the youths' clause happens during is not theirs, nor an investigation a
        # person has a role in; a visit or a meeting is the subject's
        ("Hooded youths hurled petrol bombs at stores during the general strike.", "attack",
         None, None),
        ("Former FBI official had storied role in Washington Post investigation.", "investigate",
         None, None),
        ("Kim Jong Un spoke during an inspection of a munitions factory.", "inspect",
         "Kim Jong Un", "munitions factory"),
        # an attack is aimed "on" its target
        ("Russia's attack on Ukraine began in 2022.", "attack", "Russia", "Ukraine"),
    ],
)  # fmt: skip
def test_who_a_noun_or_a_clause_trigger_involves(
    nlp: Language, sentence: str, kind: str, actor: str | None, target: str | None
) -> None:
    (event,) = find_events(nlp(sentence))
    assert (event.type, event.actor, event.target) == (kind, actor, target)
