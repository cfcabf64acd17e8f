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

from spacy.tokens import Span, Token

from storyline.nlp.quotes.marks import QuotedPassage, title_cased, words_of, work_title
from storyline.nlp.quotes.speakers import CUE_LEMMAS, REPORT_NOUNS, SPEECH_NOUNS, DocIndex
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


# cue verbs that take a work, not words someone says (``sing “The Star Spangled Banner”``)
WORK_VERBS = frozenset({"sing", "read", "cite", "quote", "reference"})
NAMING_LEMMAS = frozenset({"call", "name", "title", "entitle", "dub", "nickname", "brand", "label"})


def named_work(index: DocIndex, quote: Span) -> bool:
    """A title-cased passage of a body sentence that a verb other than a cue takes as its
    object: ``Hachette had vowed to publish “Apropos of Nothing”``, ``Farrow, who had been
    working on “Catch and Kill”``, ``The initial announcement of “Apropos of Nothing” came``.
    A title or a name of more than one word, never a quote. A passage a cue verb takes first
    (``Trump called the winner “Miss Piggy”``, ``as “The Wall Street Journal” wrote``), a
    passage ending in punctuation (``“Your Honor,”``, ``“We're America.”``), a modifier of
    the writer's noun (``a "Commander-In-Chief" forum``) and a passage of a headline or the
    first line (``Obama Sees 'Personal Insult' if …``) stay quotes, unless the passage is
    the name a participle gives a noun (``a coalition called “Save Our Country,”``) or an
    apposition names (``his movie, “A Rainy Day in New York,”``)."""
    words = quote.text
    if not title_cased(words) or index.headlines.holds(quote.start, quote.end):
        return False
    doc = index.doc
    if "\n" not in doc[: quote.start].text.strip():
        return False  # the first line: a headline that capitalises only some words
    if any(_naming_participle(verb) for verb in _governing_verbs(index, quote)):
        return True  # ``a coalition called “Save Our Country,”``: the name it was given
    if any(_an_example(token) for token in index.anchors(quote)):
        return True  # ``Latin hits including “La Gozadera” and “Madre Tierra (Oye).”``
    verbs = _governing_verbs(index, quote)
    if not any(verb.lemma_ in CUE_LEMMAS for verb in verbs) and any(
        _names_a_thing(index, token) for token in index.anchors(quote)
    ):
        return True  # ``his most recent movie, “A Rainy Day in New York,”``, not ``Trump
        # called the winner “Miss Piggy”``
    if not words[-1:].isalnum():
        return False
    # one word may be anyone's (``“Christian”``); the tagger's verbs in a title (``“Catch and
    # Kill”``) say nothing, so a clause is told by its closing punctuation alone
    if len(words_of(words)) < 2:
        return False
    anchors = index.anchors(quote)
    if any(t.dep_ in MODIFIER_DEPS for t in anchors):
        return False  # ``during a "Commander-In-Chief" forum``: a word of the writer's phrase
    return not any(
        verb.lemma_ in CUE_LEMMAS or not index.outside(verb)
        for verb in _governing_verbs(index, quote)
    )


def titled_passage(index: DocIndex, quote: Span) -> bool:
    """A passage of a body sentence that is a title by its words alone (``work_title``:
    ``his film “The Assassination of Hugo Chavez.”``, ``to sing “The Star Spangled
    Banner.”``) and that no verb of speaking governs: a quote of no one, as a title is no
    one's words. A shout in capitals (``“MAKE AMERICA GREAT AGAIN!”``), a headline's passage
    and a title someone names in speaking (``as “The Wall Street Journal” wrote``, ``Trump
    proclaimed a goal of “Peace Through Strength.”``) keep their speaker; a verb that takes a
    work (``sing``, ``read``) speaks no title."""
    words = quote.text
    if not work_title(words) or words.isupper() or index.headlines.holds(quote.start, quote.end):
        return False
    if "\n" not in index.doc[: quote.start].text.strip():
        return False  # the first line: a headline
    return not any(
        verb.lemma_ in CUE_LEMMAS - WORK_VERBS and verb.pos_ in VERBS
        for verb in _verbs_above(index, quote)
    )


def _verbs_above(index: DocIndex, quote: Span) -> list[Token]:
    """Every token above the quote in the tree, up to the root of its sentence."""
    return [token for anchor in index.anchors(quote) for token in anchor.ancestors]


def _governing_verbs(index: DocIndex, quote: Span) -> list[Token]:
    """The first verb above each token of the quote that attaches outside it."""
    firsts = (
        next((t for t in anchor.ancestors if t.pos_ in VERBS), None)
        for anchor in index.anchors(quote)
    )
    return [verb for verb in firsts if verb is not None]


def _names_a_thing(index: DocIndex, token: Token) -> bool:
    """Whether a token of a title-cased passage stands in apposition to a common noun of the
    writer's that is no text of words (``his movie, “A Rainy Day in New York,”``, not ``his
    statement, “…”``): the passage is the thing's name."""
    head = token.head
    return (
        token.dep_ == "appos"
        and head.pos_ == "NOUN"
        and index.outside(head)
        and head.lemma_.lower() not in SPEECH_NOUNS | REPORT_NOUNS
    )


def _an_example(token: Token) -> bool:
    """Whether a token of a title-cased passage is an example a list gives (the object of
    ``including``, ``like`` or ``such as``, or a conjunct of one): ``songs including “La
    Gozadera” and “Madre Tierra,”``, ``books like “The Road”``. Names of things, never
    words someone says."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    prep = token.head
    return token.dep_ == "pobj" and (
        prep.lower_ in ("including", "like")
        or (prep.lower_ == "as" and any(t.lower_ == "such" for t in prep.lefts))
    )


def _naming_participle(verb: Token) -> bool:
    """A past participle of naming that modifies a noun: ``a coalition called``, ``an ear
    worm called``, ``a film titled``. It gives the noun its name; no one says it."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.lemma_ in NAMING_LEMMAS
