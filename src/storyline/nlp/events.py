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
- place: a place named after ``in``, ``at`` or ``on``;
- time: the article's time expression that its own clause holds (``_own_time``): one that
  modifies the trigger itself (``the meeting on Monday``) or the verb of its clause (``In
  2008, Giuliani ended his speaking tour``), never one of another clause or another noun
  (``electing a Democrat in November`` beside a meeting, ``Since his arrest in August 2013,
  Soltan alleged``).

Pronouns and short names resolve through ``find_mentions``. Negated triggers (``did not
visit``) and nouns used as modifiers (``firing mission``, ``production lines``) are skipped.

An event is kept only when its sentence shows the act itself (``_shows_the_act``): an attack needs
violence (words against a rival, ``Sanders attacked Clinton``, are criticism, not PLOVER
ASSAULT), a launch or test a weapon, a making a made thing and a transfer goods moved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from storyline.model import Event, Mention, Span, TimeRef, TimexType
from storyline.nlp.docview import view_of
from storyline.nlp.entities.entities import find_mentions
from storyline.nlp.participants import (
    PERSONAL_PRONOUNS,
    MentionIndex,
    Participant,
    conjoined,
    mention_index,
)
from storyline.nlp.speaking_nouns import (
    GROUP_NOUNS,
    PEOPLE_NOUNS,
    PERSON_NOUNS,
    QUANTITY_HEADS,
    word_set,
)
from storyline.nlp.subjects import SUBJECT_DEPS, VERBS, subject_of


@dataclass(frozen=True, slots=True)
class EventType:
    """One kind of event, the words that trigger it and its nearest PLOVER category."""

    description: str
    plover: str | None  # PLOVER event type (CAMEO2PLOVER 2021); None where PLOVER has none
    verbs: frozenset[str]
    nouns: frozenset[str] = frozenset()


EVENT_TYPES: dict[str, EventType] = {
    "inspect": EventType(
        "visit or inspect a site, unit or weapon (PLOVER CONSULT, mode visit, is the nearest: "
        "PLOVER has no domestic inspection)",
        "CONSULT",
        # "acquainted himself with the system": state-media wording for an inspection
        word_set("inspect visit tour acquaint"),
        word_set("inspection visit tour"),
    ),
    "test_fire": EventType(
        "test, fire or launch a weapon (PLOVER MOBILIZE: demonstrate military power)",
        "MOBILIZE",
        word_set("test-fire launch test"),
        word_set("test-firing launch test firing"),
    ),
    "exercise": EventType(
        "hold military exercises or drills (PLOVER MOBILIZE)",
        "MOBILIZE",
        frozenset(),
        word_set("exercise drill drills maneuver manoeuvre wargame"),
    ),
    "deploy": EventType(
        "deploy or station forces or weapons (PLOVER MOBILIZE)",
        "MOBILIZE",
        word_set("deploy station"),
        word_set("deployment"),
    ),
    "produce": EventType(
        "produce or manufacture goods or weapons (no PLOVER category)",
        None,
        word_set("produce manufacture mass-produce build"),
    ),
    "transfer": EventType(
        "ship, send, supply or sell goods to someone (PLOVER AID, mode military, when arms)",
        "AID",
        word_set("ship send supply provide deliver export transfer sell smuggle"),
        word_set("shipment delivery export transfer sale"),
    ),
    "attack": EventType(
        "fire upon, attack or strike a target (PLOVER ASSAULT)",
        "ASSAULT",
        word_set("attack strike bomb shell"),
        word_set("attack strike"),
    ),
    "accuse": EventType(
        "accuse or blame someone (PLOVER ACCUSE, mode disapprove)",
        "ACCUSE",
        word_set("accuse blame allege"),
        word_set("accusation allegation"),
    ),
    "condemn": EventType(
        "condemn, criticize or denounce (PLOVER ACCUSE, mode disapprove)",
        "ACCUSE",
        word_set("condemn criticize criticise denounce slam"),
    ),
    "deny": EventType(
        "deny an accusation or report (PLOVER REJECT)",
        "REJECT",
        word_set("deny refute"),
        word_set("denial"),
    ),
    "investigate": EventType(
        "investigate or probe (PLOVER ACCUSE, mode investigate)",
        "ACCUSE",
        word_set("investigate probe"),
        word_set("investigation probe inquiry"),
    ),
    "meet": EventType(
        "meet or hold talks (PLOVER CONSULT)",
        "CONSULT",
        word_set("meet"),
        word_set("summit meeting talks"),
    ),
    "threaten": EventType(
        "threaten (PLOVER THREATEN)", "THREATEN", word_set("threaten"), word_set("threat")
    ),
}

VERB_TRIGGERS = {lemma: name for name, kind in EVENT_TYPES.items() for lemma in kind.verbs}
NOUN_TRIGGERS = {lemma: name for name, kind in EVENT_TYPES.items() for lemma in kind.nouns}
TEST_FIRE_LEMMAS = frozenset({"firing", "fire", "fired"})
# every lemma ``_trigger`` can answer for (a noun also by its lower-cased form)
TRIGGER_LEMMAS = frozenset({*VERB_TRIGGERS, *NOUN_TRIGGERS, *TEST_FIRE_LEMMAS})
# verbs that carry a noun trigger: "he oversaw the test-firing", "they will hold drills"
LIGHT_VERBS = word_set(
    "oversee conduct hold carry stage make begin start watch supervise guide issue"
)
# the kinds whose noun trigger is done by the subject of the clause it happens during: "Kim
# spoke during an inspection", "said at a meeting" (not "hurled bombs during the strike")
DURING_KINDS = frozenset({"inspect", "meet"})
# what a "send", "deliver" or "provide" moves when it is no transfer of goods
WORDS_SENT = word_set(
    """
    message letter email text plea note signal tweet invitation greeting condolence
    congratulation warning speech address remark statement version audience view opinion
    update answer response reply comment information tip detail question memo referral agenda
    brief petition complaint request notice report wave
    """
)
# what is given, built or won that is no goods and no made thing: "provided medical care",
# "providing him a comfortable lead", "built a nearly insurmountable lead", "the leverage he
# built", "delivered a blowout win", "transferred his financial support"
HELP_AND_STANDING = word_set(
    """
    care support service assistance help aid advice guidance leadership protection cover
    lead leverage edge advantage margin majority momentum win victory boost chance opportunity
    platform outline overview account explanation evidence proof insight context example case
    argument coalition alliance relationship reputation career base following trust consensus
    brand image name record legacy movement campaign empire fortune pressure confidence
    critique criticism rebuke praise talk lecture reason verdict ultimatum order immunity
    organization organisation operation team network infrastructure turnout revenue
    outcome result excitement enthusiasm
    """
)
NOT_GOODS = WORDS_SENT | HELP_AND_STANDING
# a launch or a test is a weapon's ("launched a new fashion line", "launched an armed helicopter",
# "launched his campaign" are not): the words that name one
WEAPON_WORDS = word_set(
    """
    missile rocket projectile icbm irbm slbm ballistic warhead weapon artillery shell launcher
    torpedo drone bomb munition nuclear hypersonic howitzer gun salvo interceptor satellite
    live-fire
    """
)
# "provide" and "deliver" mostly give words, services or results ("delivered 32 million
# viewers", "providing a solution", "provide a return on investment"): they move goods only
# when what they move is named as goods
VAGUE_TRANSFERS = word_set("provide deliver")
GOODS = WEAPON_WORDS | word_set(
    """
    arms ammunition aid food fuel oil gas water money cash payment fund loan equipment supply
    supplies medicine vaccine container cargo goods grain shipment package document vehicle
    """
)
# an attack is violence: its sentence names a weapon, a wound, a death or an armed doer
VIOLENCE_WORDS = WEAPON_WORDS | word_set(
    """
    knife machete grenade explosive rifle shotgun handgun pistol bullet shot gunfire gunshot
    ammunition firebomb arson kill wound injure stab shoot hijack sink rape murder dead death
    troop soldier army militant pirate gunman attacker insurgent rebel terrorist
    warship navy airstrike raid riot rioter rioting violent violence petrol molotov tank
    """
)
# a target that is a place, a building or a vessel is attacked with force, not with words
TARGET_PLACES = word_set(
    """
    station store shop bank building embassy base vessel ship boat trawler tanker village town
    city convoy checkpoint school hospital church mosque synagogue temple home house office
    headquarters camp airport port plant factory bridge
    """
)
# who can meet, threaten or be sent: a person, a body or people named by a common noun
PARTY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PARTY_NOUNS = (
    PERSON_NOUNS
    | GROUP_NOUNS
    | PEOPLE_NOUNS
    | word_set(
        """
        staff staffer volunteer delegation delegate family crowd counterpart envoy host guest
        troop force rebel militant fighter protester follower ally rival opponent they we i
        you who
        """
    )
)
# a doer no one in particular is: "anyone who visited the store" tells of no visit
INDEFINITE_DOERS = word_set("anyone anybody everyone everybody whoever someone somebody nobody")
# forces and arms: a deployment or an exercise is military when its sentence names them
# ("deployed hundreds of volunteers", "a tactic deployed by", "an exercise in democracy" are not)
# forces sent somewhere are deployed, not transferred: "sent thousands of troops", "sending the
# nuclear submarine USS Missouri to Busan"
FORCES_WORDS = word_set(
    """
    troop soldier marine battalion brigade regiment warship submarine fleet peacekeeper
    commando
    """
)
MILITARY_WORDS = (
    WEAPON_WORDS
    | FORCES_WORDS
    | word_set(
        """
        military army navy naval force forces jet fighter bomber aircraft tank artillery war
        combat defense defence maneuver manoeuvre marines
        """
    )
)
MILITARY_KINDS = frozenset({"deploy", "exercise"})
# what a denial withholds rather than rejects: "denied a handgun permit", "denial of access"
WITHHELD = word_set(
    """
    access permit permission license licence entry visa bail parole benefit right status care
    support service assistance help aid protection cover chance opportunity platform
    """
)
# a sale or an export with no seller and no buyer is the trade in general ("gun sales", "auto
# sales were down", "a ban on the sale of alcohol"), not an act
TRADE_NOUNS = word_set("sale sales export exports")
# prepositions that say an act was not done: "instead of making an immediate visit"
NOT_DONE = word_set("instead without")
# what a planned act that has not taken place is the subject of: "the meeting was scheduled",
# "was delayed" (not "failed", which a meeting that took place can do: "the summit meeting ...
# had failed to break the ice")
CALLED_OFF = word_set("schedule plan expect set propose cancel postpone delay scrap suspend")
# a pronoun or a quantifier that stands for people as a subject: "several threatened to disrupt
# the party's convention"
PEOPLE_WORDS = word_set("several some many both others few most all each")
THING_PRONOUNS = word_set("it this that which what these those something nothing")
# a "strike" in a sentence about a car is a collision, not an attack
VEHICLE_WORDS = word_set(
    "car vehicle truck van suv bus motorcycle pedestrian driver crash collision"
)
# an attack of the body: "her heart attack"
ILLNESS_WORDS = word_set("heart panic asthma anxiety seizure")
# verbs whose "to" clause tells an act that happened: "began to attack", "managed to launch"
IMPLICATIVE_HEADS = word_set("begin start continue proceed manage resume")
MODALS = word_set("will would could should may might must can shall 'll 'd wo ca")
# how a trigger hangs from the verb that may say it never happened
GOVERNED_DEPS = frozenset({"xcomp", "ccomp", "advcl", "conj"})
# verbs and adjectives that make the act they govern wanted, planned, refused or likely only
UNREALISED_HEADS = word_set(
    """
    refuse decline fail expect plan schedule want hope intend aim seek try threaten vow pledge
    promise propose consider likely certain unlikely able unable set
    """
)
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
# what stands beside a trigger rather than in its phrase
BESIDE_DEPS = frozenset({"nsubj", "nsubjpass", "conj", "cc", "advcl", "punct", "mark", "relcl"})
PERSON_PRONOUNS = word_set("him her them me us you himself herself themselves")
PLACE_PREPOSITIONS = frozenset({"in", "at", "on", "near"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
TIMES = frozenset({"DATE", "TIME"})
OBJECT_DEPS = frozenset({"dobj", "obj", "attr"})
CLAUSE_OR_OBJECT = OBJECT_DEPS | {"ccomp", "xcomp"}
# what a target can be: a noun phrase, never a verb or an adverb the parse hung there
NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
# what dates an event: a day or a time, not a duration ("for three years") nor a frequency
WHEN_TYPES = frozenset({TimexType.DATE, TimexType.TIME})
# the values of a time that names no point of the calendar: "recently", "now", "in the future"
NO_POINT = re.compile(r"^(?:PAST|PRESENT|FUTURE)_REF$")
# what stands between a time expression and the word it modifies: "in 2008", "on and after"
PASSING_POS = frozenset({"ADP", "CCONJ", "PUNCT"})
# how a verb hangs from a verb whose clause it shares: "began to attack", "ended his speaking
# tour and endorsed" (a coordinated verb with a subject of its own is a clause of its own)
SHARED_CLAUSE_DEPS = frozenset({"xcomp", "conj"})
# the words that open a clause happening in the time of the clause it modifies: "Throughout
# 2023, tensions increased as North Korea conducted several missile tests"
SIMULTANEOUS_MARKS = word_set("as while when")
# the prepositions whose noun is the setting of the act of the verb they hang from, in its
# time: "In an address early Friday morning, Hollande condemned", "issued a threat ... in a May
# 4 letter" (not "since", "after" or "before": "Since his arrest in August 2013, Soltan")
SETTING_PREPOSITIONS = word_set("in at during")
# the prepositions whose noun's act takes the time of the verb they hang from
CARRYING_PREPOSITIONS = SETTING_PREPOSITIONS | {"with"}
# an amount has no time of its own: "sold one of their oil fields for $30 million in 1957"
AMOUNT_ENTS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL"})


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
    if token.pos_ == "NOUN" and token.dep_ in OBJECT_DEPS and token.head.lemma_ in LIGHT_VERBS:
        current = token.head  # "will also hold a separate meeting": the verb tells when
    if _unasserted(current) or _not_done(current) or _called_off(token):
        return True
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


def _not_done(token: Token) -> bool:
    """Whether an act is told as one not done: ``instead of making an immediate visit``,
    ``without visiting``; the search stops at the first verb above the act."""
    current = token
    for _ in range(3):
        if current.head.i == current.i or current.head.pos_ in {"VERB", "AUX"}:
            return False
        current = current.head  # "of", which "instead" modifies or hangs from
        if current.lower_ in NOT_DONE or any(c.lower_ in NOT_DONE for c in current.children):
            return True
    return False


def _called_off(token: Token) -> bool:
    """Whether a noun trigger names an act that did not (yet) take place: the subject of a verb
    that plans, delays or cancels it (``the meeting was scheduled ... but was delayed``), one
    that ``no`` denies (``no telephone call or meeting planned``), or the place of an act told
    with a modal (``He will also come to the meeting``)."""
    if token.pos_ != "NOUN":
        return False
    nouns = [token, token.head] if token.dep_ == "conj" else [token]
    if any(c.dep_ == "det" and c.lower_ == "no" for n in nouns for c in n.children):
        return True
    head = token.head
    if token.dep_ in {"nsubj", "nsubjpass"}:
        verbs = [head, *(c for c in head.children if c.dep_ == "conj")]
        lemmas = {v.lemma_.casefold() for v in verbs}
        return bool(lemmas & CALLED_OFF)
    if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
        verb = head.head
        return any(c.dep_ == "aux" and c.lower_ in MODALS for c in verb.children)
    return False


def _unasserted(token: Token) -> bool:
    """Whether a verb trigger tells an act to come, wanted or ordered rather than one reported:
    a modal says so (``said he would bomb``), and so does a base form (``is going to build a
    wall``, ``had agreed to send the actress``, ``calls for a special prosecutor to
    investigate``, ``deny ... responsibility`` after ``allows him to``), unless ``did``
    asserts it or a verb such as ``began`` says it happened (``has begun to attack``)."""
    if token.pos_ != "VERB":
        return False
    auxiliaries = [c for c in token.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.lower_ in MODALS for a in auxiliaries):
        return True
    if token.tag_ != "VB" or any(a.lemma_ == "do" for a in auxiliaries):
        return False
    infinitive = any(a.lower_ == "to" for a in auxiliaries) and token.dep_ == "xcomp"
    return not (infinitive and token.head.lemma_.casefold() in IMPLICATIVE_HEADS)


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
    if kind == "transfer":  # "shipments of shells", "arms shipments"
        moved = _prep_object(token, {"of"}) or _child(token, {"compound"})
        return _Roles(_noun_actor(kind, token), _prep_object(token, {"to"}), moved)
    aimed = {"on", "against"} if kind == "attack" else set()  # "his attacks on Clinton"
    return _Roles(_noun_actor(kind, token), _prep_object(token, {"of", "to", "with", *aimed}))


def _reduced_passive(token: Token) -> bool:
    """Whether a verb is a past participle with no auxiliary and no object, so its subject is
    the one it is done to: ``the woman accused of killing two co-workers`` (an active past
    participle has ``have``: ``she has accused``)."""
    if token.tag_ != "VBN" or _child(token, CLAUSE_OR_OBJECT | {"aux", "auxpass"}):
        return False
    return _child(token, {"nsubj"}) is not None


def _relative_object(token: Token) -> Token | None:
    """The noun a relative clause describes when it is the verb's object: ``the tweets he sent
    out``, ``the leverage he built`` (not ``a factory that produces launchers``)."""
    if token.dep_ != "relcl" or _child(token, {"nsubj"}) is None:
        return None
    return token.head if subject_of(token) is not token.head else None


def _roles(kind: str, token: Token) -> _Roles:
    if token.pos_ != "VERB":
        return _noun_roles(kind, token)
    passive = _child(token, {"nsubjpass"})
    agent = next((c for c in token.children if c.dep_ == "agent"), None)
    actor = subject_of(token)
    if agent is not None or passive is not None or _reduced_passive(token):
        # "was denounced by the global head of the Roman Catholic Church": the by-phrase
        # does it, also when the verb shares its passive subject with another
        actor, passive = _child(agent, {"pobj"}) if agent else None, passive or actor
    if token.dep_ in {"acl", "relcl"} and token.tag_ == "VBN" and subject_of(token) is None:
        actor, passive = None, token.head  # "shells manufactured in North Korea"
    obj = passive if passive is not None else _child(token, OBJECT_DEPS)
    obj = obj or _relative_object(token)
    if kind == "transfer":
        recipient = _prep_object(token, {"to"}) or _child(token, {"dative"})
        supplied = _prep_object(token, {"with"})  # "supplied Russia with old stockpiles"
        if recipient is None and supplied is not None:
            return _Roles(actor, obj, supplied)
        return _Roles(actor, recipient, obj)
    if token.lemma_ == "fire":  # "fired a total of 11 shots at the suspect": the shots are spent
        return _Roles(actor, _prep_object(token, {"at", "on", "upon", "into"}), obj)
    obj = obj or _child(token, {"dative"})
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
    token = _named_subject_first(index, token) or token
    heads = conjoined(token) if with_conjuncts else [token]
    people = [p for p in (index.participant(t) for t in heads) if p is not None]
    if len(people) <= 1:
        return people[0] if people else None
    names = " and ".join(dict.fromkeys(p.name for p in people))
    return Participant(names, Span(people[0].span.start, max(p.span.end for p in people)))


def _counted(token: Token | None) -> Token | None:
    """What a count or a measure is of: ``a total of 11 shots`` -> shots, ``hundreds of
    homes`` -> homes; other heads stand for themselves."""
    if token is None or not (token.lemma_.casefold() in QUANTITY_HEADS or token.pos_ == "NUM"):
        return token
    return _prep_object(token, {"of"}) or token


def _focused(roles: _Roles) -> _Roles:
    """The roles with counts read through and a target that is no noun phrase dropped:
    ``Donald Trump — attack: said`` came from a verb the parse hung as an object."""
    target = _counted(roles.target)
    if target is not None and (target.pos_ not in NOMINAL or target.ent_type_ in TIMES):
        target = None  # "struck ... Wednesday night": a time is no target
    return _Roles(roles.actor, target, _counted(roles.theme), roles.sides)


def _named_subject_first(index: MentionIndex, token: Token) -> Token | None:
    """The antecedent of a personal pronoun when it is nearer than the person
    ``MentionIndex`` finds: a proper-noun subject earlier in its own sentence that is no
    mention (``Mateen carried out the slaughter ... although he had twice been investigated``,
    where the person before was a ``Twitter`` feed the parse took for a person)."""
    if token.lower_ not in PERSONAL_PRONOUNS or index.mention(token) is not None:
        return None
    before = token.doc[token.sent.start : token.i]
    named = [t for t in before if t.dep_ == "nsubj" and t.pos_ == "PROPN"]
    return named[-1] if named and index.mention(named[-1]) is None else None


def _event(
    doc: Doc,
    article_id: str,
    kind: str,
    start: int,
    token: Token,
    index: MentionIndex,
    roles: _Roles,
) -> Event:
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


def _time_owner(doc: Doc, timex: TimeRef) -> Token | None:
    """The word a time expression modifies: the first word above it that is neither in it, a
    preposition or a conjunction, nor an amount (``In 2012, Gingrich said`` -> said, ``his
    arrest in August 2013`` -> arrest, ``the meeting on Monday`` -> meeting)."""
    words = doc.char_span(timex.span.start, timex.span.end, alignment_mode="expand")
    if words is None or len(words) == 0:
        return None
    token = words.root
    for _ in range(6):  # a time phrase is short; bound the climb against odd parses
        if token.head.i == token.i:
            return None
        token = token.head
        inside = words.start <= token.i < words.end or token.ent_type_ in TIMES
        amount = token.ent_type_ in AMOUNT_ENTS or token.pos_ == "NUM"
        if not (inside or amount) and token.pos_ not in PASSING_POS:
            return token
    return None


def _times_by_owner(doc: Doc, timexes: Sequence[TimeRef]) -> dict[int, list[TimeRef]]:
    """The times of a document that name a point of the calendar (``WHEN_TYPES``, not
    ``NO_POINT``; resolved or not: an article's date may come from its story after the
    analysis) by the index of the word each modifies (``_time_owner``)."""
    owned: dict[int, list[TimeRef]] = {}
    for timex in timexes:
        if timex.type not in WHEN_TYPES or NO_POINT.match(timex.value):
            continue
        owner = _time_owner(doc, timex)
        if owner is not None:
            owned.setdefault(owner.i, []).append(timex)
    return owned


def _shares_the_time(verb: Token) -> bool:
    """Whether a verb's clause happens in the time of the verb it hangs from: a ``to`` clause
    or a coordinated verb without a subject of its own (``ended his speaking tour to run``), or
    a clause opened by ``as``, ``while`` or ``when`` (``SIMULTANEOUS_MARKS``), or a bare
    participle that goes on telling the act (``in a speech Sunday, accusing``)."""
    if verb.head.i == verb.i or verb.head.pos_ not in VERBS:
        return False
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and not _child(verb, SUBJECT_DEPS | {"mark"}):
        return True  # "hurled the kitchen sink at Sanders in a speech Sunday, accusing"
    if verb.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in SIMULTANEOUS_MARKS for c in verb.children)
    own_subject = any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    return verb.dep_ in SHARED_CLAUSE_DEPS and not own_subject


def _clause_words(token: Token) -> list[Token]:
    """The words whose time is a trigger's, nearest first: the trigger, the verb that carries
    a noun trigger (``_carrier``), the verbs above whose time its clause shares
    (``_shares_the_time``) and their settings (``_settings``). Never a verb of another clause
    (a relative clause, another adverbial clause, a reported clause, a coordinated clause with
    its own subject) nor another noun; a noun trigger's own relative clause is its."""
    # a noun trigger's own relative clause tells of it: "the nuclear test that North Korea
    # conducted last night"
    described = [c for c in token.children if c.dep_ in {"relcl", "acl"}]
    found = [token, *described] if token.pos_ not in VERBS else [token]
    current = _carrier(token) if token.pos_ not in VERBS else token
    if current is None:
        return found
    if current.i != token.i:
        found.append(current)
    for _ in range(3):  # a chain of shared clauses is short; bound it against odd parses
        if not _shares_the_time(current):
            break
        current = current.head
        found.append(current)
    return found + [w for verb in found for w in _settings(verb) if w.i != token.i]


def _carrier(noun: Token) -> Token | None:
    """The verb whose time a noun trigger's act has: the verb it is the subject or the object
    of (``the meeting took place on Monday``, ``held a meeting``, ``called an artillery
    firing drill last month``), or the verb it is the setting of (``spoke at a meeting``,
    ``kicked off 2020 with a visit``); None under another preposition (``Since his arrest in
    August 2013``: ``CARRYING_PREPOSITIONS``)."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in CARRYING_PREPOSITIONS:
        head = head.head
    elif noun.dep_ not in SUBJECT_DEPS | OBJECT_DEPS:
        return None
    return head if head.i != noun.i and head.pos_ in VERBS else None


def _settings(verb: Token) -> list[Token]:
    """The words beside a verb whose time is its clause's: the noun of its setting (``in an
    address``, ``in a May 4 letter``: ``SETTING_PREPOSITIONS``) and the verb of a clause it
    takes that happens at the same time (``Three years later while walking on Coney Island,
    she met``)."""
    if verb.pos_ not in VERBS:
        return []
    found = []
    for child in verb.children:
        noun = _child(child, {"pobj"}) if child.lower_ in SETTING_PREPOSITIONS else None
        if child.dep_ == "prep" and noun is not None and noun.pos_ == "NOUN":
            found.append(noun)
        if child.dep_ == "advcl" and _shares_the_time(child):
            found.append(child)
    return found


def _own_time(token: Token, owned: dict[int, list[TimeRef]]) -> TimeRef | None:
    """The time of a trigger's own clause: the one that modifies the nearest of its
    ``_clause_words``, the nearest to the trigger of several; None when its clause has none."""
    for word in _clause_words(token):
        times = owned.get(word.i)
        if times:
            return min(times, key=lambda t: abs(t.span.start - token.idx))
    return None


def _says_something(token: Token) -> bool:
    """Whether what a transfer trigger moves is words or attention, not goods."""
    moved = _child(token, OBJECT_DEPS) if token.pos_ == "VERB" else _prep_object(token, {"of"})
    return moved is not None and moved.lemma_.casefold() in WORDS_SENT


def find_events(
    doc: Doc,
    article_id: str = "",
    mentions: list[Mention] | MentionIndex | None = None,
    timexes: Sequence[TimeRef] = (),
) -> list[Event]:
    """The events of a parsed document, in text order, typed by ``EVENT_TYPES``.

    Pass the article's ``mentions`` (or their ``MentionIndex``) when already found
    (``find_mentions``), to resolve participants without finding them again, and its resolved
    ``timexes`` (``find_timexes``) to give each event the time of its own clause.
    """
    index = mention_index(doc, find_mentions(doc, article_id) if mentions is None else mentions)
    owned = _times_by_owner(doc, timexes)
    events = []
    view = view_of(doc)
    for i, (lemma, lower) in enumerate(zip(view.lemmas, view.lowers, strict=True)):
        if not _may_trigger(lemma, lower):
            continue
        token = doc[i]
        found = _trigger(doc, token)
        if found is None:
            continue
        roles = _focused(_roles(found[0], token))
        if found[0] == "transfer" and _sends_forces(roles):
            found = ("deploy", found[1])
        if _shows_the_act(found[0], token, roles):
            event = _event(doc, article_id, *found, token, index, roles)
            if _kept(event, token):
                events.append(replace(event, time=_own_time(token, owned)))
    return events


def _sends_forces(roles: _Roles) -> bool:
    """Whether what a transfer moves is forces: a deployment (``sent thousands of troops``)."""
    theme = roles.theme
    return theme is not None and bool(_lemmas([theme, *conjoined(theme)]) & FORCES_WORDS)


def _lemmas(tokens: Iterable[Token]) -> set[str]:
    return {w for t in tokens for w in (t.lemma_.casefold(), t.lower_)}


def _complements(token: Token) -> Iterator[Token]:
    """The words of a trigger's own phrase: its objects and modifiers, not its subject, nor the
    clauses and verbs beside it (``testing and ramping up weapons production``)."""
    for child in token.children:
        if child.dep_ not in BESIDE_DEPS:
            yield from child.subtree


def _shows_the_act(kind: str, token: Token, roles: _Roles) -> bool:
    """Whether the sentence shows the act the trigger names and not a homonym of it.

    - an attack is violence: the sentence names a weapon, a wound, a death or an armed doer,
      or the target is a place (``Russia's attack on Ukraine``); words against a rival
      (``Sanders attacked Clinton``, ``Jeb Bush fired at Trump``) are criticism, which the
      ``condemn`` and ``accuse`` verbs cover, and ``fired back`` is a retort; a car that
      strikes a pedestrian is a collision and a heart attack an illness;
    - a launch, a test or a firing is a weapon's (``launched a new fashion line``, ``launched
      an armed helicopter``, ``launched his campaign`` are not);
    - a making has a made thing (``built a nearly insurmountable lead`` has none);
    - a transfer moves goods: something that is no person (``sent him to prison``) and no
      words, help or standing (``providing him a comfortable lead``);
    - a denial with a recipient is a refusal (``denied class-action status to employees``);
    - ``are acquainted with`` is knowing someone, not an inspection;
    - no one in particular does an act (``anyone who visited the store``);
    - a deployment or an exercise is military: its sentence names forces or arms (``deployed
      hundreds of volunteers``, ``a tactic deployed``, ``an exercise in democracy`` are not);
    - a threat is made by someone, a meeting is with someone: ``the violence threatens to
      undermine``, ``cybersecurity threats``, ``met the citizenship criteria`` are not;
    - a sale or an export names a seller or a buyer (``gun sales`` is the trade in general).
    """
    if token.lemma_ == "fire" and any(c.lower_ == "back" for c in token.children):
        return False
    if roles.actor is not None and roles.actor.lower_ in INDEFINITE_DOERS:
        return False
    if kind in MILITARY_KINDS:
        return bool(_lemmas(token.sent) & MILITARY_WORDS)
    if kind == "threaten":
        return roles.actor is not None and _is_party(roles.actor)
    if kind == "meet" and token.pos_ == "VERB" and _child(token, OBJECT_DEPS) is not None:
        return roles.target is not None and _is_party(roles.target)
    if kind == "transfer" and token.lemma_.casefold() in TRADE_NOUNS and token.pos_ == "NOUN":
        return roles.actor is not None or roles.target is not None
    if kind == "attack":
        return _violent(token, roles)
    if kind == "test_fire":
        return bool(_lemmas([token, *_complements(token)]) & WEAPON_WORDS)
    if kind == "produce" and token.pos_ == "VERB":
        return roles.target is not None and not _given_not_goods(roles.target)
    if kind == "transfer" and token.lemma_ in VAGUE_TRANSFERS:
        return roles.theme is not None and bool(_lemmas(roles.theme.subtree) & GOODS)
    if kind == "transfer":
        return roles.theme is not None and not _given_not_goods(roles.theme)
    if kind == "deny":
        return not _withheld(token)
    if token.lemma_ == "acquaint":
        return _child(token, {"auxpass"}) is None and not any(
            c.lemma_ == "be" for c in token.children if c.dep_ == "aux"
        )
    return True


def _is_party(token: Token) -> bool:
    """Whether a role head can be a party to a meeting or a threat: a named person, body or
    place, a pronoun, or a common noun for people or a body (``the delegation``)."""
    if token.ent_type_ in PARTY_LABELS or token.pos_ == "PROPN":
        return True
    lower = token.lower_
    pronoun = lower in PERSONAL_PRONOUNS or lower in PERSON_PRONOUNS or lower in PEOPLE_WORDS
    pronoun = pronoun or (token.pos_ == "PRON" and lower not in THING_PRONOUNS)
    return pronoun or lower in PARTY_NOUNS or token.lemma_.casefold() in PARTY_NOUNS


def _withheld(token: Token) -> bool:
    """Whether a denial withholds something rather than rejecting a charge: it has a recipient
    (``denied class-action status to employees``, ``denied him``), a passive one keeps its
    object (``was denied a handgun permit``) or what it denies is granted, not said
    (``the DNC's denial of access``)."""
    if _prep_object(token, {"to"}) is not None or _child(token, {"dative"}) is not None:
        return True
    if token.pos_ == "NOUN":
        denied = _prep_object(token, {"of"})
        return denied is not None and denied.lemma_.casefold() in WITHHELD
    obj = _child(token, OBJECT_DEPS)
    if obj is not None and (_is_person(obj) or obj.lemma_.casefold() in WITHHELD):
        return True
    return obj is not None and _child(token, {"nsubjpass", "auxpass"}) is not None


def _is_person(token: Token) -> bool:
    return token.ent_type_ == "PERSON" or token.lower_ in PERSON_PRONOUNS


def _violent(token: Token, roles: _Roles) -> bool:
    """Whether an attack trigger's sentence tells of force (``_shows_the_act``)."""
    words = _lemmas(token.sent)
    if _lemmas(c for c in token.children if c.dep_ in MODIFIER_DEPS) & ILLNESS_WORDS:
        return False  # "her heart attack"
    if token.lemma_ == "strike" and words & VEHICLE_WORDS:
        return False  # "the car struck her"
    target = roles.target
    place = target is not None and (
        target.ent_type_ in PLACE_ENTS or target.lemma_.casefold() in TARGET_PLACES
    )
    return place or bool(words & VIOLENCE_WORDS)


def _given_not_goods(token: Token) -> bool:
    """Whether what is moved or made is a person, words, help or standing, not goods."""
    if _is_person(token) or token.lemma_.casefold() in PARTY_NOUNS:
        return True  # "sent 10 of Clinton's senior staffers", "sent a morning-show host"
    return token.lemma_.casefold() in NOT_GOODS or token.lower_ in NOT_GOODS


def _kept(event: Event, token: Token) -> bool:
    """Whether an event is worth keeping: a verb needs a participant, a meeting a party, and
    a transfer moves goods it names, not words (``sent a text message to his supporters``,
    ``delivering his stump speech``, ``providing an audience``).

    A noun alone (``The inspection came two days after``) still marks when the event was
    reported; ``No further details were provided`` and ``met their quotas`` mark nothing.
    """
    if event.type == "transfer" and (_says_something(token) or event.theme is None):
        return False  # "Mr. Trump sent it": nothing named is moved
    if event.type == "produce" and event.target is None:
        return False  # "what he has built"
    if event.type == "meet" and token.pos_ == "VERB":
        return bool(event.actor_entity_id or event.target_entity_id)
    if token.pos_ == "VERB":
        return event.actor is not None or event.target is not None
    return True
