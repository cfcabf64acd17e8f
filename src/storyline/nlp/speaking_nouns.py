"""The common nouns that name someone who can speak or give a figure, by kind.

Plain word sets with no parser behind them: the parse-time rules (``storyline.nlp.subjects``,
the quote and claim extractors) and the reconcile stage's test of a source that only
describes a role (``storyline.reconcile.sources.is_description``) read the same vocabulary.
"""

from __future__ import annotations


def word_set(spaced: str) -> frozenset[str]:
    """A set of words written as one string: long vocabularies stay readable."""
    return frozenset(spaced.split())


# who a common noun can name when it speaks: one person by role or trade
PERSON_NOUNS = word_set(
    """
    leader president minister senator spokesman spokeswoman spokesperson candidate nominee
    governor mayor secretary chairman chairwoman chair official director chief adviser advisor
    ambassador general commander representative congressman congresswoman lawmaker premier
    king queen prince dictator businessman businesswoman executive ceo economist professor
    analyst author founder host anchor judge attorney lawyer aide strategist manager speaker
    """
)
# a body that speaks as one
GROUP_NOUNS = word_set(
    "campaign committee government administration company group team party council agency"
)
# head words that count or measure what their "of" phrase names: "a total of 11 shots",
# "hundreds of homes", "a blizzard of tweets"
QUANTITY_HEADS = word_set(
    """
    total number hundreds dozens thousands millions scores lot lots couple pair series handful
    dozen hundred thousand million blizzard barrage flurry string wave
    """
)
# head words of people gathered, who speak as the people of their "of" phrase: "a chorus of
# prominent Republicans has said", "a parade of six turncoat mobsters described"
GATHERING_HEADS = QUANTITY_HEADS | word_set("chorus parade army host throng legion")
# more who speak or give figures in the news: people by what they do or where they are, and
# the bodies and outlets they speak for (``police said``, ``witnesses said``, ``the newspaper
# speculates``); what a claimant must be when the tagger names no one (``speaking_noun``)
PEOPLE_NOUNS = word_set(
    """
    police cop officer authority investigator prosecutor detective witness expert researcher
    scientist doctor source resident worker employee organizer activist critic supporter
    opponent voter friend people child parent member student teacher relative neighbour
    neighbor victim survivor passenger thief owner inspector reporter correspondent editor
    soldier diplomat observer insider negotiator mediator regulator lender banker trader
    broker seller buyer pollster head man woman person
    """
)
BODY_NOUNS = word_set(
    """
    ministry department office bureau commission board court union firm bank institute
    center centre university school hospital military army navy force state city county
    community network newspaper paper magazine outlet station channel broadcaster club league
    federation association organization organisation coalition alliance parliament congress
    senate legislature cabinet regime media medium press television tv radio website
    """
)

# who a source can be without being named: a person by role or a group of people (not a body
# or a place, whose words open names: "State Department", "City Council")
ROLE_NOUNS = PERSON_NOUNS | PEOPLE_NOUNS | GROUP_NOUNS
# every common noun that can name who speaks or gives a figure (``speaking_noun``)
SPEAKING_NOUNS = ROLE_NOUNS | BODY_NOUNS

# how a noun naming a person by role or trade ends (``neurosurgeon``, ``columnist``,
# ``bystander``, ``attendee``), and more people named by kin, trade or what they are to
# others: what tells a person from a thing (``quotes.no_speaker``), never a claimant
AGENT_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "eon", "ee", "man", "ess", "ive")
MORE_PEOPLE_NOUNS = word_set(
    """
    wife husband son child kid boy girl guy mom dad widow star rep mogul tycoon family native
    veteran delegate colleague couple pair crowd audience public staff majority youth teen
    justice counsel town village guru icon celebrity idol legend hero coach nurse surgeon
    physician pilot chef clerk cleric imam pastor priest rabbi monk nun bishop pope pontiff
    poet scholar pupil graduate fan patient client guest citizen victim suspect convict inmate
    hostage marine cop sheriff deputy spy envoy consul heir adult baby twin spouse ally rival
    foe enemy peer mate buddy boss magnate billionaire millionaire entrepreneur pioneer
    leadership crew band troupe cast
    """
)


def person_word(lemma: str) -> bool:
    """Whether a common noun's lemma names people who can speak: a speaking noun, one of
    ``MORE_PEOPLE_NOUNS`` or an agent noun by its ending."""
    return lemma in SPEAKING_NOUNS | MORE_PEOPLE_NOUNS or lemma.endswith(AGENT_ENDINGS)
