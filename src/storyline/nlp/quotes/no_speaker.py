"""Who cannot be a speaker: the last check on an attribution the rules found.

``checked_speaker`` drops a speaker mention that names no one who speaks: a verb or adjective
the parse took for a subject, a thing bearing words (``shirts that read``), a scrap of a
quotation or of markup, a bare title word or abbreviation, a common noun capitalised only where
a sentence opens, and a plain noun that is the subject of no finite verb. The quote is kept
without a speaker (``find_quotes``): quoted words all the same.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Token

from storyline.nlp.quotes.speakers import (
    CUE_LEMMAS,
    INSCRIPTION_CUES,
    QUANTIFIERS,
    REPORT_NOUNS,
    Attribution,
    DocIndex,
    is_person,
    lost_title,
)
from storyline.nlp.speaking_nouns import GROUP_NOUNS, PERSON_NOUNS, SPEAKING_NOUNS, word_set
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
        and not any(e.text == root.text for e in index.doc.ents)  # ``Politifact checked``
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
        and not any(e.text == root.text for e in index.doc.ents)
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
    return root.lemma_.lower() in REPORT_NOUNS and any(
        c.dep_ == "poss" and c.lower_ in OWNER_PRONOUNS for c in root.children
    )


def checked_speaker(index: DocIndex, attribution: Attribution) -> Attribution | None:
    """The attribution if its mention can name who spoke, its name cleared of markup; None
    for a verb or adjective the rules took for a subject (``Writing from Brooklyn, …``,
    ``Attempt to fund Zika fight dies``), for a thing bearing words (``shirts that read
    “Settle for Hillary”``), for a scrap of a quotation, for a bare title word that names
    no person of the article (``Secretary``), a word cut off by a period (``Dist.``), a
    common noun capitalised only as a headline or sentence opens (``_bare_common_noun``)
    and a plain noun that is the subject of no finite verb (``banners proclaiming``, ``hands
    clasped …, to explain``: ``_plain_noun_without_clause``)."""
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


def _origin_word(index: DocIndex, root: Token, name: str) -> bool:
    """A nationality or religion written as an adjective (``waving Cuban and American flags
    and chanting``; ``the Jewish West Bank settlement`` for ``the rabbi``): an origin is no one,
    while a people (``Cuban-Americans``) may speak."""
    if root.pos_ == "ADJ" and root.ent_type_ == "NORP":
        return True
    return any(
        ent.label_ == "NORP" and ent.text == name and ent.root.pos_ == "ADJ"
        for ent in index.doc.ents
    )


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
