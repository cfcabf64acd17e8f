"""Who a clause is about: the one subject resolver that quotes, claims and events share.

``subject_of(verb)`` finds the word that is the subject of a verb, inherited from the verb it is
coordinated with or subordinate to when it has none (``Kim inspected ... and called for ...``).
``People`` tells which person a personal pronoun stands for (``he`` -> the nearest earlier person
of a fitting gender, a subject pronoun preferring a subject of its paragraph). A quote's speaker
(``storyline.nlp.quotes.speakers``) and a claim's claimant (``storyline.nlp.participants``) are
found with both, so ``He said 40 people died, calling it “a tragedy”`` gives the figure and the
words to the same person.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from storyline.nlp.docview import view_of
from storyline.nlp.gender import name_key, person_genders, pronoun_gender
from storyline.nlp.speaking_nouns import SPEAKING_NOUNS, word_set

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
ACTIVE_SUBJECT_DEPS = frozenset({"nsubj"})
RELATIVE = frozenset({"who", "that", "which"})
# verbs that share the subject of the verb they hang from: "inspected ... and called"
SHARING_DEPS = frozenset({"conj", "xcomp", "advcl"})
# a gerund after these (``after saying``) happens in the time of the clause it modifies
TIME_PREPOSITIONS = frozenset({"after", "before", "upon", "while", "since", "when"})
VERBS = frozenset({"VERB", "AUX"})
# what the named-entity tagger marks as a time or an amount names no speaker or source:
# "Friday said", "Last week told", "50 percent say" are parses that took the wrong subject
# (not CARDINAL: "the two said" are two people)
NOT_SOURCE_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY"})
NOUNS = frozenset({"NOUN", "PROPN"})


# endings of nouns that name people: economist, politician, fireman, chairperson
PERSON_ENDINGS = ("ist", "ian", "man", "woman", "person")


def speaking_noun(token: Token) -> bool:
    """Whether a common noun names someone who can speak or give a figure: a person by role,
    a group of people, an organisation or an outlet (``officials``, ``police``, ``the
    ministry``, ``the newspaper``), never a thing or an idea (``deficits``, ``absence``,
    ``a slide``). The vocabulary is closed on purpose: a noun it misses costs a claimant,
    one it let in would count as an independent source."""
    lemma = token.lemma_.lower()
    if lemma in SPEAKING_NOUNS or token.lower_ in SPEAKING_NOUNS:
        return True
    return len(lemma) > 5 and lemma.endswith(PERSON_ENDINGS)  # not "list", "fist"


def _depicted_subject(verb: Token) -> Token | None:
    """The name right before a bare participle after ``of``: ``footage of Hillary Clinton
    asking``, ``a video of Trump saying``. The phrase is a reduced relative (``of Clinton
    [who is] asking``): the participle's subject is the name, not the sentence's subject
    (``The ad``) the parser lets it inherit."""
    if verb.tag_ != "VBG" or verb.i == 0 or any(c.dep_ == "nsubj" for c in verb.children):
        return None
    before = verb.doc[verb.i - 1]
    if before.dep_ == "pobj" and before.head.lower_ == "of" and before.pos_ == "PROPN":
        return before
    return None


def _timed_gerund_subject(verb: Token) -> Token | None:
    """``After saying her foot was “so swollen …”, she was whisked``: a gerund after a time
    preposition has the subject, active or passive, of the clause it modifies."""
    clause = verb.head.head
    timed = verb.dep_ == "pcomp" and verb.head.lower_ in TIME_PREPOSITIONS
    if not timed or clause.pos_ not in VERBS:
        return None
    subjects = [c for c in clause.children if c.dep_ in SUBJECT_DEPS]
    return subjects[0] if subjects else None


def subject_of(verb: Token, *, active: bool = False) -> Token | None:
    """The subject of a verb, inherited through the verbs it is coordinated with or subordinate
    to when it has none of its own.

    In a relative clause the subject is the noun the clause describes: ``a factory that
    produces launchers`` and ``factories producing sniper rifles`` -> factory. A passive
    participle's noun is its object instead (``shells manufactured in North Korea``): None.

    ``active`` asks for the doer as written, as a quote's speaker must be: an active subject
    only, neither a passive one (``the remarks were described as``) nor the noun a clause
    describes (``a statement saying``). On PolNeAR both cost speaker accuracy (0.929 -> 0.926).
    """
    depicted = _depicted_subject(verb)
    if depicted is not None:
        return depicted
    deps = ACTIVE_SUBJECT_DEPS if active else SUBJECT_DEPS
    current = verb
    for _ in range(4):  # a chain of shared subjects is short; bound it against odd parses
        # a run-on parse can give a verb two subjects; the nearer one is the right one
        subjects = sorted(
            (c for c in current.children if c.dep_ in deps), key=lambda c: abs(c.i - verb.i)
        )
        if subjects:
            subject = subjects[0]
            if subject.lower_ in RELATIVE and current.dep_ == "relcl":
                return current.head
            return subject
        if not active and current.dep_ in {"relcl", "acl"} and current.head.pos_ in NOUNS:
            return None if current.tag_ == "VBN" else current.head
        if current.dep_ in SHARING_DEPS and current.head.i != current.i:
            current = current.head
            continue
        return _timed_gerund_subject(current)
    return None


def same_paragraph(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens ``start`` and ``end`` of ``doc`` stand in one paragraph."""
    low, high = sorted((start, end))
    return "\n" not in doc[low:high].text


OBJECT_PRONOUNS = {"m": "him", "f": "her"}
OBJECT_DEPS = frozenset({"dobj", "pobj", "dative", "iobj"})


class People:
    """The people an article names outside quotes, in text order, and the gender the article
    gives each: what ``he`` and ``she`` can refer to."""

    def __init__(self, doc: Doc, persons: Sequence[Span], quoted: Sequence[bool]) -> None:
        self.doc = doc
        self.persons = list(persons)
        self.quoted = list(quoted)
        self._genders: dict[str, str] | None = None

    @cached_property
    def _objects(self) -> dict[str, list[int]]:
        """Where each object pronoun (``him``, ``her``) stands, for ``_bound``: read on the
        first pronoun to resolve."""
        lowers = view_of(self.doc).lowers
        return {
            word: [j for j, lower in enumerate(lowers) if lower == word]
            for word in OBJECT_PRONOUNS.values()
        }

    def gender_of(self, name: str) -> str | None:
        """The gender the article gives the person ``name`` (``m``, ``f``), or None."""
        if self._genders is None:  # built on the first pronoun only: most mentions are names
            self._genders = person_genders(self.doc, self.persons, self.quoted)
        return self._genders.get(name_key(name))

    def nearest(self, i: int, gender: str | None, subject: bool = False) -> Span | None:
        """The person a pronoun at token ``i`` refers to (``gender`` ``m``, ``f`` or None).

        A subject pronoun prefers the nearest person who is a subject in its paragraph
        (``Trump said praise from Putin … . He said …``); with none, it goes on a chain of the
        same pronoun as subject before it in its paragraph and stands for whom the first of
        them does (``He was with Mia Farrow …, Ronan (named Satchel at birth). As he has
        alleged …, “…” he writes``: the paragraph's ``He``, not Satchel). Otherwise: the
        nearest earlier person whose gender is known to fit, if named in the pronoun's
        paragraph; else the nearest whose gender does not clash; else the nearest at all. A
        person so found who is named in another's description stands for that one, the
        subject described (``_described_by``).
        """
        if subject:
            for ent in self._free_before(i, gender):
                if not same_paragraph(self.doc, ent.end, i):
                    break
                if ent.root.dep_ in SUBJECT_DEPS and self.gender_of(ent.text) in (None, gender):
                    return ent
            first = self._chain_start(i)
            if first != i:
                return self.nearest(first, gender, subject)
        fitting = None
        for ent in self._free_before(i, gender):
            known = self.gender_of(ent.text)
            if gender is not None and known == gender:
                if fitting is None or same_paragraph(self.doc, ent.end, i):
                    return self._described_by(ent, gender) or ent
                break
            if fitting is None and known in (None, gender):
                fitting = ent
                if gender is None:
                    break
        if fitting is not None:
            return self._described_by(fitting, gender) or fitting
        return next(self._free_before(i, gender), None)

    def _described_by(self, ent: Span, gender: str | None) -> Span | None:
        """The person of a fitting gender, a subject, whose mention's phrase names ``ent``
        (``Lesley Deutch, a senior vice president in the office of John Burns Real Estate
        Consulting, said``): a later pronoun takes up the person described, not a name in the
        description."""
        if ent.root.dep_ in SUBJECT_DEPS:
            return None
        start = ent.sent.start
        for other in self._free_before(ent.start, gender):
            if other.start < start:
                return None
            if _describes(other, ent) and self.gender_of(other.text) in (None, gender):
                return other
        return None

    def _free_before(self, i: int, gender: str | None) -> Iterator[Span]:
        """The people named before token ``i``, nearest first, whom no object pronoun of the
        gender binds (``_bound``): read only as far as a rule needs (an article may name
        hundreds of people)."""
        return (
            ent
            for ent in reversed(self.persons)
            if ent.end <= i and not self._bound(ent, i, gender)
        )

    def _chain_start(self, i: int) -> int:
        """The first subject pronoun of the paragraph of token ``i`` written as the pronoun at
        ``i`` (``he`` … ``He``) and outside quotes, or ``i`` itself."""
        word = self.doc[i].lower_
        first = i
        for j in range(i - 1, -1, -1):
            token = self.doc[j]
            if "\n" in token.text:
                break
            if token.lower_ == word and token.dep_ in SUBJECT_DEPS and not self.quoted[j]:
                first = j
        return first

    def _bound(self, ent: Span, i: int, gender: str | None) -> bool:
        """Whether an object pronoun of the gender (``him``, ``her``) between ``ent`` and token
        ``i`` stands in the clause ``ent`` is the subject of, so that it is someone else and so
        is the pronoun at ``i``: ``Brexit came as a “huge” blow to him, …, he says`` (a
        pronoun never stands for the subject of its own clause; ``himself`` would)."""
        objective = OBJECT_PRONOUNS.get(gender or "")
        verb = ent.root.head
        if objective is None or ent.root.dep_ not in SUBJECT_DEPS:
            return False
        places = self._objects[objective]
        for j in places[bisect_left(places, ent.end) : bisect_left(places, i)]:
            token = self.doc[j]
            if token.dep_ not in OBJECT_DEPS:
                continue
            head = token.head
            while head.pos_ not in VERBS and head.head.i != head.i:
                head = head.head
            if head.i == verb.i:
                return True
        return False

    def antecedent(self, pronoun: Token) -> Span | None:
        """The person a personal pronoun (``he``, ``her``, ``his``) refers to."""
        return self.nearest(pronoun.i, pronoun_gender(pronoun.lower_), pronoun.dep_ in SUBJECT_DEPS)


# the links from a name in a person's description up to the person: an apposition and its
# prepositional phrases (``a senior vice president in the office of …``) or a relative clause
# and its object (``Jillian Soto, who lost her sister Victoria at Sandy Hook``), never another
# clause or a list (``thanking Roy Williams, Hansbrough, and the university``)
DESCRIBING_DEPS = frozenset(
    {"appos", "prep", "pobj", "compound", "poss", "amod", "nmod", "relcl", "dobj"}
)


def _describes(person: Span, ent: Span) -> bool:
    """Whether ``ent`` is named in the description of ``person``, a subject: the path up from
    its head word reaches the person's through describing links only."""
    if person.root.dep_ not in SUBJECT_DEPS:
        return False
    token = ent.root
    while token.dep_ in DESCRIBING_DEPS and token.head.i != token.i:
        token = token.head
        if token.i == person.root.i:
            return True
    return False


def names_no_source(words: Span | Sequence[Token]) -> bool:
    """Whether the tagger marks every word of a would-be speaker or source as a time or an
    amount (``NOT_SOURCE_LABELS``): such a subject is no person, organisation or outlet."""
    tagged = [t for t in words if not (t.is_punct or t.pos_ == "DET")]
    return bool(tagged) and all(t.ent_type_ in NOT_SOURCE_LABELS for t in tagged)


def capitalised_mid_sentence(doc: Doc) -> Counter[str]:
    """How often each capitalised word stands inside a sentence (not opening it): a name is
    written so wherever it stands, a plain word only where a sentence begins, a quoted one
    (``said Adrian Mapp: “Guns have been …”``) included."""
    view = view_of(doc)
    marks = view.quote_marks
    return Counter(
        word
        for i, (word, opens) in enumerate(zip(view.words, view.sentence_starts, strict=True))
        if word[:1].isupper() and not opens and not (i and marks[i - 1] and _opening(doc, i - 1))
    )


def _opening(doc: Doc, mark: int) -> bool:
    """Whether the quotation mark at token ``mark`` opens a quote: written against the word
    after it and apart from the one before."""
    before = doc[mark - 1] if mark else None
    return not doc[mark].whitespace_ and (
        before is None or bool(before.whitespace_) or before.is_space
    )


def written_as_name(token: Token, mid_sentence: Counter[str]) -> bool:
    """Whether the article writes ``token`` capitalised inside a sentence somewhere other
    than here: a name, also where the tagger read it as a verb or preposition
    (``Schilling describes``, ``From said``)."""
    here = 0 if token.is_sent_start else 1
    return token.text[:1].isupper() and mid_sentence[token.text] > here


NOT_NAME_POS = frozenset({"VERB", "AUX", "ADJ", "ADV", "ADP", "NUM", "PRON", "DET", "SCONJ"})


def plain_word(token: Token, mid_sentence: Counter[str]) -> bool:
    """A word the tagger may have taken for a name that is none: lower-case (``bona`` of
    ``bona fides``), or a verb or adjective, or a word opening its sentence, that the article
    never writes capitalised inside a sentence elsewhere (``Conceding that …``, ``Loyalty,
    he noted, …``, ``Regains didn't reveal …``)."""
    if not token.text[:1].isupper():
        return True
    if token.pos_ in NOT_NAME_POS or token.is_sent_start:
        return not written_as_name(token, mid_sentence)
    return False


def stray_capital(token: Token, mid_sentence: Counter[str]) -> bool:
    """A one-word proper noun named by no entity, opening its sentence, that is a plain word
    (``plain_word``): a scrap of a cut headline, not someone who can be a source. An
    acronym (``CNS reported``) is a name."""
    return (
        token.is_sent_start is True
        and token.pos_ == "PROPN"
        and not token.text.isupper()
        and not token.ent_type_
        and not any(c.dep_ == "compound" for c in token.children)
        and plain_word(token, mid_sentence)
    )


# what a definite description of an organisation is headed by: "the team", "the company";
# not "the campaign": a campaign is a candidate's, whom the tagger takes for an organisation
# as often as not ("the campaign wrote" was Brock's, then Trump's, in the open world)
ORGANISATION_NOUNS = word_set("team club company firm group network bank agency")


def one_organisation(token: Token) -> bool:
    """Whether a noun is a definite description of one organisation named before it: ``the
    team``, not ``the teams``, ``a team`` (a new one) nor ``the team's coach``."""
    return (
        token.pos_ == "NOUN"
        and token.lemma_.lower() in ORGANISATION_NOUNS
        and "Plur" not in token.morph.get("Number", [])
        and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
        and not any(c.dep_ in ("compound", "amod", "poss") for c in token.children)
    )


def a_subject(token: Token) -> bool:
    """Whether a word is a clause's subject or one of subjects joined by ``and``."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.dep_ in SUBJECT_DEPS


def sentences_before(token: Token, count: int) -> list[Span]:
    """Up to ``count`` sentences before the one of ``token``, the nearest first."""
    found: list[Span] = []
    start = token.sent.start
    while len(found) < count and start > 0:
        found.append(token.doc[start - 1].sent)
        start = found[-1].start
    return found


def organisation_before(
    token: Token, organisation: Callable[[Token], str | None], sentences: int
) -> Token | None:
    """The subject that a definite description of one organisation (``the team``, ``the
    company``) stands for: the one organisation that is the subject of a clause earlier in
    its sentence or, failing that, in the nearest of the ``sentences`` before that has one
    (``the Angels have made an offer ... says the team was believed to have offered``).
    ``organisation`` gives a subject's name key when it names an organisation (or a name the
    tagger left untyped, which may be a second one and so counts against the first), else
    None. None when that clause or sentence makes two organisations subjects: a guess would
    give the words to the wrong one."""
    spans = [token.doc[token.sent.start : token.i], *sentences_before(token, sentences)]
    for words in spans:
        subjects: dict[str, Token] = {}
        for t in words:
            if a_subject(t) and (key := organisation(t)) is not None:
                subjects.setdefault(key, t)
        if subjects:
            return next(iter(subjects.values())) if len(subjects) == 1 else None
    return None
