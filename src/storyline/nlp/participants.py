"""Who a word in the parse stands for: the participant lookups claims and events share.

A ``MentionIndex`` is built once per document from ``find_mentions``. ``participant(token)``
names the entity a noun phrase head refers to (``sik`` of ``Shin Won-sik``, ``he`` -> the
nearest earlier person of a fitting gender, ``Minister`` -> the person it is compounded with)
and otherwise the noun phrase as written (``state media``). Subjects and pronouns are resolved by
``storyline.nlp.subjects``, the rules a quote's speaker is found by.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Token

from storyline.model import Mention, Span
from storyline.nlp.docview import view_of
from storyline.nlp.subjects import RELATIVE, People, capitalised_mid_sentence

PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
LINKED_DEPS = frozenset({"compound", "appos", "flat", "poss"})


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
        persons = []
        for mention in mentions:
            words = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
            if words is None:
                continue
            for i in range(words.start, words.end):
                self.by_token[i] = mention
            if mention.label == "PERSON":
                persons.append(words)
        # the rule a quote's speaker is resolved by, so a claimant ``he`` is the same person;
        # only the quotation marks count as quoted: this index does not know the passages
        persons.sort(key=lambda w: w.start)
        self.people = People(doc, persons, view_of(doc).quote_marks)

    @cached_property
    def mid_sentence(self) -> Counter[str]:
        """Capitalised words inside sentences (``capitalised_mid_sentence``), on first use."""
        return capitalised_mid_sentence(self.doc)

    def mention(self, token: Token) -> Mention | None:
        """The mention a token is part of, if any."""
        return self.by_token.get(token.i)

    def person_before(self, token: Token) -> Mention | None:
        """The person named before a pronoun that it refers to (``People.antecedent``)."""
        person = self.people.antecedent(token)
        return self.by_token.get(person.start) if person is not None else None

    def participant(self, token: Token) -> Participant | None:
        """The entity a noun phrase head stands for, or the phrase itself as written.

        None for a pronoun that cannot be resolved cheaply (``it``, ``their``, ``which``).
        """
        written = Span(token.idx, token.idx + len(token.text))
        mention = self.mention(token)
        if mention is None and token.lower_ in PERSONAL_PRONOUNS:
            mention = self.person_before(token)
            if mention is not None:
                return Participant(mention.name or mention.text, written, mention.entity_id)
        if mention is None and (token.pos_ == "PRON" or token.lower_ in RELATIVE):
            return None
        if mention is None:
            linked = [self.mention(c) for c in token.children if c.dep_ in LINKED_DEPS]
            mention = next((m for m in linked if m is not None and m.label == "PERSON"), None)
        if mention is not None:
            return Participant(mention.name or mention.text, mention.span, mention.entity_id)
        phrase = self.doc[token.left_edge.i : token.i + 1]
        while len(phrase) > 1 and (phrase[0].pos_ == "DET" or phrase[0].is_punct):
            phrase = phrase[1:]  # "the", an opening quotation mark
        return Participant(phrase.text, Span(phrase.start_char, phrase.end_char))


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
