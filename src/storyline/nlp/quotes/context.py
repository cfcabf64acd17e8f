"""Speakers named outside the quote's own sentence, and the order in which rules are tried.

``quote_speakers`` finds a speaker inside the sentences that hold a quote. News also names
speakers around them: a signature after a reader's comment (``“…” ― Pamela Padilla``), a
lead-in ending in a colon, possibly a paragraph earlier (``The New York Times reports:``), the
sentence before (``…, Schiff said. “The other factor …”``), a headline's subject
(``Rush Limbaugh: Hillary … ‘Reeks of Fear.’``). ``attribute`` tries the rules from the most
to the least direct and falls back on the previous quote's speaker.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from storyline.nlp.quotes.marks import QuotedPassage, title_cased
from storyline.nlp.quotes.speakers import (
    CUE_LEMMAS,
    NAME_LABELS,
    REPORT_NOUNS,
    Attribution,
    DocIndex,
    climb_to_actor,
    cue_text,
    in_sentence,
    is_person,
    make_attribution,
    sentences_of,
    speaks,
)
from storyline.nlp.speaking_nouns import GROUP_NOUNS, PERSON_NOUNS
from storyline.nlp.subjects import VERBS, subject_of

# a name after a closing quotation mark and a dash, ending its paragraph: ”― Pamela Padilla
SIGNATURE = re.compile(r"[”\"’]\s*(?:―|—|–|--?)\s*(?P<name>[^\s―—–\"”].{0,60}?)[\s.]*$")
LEAD_IN_SKIP = " \t\r\n\xa0\"“‘'"
# a transcript's speaker label opening a paragraph: "PENCE: Well, look, …
TRANSCRIPT_LABEL = re.compile(r"[\"“]?\s*(?P<name>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):\s")
HEADLINE_MAX_WORDS = 25  # the first paragraph is a headline when it is this short
# what a dateline's label names: a place or a time, never who speaks
LABEL_NOT_SPEAKER = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME"})


def _paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) of the paragraph (line) holding the passage [start, end)."""
    stop = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if stop < 0 else stop


def _signature(index: DocIndex, passage: QuotedPassage) -> Attribution | None:
    """A paragraph signed with a dash after its last quote: every quote in it is the signer's,
    including words the signer quotes from someone else."""
    text = index.text
    start, end = _paragraph(text, passage.start, passage.end)
    match = SIGNATURE.search(text, passage.end, end)
    if match is None or not text[start:end].lstrip(LEAD_IN_SKIP + "”’"):
        return None
    name = index.doc.char_span(match.start("name"), match.end("name"), alignment_mode="expand")
    if name is None or not name.text[:1].isupper() or len(name) > 8:
        return None
    ent = next((index.entity_of[t.i] for t in name if t.i in index.entity_of), None)
    if ent is not None and ent.label_ in NAME_LABELS:
        return make_attribution(index, ent.root, None, None)
    # a reader's name the tagger missed: the capitalised words as written
    words = [t for t in name if t.text[:1].isupper()]
    if not words:
        return None
    first, last = words[0], words[-1]
    return Attribution(
        name.doc[first.i : last.i + 1].text, first.idx, last.idx + len(last), None, None
    )


def _speaker_label(words: Span) -> bool:
    """Whether a capitalised label before a colon can name who speaks: not a dateline's place
    (``NEW DELHI: The ongoing farmers' agitation …``) or time, nor a phrase with an article
    (a fact check's ``THE CLAIM:`` and ``THE FACTS:``)."""
    if words[0].pos_ == "DET" or words[0].lower_ in ("the", "a", "an"):
        return False
    return not any(t.ent_type_ in LABEL_NOT_SPEAKER for t in words)


def _transcript_label(index: DocIndex, passage: QuotedPassage) -> Attribution | None:
    """A quote in a transcript paragraph belongs to the capitalised label opening it
    (``"WALLACE: But, Governor Pence, … as “The Wall Street Journal” wrote``)."""
    text = index.text
    start, _ = _paragraph(text, passage.start, passage.end)
    while start < passage.start and text[start].isspace():
        start += 1
    label = TRANSCRIPT_LABEL.match(text, start, passage.start)
    if label is None:
        return None
    words = index.doc.char_span(label.start("name"), label.end("name"), alignment_mode="expand")
    if words is None or not _speaker_label(words):
        return None
    name = label.group("name")
    return Attribution(name, label.start("name"), label.end("name"), None, None)


def _cue_word(token: Token) -> bool:
    """A cue verb, also when a title-cased headline hides it from the tagger (``Says``)."""
    lower = token.lower_
    return token.lemma_.lower() in CUE_LEMMAS or (lower.endswith("s") and lower[:-1] in CUE_LEMMAS)


def _headline_name(index: DocIndex, tokens: Span) -> Token | None:
    """The first name in ``tokens``: an entity, else a capitalised noun the tagger left
    unlabelled (``Politifact: …``)."""
    for token in tokens:
        ent = index.entity_of.get(token.i)
        if index.outside(token) and ent is not None and ent.label_ in NAME_LABELS:
            return token
    for token in tokens:
        if index.outside(token) and token.pos_ in ("PROPN", "NOUN") and token.text[:1].isupper():
            return token
    return None


def _is_headline(text: str, start: int, end: int) -> bool:
    """A title-cased line, or the short first line of the text."""
    line = text[start:end]
    return title_cased(line) or (start == 0 and len(line.split()) <= HEADLINE_MAX_WORDS)


def _headline_span(index: DocIndex, passage: QuotedPassage) -> Span | None:
    """The words of a headline before the quote, or None when the quote is not in one."""
    text = index.text
    start, end = _paragraph(text, passage.start, passage.end)
    if not _is_headline(text, start, end):
        return None
    head = index.doc.char_span(start, passage.start, alignment_mode="expand")
    return head if head is not None and len(head) else None


def _headline_label(index: DocIndex, passage: QuotedPassage) -> Attribution | None:
    """A headline that opens with a name and a colon is that name's words:
    ``Pence: Gennifer Flowers Won't Be at Debate, Trump Was ‘Mocking’ Clinton Camp``."""
    head = _headline_span(index, passage)
    if head is None:
        return None
    colon = next((t for t in head if t.text == ":" and index.outside(t)), None)
    if colon is None:
        return None
    named = _headline_name(index, index.doc[head.start : colon.i])
    return make_attribution(index, named, None, None) if named is not None else None


def _speaking(index: DocIndex, token: Token) -> bool:
    """A headline's subject that can say something (``speaks``, a proper noun), also where
    title case made
    the tagger read a noun as a name (``Black Lawmakers``), or a text bearing words
    (``Popular Website``)."""
    words = {token.lemma_.lower(), token.lower_, token.lower_.removesuffix("s")}
    if token.pos_ == "PROPN" or speaks(index, token):
        return True  # a name, tagged or not (``Gina Rodriguez Questioned …``)
    return bool(words & (PERSON_NOUNS | GROUP_NOUNS | REPORT_NOUNS))


def _headline(index: DocIndex, passage: QuotedPassage, cue_only: bool) -> Attribution | None:
    """A quote in a headline with no label: the name before a cue verb (``Obama Says …
    Will Tell of ‘Suffering and Delight’``), else the headline's first subject or name
    (``Black Lawmakers Rip Donald Trump As A ‘Disgusting Fraud’``)."""
    head = _headline_span(index, passage)
    if head is None:
        return None
    doc = index.doc
    for token in head:
        if _cue_word(token) and token.i > head.start and index.outside(token):
            named = _headline_name(index, doc[max(head.start, token.i - 4) : token.i])
            if named is not None:
                return make_attribution(index, named, cue_text(token), None)
    if cue_only:
        return None
    for token in head:
        ent = index.entity_of.get(token.i)
        is_name = ent is not None and ent.label_ in NAME_LABELS
        # with no cue, only a subject that can speak: ``Black Lawmakers Rip …``, ``Popular
        # Website Shows …``, not ``Two newborns die for ‘want of oxygen’``
        if index.outside(token) and (
            is_name or (token.dep_ == "nsubj" and _speaking(index, token))
        ):
            return make_attribution(index, token, None, None)
    return None


def _main_clauses(tokens: Span) -> list[Token]:
    """The verbs of the main clauses in ``tokens``: the root and the verbs coordinated with
    it (``X won't go that far, but Sherman wants …``), in text order."""
    roots = [t for t in tokens if t.dep_ == "ROOT" and t.pos_ in VERBS]
    clauses = []
    while roots:
        verb = roots.pop()
        clauses.append(verb)
        roots.extend(c for c in verb.children if c.dep_ == "conj" and c.pos_ in VERBS)
    return sorted(clauses, key=lambda t: t.i)


def _clause_speaker(index: DocIndex, tokens: Span) -> Attribution | None:
    """The speaker of a lead-in clause: the subject of a cue verb in it, or of its main verb
    when that subject is a person or a name (``Sanders made the following comment:``); of
    coordinated main clauses the one nearest the quote (``Playbook won't go that far, but
    Sherman wants to use the platform …. “I think …”``: Sherman)."""
    for token in reversed(tokens):  # the cue nearest the quote
        if token.lemma_ in CUE_LEMMAS and token.pos_ in ("VERB", "AUX") and index.outside(token):
            subject = subject_of(token, active=True)
            if subject is not None and index.outside(subject):
                return make_attribution(index, subject, cue_text(token), None)
    for verb in reversed(_main_clauses(tokens)):
        if not index.outside(verb):
            continue
        subject = subject_of(verb, active=True)
        if subject is None or not index.outside(subject):
            return None
        ent = index.entity_of.get(subject.i)
        if is_person(index, subject) or (ent is not None and ent.label_ in NAME_LABELS):
            return make_attribution(index, subject, cue_text(verb), None)
    return None


def _colon_lead_in(index: DocIndex, passage: QuotedPassage) -> Attribution | None:
    """A clause ending in a colon right before the quote, in its paragraph or the one before:
    ``Pence said: “…”``, ``The New York Times reports:`` followed by a quoted paragraph."""
    text = index.text
    i = passage.start - 1
    while i >= 0 and text[i] in LEAD_IN_SKIP:
        i -= 1
    if i < 0 or text[i] != ":":
        return None
    colon = index.doc.char_span(i, i + 1, alignment_mode="expand")
    if colon is None:
        return None
    sentence = colon[0].sent
    return _clause_speaker(index, index.doc[sentence.start : colon[0].i])


def _previous_sentence(index: DocIndex, quote: Span) -> Attribution | None:
    """A quote that opens its sentence takes the speaker of the sentence before it in the same
    paragraph: ``…, Schiff said. “The other factor …”``."""
    doc = index.doc
    first = sentences_of(quote)
    if first.start == 0 or any(
        not t.is_quote and not t.is_space for t in doc[first.start : quote.start]
    ):
        return None
    before = doc[first.start - 1].sent
    if "\n" in doc[before.end - 1 : first.start + 1].text or "\n" in before.text.strip():
        return None
    return _clause_speaker(index, before)


def _sentence_person(index: DocIndex, quote: Span) -> Attribution | None:
    """The last resort in the quote's sentences: the person subject nearest to the quote
    (``Mr. Trump hardly clarified the matter, treating it as a compliment -- ''That makes me
    smart''``, where the parser made the quote the main clause)."""
    context = sentences_of(quote)
    candidates = [
        t
        for t in context
        if t.dep_ == "nsubj" and index.outside(t) and is_person(index, t) and index.near(t, quote)
    ]
    candidates.sort(key=lambda t: min(abs(t.i - quote.start), abs(t.i - quote.end)))
    return make_attribution(index, candidates[0], None, None) if candidates else None


def attribute(
    index: DocIndex, passage: QuotedPassage, previous: Attribution | None
) -> Attribution | None:
    """The speaker of one quoted passage; ``previous`` is the last quote's in its paragraph
    (or, for a quote opening the next paragraph, the one carried over)."""
    quote = index.doc.char_span(passage.start, passage.end, alignment_mode="expand")
    if quote is None or len(quote) == 0:
        return None
    found = (
        _signature(index, passage)
        or _transcript_label(index, passage)
        or _headline_label(index, passage)
        or in_sentence(index, quote)
        or _headline(index, passage, cue_only=True)
        or climb_to_actor(index, quote)
        or _headline(index, passage, cue_only=False)
        or _colon_lead_in(index, passage)
    )
    if found is not None:
        return found
    if title_cased(quote.text):
        # a title (''Larry King Now'') is nobody's words: only a cue or a lead-in makes it so
        return previous
    return _previous_sentence(index, quote) or previous or _sentence_person(index, quote)
