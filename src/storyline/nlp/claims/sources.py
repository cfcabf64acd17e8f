"""Who makes a claim and how firmly: the cue above a number in the dependency tree.

From the word a number counts, climb the tree to the root of its sentence. The first verb of
saying on the way gives the claimant (its subject); ``according to X`` on the way, or anywhere
in the sentence when the climb found nobody, gives X. Words on the path, and the adverbs
hanging from it, give the stance: ``deny`` outranks ``suspect``, which outranks ``accuse`` /
``allege`` / ``reportedly``.

A verb of saying gives no claimant to a figure reached only through another deed of its
subject coordinated with it: in ``He put on a guard's uniform, then stole two pistols``
(``put`` as in *put the toll at*) the pistols are what he did, not a figure he gives.

A claimant is someone the text attributes the claim to, never someone merely named: the
subject of a passive verb is what the verb was done to, also when it is shared with a passive
verb the cue is coordinated with (``Smith was arrested and charged with two counts``: Smith
claims nothing); and a name written before the noun that speaks (``Staunton police``, a town
the tagger may take for a person) only says whose that is: the source is the phrase as
written, never the bare name.

A figure in the phrase of the saying's own subject (``Heritage, which owns 51% of POP, said``,
``said Ana Bonnin, one of about 100 exiles``) describes the subject: the reporter gives it, not
the subject. A name a claimant is written as is whole: not a title in quotation marks, not cut
at an abbreviation's period (``Juror No. 8``), and a document named by a proper name speaks for
the whole name (``A Real Clear Politics average``, ``A Field Poll``), never for one letter.

A claimant names a person, an organisation, an outlet or a group of people (``_names_someone``):
a thing or an idea the parse took for a subject (``deficits would add up to $1.5 trillion``) is
dropped, the claim kept with no claimant, never replaced by a guess. A figure in a clause set
beside the saying with a speaker of its own (``Regains didn't reveal the amounts, but the
newspaper guesses ...``) is no saying of the other clause's subject.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Token

from storyline.model import Mention, Stance
from storyline.nlp.docview import view_of
from storyline.nlp.participants import MentionIndex, mention_index
from storyline.nlp.quotes.speakers import REPORT_NOUNS, SPEAKING_PRONOUNS
from storyline.nlp.speaking_nouns import word_set
from storyline.nlp.subjects import (
    VERBS,
    names_no_source,
    one_organisation,
    same_paragraph,
    speaking_noun,
    stray_capital,
    subject_of,
)

CUE_LEMMAS = word_set(
    """
    say tell report announce state claim estimate add note write confirm reveal disclose
    show find assert insist testify warn allege accuse charge tout boast acknowledge admit
    believe conclude calculate count put deny speculate
    """
)
# a document gives figures for whoever it is by (``a Quinnipiac poll``, ``FBI data``, ``polling
# by the A.F.L.-C.I.O.``); one nobody is named as giving speaks for nobody (``exit polls``)
DOCUMENT_NOUNS = REPORT_NOUNS | word_set(
    """
    poll polling survey study analysis data datum statistic figure number record document filing
    result research tally average email memo letter book interview
    """
)
# cue verbs that are deeds when the figure is their object: "the U.S. added 292,000 jobs",
# "the quake claimed 20 lives", "charged $35,000" (not "he added that 20 died")
DEED_CUES = frozenset({"add", "claim", "charge"})
# who speaks for an organisation named after them: "a spokesman for the Pentagon",
# "Executives for Mondelez", "an official at the ministry" (not "a friend of Smith")
SPOKESPEOPLE = word_set("spokesman spokeswoman spokesperson official executive representative")
OWNER_PREPOSITIONS = frozenset({"for", "of", "at", "from"})
ORGANISATION_LABELS = frozenset({"ORG", "GPE", "NORP"})
DATELINE_DASHES = frozenset({"--", "—", "–"})
DENIED = frozenset({"deny", "denial", "reject", "refute", "dismiss", "dispute"})
SUSPECTED = frozenset({"suspect", "suspicion", "suspected"})
ALLEGED = word_set(
    "allege alleged allegedly accuse accusation reportedly purportedly purported claim charge "
    "rumor rumour"
)


@dataclass(frozen=True, slots=True)
class ClaimSource:
    """The claimant of a claim, with its entity id, and the stance it is reported with."""

    claimant: str | None = None
    claimant_entity_id: str | None = None
    stance: Stance = Stance.STATED


def _path(token: Token) -> list[Token]:
    """The token and its heads up to the root of its sentence."""
    path = [token]
    while path[-1].head.i != path[-1].i and len(path) < 40:
        path.append(path[-1].head)
    return path


def _according_to(token: Token) -> Token | None:
    """X in ``according to X`` hanging from a token; None when the parse found X in the next
    paragraph (``... according to RussiaToday`` ending a line without its period, and
    ``Brooklynites on Twitter reported`` opening the next: the source is not the next
    line's subject, and is dropped rather than guessed)."""
    for child in token.children:
        if child.lower_ == "according":
            for to in child.children:
                objects = [c for c in to.children if c.dep_ == "pobj"]
                if to.lower_ == "to" and objects:
                    found = objects[0]
                    return found if same_paragraph(token.doc, child.i, found.i) else None
    return None


def _stance(path: list[Token]) -> Stance:
    words: set[str] = set()
    for token in path:
        words.update({token.lemma_.casefold(), token.lower_})
        words.update(c.lower_ for c in token.children if c.dep_ in {"advmod", "amod"})
    if words & DENIED:
        return Stance.DENIED
    if words & SUSPECTED:
        return Stance.SUSPECTED
    if words & ALLEGED:
        return Stance.ALLEGED
    return Stance.STATED


def _in_dateline(token: Token) -> bool:
    """Whether a token lies in the dateline opening its sentence (``VELLIN, March 5 --``): the
    parser may take the place name for the subject of the first verb."""
    dash = next((t for t in token.sent if t.text in DATELINE_DASHES), None)
    return dash is not None and token.i < dash.i


# a verb set beside another, not governed by it: "put on a uniform, then stole", "said and
# left" (the parser labels a run-on with a comma "dep")
BESIDE_DEPS = frozenset({"conj", "dep"})
PASSIVE_DEPS = frozenset({"nsubjpass", "auxpass"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})


def _passive(verb: Token) -> bool:
    """Whether a verb is passive: by its own subject or auxiliary, or, with no subject of its
    own, by the verb it is coordinated with (``was arrested and charged``)."""
    current = verb
    for _ in range(4):  # a chain of coordinated verbs is short; bound it against odd parses
        deps = {c.dep_ for c in current.children}
        if deps & PASSIVE_DEPS:
            return True
        if deps & SUBJECT_DEPS or current.dep_ != "conj":
            return False
        current = current.head
    return False


def _another_deed(verb: Token) -> bool:
    """Whether a verb is one more deed of the subject of the verb it is set beside (``put on
    a uniform, then stole``, ``said and left``): it has no subject of its own, so a cue verb
    above it is no saying of what it tells. A coordinated clause with its own subject (``said
    5 were arrested, and 3 others were released``) may still be the saying's."""
    if verb.pos_ not in {"VERB", "AUX"} or verb.dep_ not in BESIDE_DEPS:
        return False
    return not any(c.dep_ in SUBJECT_DEPS for c in verb.children)


def _clause_of_its_own(clause: Token, verb: Token) -> bool:
    """Whether ``clause`` is set beside the verb of saying ``verb`` with someone of its own
    doing it (``Regains didn't reveal the amounts, but the newspaper guesses the deal is worth
    $160 million``): the figure in it is that someone's, not ``verb``'s subject's. A clause
    whose subject is what happened to the counted (``said 5 were arrested, and 3 others were
    released``) may still be the saying's."""
    if clause.dep_ not in BESIDE_DEPS or clause.head.i != verb.i or clause.pos_ not in VERBS:
        return False
    doers = [c for c in clause.children if c.dep_ == "nsubj"]
    return any(_names_someone_as_written(d) for d in doers)


def _speaker(path: list[Token]) -> Token | None:
    for below, token in pairwise(path):
        source = _according_to(token)
        if source is not None:
            return _as_source(source)
        if _another_deed(below):
            continue  # "He put on a uniform, then stole two pistols": no saying
        if token.pos_ == "VERB" and token.lemma_ in CUE_LEMMAS:
            if token.lemma_ in DEED_CUES and below.dep_ == "dobj":
                continue  # "the U.S. added 292,000 jobs": a deed, not a saying
            if _clause_of_its_own(below, token):
                return None  # "X didn't reveal it, but Y guesses $160 million": not X's
            subject = subject_of(token)
            if subject is not None and subject in path[: path.index(token)]:
                continue  # "Heritage, which owns 51% of POP, said": what the subject is
            if subject is not None and not _passive(token):
                return _as_source(subject)
    return None


# words that count the people of a plural rather than name them: "as many", "more", "most"
COUNTING_WORDS = frozenset({"many", "more", "most", "few", "fewer"})


def _as_source(token: Token) -> Token | None:
    """The source a cited phrase stands for, or None: a report or another document speaks for
    its owner (``according to reports``, ``exit polls``: nobody), a counted phrase (``Two
    class action lawsuits have accused ...``, ``as many African-Americans said``: the
    answers of a survey's people, counted) is a thing or a tally, not a source, and so is a
    date line or a time."""
    if token.lemma_.lower() in DOCUMENT_NOUNS:
        owner = _report_owner(token)  # the statement says what its owner says
        if owner is None:
            return None
        token = owner
    if token.like_num or any(c.dep_ == "nummod" for c in token.children):
        return None
    if any(c.lower_ in COUNTING_WORDS and c.dep_ in ("amod", "det") for c in token.children):
        return None  # "three times as many African-Americans said": a count of who answered
    return None if _in_dateline(token) or names_no_source([token]) else token


# names before a letter or an email that say what it is about, not who wrote it: a place, an
# event, a people ("a key Benghazi email"); a poll or a report may bear its maker's place name
# ("a Quinnipiac poll", "a New Jersey Watchdog report")
TOPIC_ENTS = frozenset({"GPE", "LOC", "EVENT", "NORP"})
CORRESPONDENCE = frozenset({"email", "e-mail", "memo", "letter", "cable"})


def _report_owner(report: Token) -> Token | None:
    """Whose report a report noun is (``a statement from the Defence PRO says``, ``the
    ministry's statement``, ``a Pentagon report``); None when it does not say (``a Texas
    prison statement`` names a place, not the prison's name): a document never speaks for
    itself."""
    # "a Texas prison statement": the prison's, which no name gives; "Texas" is not its owner
    common = any(c.dep_ == "compound" and c.pos_ == "NOUN" for c in report.children)
    names = [c for c in report.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    correspondence = report.lemma_.lower() in CORRESPONDENCE
    if correspondence and names and names[-1].ent_type_ in TOPIC_ENTS:
        return None  # "a key Benghazi email": what it is about; a place writes no email
    if names and not common:
        # the whole name before the noun (``A Real Clear Politics average``), and the noun
        # with it when the name is the document's own (``A Field Poll``); one letter is no
        # one's name (``The Q poll``)
        named = report if report.pos_ == "PROPN" else names[-1]
        return named if len(names[-1].text) > 1 else None
    for child in report.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("from", "of", "by"):
            owner = next((c for c in child.children if c.dep_ == "pobj"), None)
            if owner is not None:
                return owner
    return None


def claim_source(doc: Doc, token: Token, mentions: list[Mention] | MentionIndex) -> ClaimSource:
    """The claimant and stance of the claim whose counted word is ``token``."""
    index = mention_index(doc, mentions)
    path = _path(token)
    speaker = _speaker(path)
    if speaker is None:
        cited = (_according_to(t) for t in token.sent)
        speaker = next(filter(None, (_as_source(t) for t in cited if t is not None)), None)
    stance = _stance(path)
    if speaker is None or stray_capital(speaker, index.mid_sentence):
        return ClaimSource(stance=stance)
    speaker = _named_in_apposition(index, speaker) or _spoken_for(index, speaker) or speaker
    if _quoted_title(index, speaker):
        return ClaimSource(stance=stance)  # "according to the “Medicare for all” document"
    who = index.participant(speaker)
    if who is not None and who.entity_id is None and one_organisation(speaker):
        # "the company said": the organisation a clause just before makes its subject, as
        # for a quote's speaker (``speakers._organisation_before``); as written without one
        named = index.organisation_before(speaker, sentences=3)
        if named is not None:
            return ClaimSource(index.name_of(named), named.entity_id, stance)
    if who is None or (who.entity_id is None and not _names_someone(index, speaker)):
        return ClaimSource(stance=stance)  # dropped, not replaced by a guess
    if _cut_at_abbreviation(doc, who.span.end):
        return ClaimSource(stance=stance)  # "Juror No. 8": a name the sentence split cut
    if _named_by_modifier(index, speaker):
        return ClaimSource(_written(speaker), None, stance)
    return ClaimSource(who.name, who.entity_id, stance)


def _quoted_title(index: MentionIndex, token: Token) -> bool:
    """Whether a source name opens words in quotation marks (``the “Medicare for all”
    document``): a title or someone's words, no source. The mark is read beside the name,
    not from the passages alone, which a stray mark can stretch over ``said Pavone``."""
    before = token.doc[token.i - 1] if token.i else None
    return before is not None and before.is_quote and index.quoted[token.i]


def _cut_at_abbreviation(doc: Doc, end: int) -> bool:
    """Whether a name ends at the period of an abbreviation: the sentence runs on after it
    with a number or a lower-case word (``said Juror No. 8, one of six women on the panel.``)
    or, where the parser took the period for the end of the sentence, what follows in the
    paragraph has no verb (``according to police spokesperson Const. Tim Fanning.``): the
    name written is a part cut from a longer one."""
    starts = view_of(doc).starts
    at = bisect_left(starts, end)
    if at + 1 >= len(doc) or starts[at] != end or doc[at].text != ".":
        return False
    period = doc[at]
    after = doc[period.i + 1]
    if "\n" in period.whitespace_ + after.text:
        return False  # the name ends its paragraph
    if not after.is_sent_start:  # "No. 8, one of six", not "said Pavone. “Today …"
        return after.like_num or after.text[:1].islower()
    return not any(t.pos_ in VERBS for t in after.sent)


def _named_in_apposition(index: MentionIndex, token: Token) -> Token | None:
    """The person named beside a common noun that speaks: ``A Twitter spokesman, Christopher
    Abboud, said``, ``another leading Supreme Court advocate, Andrew J. Pincus``: the name is
    the source, not the role (nor the organisation written before it)."""
    if token.pos_ != "NOUN":
        return None
    for child in token.children:
        mention = index.mention(child)
        if child.dep_ == "appos" and mention is not None and mention.label == "PERSON":
            return child
    return None


def _spoken_for(index: MentionIndex, token: Token) -> Token | None:
    """The organisation an unnamed spokesperson speaks for: ``a spokesman for the Pentagon``,
    ``Executives for Mondelez``; the source is the organisation, which the role only voices."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in SPOKESPEOPLE:
        return None
    for child in token.children:
        if child.dep_ != "prep" or child.lower_ not in OWNER_PREPOSITIONS:
            continue
        for owner in child.children:
            mention = index.mention(owner)
            if owner.dep_ == "pobj" and mention is not None:
                return owner if mention.label in ORGANISATION_LABELS else None
    return None


def _names_someone(index: MentionIndex, token: Token) -> bool:
    """Whether a source word names a person, an organisation, an outlet or a group of people:
    a name (tagged or not), a pronoun, or a common noun that the article names an entity with
    or that is a speaking noun (``officials``, ``the ministry``, ``Staunton police``). A thing
    or an idea the parse took for a subject (``deficits would add up to $1.5 trillion``,
    ``according to information available now``) is none. A noun that resolves to an entity
    (``The head of the team, Alireza Safa, estimated``) is checked before this."""
    if token.pos_ != "NOUN" or index.mention(token) is not None:
        return True
    return _names_someone_as_written(token)


def _names_someone_as_written(token: Token) -> bool:
    """Whether a word, as the article writes it, names someone: a name (``RealClearPolitics``
    tagged a noun but capitalised inside its sentence), a personal pronoun or a speaking
    noun."""
    if token.pos_ == "PROPN" or token.lower_ in SPEAKING_PRONOUNS or speaking_noun(token):
        return True
    return token.pos_ == "NOUN" and token.text[:1].isupper() and not token.is_sent_start


def _named_by_modifier(index: MentionIndex, token: Token) -> bool:
    """Whether a common noun (``police``) stands for a name only through a name compounded
    before it (``Staunton police``): the noun speaks, the name says whose it is."""
    if token.pos_ != "NOUN" or index.mention(token) is not None:
        return False
    return any(c.dep_ == "compound" and index.mention(c) is not None for c in token.children)


def _written(token: Token) -> str:
    """The noun phrase of a head as written, without a leading article or punctuation."""
    phrase = token.doc[token.left_edge.i : token.i + 1]
    while len(phrase) > 1 and (phrase[0].pos_ == "DET" or phrase[0].is_punct):
        phrase = phrase[1:]
    return phrase.text
