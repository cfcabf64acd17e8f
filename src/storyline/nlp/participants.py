"""Who a word in the parse stands for: the participant lookups claims and events share.

A ``MentionIndex`` is built once per document from ``find_mentions``. ``participant(token)``
names the entity a noun phrase head refers to (``sik`` of ``Shin Won-sik``, ``he`` -> the last
person named before it, ``Minister`` -> the person it is compounded with) and otherwise the
noun phrase as written (``state media``). ``subject_of(verb)`` finds the subject a verb has or
shares with the verb it is coordinated with (``Kim inspected ... and called for ...``).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storyline.model import Mention, Span

PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
LINKED_DEPS = frozenset({"compound", "appos", "flat", "poss"})
# verbs that share the subject of the verb they hang from: "inspected ... and called"
SHARING_DEPS = frozenset({"conj", "xcomp", "advcl"})
RELATIVE = frozenset({"who", "that", "which"})


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
        people: list[tuple[int, Mention]] = []
        for mention in mentions:
            words = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
            if words is None:
                continue
            for i in range(words.start, words.end):
                self.by_token[i] = mention
            if mention.label == "PERSON":
                people.append((words.start, mention))
        self._people_at = [i for i, _ in people]
        self._people = [m for _, m in people]

    def mention(self, token: Token) -> Mention | None:
        """The mention a token is part of, if any."""
        return self.by_token.get(token.i)

    def person_before(self, token: Token) -> Mention | None:
        """The last person named before a token: what ``he`` most likely refers to."""
        at = bisect_left(self._people_at, token.i)
        return self._people[at - 1] if at > 0 else None

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


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, inherited from the verb it is coordinated with if it has none.

    In a relative clause the subject is the noun the clause describes: ``a factory that
    produces launchers`` and ``factories producing sniper rifles`` -> factory.
    """
    for _ in range(4):  # a chain of shared subjects is short; bound it against odd parses
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            subject = subjects[0]
            if subject.lower_ in RELATIVE and verb.dep_ == "relcl":
                return verb.head
            return subject
        if verb.dep_ in {"relcl", "acl"} and verb.head.pos_ in {"NOUN", "PROPN"}:
            # "shells manufactured in North Korea": a passive participle's noun is its object
            return None if verb.tag_ == "VBN" else verb.head
        if verb.dep_ not in SHARING_DEPS or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def conjoined(token: Token) -> list[Token]:
    """A token and its conjuncts: ``Pyongyang and Moscow`` -> [Pyongyang, Moscow]."""
    found = [token]
    for child in token.children:
        if child.dep_ == "conj":
            found.extend(conjoined(child))
    return found
