"""What happens to the thing a number counts, and when: the predicate and period of a claim.

``41 people`` says little until the sentence says whether they were killed, injured, missing or
evacuated. ``predicate_of`` reads that from the parse, starting at the counted noun:

- its own modifiers first: ``12 people reported missing`` (missing), ``3,000 people who have
  lost their homes`` (lose home), ``the injured``;
- else the word it depends on, climbing through ``of`` phrases and nouns to the first verb or
  predicative adjective: ``killing at least 41 people`` (kill), ``41 citizens lost their lives``
  (lose life), ``interrupted the handling of 1,100 containers`` (interrupt);
- a light verb takes its complement or subject: ``the budget is 6.2 billion`` (budget),
  ``12 people are dead`` (dead); a verb of beginning or going on takes the verb it governs:
  ``60 residents began to evacuate`` (evacuate), not *begin*, and so does *manage to*; a
  clause about a part (``four robbers, two of whom were disguised``) says nothing of the
  whole; a verb of saying is no
  predicate at all.

``period_of`` finds the time a claim is pinned to: a year on its predicate (``killed 29 people
in 2009``), or an earlier moment when the claim sits in a past temporal clause (``When the
office said that 41 people had died, ...``), which marks a superseded figure.

``predicate_class`` folds synonyms into one class (``kill``, ``die``, ``dead``, ``lose life``:
*death*), so two outlets that word one fact differently still compare; ``counted_key`` folds
the nouns for people (``people``, ``citizens``, ``residents``; a *death toll*) into one.
Pure lexicon at import time: the reconciliation uses it without loading spaCy.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from storyline.model import Precision, Span, TimeRef, TimexType
from storyline.nlp.speaking_nouns import word_set

if TYPE_CHECKING:
    from spacy.tokens import Token

    from storyline.nlp.participants import MentionIndex


# Synonymous predicates: the class is the first word. Only near-synonyms belong together:
# "evacuated" and "lost their homes" count different people, so they stay apart.
_CLASSES = {
    "death": "die dead death kill perish drown fatality fatal toll lose_life claim_life "
    "take_life cost_life killed deceased casualty",
    "injury": "injure injured injury wound wounded hurt",
    "missing": "missing unaccounted disappear",
    "evacuation": "evacuate evacuated evacuation relocate",
    "displacement": "displace displaced homeless lose_home flee",
    "transfer": "ship send deliver transfer export supply provide shipment delivery",
    "disruption": "strand stranded stuck halt interrupt block delay idle trap disrupt paralyse "
    "paralyze",
    "arrest": "arrest detain arrested detained seize seized capture captured bust nab",
    "destruction": "destroy destroyed flatten flattened level levelled leveled raze razed",
    "offer": "offer bid",
}
PREDICATE_CLASSES = {
    word.replace("_", " "): name for name, members in _CLASSES.items() for word in members.split()
}
PEOPLE = word_set(
    "people person persons citizen citizens resident residents inhabitant inhabitants civilian "
    "civilians villager villagers individual individuals member members"
)
# nouns that hold a count rather than name a thing: "the death toll at 41", "the figure of 41"
TALLY_NOUNS = word_set("toll figure number count total tally")
# nouns that name what happened: "41 deaths", "the evacuation of 1,740 residents"
EVENT_NOUNS = word_set(
    "death fatality casualty toll injury evacuation displacement shipment delivery transfer "
    "arrest export bust"
)
# participles that say who the counted are, not what happened to them: "100 people suspected
# of trying to rebuild the commission" were arrested; the suspicion is no event of the story
IDENTITY_VERBS = word_set("suspect accuse allege")
# states a noun can be in, used as nouns themselves: "47 dead", "the injured"
NOMINAL_STATES = word_set("dead injured wounded missing killed")
LIGHT_VERBS = word_set("be have get remain become stand seem")
OBJECT_VERBS = word_set("lose claim take cost")  # "lose their lives": the object says what
# verbs that say when or that something happens, not what: "60 residents began to
# evacuate", "two of them managed to escape"
PHASE_VERBS = word_set("begin start continue keep resume manage")
REPORTING = word_set(
    """say tell report announce state claim estimate add note write confirm reveal disclose
    show find assert insist warn allege accuse acknowledge admit believe conclude put deny
    quote cite"""
)
CLAUSE_DEPS = frozenset({"relcl", "acl"})
COMPLEMENT_DEPS = frozenset({"acomp", "oprd", "xcomp", "attr"})
CLIMB_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "prep", "attr", "oprd", "appos", "conj", "npadvmod",
     "nummod", "quantmod", "compound", "agent", "dative"}
)  # fmt: skip
TEMPORAL_MARKS = word_set("when before after until once")  # not "as", "while": same time
MIN_YEAR, MAX_YEAR = 1800, 2100
# a doer "finished" or "ended" with the figures it made: "Earl Clark finished with 22 points"
ENDING_VERBS = frozenset({"finish", "end", "wind"})
MAX_CLIMB = 8  # heads to climb from a counted noun to its verb; odd parses stay bounded


def predicate_class(predicate: str | None) -> str | None:
    """The synonym class of a predicate (``died`` -> death), the predicate itself when it has
    none, or None for no predicate."""
    if not predicate:
        return None
    return PREDICATE_CLASSES.get(predicate, predicate)


def known_class(predicate: str | None) -> str | None:
    """The synonym class of a predicate only when the lexicon knows it."""
    return PREDICATE_CLASSES.get(predicate or "")


def counted_key(unit: str, predicate: str | None) -> str:
    """The noun a claim counts, with the nouns for people folded into ``people``: ``citizens``,
    a *death toll* and ``47 dead`` count people."""
    if unit in PEOPLE:
        return "people"
    if unit in NOMINAL_STATES or unit in {"life", "lives"}:
        return "people"
    if unit in TALLY_NOUNS and known_class(predicate) in {"death", "injury", "missing"}:
        return "people"
    return unit


def _lemma(token: Token) -> str:
    """A word as the lexicon knows it: ``missing`` stays ``missing``, not the verb ``miss``."""
    lowered = token.lower_
    return lowered if lowered in PREDICATE_CLASSES else token.lemma_.casefold()


def _verb_phrase(verb: Token, came_from: Token) -> str | None:
    """The predicate a verb gives the noun ``came_from`` that depends on it."""
    lemma = _lemma(verb)
    if lemma in PHASE_VERBS:
        governed = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if governed is not None:  # "began to evacuate", "continued fleeing": what happens
            return _verb_phrase(governed, came_from)
    if lemma in LIGHT_VERBS:
        if came_from.dep_ in {"nsubj", "nsubjpass"}:  # "12 people are dead"
            complement = next((c for c in verb.children if c.dep_ in COMPLEMENT_DEPS), None)
            return _lemma(complement) if complement is not None else None
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is None or subject.pos_ != "NOUN":
            return None  # "he's", "Hansbrough is": a doer, not what the number measures
        return _lemma(subject)  # "the budget is 6.2 billion"
    if lemma in REPORTING:
        return None
    if lemma in OBJECT_VERBS:
        thing = next((c for c in verb.children if c.dep_ == "dobj" and c != came_from), None)
        if thing is not None:
            return f"{lemma} {_lemma(thing)}"
    particle = next((c for c in verb.children if c.dep_ == "prt"), None)
    return f"{lemma} {particle.lower_}" if particle is not None else lemma


def _of_a_part(clause: Token) -> bool:
    """Whether a relative clause tells of a part of its noun: ``two of whom were disguised``."""
    return any(
        c.dep_ in {"nsubj", "nsubjpass"} and c.like_num
        and any(p.lower_ == "of" for p in c.children)
        for c in clause.children
    )  # fmt: skip


def _own_predicate(noun: Token) -> str | None:
    """What the counted noun's own modifiers say happened to it."""
    lemma = _lemma(noun)
    if lemma in NOMINAL_STATES or lemma in EVENT_NOUNS:
        return lemma  # "47 dead", "41 deaths", "six fatalities"
    for child in noun.children:
        if child.dep_ in {"amod", "compound"} and _lemma(child) in PREDICATE_CLASSES:
            return _lemma(child)  # "the death toll", "two injured workers"
    for child in noun.children:
        if child.dep_ in CLAUSE_DEPS and child.pos_ in {"VERB", "AUX", "ADJ"}:
            if _lemma(child) in IDENTITY_VERBS or _of_a_part(child):
                continue
            found = _verb_phrase(child, noun)
            if found is None:  # "12 people reported missing": the complement says it
                complement = next((c for c in child.children if c.dep_ in COMPLEMENT_DEPS), None)
                found = _lemma(complement) if complement is not None else None
            if found is not None:
                return found
    return None


def predicate_token(noun: Token) -> Token | None:
    """The word that says what happens to ``noun``: a verb, a predicative adjective or an
    event noun (``the evacuation of``); None when none is found.

    The climb passes ``of``/``for`` phrases of nouns (``a fund of 40 million crowns``) but
    not a phrase hanging from a verb: in ``Of its 600 inhabitants, dozens died`` the
    inhabitants did not die.
    """
    if _named_in_parentheses(noun) is not None:
        return None  # "a sluggish Hasim Rahman (45-7-2, 36 KOs)": his record, not blasted
    token = noun
    for _ in range(MAX_CLIMB):
        head = token.head
        if head.i == token.i or token.dep_ not in CLIMB_DEPS:
            return None
        if token.dep_ == "prep" and head.pos_ in {"VERB", "AUX"}:
            return None
        if head.pos_ in {"VERB", "AUX"} or head.lower_ == "worth":
            return head
        if head.pos_ == "ADJ" and head.dep_ in {"ROOT", "acomp", "ccomp", "advcl", "conj"}:
            return head
        if head.pos_ == "NOUN" and _lemma(head) in EVENT_NOUNS:
            return head
        token = head
    return None


def predicate_of(noun: Token) -> str | None:
    """What happens to the thing a claim counts, as a lemma phrase (see the module doc)."""
    own = _own_predicate(noun)
    if own is not None:
        return own
    head = predicate_token(noun)
    if head is None:
        return None
    if head.lower_ == "worth":
        return "worth"
    if head.pos_ == "NOUN":
        return _lemma(head)
    child = noun
    while child.head.i != head.i:
        child = child.head
    return _verb_phrase(head, child)


# named things a figure may come from that are places: "refugees from Syria" tells an origin
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
TIME_ENTS = frozenset({"DATE", "TIME"})
# entities that are names (not figures: "seven km (4 miles)" is a QUANTITY restated)
NAME_ENTS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART"}) | PLACE_ENTS


def _named_in_parentheses(noun: Token) -> Token | None:
    """The name a parenthesis holding the counted noun follows: ``Hasim Rahman (45-7-2, 36
    KOs)``, ``the Nationals (eight years, $160 million)``, ``Iran (80 million people)``. Such
    figures tell of that person, body or place (its record, its bid, its population), not of
    what the sentence says happens to it: Rahman was blasted, his 36 knockouts were not. A
    parenthesis after a common noun restates its measure (``a loss ($12 million)``) and is
    read as the noun is."""
    head = noun.head
    named = (
        head.pos_ == "PROPN"
        or head.ent_type_ in NAME_ENTS
        or (head.is_title and not head.is_sent_start)
    )
    if noun.dep_ != "appos" or not named:
        return None
    between = [t.text for t in noun.doc[head.i + 1 : noun.i]]
    inside = bool(between) and between[0] == "(" and ")" not in between
    return head if inside else None  # not "Buford (2, 116), the last two players"


def _named_giver(noun: Token) -> Token | None:
    """The name a counted thing comes from: ``13 points from McDermott``, also when the
    parser hangs ``from`` on the verb (``paced by 13 points from Seth VanDeest``). Whose
    points they are tells two players' figures apart. A place is an origin, not a doer."""
    holders = [noun]
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        holders.append(noun.head.head)  # "paced by 13 points from X": the verb holds "from"
    for holder in holders:
        for child in holder.rights:
            if child.dep_ != "prep" or child.lower_ != "from" or child.i < noun.i:
                continue
            name = next((c for c in child.children if c.dep_ == "pobj"), None)
            if name is not None and name.pos_ == "PROPN" and name.ent_type_ not in PLACE_ENTS:
                return name
    return None


def _owner(noun: Token) -> Token | None:
    """Whose the counted thing is by a possessive: ``Artino's 14 points``, ``His 14 points``
    (the player ``his`` stands for, when no subject of its clause is the owner already). A
    place's (``Iran's 80 million people``) is an origin and a day's a time, not a doer."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None or owner.ent_type_ in PLACE_ENTS | TIME_ENTS:
        return None  # "Tuesday's five primaries": a day's, whose are they still
    return owner


def _doer_token(noun: Token) -> Token | None:
    """The name the counted thing comes from (``_named_giver``), the name whose parenthesis
    holds it (``_named_in_parentheses``) or whose it is (``_owner``), else the subject of the
    clause whose verb says what happens to ``noun``, unless the counted thing is that subject
    itself (``47 people died``) or part of it, else the named subject of a verb whose ``with``
    phrase holds ``noun`` (``Earl Clark finished with 22 points``)."""
    from storyline.nlp.subjects import subject_of  # spaCy only where docs are parsed

    giver = _named_giver(noun)
    if giver is not None:
        return giver
    named = _named_in_parentheses(noun)
    if named is not None:  # "Hasim Rahman (45-7-2, 36 KOs)": his; a place's are an origin's
        return None if named.ent_type_ in PLACE_ENTS | TIME_ENTS else named
    owner = _owner(noun)
    if owner is not None and owner.pos_ == "PROPN":
        return owner  # "Carter matched Artino's 14 points": Artino's
    head = predicate_token(noun)
    if head is None:
        # only a name: a pronoun ("He has been charged with two counts") may resolve to the
        # wrong person, and no predicate would keep the two figures apart then
        ended = _verb_ended_with(noun)
        subject = subject_of(ended) if ended is not None else None
        return subject if subject is not None and subject.pos_ == "PROPN" else owner
    if head.pos_ not in {"VERB", "AUX"}:
        return owner
    subject = subject_of(head)
    if subject is None or noun.i in {t.i for t in subject.subtree}:
        return owner  # "His 14 points bettered his career high": whose "his" stands for
    return subject  # "Echenique grabbed 3 of his 11 rebounds": "his" is the subject's own


def _verb_ended_with(noun: Token) -> Token | None:
    """The verb of ending whose ``with`` phrase holds the counted noun: ``Earl Clark finished
    with 22 points and nine rebounds`` (whose rebounds they are, though no predicate says what
    happened to them); not ``nabbed 26 pirates with six rifles`` (what they had)."""
    token = noun
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    holder = token.head
    verb = holder.head
    if token.dep_ == "pobj" and holder.lower_ == "with" and verb.lemma_ in ENDING_VERBS:
        return verb
    return None


def agent_of(noun: Token) -> str | None:
    """The named doer of the predicate: ``Brees`` in ``Brees completed 28 passes``; None when
    the counted thing is itself the subject (``47 people died``) or the doer has no name (a
    flood, a pronoun): only names tell two figures apart with confidence."""
    subject = _doer_token(noun)
    if subject is None or subject.pos_ != "PROPN":
        return None
    return " ".join(t.text for t in subject.subtree if t.pos_ == "PROPN")


def doer_of(noun: Token, index: MentionIndex) -> str | None:
    """Who or what does what a figure measures or counts: the subject phrase as written, on
    its own line (``36 - year - old Duncan Rait``, ``British climber``) with what appositions
    say of it in parentheses (``Robert Buckley (32)``), or the person it
    stands for when it does not name them (``he``, ``another climber, Duncan Rait,`` ->
    ``Duncan Rait``). None when the counted thing is the subject itself; a pronoun that does
    not resolve (``It killed 612 people``) as written: someone's figure, whose is unknown."""
    subject = _doer_token(noun)
    if subject is None:
        return None
    who = index.participant(subject)
    if who is None:
        return subject.text if subject.tag_ == "PRP" else None  # "it", "they"; not "who"
    from storyline.nlp.subjects import one_organisation  # spaCy only where docs are parsed

    if who.entity_id is None and one_organisation(subject):
        named = index.organisation_before(subject)
        if named is not None:
            return index.name_of(named)  # "the team" of the sentence after "the Angels"
    if (
        who.entity_id is not None
        and who.name not in subject.doc[subject.left_edge.i : subject.i + 1].text
    ):
        return who.name  # "he", "another climber, Duncan Rait,": the person it stands for
    words = [t for t in subject.doc[subject.left_edge.i : subject.i + 1] if "\n" not in t.text]
    line_start = max((t.i for t in words if t.i and "\n" in t.doc[t.i - 1].text), default=None)
    if line_start is not None:  # a date line the parser hung on the subject
        words = [t for t in words if t.i >= line_start]
    while words and (words[0].pos_ == "DET" or words[0].is_punct):
        words = words[1:]
    if not words:
        return None
    phrase = subject.doc[words[0].i : words[-1].i + 1].text
    holder = _named_in_parentheses(noun)
    if holder is not None and holder.i == subject.i:
        return phrase  # "Klitschko (52-3, 46 KOs)": the parenthesis is the figure's, not an age
    return " ".join([phrase, *(f"({said})" for said in _appositions(subject))])


def _appositions(subject: Token) -> list[str]:
    """What appositions say of a doer: an age (``Robert Buckley, 32,`` -> ``32``) or a
    description (``Duncan Rait, an Australian,`` -> ``an Australian``), as written."""
    said = []
    for child in subject.children:
        if child.dep_ != "appos" or child.i < subject.i:
            continue
        if child.text.isdigit() and 0 < int(child.text) < 125:
            said.append(child.text)
            continue
        words = [t for t in child.subtree if not t.is_punct and "\n" not in t.text]
        if words and all(w.i > subject.i for w in words):
            said.append(subject.doc[words[0].i : words[-1].i + 1].text)
    return said


def _year_of(token: Token) -> Token | None:
    """A year written in a time phrase hanging from a predicate: ``in 2009``, ``March 2023``."""
    for word in token.subtree:
        text = word.text
        if len(text) == 4 and text.isdigit() and MIN_YEAR <= int(text) <= MAX_YEAR:
            return word
    return None


def _in_past_temporal_clause(noun: Token) -> Token | None:
    """The subordinator of a past temporal clause holding the claim: ``When the office said
    that 41 people had died, families knew ...`` tells of a moment before the news.

    The clause is an adverbial clause in the past on the way up from the counted noun that
    has a temporal subordinator, or that precedes the main verb of a sentence opening with one
    (the parser often hangs ``when`` on a neighbouring verb of the clause).
    """
    sentence = noun.sent
    opener = sentence[0] if sentence[0].lower_ in TEMPORAL_MARKS else None
    token = noun
    for _ in range(MAX_CLIMB):
        if token.dep_ == "advcl" and token.tag_ in {"VBD", "VBN"}:
            mark = next(
                (c for c in token.children if c.dep_ in {"mark", "advmod"}
                 and c.lower_ in TEMPORAL_MARKS),
                None,
            )  # fmt: skip
            if mark is not None:
                return mark
            if opener is not None and token.i < sentence.root.i:
                return opener
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def period_of(noun: Token, article_id: str) -> TimeRef | None:
    """The time a claim is pinned to, if its sentence pins it (see the module doc)."""
    head = predicate_token(noun)
    if head is not None:
        for child in head.children:
            if child.dep_ not in {"prep", "npadvmod"} or child.lower_ == "since":
                continue  # "since 2009" runs up to now: no different period
            year = _year_of(child)
            if year is not None:
                value = int(year.text)
                return TimeRef(
                    article_id,
                    Span(year.idx, year.idx + len(year.text)),
                    year.text,
                    TimexType.DATE,
                    year.text,
                    Precision.YEAR,
                    date(value, 1, 1),
                    date(value, 12, 31),
                )
    mark = _in_past_temporal_clause(noun)
    if mark is None:
        return None
    return TimeRef(
        article_id,
        Span(mark.idx, mark.idx + len(mark.text)),
        mark.text,
        TimexType.DATE,
        "PAST_REF",
        Precision.NONE,
    )
