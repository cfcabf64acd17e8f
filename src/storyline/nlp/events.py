"""Events: who did what to whom, where, read from trigger words and the dependency parse.

A verb or noun whose lemma is listed in ``EVENT_TYPES`` triggers an event (``inspected``,
``inspection``, ``test-firing``, ``shipped``, ``deny``). Its participants come from the parse
spaCy already made, each with the span it was read from:

- actor: the verb's subject (shared across ``and``; the described noun of ``factories
  producing rifles``), the ``by`` agent of a passive, or for a noun its owner (``his
  inspection``), its ``by`` phrase (``visits by Kim``) or the subject of the verb it serves
  (``he oversaw the test-firing``, ``Kim speaks ... during an inspection``);
- target: whom or what the act is aimed at: the direct object, the recipient of a transfer
  (``to Russia``), the party met (``with``), the object of ``of`` for a noun;
- theme: what is moved, made or charged: ``weapons`` in ``sending weapons to Russia``,
  ``sending weapons`` in ``accused North Korea of sending weapons``;
- place: a place named after ``in``, ``at`` or ``on``.

Pronouns and short names resolve through ``find_mentions``. Negated triggers (``did not
visit``) and nouns used as modifiers (``firing mission``, ``production lines``) are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storyline.model import Event, Mention, Span
from storyline.nlp.docview import view_of
from storyline.nlp.entities.entities import find_mentions
from storyline.nlp.participants import MentionIndex, Participant, conjoined, mention_index
from storyline.nlp.subjects import subject_of


@dataclass(frozen=True, slots=True)
class EventType:
    """One kind of event, the words that trigger it and its nearest PLOVER category."""

    description: str
    plover: str | None  # PLOVER event type (CAMEO2PLOVER 2021); None where PLOVER has none
    verbs: frozenset[str]
    nouns: frozenset[str] = frozenset()


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


EVENT_TYPES: dict[str, EventType] = {
    "inspect": EventType(
        "visit or inspect a site, unit or weapon (PLOVER CONSULT, mode visit, is the nearest: "
        "PLOVER has no domestic inspection)",
        "CONSULT",
        # "acquainted himself with the system": state-media wording for an inspection
        _words("inspect visit tour acquaint"),
        _words("inspection visit tour"),
    ),
    "test_fire": EventType(
        "test, fire or launch a weapon (PLOVER MOBILIZE: demonstrate military power)",
        "MOBILIZE",
        _words("test-fire launch test"),
        _words("test-firing launch test firing"),
    ),
    "exercise": EventType(
        "hold military exercises or drills (PLOVER MOBILIZE)",
        "MOBILIZE",
        frozenset(),
        _words("exercise drill drills maneuver manoeuvre wargame"),
    ),
    "deploy": EventType(
        "deploy or station forces or weapons (PLOVER MOBILIZE)",
        "MOBILIZE",
        _words("deploy station"),
        _words("deployment"),
    ),
    "produce": EventType(
        "produce or manufacture goods or weapons (no PLOVER category)",
        None,
        _words("produce manufacture mass-produce build"),
    ),
    "transfer": EventType(
        "ship, send, supply or sell goods to someone (PLOVER AID, mode military, when arms)",
        "AID",
        _words("ship send supply provide deliver export transfer sell smuggle"),
        _words("shipment delivery export transfer sale"),
    ),
    "attack": EventType(
        "fire upon, attack or strike a target (PLOVER ASSAULT)",
        "ASSAULT",
        _words("attack strike bomb shell"),
        _words("attack strike"),
    ),
    "accuse": EventType(
        "accuse or blame someone (PLOVER ACCUSE, mode disapprove)",
        "ACCUSE",
        _words("accuse blame allege"),
        _words("accusation allegation"),
    ),
    "condemn": EventType(
        "condemn, criticize or denounce (PLOVER ACCUSE, mode disapprove)",
        "ACCUSE",
        _words("condemn criticize criticise denounce slam"),
    ),
    "deny": EventType(
        "deny an accusation or report (PLOVER REJECT)",
        "REJECT",
        _words("deny refute"),
        _words("denial"),
    ),
    "investigate": EventType(
        "investigate or probe (PLOVER ACCUSE, mode investigate)",
        "ACCUSE",
        _words("investigate probe"),
        _words("investigation probe inquiry"),
    ),
    "meet": EventType(
        "meet or hold talks (PLOVER CONSULT)",
        "CONSULT",
        _words("meet"),
        _words("summit meeting talks"),
    ),
    "threaten": EventType(
        "threaten (PLOVER THREATEN)", "THREATEN", _words("threaten"), _words("threat")
    ),
}

VERB_TRIGGERS = {lemma: name for name, kind in EVENT_TYPES.items() for lemma in kind.verbs}
NOUN_TRIGGERS = {lemma: name for name, kind in EVENT_TYPES.items() for lemma in kind.nouns}
TEST_FIRE_LEMMAS = frozenset({"firing", "fire", "fired"})
# every lemma ``_trigger`` can answer for (a noun also by its lower-cased form)
TRIGGER_LEMMAS = frozenset({*VERB_TRIGGERS, *NOUN_TRIGGERS, *TEST_FIRE_LEMMAS})
# verbs that carry a noun trigger: "he oversaw the test-firing", "they will hold drills"
LIGHT_VERBS = _words("oversee conduct hold carry stage make begin start watch supervise guide")
# the kinds whose noun trigger is done by the subject of the clause it happens during: "Kim
# spoke during an inspection", "said at a meeting" (not "hurled bombs during the strike")
DURING_KINDS = frozenset({"inspect", "meet"})
# what a "send", "deliver" or "provide" moves when it is no transfer of goods
WORDS_SENT = _words(
    """
    message letter email text plea note signal tweet invitation greeting condolence
    congratulation warning speech address remark statement version audience view opinion
    update answer response reply comment information tip detail
    """
)
# how a trigger hangs from the verb that may say it never happened
GOVERNED_DEPS = frozenset({"xcomp", "ccomp", "advcl", "conj"})
# verbs and adjectives that make the act they govern wanted, planned, refused or likely only
UNREALISED_HEADS = _words(
    """
    refuse decline fail expect plan schedule want hope intend aim seek try threaten vow pledge
    promise propose consider likely certain unlikely able unable set
    """
)
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
PLACE_PREPOSITIONS = frozenset({"in", "at", "on", "near"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
OBJECT_DEPS = frozenset({"dobj", "obj", "attr"})


def _may_trigger(lemma: str, lower: str) -> bool:
    """Whether ``_trigger`` can name an event for a token (its ``lemma_`` and ``lower_``): most
    tokens it cannot, and a pass asks it only about these."""
    return lemma.casefold() in TRIGGER_LEMMAS or lower in NOUN_TRIGGERS


def _trigger(doc: Doc, token: Token) -> tuple[str, int] | None:
    """The event type a token triggers and the first token of the trigger phrase (None for a
    token ``_may_trigger`` rules out)."""
    lemma = token.lemma_.casefold()
    start = token.i
    hyphenated = token.i >= 2 and doc[token.i - 1].text == "-"
    if hyphenated and doc[token.i - 2].lower_ == "test" and lemma in TEST_FIRE_LEMMAS:
        return "test_fire", token.i - 2  # "test-firing", "test-fired"
    if token.pos_ == "VERB" and token.dep_ not in {"amod"}:
        name = VERB_TRIGGERS.get(lemma)
        if lemma == "fire" and any(
            c.lower_ in {"upon", "on", "at", "into"} for c in token.children
        ):
            name = "attack"  # "missiles fired upon Ukraine"
        elif lemma == "fire":
            name = "test_fire"
    elif token.pos_ == "NOUN" and token.dep_ not in MODIFIER_DEPS:
        name = NOUN_TRIGGERS.get(lemma) or NOUN_TRIGGERS.get(token.lower_)
    else:
        return None
    if name is None or any(c.dep_ == "neg" for c in token.children) or _unrealised(token):
        return None
    return name, start


def _unrealised(token: Token) -> bool:
    """Whether the act a trigger names did not happen as told: it hangs (as the clause a verb
    takes, or a clause beside it) from a verb that is negated or says it is only wanted,
    planned or refused: ``refuses to attack Clinton``, ``is not expected to meet Pope
    Francis``, ``is almost certain to win a slot, providing an audience``."""
    current = token
    for _ in range(3):  # trigger -> (clause ->) the verb that governs it
        if current.dep_ not in GOVERNED_DEPS or current.head.i == current.i:
            return False
        current = current.head
        negated = any(c.dep_ == "neg" for c in current.children)
        # "is certain to win": the adjective that says so hangs from the verb "be"
        said = [current, *(c for c in current.children if c.dep_ == "acomp")]
        if negated or any(t.lemma_.casefold() in UNREALISED_HEADS for t in said):
            return True
    return False


def _child(token: Token, deps: frozenset[str] | set[str]) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _prep_object(token: Token, words: set[str]) -> Token | None:
    """The object of a preposition hanging from a token: ``to Russia`` -> Russia.

    A verb only counts after ``of`` of an accusation (``accused X of sending weapons``);
    elsewhere it is a clause, not a participant (``the test of what state media called``,
    ``delivering his speech to hitting all of his issues``).
    """
    for child in token.children:
        if child.dep_ in {"prep", "dative", "agent"} and child.lower_ in words:
            found = _child(child, {"pobj", "pcomp"})
            clause = token.pos_ == "VERB" and child.lower_ == "of"
            if found is not None and (found.dep_ == "pobj" or clause):
                return found
    return None


def _noun_actor(kind: str, token: Token) -> Token | None:
    """The actor of a noun trigger: its owner, its ``by`` phrase or its verb's subject (for a
    visit or a meeting, also of the verb it happens during)."""
    owner = _child(token, {"poss"})
    if owner is not None:
        return None if owner.ent_type_ in {"DATE", "TIME"} else owner  # "this year's drills"
    by = _prep_object(token, {"by"})
    if by is not None:
        return by
    head = token
    for _ in range(3):  # noun -> (prep ->) verb: "oversaw the test-firing", "during an inspection"
        if head.dep_ in {"nsubj", "nsubjpass"}:
            return None  # "The inspection came two days after": the noun is the subject
        head = head.head
        if head.pos_ in {"VERB", "AUX"}:
            during = kind in DURING_KINDS and token.head.lower_ in {"during", "at", "in"}
            light = head.lemma_ in LIGHT_VERBS or during
            return subject_of(head) if light else None
    return None


@dataclass(frozen=True, slots=True)
class _Roles:
    actor: Token | None = None
    target: Token | None = None
    theme: Token | None = None
    sides: bool = False  # actor and target are the two conjoined sides of "between X and Y"


def _noun_roles(kind: str, token: Token) -> _Roles:
    between = _prep_object(token, {"between"})
    if between is not None:  # "a summit between Kim and Putin": both sides take part
        sides = conjoined(between)
        return _Roles(sides[0], sides[1] if len(sides) > 1 else None, sides=True)
    if kind == "transfer":
        return _Roles(
            _noun_actor(kind, token), _prep_object(token, {"to"}), _prep_object(token, {"of"})
        )
    aimed = {"on", "against"} if kind == "attack" else set()  # "his attacks on Clinton"
    return _Roles(_noun_actor(kind, token), _prep_object(token, {"of", "to", "with", *aimed}))


def _roles(kind: str, token: Token) -> _Roles:
    if token.pos_ != "VERB":
        return _noun_roles(kind, token)
    passive = _child(token, {"nsubjpass"})
    actor = _prep_object(token, {"by"}) if passive is not None else subject_of(token)
    if token.dep_ in {"acl", "relcl"} and token.tag_ == "VBN" and subject_of(token) is None:
        actor, passive = None, token.head  # "shells manufactured in North Korea"
    obj = passive if passive is not None else _child(token, OBJECT_DEPS | {"dative"})
    if kind == "transfer":
        recipient = _prep_object(token, {"to"})
        supplied = _prep_object(token, {"with"})  # "supplied Russia with old stockpiles"
        if recipient is None and supplied is not None:
            return _Roles(actor, obj, supplied)
        return _Roles(actor, recipient, obj)
    if kind == "accuse":
        return _Roles(actor, obj, _prep_object(token, {"of"}))
    if kind == "meet" and obj is None:
        obj = _prep_object(token, {"with"})
    return _Roles(actor, obj)


def _place(token: Token) -> Token | None:
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in PLACE_PREPOSITIONS:
            place = _child(prep, {"pobj"})
            if place is not None and place.ent_type_ in PLACE_ENTS:
                return place
    return None


def _named(
    index: MentionIndex, token: Token | None, with_conjuncts: bool = True
) -> Participant | None:
    """A participant for a role head; conjuncts join: ``Pyongyang and Moscow``."""
    if token is None:
        return None
    if token.pos_ == "VERB":  # "of sending weapons": the act and its object
        obj = _child(token, OBJECT_DEPS)
        words = token.doc[token.i : (obj.i if obj is not None and obj.i > token.i else token.i) + 1]
        return Participant(words.text, Span(words.start_char, words.end_char))
    heads = conjoined(token) if with_conjuncts else [token]
    people = [p for p in (index.participant(t) for t in heads) if p is not None]
    if len(people) <= 1:
        return people[0] if people else None
    names = " and ".join(dict.fromkeys(p.name for p in people))
    return Participant(names, Span(people[0].span.start, max(p.span.end for p in people)))


def _event(
    doc: Doc, article_id: str, kind: str, start: int, token: Token, index: MentionIndex
) -> Event:
    roles = _roles(kind, token)
    actor = _named(index, roles.actor, with_conjuncts=not roles.sides)
    target = _named(index, roles.target)
    theme = _named(index, roles.theme)
    place = _named(index, _place(token), with_conjuncts=False)
    trigger = doc[start : token.i + 1]
    return Event(
        article_id=article_id,
        type=kind,
        trigger=Span(trigger.start_char, trigger.end_char),
        actor=actor.name if actor else None,
        actor_span=actor.span if actor else None,
        target=target.name if target else None,
        target_span=target.span if target else None,
        place=place.name if place else None,
        place_span=place.span if place else None,
        theme=theme.name if theme else None,
        theme_span=theme.span if theme else None,
        actor_entity_id=actor.entity_id if actor else None,
        target_entity_id=target.entity_id if target else None,
    )


def _says_something(token: Token) -> bool:
    """Whether what a transfer trigger moves is words or attention, not goods."""
    moved = _child(token, OBJECT_DEPS) if token.pos_ == "VERB" else _prep_object(token, {"of"})
    return moved is not None and moved.lemma_.casefold() in WORDS_SENT


def find_events(
    doc: Doc, article_id: str = "", mentions: list[Mention] | MentionIndex | None = None
) -> list[Event]:
    """The events of a parsed document, in text order, typed by ``EVENT_TYPES``.

    Pass the article's ``mentions`` (or their ``MentionIndex``) when already found
    (``find_mentions``), to resolve participants without finding them again.
    """
    index = mention_index(doc, find_mentions(doc, article_id) if mentions is None else mentions)
    events = []
    view = view_of(doc)
    for i, (lemma, lower) in enumerate(zip(view.lemmas, view.lowers, strict=True)):
        if not _may_trigger(lemma, lower):
            continue
        token = doc[i]
        found = _trigger(doc, token)
        if found is not None:
            event = _event(doc, article_id, *found, token, index)
            if _kept(event, token):
                events.append(event)
    return events


def _kept(event: Event, token: Token) -> bool:
    """Whether an event is worth keeping: a verb needs a participant, a meeting a party, and
    a transfer moves goods, not words (``sent a text message to his supporters``, ``delivering
    his stump speech``, ``providing an audience``).

    A noun alone (``The inspection came two days after``) still marks when the event was
    reported; ``No further details were provided`` and ``met their quotas`` mark nothing.
    """
    if event.type == "transfer" and _says_something(token):
        return False
    if event.type == "meet" and token.pos_ == "VERB":
        return bool(event.actor_entity_id or event.target_entity_id)
    if token.pos_ == "VERB":
        return event.actor is not None or event.target is not None
    return True
