"""Who cannot be a speaker: the last check on an attribution the rules found.

``checked_speaker`` drops a speaker mention that names no one who speaks: a verb or adjective
the parse took for a subject, a thing bearing words (``shirts that read``), a scrap of a
quotation or of markup, a bare title word or abbreviation, a common noun capitalised only where
a sentence opens, a plain noun that is the subject of no finite verb, a thing or a share of
people that only lends its clause to a participle or infinitive of saying, things counted
by the hundred, a pronoun that stands for no one named, and the one a naming verb names.
The quote is kept
without a speaker (``find_quotes``): quoted words all the same. A title cut off before
``and`` gives the name after it, and a thing made by a named author gives the author.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Token

from storyline.nlp.quotes.speakers import (
    CUE_LEMMAS,
    HONORIFICS,
    INSCRIPTION_CUES,
    QUANTIFIERS,
    REPORT_NOUNS,
    SPEECH_NOUNS,
    Attribution,
    DocIndex,
    is_person,
    lost_title,
    make_attribution,
    named_object,
)
from storyline.nlp.speaking_nouns import (
    GROUP_NOUNS,
    PERSON_NOUNS,
    SPEAKING_NOUNS,
    person_word,
    word_set,
)
from storyline.nlp.subjects import (
    SHARING_DEPS,
    SUBJECT_DEPS,
    VERBS,
    plain_word,
    written_as_name,
)

NOT_A_SPEAKER_POS = frozenset(
    {"VERB", "AUX", "ADJ", "ADP", "SCONJ", "CCONJ", "PART", "PUNCT", "SYM"}
)
QUOTE_MARKS = '"“”'
OWNER_PRONOUNS = frozenset({"his", "her", "its", "their"})
# what an abstract noun ends in: an act, a state or a quality, never someone who speaks
ABSTRACT_ENDINGS = ("tion", "sion", "ment", "ness", "ity", "ism", "sis", "ance", "ence")
# nouns with such an ending that name who speaks (a body) or a text that bears its words
SPEAKING_ABSTRACTS = word_set(
    """
    foundation institution delegation corporation congregation management opposition
    prosecution defence defense presidency statement announcement declaration resolution
    publication petition testimony document
    """
)
# who speaks, and the texts that bear their words
SPEAKERS_AND_TEXTS = SPEAKING_NOUNS | REPORT_NOUNS
NOT_A_THING = SPEAKERS_AND_TEXTS | SPEAKING_ABSTRACTS
# what a figure of people is written as: a share (``only 23 percent``) or a crowd's size
SHARE_LABELS = frozenset({"PERCENT", "QUANTITY", "MONEY"})
SHARE_WORDS = word_set("percent per_cent % percentage")
CROWD_WORDS = word_set("hundreds thousands millions dozens scores tens")
# what bounds a figure: ``at least half``, ``more than 70,000``, ``only 24 percent``
BOUNDS = word_set("least most only nearly almost about roughly some over under than just")
# a pronoun the article resolved to no one: a possessive relative (``a candidate whose
# words``) or the object form, which is never who speaks (``bought for her to live in``);
# ``which reported`` is the subject of its clause and the clause's noun (PolNeAR's source)
UNRESOLVED_PRONOUNS = word_set("whose whom him her them")
# verbs that name someone (``calls men derogatory names, like "pigs"``): the one named
# follows the verb, the one who names comes before it
NAMING_LEMMAS = word_set("call dub brand label term nickname")
# verbs that carry their subject on to an infinitive (``The email goes on to say``)
GOING_ON = word_set("go continue begin start proceed move try seek want decide")
# a text someone issues (``released a statement saying``): its words are the issuer's
TEXT_NOUNS = REPORT_NOUNS | SPEECH_NOUNS | SPEAKING_ABSTRACTS
# texts that bear someone's words, beyond the report nouns (``a memorandum that … ordering``)
TEXT_WORDS = word_set(
    """
    memo memorandum letter email e-mail mail post piece book ad advertisement video clip note
    brief filing complaint lawsuit ruling order opinion poll survey study
    """
)


def _without_markup(name: str) -> str | None:
    """A name with the markup before it cut off (``">Sanders``: Sanders; ``<tweet …/>.
    D’Souza``: D’Souza); None for a quotation cut in two taken for a name (``Stirling called
    Orozco a "``). A nickname in quotes (``Vincent "The Chin" Gigante``) is a name."""
    name = name.rpartition(">")[2].lstrip(" \n\t.,;:" + QUOTE_MARKS)
    if "<" in name or name[-1:] in QUOTE_MARKS:
        return None
    if sum(name.count(mark) for mark in QUOTE_MARKS) % 2 == 1:
        return None
    return name or None


def _abbreviation(index: DocIndex, token: Token) -> bool:
    """A word cut off by a period in a title before a name (``said Dist. Atty. Steve
    Cooley``): the period's next word is part of a person's name or another such cut word,
    and the article never writes the word without a period."""
    doc = index.doc
    if token.i + 2 >= len(doc) or token.whitespace_ or doc[token.i + 1].text != ".":
        return False
    after = doc[token.i + 2]
    cut = after.i + 1 < len(doc) and not after.whitespace_ and doc[after.i + 1].text == "."
    if not after.text[:1].isupper() or not (after.ent_type_ == "PERSON" or cut):
        return False
    return re.search(rf"\b{re.escape(token.text)}\b(?!\.)", index.text) is None


def _bare_common_noun(index: DocIndex, root: Token, cue: str | None) -> bool:
    """A common noun with no article, capitalised only where it opens a headline or sentence
    (``plain_word``) and named by no entity of the article: ``Source familiar with the ad
    says``, and with no cue at all ``Guns are “the ultimate …”``. One alone is no one who
    speaks; a plural with a cue (``Officials said``, ``Police said``), a person noun
    (``Spokesman``), a group noun (``Government says``), a quantity (``Several said``) and a
    word the tagger names elsewhere (``Politifact: …`` over ``Politifact checked``) are."""
    return (
        root.pos_ == "NOUN"
        and root.text[:1].isupper()
        and not any(c.dep_ in ("det", "poss", "compound", "nummod") for c in root.children)
        and root.lemma_.lower() not in PERSON_NOUNS | GROUP_NOUNS
        and root.lower_ not in QUANTIFIERS
        and ("Plur" not in root.morph.get("Number", []) or cue is None)
        and plain_word(root, index.mid_sentence)
        and root.text not in index.tagged_texts  # ``Politifact checked``
    )


def _finite(verb: Token) -> bool:
    """Whether a verb heads a finite clause (``say``, ``have said``, ``will tell``) rather
    than a participle or infinitive (``proclaiming``, ``to explain``)."""
    if "Fin" in verb.morph.get("VerbForm", []):
        return True
    return any(
        c.dep_ in ("aux", "auxpass") and ("Fin" in c.morph.get("VerbForm", []) or c.tag_ == "MD")
        for c in verb.children
    )


def _subject_of_finite(subject: Token) -> bool:
    """Whether a finite verb takes ``subject`` as its own or shares it (``Protesters
    marching through the streets chanted``, parsed as ``marching`` with ``chanted`` under
    it)."""
    verb = subject.head
    sharing = [
        c
        for c in verb.children
        if c.dep_ in SHARING_DEPS
        and c.pos_ in VERBS
        and not any(g.dep_ in SUBJECT_DEPS for g in c.children)
    ]
    return any(_finite(v) for v in (verb, *sharing))


def _plain_noun_without_clause(index: DocIndex, root: Token) -> bool:
    """A plain common noun (no article, named by no entity, no person, group or quantity
    word) that the parse made the subject of a participle or an infinitive only, of no
    finite verb: ``they will hold banners proclaiming: “…”``, ``Fiorina sits, hands clasped
    in a chair, to explain``. Such a noun is part of a noun phrase or an absolute phrase,
    not someone saying something; a plain plural that speaks is the subject of a finite verb
    (``Critics say``, ``Police have said``)."""
    return (
        root.pos_ == "NOUN"
        and root.dep_ in SUBJECT_DEPS
        and root.head.pos_ in VERBS
        and not _subject_of_finite(root)
        and not any(c.dep_ in ("det", "poss", "compound", "nummod") for c in root.children)
        and root.lemma_.lower() not in PERSON_NOUNS | GROUP_NOUNS
        and root.lower_ not in QUANTIFIERS
        and root.text not in index.tagged_texts
    )


def _thing(index: DocIndex, root: Token) -> bool:
    """A common noun naming a thing, not who speaks: one abstract noun (``His assumption,
    confidently stated …, was that “…”``, ``'…', the information said``, ``Greece's debt
    crisis``), or a speech verb the tagger read as a noun (``a trend that the foundation
    predicts will continue ''for the next few years''``: a name never holds a verb)."""
    if root.pos_ != "NOUN" or root.i in index.entity_of:
        return False
    lower, lemma = root.lower_, root.lemma_.lower()
    if lower.endswith("s") and lower[:-1] in CUE_LEMMAS:
        return True
    if "Plur" in root.morph.get("Number", []) or lemma in NOT_A_THING:
        return False
    return lemma.endswith(ABSTRACT_ENDINGS)


def _headline_word(index: DocIndex, root: Token) -> bool:
    """A noun of a title-cased headline that the tagger named no one with and the body never
    writes so: there every word is capitalised, so ``Response`` of ``Media Growls In Response
    To Kaine’s Claim …`` is no name. A noun naming who speaks (``Governor Tells …``, ``Black
    Lawmakers Rip …``) and a name the body writes (``Pence: …``) still are."""
    if root.pos_ not in ("NOUN", "PROPN") or not index.headlines.holds(root.i, root.i + 1):
        return False
    lower = root.lower_
    if {lower, lower.removesuffix("s"), root.lemma_.lower()} & SPEAKERS_AND_TEXTS:
        return False
    start, end = index.headlines.written_part(root.i, root.i + 1)
    return start == end


def _pronoun_owned_text(root: Token) -> bool:
    """A text owned by a pronoun: ``His statement continued: "…"``, ``her Twitter account
    posted``. The words are the owner's, but whom ``his`` stands for is a guess a
    pronoun's nearest person gets wrong as often as not on real pages (a doctor named two
    paragraphs earlier, a father's name inside ``Ivanka Trump``): no speaker beats a wrong
    one, and the text itself is no one."""
    return root.lemma_.lower() in REPORT_NOUNS | SPEECH_NOUNS and any(
        c.dep_ == "poss" and c.lower_ in OWNER_PRONOUNS for c in root.children
    )


def _figure(index: DocIndex, root: Token) -> bool:
    """A share of people or a crowd's size: ``only 23 percent of those who …``, ``at least
    half``, ``thousands of self-described "Berners"``. A quantity word alone (``Several
    said``, ``Half said``, ``one told``), a count of who speaks (``two officials said``)
    and a crowd of people (``Hundreds of pro-Sanders demonstrators marched …, chanting``:
    PolNeAR's source) are not figures."""
    if root.pos_ not in ("NOUN", "NUM", "PROPN") or root.lemma_.lower() in SPEAKING_NOUNS:
        return False
    if root.ent_type_ in SHARE_LABELS or root.lower_ in SHARE_WORDS:
        return True
    if root.lower_ in CROWD_WORDS:
        return not any(
            _person_like(index, obj)
            for prep in root.rights
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for obj in prep.children
            if obj.dep_ == "pobj" and index.outside(obj)
        )
    if root.ent_type_ != "CARDINAL":
        return False
    bounded = any(t.lower_ in BOUNDS for t in root.lefts if t.dep_ in ("advmod", "quantmod"))
    return bounded or root.lower_ not in QUANTIFIERS


def _counted_things(index: DocIndex, root: Token) -> bool:
    """Things or texts counted by the hundred or more: ``more than 70, 000 petitions …
    urging``. So many texts or objects are no one who speaks, whoever wrote them; a year is
    no count (``A 1996 FEC advisory opinion added``), people counted are people (``about
    200 protesters``)."""
    lemma = root.lemma_.lower()
    people = is_person(index, root) or person_word(lemma)
    if root.pos_ != "NOUN" or root.i in index.entity_of or people:
        return False
    return any(
        c.dep_ == "nummod"
        and c.ent_type_ == "CARDINAL"
        and (c.lower_ in CROWD_WORDS or sum(ch.isdigit() for ch in c.text) >= 3)
        for c in root.children
    )


def _cue_tokens(root: Token, cue: str) -> list[Token]:
    """The verbs of the speaker's sentence written as the cue's first word."""
    first = cue.split()[0]
    sentence = root.sent
    doc = root.doc
    start = doc[sentence.start - 1].sent.start if sentence.start > 0 else 0
    end = doc[sentence.end].sent.end if sentence.end < len(doc) else len(doc)
    return [t for t in doc[start:end] if t.text == first and t.pos_ in VERBS]


def _own_cue(root: Token, cue: Token, thing: bool) -> bool:
    """Whether ``root`` is the cue verb's own subject: its subject (``the ad says``), the
    noun its relative clause describes (``a statement that said``, ``24 percent who said``;
    a ``who`` set off by a comma never a thing's: ``on camera, who responds``), the subject
    of a verb it is coordinated with (``The ad opens with … and says``) or that carries it
    on to an infinitive with no object between (``The email goes on to say``; ``a win that
    led her to declare`` is hers; ``his eyes gleaming, as if to say`` none), or the issuer
    of a text the cue describes (``The town released a statement saying``)."""
    current = cue
    while True:
        if any(c.i == root.i for c in current.children if c.dep_ in SUBJECT_DEPS):
            return True
        head = current.head
        if current.dep_ in ("relcl", "acl") and head.i == root.i:
            who = any(c.lower_ == "who" for c in current.children if c.dep_ == "nsubj")
            comma = root.i + 1 < len(root.doc) and root.doc[root.i + 1].is_punct
            return not (thing and who and comma)
        if current.dep_ == "acl" and head.lemma_.lower() in TEXT_NOUNS and head.dep_ == "dobj":
            current = head.head  # the verb that issued the text
            continue
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
        carried = head.lemma_.lower() in GOING_ON or current.dep_ == "xcomp"
        if infinitive and carried and not any(c.dep_ == "dobj" for c in head.children):
            current = head
            continue
        if current.dep_ != "conj" or head.i == current.i:
            return False
        current = head


def _speaks_elsewhere(root: Token, thing: bool) -> bool:
    """Whether ``root`` is the own subject of a verb of saying of its sentence (``Lazar's
    public defense counsel asked for a sentence of three years, calling …``, ``The piece
    goes on to slam … for implying``): whoever asks or slams can call or imply."""
    return any(
        t.lemma_ in CUE_LEMMAS and t.pos_ in VERBS and _own_cue(root, t, thing)
        for t in root.sent
        if t.i != root.i
    )


def _lent_clause(index: DocIndex, root: Token, cue: str | None) -> bool:
    """A thing (a common noun that names neither who speaks nor a text) whose clause a
    participle or infinitive of saying only hangs on: ``a campaign shakeup is coming,
    explaining that he was unaware``, ``his meeting with Sanders was not political, saying``,
    ``the platform committee meeting began vowing to``, ``his eyes gleaming, as if to say``,
    ``an unexpectedly strong win that led her to declare``, ``on camera, who responds``;
    or a count or share of people (``_figure``) doing something else while others speak:
    ``hundreds of children marched … chanting``, ``When asked …, only 23 percent of those
    who … voted``. The parse lends the verb the clause's subject; a thing says nothing, and
    whoever did is not named there. A share that is the cue's own subject (``63 percent
    said``) is a poll's respondents speaking, as PolNeAR reads it."""
    thing = _thing_named(index, root)
    if cue is None or cue == "according to" or not (thing or _figure(index, root)):
        return False
    if _speaks_elsewhere(root, thing):
        return False
    cues = _cue_tokens(root, cue)
    return bool(cues) and not any(_own_cue(root, c, thing) for c in cues)


def _thing_named(index: DocIndex, root: Token) -> bool:
    """A lower-case common noun that names neither who speaks (a person, a body, a people
    word, an agent noun such as ``neurosurgeon``) nor a text that bears words: ``shakeup``,
    ``meeting``, ``eyes``, ``camera``. A capitalised one may be a name the tagger missed
    (``Trump shot back``)."""
    if root.pos_ != "NOUN" or not root.text.islower() or root.i in index.entity_of:
        return False
    return root.lower_ not in QUANTIFIERS and not _person_like(index, root)


def _person_like(index: DocIndex, token: Token) -> bool:
    """A word naming who can speak or a text: a person, a body, a people word, an agent
    noun (``neurosurgeon``, ``demonstrators``), a name."""
    lemma = token.lemma_.lower()
    return (
        token.i in index.entity_of
        or is_person(index, token)
        or lemma in NOT_A_THING | SPEECH_NOUNS | TEXT_WORDS
        or person_word(lemma)
    )


def _named_by(root: Token) -> bool:
    """The one a naming verb names, which the parse made its subject: ``Calls men derogatory
    names, like "pigs"`` (a list of deeds with no subject written). Who names comes before
    the verb; after it stands who is named."""
    verb = root.head
    return (
        root.dep_ == "nsubj"
        and verb.i < root.i
        and verb.lemma_.lower() in NAMING_LEMMAS
        and verb.pos_ in VERBS
        and not root.ent_type_
    )


def _title_before_and(index: DocIndex, root: Token) -> Token | None:
    """The person a title cut off before ``and`` belongs to: ``said former Pennsylvania Gov.
    and Democratic National Committee Chairman Ed Rendell``, where the parse made ``Gov.``
    the subject and the name a word coordinated with it."""
    if root.lower_ not in HONORIFICS and root.lemma_.lower() not in PERSON_NOUNS:
        return None
    if root.i in index.entity_of:
        return None
    for child in root.rights:
        ent = index.entity_of.get(child.i)
        if child.dep_ == "conj" and ent is not None and ent.label_ == "PERSON":
            return child
    return None


def _author(index: DocIndex, root: Token) -> Token | None:
    """The named author of a thing that gives the words: ``according to calculations by Amy
    Glasmeier``, ``a count by The Associated Press``. A thing says nothing; who made it
    does."""
    if root.pos_ != "NOUN" or root.i in index.entity_of or is_person(index, root):
        return None
    if root.lemma_.lower() in SPEAKING_NOUNS:
        return None
    return named_object(index, root, ("by",))


def checked_speaker(index: DocIndex, attribution: Attribution) -> Attribution | None:
    """The attribution if its mention can name who spoke, its name cleared of markup; None
    for a verb or adjective the rules took for a subject (``Writing from Brooklyn, …``,
    ``Attempt to fund Zika fight dies``), for a thing bearing words (``shirts that read
    “Settle for Hillary”``), for a scrap of a quotation, for a bare title word that names
    no person of the article (``Secretary``), a word cut off by a period (``Dist.``), a
    common noun capitalised only as a headline or sentence opens (``_bare_common_noun``)
    and a plain noun that is the subject of no finite verb (``banners proclaiming``, ``hands
    clasped …, to explain``: ``_plain_noun_without_clause``), for things counted by the
    hundred (``_counted_things``), for the one a naming verb names (``_named_by``), for a
    pronoun that stands for no one (``whose``, ``her``) and for a thing or a share of people
    that lends its clause to a verb of saying (``_lent_clause``). A title cut off before
    ``and`` gives the person after it (``_title_before_and``), a thing made by a named
    author the author (``_author``), a party label's state (``R-Wis.``) the person it
    labels, if any."""
    name = _without_markup(attribution.speaker)
    if name is None:
        return None
    attribution = replace(attribution, speaker=name)
    mention = index.doc.char_span(
        attribution.speaker_start, attribution.speaker_end, alignment_mode="expand"
    )
    if mention is None or not len(mention):
        return attribution
    root = mention.root
    named = _title_before_and(index, root)
    if named is not None:
        person = make_attribution(index, named, attribution.cue, None)
        return replace(
            person, speaker_start=attribution.speaker_start, cited_source=attribution.cited_source
        )
    if name == root.text and root.lower_ in UNRESOLVED_PRONOUNS:
        return None  # a pronoun that stands for no one the article names
    if _counted_things(index, root) or _named_by(root):
        return None
    if _party_label(root):  # "House Speaker Paul Ryan, R-Wis.,": the person it labels
        labelled = index.entity_of.get(root.head.i)
        if labelled is None or labelled.label_ != "PERSON":
            return None
        return make_attribution(index, root.head, attribution.cue, None)
    author = _author(index, root)
    if author is not None:
        return make_attribution(index, author, attribution.cue, None)
    if _lent_clause(index, root, attribution.cue):
        return None
    if len(mention) == 1:
        if _abbreviation(index, root):
            return None
        if root.i not in index.entity_of and name == root.text and lost_title(root):
            return None  # a title word the article names no person with
        if name == root.text and _bare_common_noun(index, root, attribution.cue):
            return None
        if name == root.text and _plain_noun_without_clause(index, root):
            return None
    if _origin_word(index, root, name):
        return None
    if root.i in index.entity_of or is_person(index, root):
        return attribution
    if _pronoun_owned_text(root):
        return None
    if _thing(index, root) or _headline_word(index, root):
        return None
    if root.pos_ in NOT_A_SPEAKER_POS and root.lower_ not in QUANTIFIERS:
        return attribution if written_as_name(root, index.mid_sentence) else None
    inscription = any(
        c.lower_ in INSCRIPTION_CUES and c.dep_ in ("relcl", "acl") for c in root.children
    )
    return None if inscription or _thing_that(root, attribution.cue) else attribution


PARTY_LETTERS = frozenset({"R", "D", "I"})


def _party_label(root: Token) -> bool:
    """Whether a word is the state of a party label written after a politician's name
    (``R-Wis.``, ``D-Calif.``): what the label says of the person, never a speaker."""
    doc = root.doc
    return root.i >= 2 and doc[root.i - 1].text == "-" and doc[root.i - 2].text in PARTY_LETTERS


def _origin_word(index: DocIndex, root: Token, name: str) -> bool:
    """A nationality or religion written as an adjective (``waving Cuban and American flags
    and chanting``; ``the Jewish West Bank settlement`` for ``the rabbi``): an origin is no one,
    while a people (``Cuban-Americans``) may speak."""
    if root.pos_ == "ADJ" and root.ent_type_ == "NORP":
        return True
    return name in index.origin_adjectives


def _thing_that(root: Token, cue: str | None) -> bool:
    """A thing whose relative clause carries the cue: ``a banner that said``, ``an initiative
    that "responds to …"``. ``that`` and ``which`` are written of things; who speaks is a
    person, a body or a text (``the company, which said``, ``a statement that said``)."""
    if root.lemma_.lower() in NOT_A_THING or root.pos_ != "NOUN":
        return False
    return any(
        c.dep_ in ("relcl", "acl")
        and c.text == cue
        and any(
            g.dep_ in ("nsubj", "nsubjpass") and g.lower_ in ("that", "which") for g in c.children
        )
        for c in root.children
    )
