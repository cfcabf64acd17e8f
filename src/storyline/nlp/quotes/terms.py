"""Quoted words that are no one's speech: a nickname inside a name, the title of a work, a
so-called term.

Real web pages set many things between quotation marks that nobody said: ``Robert "Kool"
Bell`` and ``Jason “Poo Bear” Boyd`` (a nickname, part of the name), ``“One Man Band” – Old
Dominion`` in a list of nominees and ``Hachette had vowed to publish “Apropos of Nothing”`` (a
title), ``the so-called “birther movement”`` (a term the writer distances themself from).
``find_quotes`` drops the first two, which are no quotes at all, and keeps the third without a
speaker unless someone who can speak uses the term: a scare quote is the writer's, and no
speaker beats a wrong one.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from storyline.nlp.quotes.marks import QuotedPassage, title_cased, words_of
from storyline.nlp.quotes.speakers import CUE_LEMMAS, DocIndex
from storyline.nlp.subjects import VERBS

NICKNAME_WORDS = 3  # at most this many words between quotation marks inside a name
# the capitalised word before a nickname's opening mark (no sentence ends before it) and the
# one after its closing mark, each set apart from its mark by a space
NAME_BEFORE = re.compile(r"[^.!?:\s]\s+[A-Z][\w-]*\s+\S{1,2}$")
NAME_AFTER = re.compile(r"\S{1,2}\s+[A-Z][\w’'-]*")
# in a title-cased line, a name opening an item of a list: ``Songwriters: Justin Bieber, Jason
# “Poo Bear” Boyd, …``
NAME_OPENING_ITEM = re.compile(r"[,;:]\s+[A-Z][\w-]+\s+\S{1,2}$")
SO_CALLED = re.compile(r"\bso[- ]called\s+\S{1,2}$", re.IGNORECASE)
# a list entry: the title, a dash, and who made it, alone in its paragraph
LIST_ENTRY = re.compile(r"[\s\-–—•*]*\S{1,2}$")
ENTRY_SIGNATURE = re.compile(r"\S{0,2}\s*[–—-]+\s*[A-Z]")
SENTENCE_END = (".", "!", "?")
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})


def nickname(text: str, passage: QuotedPassage) -> bool:
    """A few capitalised words set between the two halves of a name inside a sentence:
    ``Robert "Kool" Bell``, ``Jason “Poo Bear” Boyd``. Part of the name, not a quote. A
    title-cased line (a headline: ``Trump Calls Clinton ‘Crooked’ Again``) capitalises
    every word, so there only a name opening an item of a list says so (``Songwriters:
    Justin Bieber, Jason “Poo Bear” Boyd``)."""
    words = text[passage.start : passage.end]
    if not 0 < len(words_of(words)) <= NICKNAME_WORDS or not title_cased(words):
        return False
    if not words[-1:].isalnum():
        return False  # ``on CBS’s “Face the Nation,” Ryan said``: a title ends a clause
    line_start = text.rfind("\n", 0, passage.start) + 1
    line_end = text.find("\n", passage.end)
    headline = title_cased(text[line_start : line_end if line_end >= 0 else len(text)])
    before = NAME_OPENING_ITEM if headline else NAME_BEFORE
    return (
        before.search(text, line_start, passage.start) is not None
        and NAME_AFTER.match(text, passage.end) is not None
    )


def so_called(text: str, passage: QuotedPassage) -> bool:
    """A term the writer marks as someone's usage with no one named: ``the so-called “birther
    movement”``. The writer's scare quotes, nobody's words."""
    line_start = text.rfind("\n", 0, passage.start) + 1
    return SO_CALLED.search(text, line_start, passage.start) is not None


def listed_work(text: str, passage: QuotedPassage) -> bool:
    """A title-cased passage alone in a list entry with the dash and name of who made it:
    ``- “One Man Band” – Old Dominion``. A title of a work, not words someone said."""
    if not title_cased(text[passage.start : passage.end]):
        return False
    line_start = text.rfind("\n", 0, passage.start) + 1
    return (
        LIST_ENTRY.fullmatch(text, line_start, passage.start) is not None
        and ENTRY_SIGNATURE.match(text, passage.end) is not None
    )


def named_work(index: DocIndex, quote: Span) -> bool:
    """A title-cased passage of a body sentence that a verb other than a cue takes as its
    object: ``Hachette had vowed to publish “Apropos of Nothing”``, ``Farrow, who had been
    working on “Catch and Kill”``, ``The initial announcement of “Apropos of Nothing” came``.
    A title or a name of more than one word, never a quote. A passage a cue verb takes first
    (``Trump called the winner “Miss Piggy”``, ``as “The Wall Street Journal” wrote``), a
    passage ending in punctuation (``“Your Honor,”``, ``“We're America.”``), a modifier of
    the writer's noun (``a "Commander-In-Chief" forum``) and a passage of a headline or the
    first line (``Obama Sees 'Personal Insult' if …``) stay quotes."""
    words = quote.text
    if (
        not title_cased(words)
        or not words[-1:].isalnum()
        or index.headlines.holds(quote.start, quote.end)
    ):
        return False
    doc = index.doc
    if "\n" not in doc[: quote.start].text.strip():
        return False  # the first line: a headline that capitalises only some words
    # one word may be anyone's (``“Christian”``); the tagger's verbs in a title (``“Catch and
    # Kill”``) say nothing, so a clause is told by its closing punctuation alone
    if len(words_of(words)) < 2:
        return False
    anchors = index.anchors(quote)
    if any(t.dep_ in MODIFIER_DEPS for t in anchors):
        return False  # ``during a "Commander-In-Chief" forum``: a word of the writer's phrase
    for anchor in anchors:
        current = anchor
        while current.head.i != current.i:
            current = current.head
            if current.pos_ in VERBS:
                if current.lemma_ in CUE_LEMMAS or not index.outside(current):
                    return False
                break
    return True
