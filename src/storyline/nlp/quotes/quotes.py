"""Direct quotes and who said them.

``find_quotes`` pairs the quotation marks of the text (``quote_marks``), then attributes every
passage to a speaker from the parse spaCy already made (``quote_speakers``): one linear pass
over the marks, one walk up the tree per quote, no extra model.

A passage with no speaker is kept when it reads like speech: it holds a word, and it is not a
title (every content word capitalised: “Morning Joe”, “Face the Nation”) outside a headline.
Headlines capitalise quoted words too (Trump Was ‘Mocking’ Clinton Camp), so there a
title-cased passage is kept.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from spacy.tokens import Doc

from storyline.model import Quote, Span
from storyline.nlp.docview import view_of
from storyline.nlp.quotes.context import attribute
from storyline.nlp.quotes.marks import (
    QuotedPassage,
    find_quoted_passages,
    title_cased,
    words_of,
)
from storyline.nlp.quotes.no_speaker import checked_speaker
from storyline.nlp.quotes.speakers import Attribution, DocIndex, speaks
from storyline.nlp.quotes.terms import (
    listed_work,
    named_work,
    nickname,
    so_called,
    titled_passage,
)


def _reads_like_speech(text: str, passage: QuotedPassage) -> bool:
    """Whether an unattributed passage is more likely someone's words than a name or junk.

    A title-cased passage is the name of a show, book or law, unless its whole paragraph is
    title-cased: headlines capitalise quoted words too (Trump Was ‘Mocking’ Clinton Camp).
    """
    if not words_of(text[passage.start : passage.end]):
        return False  # numbers, ids and links that an embed left between quotation marks
    if not title_cased(text[passage.start : passage.end]):
        return True
    start = _paragraph_of(text, passage.start)
    end = text.find("\n", passage.end)
    return title_cased(text[start : end if end >= 0 else len(text)])


def _paragraph_of(text: str, offset: int) -> int:
    """The start offset of the paragraph holding ``offset``."""
    return text.rfind("\n", 0, offset) + 1


def _next_paragraph(text: str, paragraph: int) -> int:
    """The start offset of the paragraph after the one starting at ``paragraph``."""
    if paragraph < 0:
        return -1
    end = text.find("\n", paragraph)
    if end < 0:
        return -1
    while end < len(text) and text[end].isspace():
        end += 1
    return end


def _person_only(index: DocIndex, attribution: Attribution) -> Attribution | None:
    """The attribution of a so-called term (``so_called``) if someone who can speak uses it
    (``Mr. Trump has called for taxing so-called ''pass through'' income``, ``Kasich's
    campaign is claiming victory in the so-called “governor's bracket.”``), else None:
    ``the so-called “birther movement” — the lie that questioned …`` is the writer's term,
    not the lie's."""
    mention = index.doc.char_span(
        attribution.speaker_start, attribution.speaker_end, alignment_mode="expand"
    )
    return attribution if mention is not None and speaks(index, mention.root) else None


def _attributed(
    doc: Doc, passages: list[QuotedPassage]
) -> tuple[list[Attribution | None], set[int], set[int]]:
    """The speaker of every passage, with the article's earlier context carried forward; the
    passages whose speaker was found but is no one (``checked_speaker``), that are a term
    the writer marks (``so_called``) or a title (``titled_passage``): quoted words all the
    same; and the passages that name a work (``named_work``): no quotes at all."""
    index = DocIndex(doc, passages)
    text = index.text
    found: list[Attribution | None] = []
    nobody: set[int] = set()
    works: set[int] = set()
    previous: Attribution | None = None
    paragraph = -1
    # an article names the channel once (According to the KCNA, Kim ...) and then keeps quoting
    # the same speaker through it: a later quote of that speaker inherits the cited source
    channel: dict[str, str] = {}
    carried: Attribution | None = None
    for number, passage in enumerate(passages):
        here = _paragraph_of(text, passage.start)
        if here != paragraph:
            # a paragraph that opens with a quote and names no speaker goes on with the last one
            carried = previous if here == _next_paragraph(text, paragraph) else None
            previous, paragraph = None, here
        opens_paragraph = not text[here : passage.start].strip(" \t\"“'‘\xa0")
        quote = doc.char_span(passage.start, passage.end, alignment_mode="expand")
        if quote is not None and len(quote) and named_work(index, quote):
            works.add(number)
            found.append(None)
            continue
        if quote is not None and len(quote) and titled_passage(index, quote):
            nobody.add(number)  # a title: quoted words of no one
            found.append(None)
            continue
        attribution = attribute(index, passage, previous or (carried if opens_paragraph else None))
        if attribution is not None:
            attribution = checked_speaker(index, attribution)
            if attribution is not None and so_called(text, passage):
                attribution = _person_only(index, attribution)
            if attribution is None:
                nobody.add(number)
        if attribution is not None:
            if attribution.cited_source is not None:
                channel[attribution.speaker] = attribution.cited_source
            elif attribution.speaker in channel:
                attribution = replace(attribution, cited_source=channel[attribution.speaker])
        previous = attribution or previous
        if passage.multi_paragraph:
            paragraph = _paragraph_of(text, passage.end)
        found.append(attribution)
    # a quote that runs on unmarked over paragraphs is attributed where it closes (``... three
    # and carried out boarding, " said Captain Nambiar``): its earlier paragraphs say so too
    for i in range(len(passages) - 2, -1, -1):
        if found[i] is None and passages[i].continues:
            found[i] = found[i + 1]
    return found, nobody, works


def find_quotes(doc: Doc, article_id: str = "") -> list[Quote]:
    """The direct quotes of a parsed document, in text order, each with its speaker if found.

    ``Quote.span`` covers the quoted words without the quotation marks. ``speaker`` is the name
    the attributing mention refers to (``he`` and ``the North Korean leader`` resolved to
    ``Kim Jong-un``), ``speaker_span`` that mention as written, ``cited_source`` who passed the
    words on (``according to the KCNA``).
    """
    text = view_of(doc).text
    # a nickname inside a name and a listed title are no quotes (``terms``)
    passages = [
        passage
        for passage in find_quoted_passages(text)
        if not nickname(text, passage) and not listed_work(text, passage)
    ]
    # speakers come from the parse; a tokenizer-only doc still yields its quotes
    parsed = doc.has_annotation("DEP")
    attributions, nobody, works = (
        _attributed(doc, passages) if parsed else ([None] * len(passages), set(), set())
    )
    quotes = []
    for number, (passage, attribution) in enumerate(zip(passages, attributions, strict=True)):
        if number in works:
            continue
        words = text[passage.start : passage.end]
        if attribution is None:
            if number not in nobody and not _reads_like_speech(text, passage):
                continue
            quotes.append(Quote(article_id, Span(passage.start, passage.end), words))
            continue
        quotes.append(
            Quote(
                article_id=article_id,
                span=Span(passage.start, passage.end),
                text=words,
                speaker=attribution.speaker,
                speaker_span=Span(attribution.speaker_start, attribution.speaker_end),
                cue=attribution.cue,
                cited_source=attribution.cited_source,
            )
        )
    return quotes


def quotes_as_json(doc: Doc, anchor: date | None = None) -> list[dict[str, Any]]:
    """``find_quotes`` as JSON-ready dicts with char offsets into ``doc.text``.

    Keys: start, end, text, speaker, speaker_start, speaker_end, cue, cited_source; speaker
    fields are null when no speaker was found. ``anchor`` (the article's date) is accepted for
    the common extractor signature; quotes do not use it.
    """
    del anchor
    rows = []
    for quote in find_quotes(doc):
        speaker = quote.speaker_span
        rows.append(
            {
                "start": quote.span.start,
                "end": quote.span.end,
                "text": quote.text,
                "speaker": quote.speaker,
                "speaker_start": speaker.start if speaker else None,
                "speaker_end": speaker.end if speaker else None,
                "cue": quote.cue,
                "cited_source": quote.cited_source,
            }
        )
    return rows
