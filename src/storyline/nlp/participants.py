"""Who a word in the parse stands for: the participant lookups claims and events share.

A ``MentionIndex`` is built once per document from ``find_mentions``. ``participant(token)``
names the entity a noun phrase head refers to (``sik`` of ``Shin Won-sik``, ``he`` -> the
nearest earlier person of a fitting gender, ``Minister`` -> the person it is compounded with)
and otherwise the noun phrase as written (``state media``). Subjects and pronouns are resolved by
``storyline.nlp.subjects``, the rules a quote's speaker is found by.

A pronoun resolves only to someone the article shows to be a person (``_shown_as_person``):
the tagger marks a gun (``a .357 Magnum``), a place (``the move to Monterrey``) or a programme
(``Pell Grants``) PERSON as readily as a name, and ``she said`` must not make them a source.
Nor does it stand for a name inside quotation marks (``“Tara was professional,” he told``):
the speaker talks about that person.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from storyline.model import Mention, Span
from storyline.nlp.docview import view_of
from storyline.nlp.gender import name_key, pronoun_gender
from storyline.nlp.quotes.marks import find_quoted_passages
from storyline.nlp.subjects import (
    RELATIVE,
    SUBJECT_DEPS,
    People,
    a_subject,
    capitalised_mid_sentence,
    organisation_before,
    plain_word,
)

PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
LINKED_DEPS = frozenset({"compound", "appos", "flat", "poss"})
# words that open a phrase without being part of the name it holds: "the", "Earlier", "Without"
LEADING_POS = frozenset({"DET", "ADV", "ADP", "SCONJ", "CCONJ"})


@dataclass(frozen=True, slots=True)
class Participant:
    """A participant of a claim or an event: the name it resolves to and where it is written."""

    name: str
    span: Span
    entity_id: str | None = None


class MentionIndex:
    """Mentions by token, and the people in text order for pronouns."""

    def __init__(self, doc: Doc, mentions: list[Mention]) -> None:
        self.doc = doc
        self.by_token: dict[int, Mention] = {}
        self.persons: list[tuple[SpacySpan, Mention]] = []
        self._opening_words: dict[str, bool] = {}  # ``_opening_word``'s answers
        for mention in mentions:
            words = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
            if words is None:
                continue
            for i in range(words.start, words.end):
                self.by_token[i] = mention
            if mention.label == "PERSON":
                self.persons.append((words, mention))
        self.persons.sort(key=lambda p: p[0].start)

    @cached_property
    def quoted(self) -> list[bool]:
        """Whether each token stands inside quotation marks (or is one), on first use."""
        quoted = list(view_of(self.doc).quote_marks)
        for passage in find_quoted_passages(view_of(self.doc).text):
            words = self.doc.char_span(passage.start, passage.end, alignment_mode="expand")
            if words is not None:
                quoted[words.start : words.end] = [True] * len(words)
        return quoted

    @cached_property
    def people(self) -> People:
        """What ``he`` and ``she`` can stand for, on the first pronoun: the rule a quote's
        speaker is resolved by, so a claimant ``he`` is the same person, over the people the
        article names outside quotation marks."""
        outside = [words for words, _ in self.persons if not self.quoted[words.start]]
        return People(self.doc, outside, self.quoted)

    def _shown_as_person(self, words: SpacySpan) -> bool:
        """Whether the article shows a PERSON mention to be someone by cheap local evidence:
        a gender (an honorific, a gendered title, ``X said she``), a title written with it
        (``Police Chief``), a ``who`` clause, or the name acting as a subject, itself or
        beside the noun it names (``Another climber, Robert Buckley, died``), and never
        naming a kind of thing (``Mat Maid buildings``). A word the tagger took for a person
        that only stands as an object (``with a .357 Magnum``, ``contributed to Pell
        Grants``, ``the move to Monterrey``) shows none."""
        key = name_key(words.text)
        if self.people.gender_of(words.text) is not None:
            return True
        same = [(w.root, m) for w, m in self.persons if name_key(w.text) == key]
        if any(m.title or _who_clause(root) for root, m in same):
            return True
        acts = any(
            _subject(root) or (_subject(root.head) and root.dep_ == "appos") for root, _ in same
        )
        return acts and not any(_names_a_kind(root) for root, _ in same)

    @cached_property
    def mid_sentence(self) -> Counter[str]:
        """Capitalised words inside sentences (``capitalised_mid_sentence``), on first use."""
        return capitalised_mid_sentence(self.doc)

    def mention(self, token: Token) -> Mention | None:
        """The mention a token is part of, if any."""
        return self.by_token.get(token.i)

    def organisation_before(self, token: Token, sentences: int = 1) -> Mention | None:
        """The organisation a definite description of one (``the team``) stands for, from
        the clauses of its sentence and of the ``sentences`` before
        (``subjects.organisation_before``); None when those name two, or when the one is a
        name the tagger left untyped."""
        subject = organisation_before(token, self._organisation_key, sentences)
        return self.by_token.get(subject.i) if subject is not None else None

    def _organisation_key(self, token: Token) -> str | None:
        """The name key of an organisation mention, or of a name the tagger left untyped."""
        mention = self.by_token.get(token.i)
        if mention is None:
            return name_key(token.text) if token.pos_ == "PROPN" else None
        return name_key(mention.name or mention.text) if mention.label == "ORG" else None

    def person_before(self, token: Token) -> Mention | None:
        """The person named before a pronoun that it refers to (``People.antecedent``), or
        None when the article does not show that one to be a person (``_shown_as_person``),
        gives them the other gender (the nearest person at all is no claimant) or names them
        in the words the pronoun's sentence quotes (``“Tara was 100 percent professional,”
        he told``: a speaker talks about someone else). Dropped, never replaced by a guess:
        the person meant may be one the tagger missed."""
        person = self.people.antecedent(token)
        mention = self.by_token.get(person.start) if person is not None else None
        if person is None or mention is None or not self._shown_as_person(person):
            return None
        if self._untyped_subject_between(person, token):
            return None
        gender = pronoun_gender(token.lower_)
        if self.people.gender_of(person.text) not in (None, gender):
            return None
        sentence = token.sent
        quoted_names = {
            name_key(m.name or m.text)
            for w, m in self.persons
            if sentence.start <= w.start < sentence.end and self.quoted[w.start]
        }
        return None if name_key(mention.name or mention.text) in quoted_names else mention

    def _untyped_subject_between(self, person: SpacySpan, pronoun: Token) -> bool:
        """Whether the sentence before a subject pronoun that opens its own has as subject a
        one-word name the tagger took for an organisation or left untyped, named after
        ``person``: ``Artino … In the second half, Echenique got engaged. He scored all 11
        of his points``, where the tagger read ``Echenique`` as an organisation. Such a name
        may be the one meant, so the pronoun stands for no one rather than the person before
        it. Not when a word of the person's own name is a subject there too (``Vincent
        Jackson … Jackson enjoyed a breakout year. He set``; ``Ross is a seasoned filmmaker
        and Lionsgate isn't accustomed … He ended up``), nor for a people (``Americans``)."""
        sentence = pronoun.sent
        if not a_subject(pronoun) or pronoun.i != sentence.start or sentence.start == 0:
            return False
        before = self.doc[sentence.start - 1].sent
        own = {w.lower_ for w in person}
        subjects = [w for w in before if a_subject(w) and w.pos_ == "PROPN"]
        if any(w.lower_ in own for w in subjects):
            return False
        for word in (w for w in subjects if w.i >= person.end):
            mention = self.by_token.get(word.i)
            if mention is not None and mention.label != "ORG":
                continue
            if "Plur" in word.morph.get("Number", []):
                continue
            name = self.doc[word.left_edge.i : word.right_edge.i + 1]
            if [t for t in name if not t.is_punct] == [word]:
                return True
        return False

    def participant(self, token: Token) -> Participant | None:
        """The entity a noun phrase head stands for, or the phrase itself as written.

        None for a pronoun that cannot be resolved cheaply (``it``, ``their``, ``which``).
        """
        written = Span(token.idx, token.idx + len(token.text))
        mention = self.mention(token)
        if mention is None and token.lower_ in PERSONAL_PRONOUNS:
            mention = self.person_before(token)
            if mention is not None:
                return Participant(self.name_of(mention), written, mention.entity_id)
        if mention is None and (token.pos_ == "PRON" or token.lower_ in RELATIVE):
            return None
        if mention is None:
            linked = [self.mention(c) for c in token.children if c.dep_ in LINKED_DEPS]
            mention = next((m for m in linked if m is not None and m.label == "PERSON"), None)
        if mention is not None:
            name = self.name_of(mention)
            split = self._split_organisation(token, mention)
            if split is not None:
                return Participant(split.text, Span(split.start_char, split.end_char))
            if name != (mention.name or mention.text):
                return Participant(name, mention.span)  # a cut name is no known entity's
            return Participant(name, mention.span, mention.entity_id)
        phrase = self.doc[token.left_edge.i : token.i + 1]
        while len(phrase) > 1 and (phrase[0].pos_ in LEADING_POS or phrase[0].is_punct):
            phrase = phrase[1:]  # "the", an opening quotation mark, "Earlier AT and T"
        return Participant(phrase.text, Span(phrase.start_char, phrase.end_char))

    def _split_organisation(self, token: Token, mention: Mention) -> SpacySpan | None:
        """The whole name of an organisation the tagger cut short, as written: the words
        compounded before its mention in the same noun phrase (``A Real Clear Politics
        average``, ``Columbia Savings amp Loan Association announced``). A person's title
        before the name (``Defense Minister Shin Won-sik``) is no part of it."""
        if mention.label != "ORG" or token.pos_ != "PROPN":
            return None
        words = self.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        start = token.left_edge.i
        while start < token.i and (self.doc[start].pos_ == "DET" or self.doc[start].is_punct):
            start += 1
        if words is None or start >= words.start:
            return None
        before = self.doc[start : words.start]
        if not all(t.dep_ == "compound" for t in before) or not before[0].text[:1].isupper():
            return None
        return self.doc[start : words.end]

    def name_of(self, mention: Mention) -> str:
        """The name a mention resolves to, without a word opening a sentence that the tagger
        took into it (``Without Bloomberg in the mix, …``: ``Bloomberg``; ``Earlier AT and
        T``): a function word the article never writes capitalised inside a sentence."""
        name = mention.name or mention.text
        first, _, rest = name.partition(" ")
        return rest if rest and self._opening_word(first) else name

    def _opening_word(self, word: str) -> bool:
        """Whether ``word`` is, where it opens a sentence, a plain function word
        (``plain_word``: an adverb, a preposition, a conjunction) and no name."""
        if word not in self._opening_words:
            view = view_of(self.doc)
            openings = (
                self.doc[i]
                for i, written in enumerate(view.words)
                if written == word and view.sentence_starts[i]
            )
            self._opening_words[word] = any(
                t.pos_ in LEADING_POS and plain_word(t, self.mid_sentence) for t in openings
            )
        return self._opening_words[word]


def _subject(token: Token) -> bool:
    return token.dep_ in SUBJECT_DEPS


def _who_clause(root: Token) -> bool:
    """Whether a name is described by a ``who`` clause: a person (a thing takes ``which``)."""
    return any(c.dep_ == "relcl" and c.left_edge.lower_ == "who" for c in root.children)


def _names_a_kind(root: Token) -> bool:
    """Whether a name stands before a common noun as the kind of it (``Mat Maid buildings``,
    ``a Magnum revolver``): a brand or a firm; a person's name is that of someone's
    (``Trump's campaign``) and, written so, has a gender or title shown elsewhere."""
    return root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.text.islower()


def mention_index(doc: Doc, mentions: list[Mention] | MentionIndex) -> MentionIndex:
    """``mentions`` as an index over ``doc``: an index already built is shared, not built again
    (claims and events read the same article's mentions)."""
    return mentions if isinstance(mentions, MentionIndex) else MentionIndex(doc, mentions)


def conjoined(token: Token) -> list[Token]:
    """A token and its conjuncts: ``Pyongyang and Moscow`` -> [Pyongyang, Moscow]."""
    found = [token]
    for child in token.children:
        if child.dep_ == "conj":
            found.extend(conjoined(child))
    return found
