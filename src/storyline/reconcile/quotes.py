"""Reconciling quotes: the same words across articles, and the same words worded differently.

Two quotes are one group when a compatible speaker said them and their words align: one
contains the other (a partial quote), most words are the same, or half of them are and the
words around the quotes are too (``for an “epochal change” in war preparations`` and ``for a
“historic change” in the war preparations``: two translations of one KCNA phrase; only for
short phrases, as two sentences sharing half their words are a paraphrase, not a variant).
A short phrase that differs in a content word matches only with its context too: ``The rocket
is looking good`` and ``The weather is looking good`` share a frame, not an utterance. Within
one article, only a repeat (a quote contained in another) is the same quote: an outlet quoting
its speaker twice in other words quotes two things.
A description (``the minister``) or a medium (``VSNA quoted her``) as speaker matches a
named one on most of a sentence's words. A passage of one to three words is a quote to
reconcile only when its speaker or the verb attributing it is written next to it (``Kim
called for an “epochal change”``); with no speaker, or a speaker and verb the sentence writes
far from it (``a career of Hollywood “aqua - musicals” designed just for her, died on Thursday
..., her spokesman said``), it is a scare quote or a term: it stays alone, never in a group.
Nor does such a phrase join a whole sentence that another article quotes (``a “total loss”``
and ``... I'm afraid the building here is a total loss``): it is a pick of a word, not the
statement.
Two sentences of one named speaker in two articles that share under 60 % of their words are
still one utterance when they say it with the same content words in other grammar (two
translations of ``Because the Persian Gulf is not very deep, a tsunami is not expected`` /
``The Persian Gulf is not deep enough so that we can expect tsunamis``): at least
``SAME_STEMS`` word stems in common, which are most of the shorter sentence's, and the word
sequences still largely aligned.
A group whose wordings differ inside the shared passage is a *variant*, shown word by word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from storyline.model import Article, Assessment, Quote, QuoteDetails, Verdict, Wording
from storyline.nlp.quotes.marks import work_title
from storyline.reconcile.sources import (
    SourceBook,
    agreement_verdict,
    reporting_lines,
    resolve_sources,
)
from storyline.reconcile.text import (
    ELLIPSIS,
    STOPWORDS,
    contains,
    differs_in_wording,
    lemma,
    lemmas,
    names_compatible,
    similarity,
    spoken,
    tokens,
    word_diff,
    words,
)

SAME_WORDS = 0.6  # similarity above which two quotes of one speaker are the same quote
SHARED_WORDS = 0.4  # similarity that suffices when the surrounding words agree too
SAME_CONTEXT = 0.5  # similarity of the content words just before or after the quotes
SHORT_PHRASE = 6  # words up to which a quoted phrase may match on its context (translations)
CONTEXT_WORDS = 5
MIN_CONTAINED = 2  # a one-word quote inside another is too weak a match ("hundreds")
ANONYMOUS_SAME = 0.9  # a quote without a speaker joins a group only with (nearly) its words
LOOSE_WORDS = 6  # a described speaker matches a named one on a sentence, not on a phrase
DESCRIPTOR_WORDS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "one"})
SCARE_WORDS = 3  # a quoted passage of this many words or fewer needs a speaker next to it
SPEAKER_REACH = 8  # words between such a passage and its speaker's mention, at most
# verbs that put a label on something: a short quote under them is the label, not speech
DESCRIBING_CUES = frozenset(  # as ``lemma`` leaves them: ``describes`` -> ``describe``
    {"describe", "described", "dub", "dubbed", "brand", "branded", "label", "labelled"}
    | {"labeled", "term", "termed", "nicknamed"}
)
SAME_STEMS = 5  # content stems two paraphrased sentences of one speaker share, at least
STEM_SHARE = 0.7  # ... and the share of the shorter sentence's stems they make up
STEM_LETTERS = 6  # a stem: the first letters of a word (``expected`` / ``expect``)
# words that carry no content of a statement beyond the function words (pronouns, modals)
_PLAIN_WORDS = """
i we you he she they me us him them my your so very can could may might should must
because but if then there here also just than such
"""
PLAIN_WORDS = frozenset(_PLAIN_WORDS.split())


@dataclass(frozen=True)
class _Said:
    """A quote with what matching needs: its lemmas, whether its speaker only stands in for
    a name (``_stands_in``; asked once a quote, not once a pair) and the content words around
    it (``context``)."""

    quote: Quote
    keys: tuple[str, ...]
    stands_in: bool
    articles: Mapping[str, Article] = field(repr=False, compare=False)

    @cached_property
    def context(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The content words just before and just after the quote (``_context``): only a
        short phrase's match reads them, so they are worked out when first asked, once."""
        return _context(self.quote, self.articles)


def _context(
    quote: Quote, articles: Mapping[str, Article]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    article = articles.get(quote.article_id)
    if article is None:
        return (), ()
    # a window of characters wide enough for CONTEXT_WORDS words on each side
    before = lemmas(article.text[max(0, quote.span.start - 200) : quote.span.start])
    after = lemmas(article.text[quote.span.end : quote.span.end + 200])
    before, after = before[-CONTEXT_WORDS:], after[:CONTEXT_WORDS]
    return (
        tuple(w for w in before if w not in STOPWORDS),
        tuple(w for w in after if w not in STOPWORDS),
    )


def _speakers_compatible(a: Quote, b: Quote) -> bool:
    """Same speaker, or one names as speaker the medium the other cites (KCNA said / Kim said,
    according to KCNA): both pass on the same upstream words."""
    return (
        names_compatible(a.speaker, b.speaker)
        or names_compatible(a.speaker, b.cited_source)
        or names_compatible(a.cited_source, b.speaker)
    )


def _stands_in(speaker: str, book: SourceBook) -> bool:
    """Whether a speaker only stands in for a name: a description (``the minister``, ``its
    manager``) or a medium passing the words on (``VSNA quoted her as telling workers``)."""
    first = speaker.split()[0] if speaker.split() else ""
    return first.casefold() in DESCRIPTOR_WORDS or book.is_medium(speaker)


def _around(a: _Said, b: _Said) -> float:
    """How alike the content words just before or just after two quotes are."""
    (a_before, a_after), (b_before, b_after) = a.context, b.context
    return max(
        similarity(a_before, b_before) if a_before and b_before else 0.0,
        similarity(a_after, b_after) if a_after and b_after else 0.0,
    )


def _other_content(a: _Said, b: _Said) -> bool:
    """Whether two wordings differ in a content word (``rocket`` / ``weather``), not only in
    function words and endings."""
    return set(a.keys) - STOPWORDS != set(b.keys) - STOPWORDS


def _one_paragraph_of(a: _Said, b: _Said) -> bool:
    """Whether one quote spans paragraphs and the other is one paragraph's words: a statement
    of several paragraphs says several things, and another outlet quoting one of them quotes
    that one, not the statement; the two are never one quote across articles."""
    return ("\n" in a.quote.text.strip()) != ("\n" in b.quote.text.strip())


def _stems(keys: Sequence[str]) -> set[str]:
    """The content stems of a quote's lemmas: function and plain words left out."""
    return {k[:STEM_LETTERS] for k in keys if k not in STOPWORDS and k not in PLAIN_WORDS}


def _paraphrased(a: _Said, b: _Said) -> bool:
    """Whether two sentences of one named speaker say the same with the same content words
    in other grammar; a description (``the officer``) may be two people, so it never does."""
    if a.quote.speaker is None or b.quote.speaker is None or a.stands_in or b.stands_in:
        return False
    first, second = _stems(a.keys), _stems(b.keys)
    shared = len(first & second)
    return (
        shared >= SAME_STEMS
        and shared >= STEM_SHARE * min(len(first), len(second))
        and similarity(a.keys, b.keys) >= SHARED_WORDS
    )


def _same_quote(a: _Said, b: _Said) -> bool:
    """Whether two quotes are one utterance (see the module doc)."""
    if min(len(a.keys), len(b.keys)) <= SCARE_WORDS < SHORT_PHRASE < max(len(a.keys), len(b.keys)):
        # a word or two picked out of a sentence that is quoted whole (described the building
        # as a “total loss”), in this article or another, is a phrase, not the statement
        return False
    if a.quote.article_id == b.quote.article_id:
        # one article quoting one speaker twice in other words quotes two things; only a
        # repeat (the headline's words again in the body) is the same quote
        short, long = sorted((a.keys, b.keys), key=len)
        return len(short) >= MIN_CONTAINED and contains(long, short)
    # the word similarity (the costly test) only where a branch reads it
    if a.quote.speaker is None or b.quote.speaker is None:
        return (
            min(len(a.keys), len(b.keys)) >= MIN_CONTAINED
            and similarity(a.keys, b.keys) >= ANONYMOUS_SAME
        )
    if not _speakers_compatible(a.quote, b.quote):
        # a description or a medium may name the same speaker: only most of the words decide
        loose = a.stands_in or b.stands_in
        return (
            loose
            and min(len(a.keys), len(b.keys)) >= LOOSE_WORDS
            and similarity(a.keys, b.keys) >= SAME_WORDS
        )
    short, long = sorted((a.keys, b.keys), key=len)
    if _one_paragraph_of(a, b):
        return False
    if len(short) >= MIN_CONTAINED and contains(long, short):
        return True
    score = similarity(a.keys, b.keys)
    if score >= SAME_WORDS and (len(short) > SHORT_PHRASE or not _other_content(a, b)):
        return True
    if len(short) > SHORT_PHRASE:
        # two sentences sharing under 60 % of their words say different things, unless they
        # are one statement in two translations (same content words, other grammar)
        return _paraphrased(a, b)
    # a short phrase with another content word shares only a frame ("The rocket is looking
    # good", "The weather is looking good"): the words around must agree too
    return score >= SHARED_WORDS and _around(a, b) >= SAME_CONTEXT


def is_spoken_quote(quote: Quote, articles: Mapping[str, Article]) -> bool:
    """Whether a quoted passage is someone's words to reconcile rather than a scare quote or
    a term: a passage of more than ``SCARE_WORDS`` words is; a shorter one only with a speaker
    whose mention, or the verb that attributes it (``called for an “epochal change”``),
    stands within ``SPEAKER_REACH`` words of it in the same paragraph, no verb of labelling
    (``described ... as``, ``dubbed``) attributes it and its words are not all capitalised
    (a title or a name: ``“American Pie”``)."""
    if is_title(quote.text):
        return False
    if len(words(quote.text)) > SCARE_WORDS:
        return True
    if quote.speaker is None or lemma((quote.cue or "").casefold()) in DESCRIBING_CUES:
        return False  # ``described the building as a “total loss”``: a label, not words said
    if all(w[0].isupper() for w in re.findall(r"[^\W\d_]+", quote.text)):
        return False  # ``“American Pie”``, ``“X-Men”``, ``“Deep Throat”``: a name or title
    article = articles.get(quote.article_id)
    if quote.speaker_span is None or article is None:
        return True  # a speaker given without its mention: nothing says it is far
    text = article.text
    first, second = sorted((quote.span, quote.speaker_span), key=lambda s: s.start)
    between = text[first.end : second.start] if second.start > first.end else ""
    if "\n" not in between and len(words(between)) <= SPEAKER_REACH:
        return True
    cue = words(quote.cue or "")
    if not cue:
        return False
    before = text[: quote.span.start].rsplit("\n", 1)[-1]
    after = text[quote.span.end :].split("\n", 1)[0]
    near = (words(before)[-SPEAKER_REACH:], words(after)[:SPEAKER_REACH])
    return any(_runs_in(cue, side) for side in near)


def is_title(text: str) -> bool:
    """Whether a quoted passage is a title rather than words someone said (``work_title``)."""
    return work_title(text)


def _runs_in(part: list[str], whole: list[str]) -> bool:
    """Whether the words ``part`` occur in ``whole`` one after the other."""
    size = len(part)
    return any(whole[i : i + size] == part for i in range(len(whole) - size + 1))


def group_quotes(quotes: Sequence[Quote], book: SourceBook) -> list[list[Quote]]:
    """Quotes in groups of the same words (single linkage), in input order; two quotes of one
    article that are not one quote, or two sentences sharing few words, never end in one
    group, and a scare quote
    (``is_spoken_quote``) stays alone."""
    said = [
        _Said(
            q,
            tuple(lemmas(q.text)) if is_spoken_quote(q, book.articles) else (),
            q.speaker is not None and _stands_in(q.speaker, book),
            book.articles,
        )
        for q in quotes
    ]
    parent = list(range(len(said)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    members: dict[int, list[int]] = {i: [i] for i in range(len(said))}

    def apart(first: int, second: int) -> bool:
        """Whether two groups hold quotes of one article that are not one quote: a long quote
        of one outlet spanning two utterances must not chain them into one group."""
        return any(
            _unlike_sentences(x, y)
            or (
                said[x].quote.article_id == said[y].quote.article_id
                and not _same_quote(said[x], said[y])
            )
            for x in members[first]
            for y in members[second]
        )

    def _unlike_sentences(x: int, y: int) -> bool:
        """Two sentences that are not one quote and share under ``SAME_WORDS`` of their words:
        a phrase both contain (``late-night talk-show``) must not chain them into one group."""
        a, b = said[x].keys, said[y].keys
        return (
            min(len(a), len(b)) > SHORT_PHRASE
            and similarity(a, b) < SAME_WORDS
            and not _same_quote(said[x], said[y])
        )

    # only quotes with words are ever linked (a scare quote stays alone)
    linkable = [i for i, item in enumerate(said) if item.keys]
    for n, i in enumerate(linkable):
        for j in linkable[n + 1 :]:
            a, b = root(i), root(j)
            if a != b and _same_quote(said[i], said[j]) and not apart(a, b):
                parent[max(a, b)] = min(a, b)
                members[min(a, b)] += members.pop(max(a, b))
    groups: dict[int, list[Quote]] = {}
    for i, item in enumerate(said):
        groups.setdefault(root(i), []).append(item.quote)
    return list(groups.values())


def _upstream(book: SourceBook, quote: Quote) -> str | None:
    if quote.cited_source:
        return book.upstream(quote.cited_source)
    if quote.speaker and book.is_medium(quote.speaker):
        return book.upstream(quote.speaker)
    return None


def _wordings(group: Sequence[Quote]) -> list[Wording]:
    """Distinct wordings (by words, not case or typography), most quoted first; each shown
    as first written, and each after the first diffed word by word against the first."""
    by_words: dict[tuple[str, ...], list[Quote]] = {}
    for quote in group:
        by_words.setdefault(tuple(words(quote.text)), []).append(quote)
    order = sorted(by_words, key=lambda k: (-len(by_words[k]), len(k), k))
    wordings = [
        Wording(
            text=" ".join(tokens(by_words[k][0].text)),
            member_ids=tuple(q.id for q in by_words[k]),
            article_ids=tuple(sorted({q.article_id for q in by_words[k]})),
        )
        for k in order
    ]
    base = wordings[0].text
    others = [w.text for w in wordings]
    return wordings[:1] + [_diffed(base, wording, others) for wording in wordings[1:]]


def _diffed(base: str, wording: Wording, others: Sequence[str]) -> Wording:
    ops = word_diff(base, wording.text)
    # one wording inside the other is a longer or shorter quote of the same words, and so is
    # a wording inside any other of the group: ``the most valuable player`` of a sentence
    # that holds both it and the most quoted ``No, I meant he's the founder of ISIS``
    partial = any(_inside(wording.text, other) for other in others if other != wording.text)
    differs = differs_in_wording(ops) and not _nested(base, wording.text) and not partial
    return replace(wording, ops=tuple(tuple(op) for op in ops), differs=differs)


def _speaker(group: Sequence[Quote]) -> str | None:
    names = Counter(q.speaker for q in group if q.speaker)
    return min(names, key=lambda n: (-names[n], n)) if names else None


def _nested(first: str, second: str) -> bool:
    """Whether one wording's words run, in order, inside the other's (``very pro choice`` in
    ``Being very very very pro choice ...``): a partial quote, not another wording."""
    short, long = sorted((first, second), key=lambda text: len(spoken(text)))
    return _inside(short, long)


def _inside(part: str, whole: str) -> bool:
    """Whether the words of ``part`` run inside ``whole``; an ellipsis in ``part`` stands for
    words it leaves out (``problems with Mo Cheeks … then there's got to be`` is inside
    ``problems with Mo Cheeks then there's got to be``): each stretch between ellipses runs
    inside ``whole``, in order."""
    words_of_whole = [w for w in spoken(whole) if w != ELLIPSIS]
    stretches = [s.split() for s in " ".join(spoken(part)).split(ELLIPSIS)]
    stretches = [s for s in stretches if s]
    start = 0
    for stretch in stretches:
        found = _find(words_of_whole, stretch, start)
        if found < 0:
            return False
        start = found + len(stretch)
    return bool(stretches)


def _find(whole: Sequence[str], part: Sequence[str], start: int) -> int:
    """Where the words ``part`` first run in ``whole`` from ``start`` on, or -1."""
    size = len(part)
    for i in range(start, len(whole) - size + 1):
        if list(whole[i : i + size]) == list(part):
            return i
    return -1


def assess_quotes(story_id: str, group: Sequence[Quote], book: SourceBook) -> Assessment:
    """The verdict on one group of quotes: variant, agreed or single-source."""
    wordings = _wordings(group)
    base = wordings[0].text
    shown = book.names(resolve_sources(book, [(q.article_id, _upstream(book, q)) for q in group]))
    lines = reporting_lines(book, (q.article_id for q in group))
    if any(w.differs for w in wordings):
        verdict = Verdict.VARIANT
    else:
        verdict = agreement_verdict(q.article_id for q in group)
    speaker = _speaker(group)
    subject = f"{speaker}: “{base}”" if speaker else f"“{base}”"
    notes = [
        f"{len(lines)} reporting line(s), {len(shown)} independent source(s): " + ", ".join(shown)
    ]
    if verdict is Verdict.VARIANT:
        variants = [w.text for w in wordings[1:] if w.differs]
        notes.append(f"worded differently: “{base}” vs " + ", ".join(f"“{v}”" for v in variants))
    details = QuoteDetails(speaker, base, tuple(wordings), len(lines))
    return Assessment(
        story_id, verdict, subject, tuple(q.id for q in group), tuple(shown), tuple(notes), details
    )


def reconcile_quotes(story_id: str, quotes: Sequence[Quote], book: SourceBook) -> list[Assessment]:
    """One assessment per group of quotes of the story."""
    groups = group_quotes(quotes, book)
    return [assess_quotes(story_id, group, book) for group in groups]
