"""One name per entity across a store: quote speakers, claimants and event roles."""

from __future__ import annotations

from storyline.model import Claim, Event, Mention, Quote, Span
from storyline.nlp.entities.names import entity_id
from storyline.reconcile.canonical import SettledAnswers, canonical, store_registry


def mention(article: str, text: str, label: str) -> Mention:
    return Mention(article, Span(0, len(text)), text, entity_id(label, text), label, text)


MENTIONS = {
    "a1": [mention("a1", "Kim Jong-un", "PERSON"), mention("a1", "KCNA", "ORG")],
    "a2": [
        mention("a2", "Kim Jong Un", "PERSON"),
        mention("a2", "Korean Central News Agency", "ORG"),
        mention("a2", "North Korea", "GPE"),
    ],
}


def quote(article: str, speaker: str | None) -> Quote:
    return Quote(article, Span(0, 5), "words", speaker=speaker, speaker_span=Span(10, 20))


def test_one_speaker_name_across_spellings_and_acronyms() -> None:
    registry = store_registry(MENTIONS)
    quotes = canonical(
        [quote("a1", "Kim Jong-un"), quote("a2", "Kim Jong Un"), quote("a1", "KCNA")], registry
    )
    assert quotes[0].speaker == quotes[1].speaker
    assert quotes[0].speaker_entity_id == quotes[1].speaker_entity_id is not None
    assert quotes[2].speaker == "Korean Central News Agency"


def test_a_speaker_the_registry_does_not_know_is_kept_as_written() -> None:
    registry = store_registry(MENTIONS)
    (kept, unresolved) = canonical([quote("a1", "the ministry"), quote("a1", None)], registry)
    assert kept.speaker == "the ministry" and kept.speaker_entity_id is None
    assert unresolved.speaker is None


def test_a_speaker_is_looked_up_by_name_not_by_the_mentions_in_its_span() -> None:
    # "North Korean leader Kim Jong Un": the span holds North Korea too; the name decides.
    registry = store_registry(MENTIONS)
    (resolved,) = canonical([quote("a2", "Kim Jong Un")], registry)
    entity = registry.get(resolved.speaker_entity_id or "")
    assert entity is not None and entity.label == "PERSON"


def test_claimants_and_event_roles_take_the_canonical_name() -> None:
    registry = store_registry(MENTIONS)
    claim = Claim(
        "a2", Span(0, 9), 7000.0, Span(0, 5), "containers", "containers", claimant="Kim Jong Un"
    )
    event = Event("a1", "inspect", Span(0, 9), actor="Kim Jong-un", target="North Korea")
    (claim,) = canonical([claim], registry)
    (event,) = canonical([event], registry)
    assert claim.claimant == event.actor
    assert claim.claimant_entity_id == event.actor_entity_id
    assert event.target == "North Korea" and event.target_entity_id is not None


def test_the_registry_does_not_depend_on_article_order() -> None:
    forward = store_registry(MENTIONS).entities
    backward = store_registry(dict(reversed(list(MENTIONS.items())))).entities
    assert forward == backward


def test_caption_words_time_words_and_pronouns_are_no_speakers_or_sources() -> None:
    registry = store_registry(MENTIONS)
    junk = ["God", "Hide", "Image copyright", "translation", "23-year-old", "Grab",
            "Live updates", "in", "Friday", "she", "59 percent", "X.\n\nSexton"]  # fmt: skip
    cleared = canonical([quote("a1", name) for name in junk], registry)
    assert [q.speaker for q in cleared] == [None] * len(junk)
    named = ["Kim Jong-un", "KCNA", "state media", "the minister", "officials"]
    kept = canonical([quote("a1", name) for name in named], registry)
    assert all(q.speaker for q in kept)


def test_police_of_a_greek_riot_are_not_surrey_police() -> None:
    # the tagger took "Surrey Police" for a person: "Police" was then its last name everywhere
    mentions = {
        "uk": [mention("uk", "Surrey Police", "PERSON"), mention("uk", "Kim", "PERSON")],
        "gr": [mention("gr", "Athens", "GPE")],
    }
    registry = store_registry(mentions)
    (greek,) = canonical([quote("gr", "Police")], registry, mentions)
    assert greek.speaker == "Police" and greek.speaker_entity_id is None
    (british,) = canonical([quote("uk", "Police")], registry, mentions)
    assert british.speaker == "Surrey Police"


def test_a_registry_name_run_across_a_line_break_is_not_adopted() -> None:
    mentions = {"a": [mention("a", "X.\n\nSexton", "PERSON")]}
    registry = store_registry(mentions)
    (kept,) = canonical([quote("a", "Sexton")], registry, mentions)
    assert kept.speaker == "Sexton"


def test_a_description_or_initials_take_no_entity_the_article_never_names() -> None:
    # "the candidate" is not the headline word "Candidate" of another article, nor is "Greek
    # Orthodox" another article's "GO" by its initials
    mentions = {
        "poll": [mention("poll", "Candidate", "ORG"), mention("poll", "Iowa", "GPE")],
        "go": [mention("go", "GO", "ORG")],
        "here": [mention("here", "Athens", "GPE")],
    }
    registry = store_registry(mentions)
    described, initials = canonical(
        [quote("here", "The candidate"), quote("here", "Greek Orthodox")], registry, mentions
    )
    assert (described.speaker, described.speaker_entity_id) == ("The candidate", None)
    assert (initials.speaker, initials.speaker_entity_id) == ("Greek Orthodox", None)
    (own,) = canonical([quote("poll", "The candidate")], registry, mentions)
    assert own.speaker == "Candidate"  # its own article names it so: as before


def test_settled_answers_are_the_registrys_asked_once_per_name_and_label() -> None:
    registry = store_registry(MENTIONS)
    asked: list[tuple[str, str | None]] = []

    class Counting:
        def lookup(self, name: str, label: str | None = None) -> object:
            asked.append((name, label))
            return registry.lookup(name, label)

    answers = SettledAnswers(Counting())  # type: ignore[arg-type]
    names = [("Kim Jong Un", "PERSON"), ("KCNA", "ORG"), ("the ministry", None)]
    for name, label in names * 3:
        assert answers.lookup(name, label) == registry.lookup(name, label)
    assert asked == names
    records = [quote("a1", "Kim Jong-un"), quote("a2", "Kim Jong Un"), quote("a1", "KCNA")]
    assert canonical(records, SettledAnswers(registry), MENTIONS) == canonical(
        records, registry, MENTIONS
    )
