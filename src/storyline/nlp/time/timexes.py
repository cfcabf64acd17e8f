"""Time expressions: find them, type them (TIMEX3 DATE, TIME, DURATION, SET) and give each a
TimeML value anchored to the article's publication date.

The text is read by a rule grammar (``timex_grammar``), which is fast and needs no model; the
spaCy parse is used only for the tense of the clause an expression sits in, which decides the
direction of bare weekdays and months ("on Tuesday" in "Kim visited a plant on Tuesday" is the
Tuesday before the anchor, in "Kim will visit on Tuesday" the one after). Without a parse
(``spacy.blank``) the tense falls back to the words of the sentence.

    >>> timexes_as_json(nlp("Kim visited a plant on Tuesday."), date(2024, 5, 15))
    [{'start': 23, 'end': 30, 'text': 'Tuesday', 'type': 'DATE', 'value': '2024-05-14',
      'precision': 'day'}]
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from storyline.model import Span, TimeRef
from storyline.nlp.docview import view_of
from storyline.nlp.time.grammar import find_candidates
from storyline.nlp.time.lexicon import word_list
from storyline.nlp.time.resolve import FUTURE, PAST, PRESENT, Context, Resolved, resolve
from storyline.nlp.time.values import interval_of, part_interval, precision_of

FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "would", "'d"})
FUTURE_LEMMAS = frozenset(
    word_list(
        "plan expect schedule intend aim hope set due prepare propose want seek threaten vow "
        "promise agree decide"
    )
)
_FUTURE_WORDS = re.compile(
    r"\b(?:will|won't|'ll|shall|would|going\s+to|plans?\s+to|expected\s+to|scheduled\s+to"
    r"|due\s+to|set\s+to|is\s+to|are\s+to)\b",
    re.IGNORECASE,
)
_PAST_WORDS = re.compile(
    r"\b(?:\w+ed|said|was|were|had|did|met|took|went|came|saw|told|made|gave|began|held|left"
    r"|sent|won|lost|fell|rose|paid|sold|bought|ran|led|spoke|wrote|fought|struck|oversaw)\b",
    re.IGNORECASE,
)
_A_YEAR_BEFORE = re.compile(r"year-ago|year-earlier|last\s+year|ago|earlier", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z\"“])|\n\s*\n")


# ---- tense ------------------------------------------------------------------------------------


def _verb_tense(verb: Token) -> str | None:
    """past, present or future for a verb, from its tag, morphology and auxiliaries."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & FUTURE_AUX or verb.lower_ in FUTURE_AUX:
        return FUTURE
    if "to" in words and verb.tag_ == "VB":  # "plans to deploy", "is expected to sign"
        # under a past verb ("agreed to sell ... Friday") the day may be the agreement's:
        # no direction, the nearest such day
        return PRESENT if verb.head.tag_ == "VBD" else FUTURE
    if "going" in words or (verb.head.lemma_ in FUTURE_LEMMAS and verb.dep_ == "xcomp"):
        return FUTURE
    if any("Past" in a.morph.get("Tense", []) for a in auxes if a.tag_ != "VBN"):
        return PAST
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and (not auxes or words & {"has", "have"})):
        return PAST
    if verb.tag_ in ("VBZ", "VBP") or words & {"is", "are", "am", "'s", "'re"}:
        return PRESENT
    return None


def _parsed_tense(doc: Doc, start: int, end: int) -> str | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    if token.dep_ == "poss":  # "Wednesday's ruling": the noun's day, not the clause's
        return PRESENT
    for _ in range(8):  # climb to the verb the expression modifies
        if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB") or token.tag_ == "MD":
            return _verb_tense(token)
        if token.head is token:
            return None
        token = token.head
    return None


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    return (before[-1] if before else 0), (after.start() + 1 if after else len(text))


def _worded_tense(text: str, start: int, end: int) -> str | None:
    """The tense read from the words of the sentence, for docs without a parse."""
    first, last = _sentence_bounds(text, start, end)
    sentence = text[first:start] + " " + text[end:last]
    if _FUTURE_WORDS.search(sentence):
        return FUTURE
    if _PAST_WORDS.search(sentence):
        return PAST
    return None


def clause_tense(doc: Doc, start: int, end: int) -> str | None:
    """The tense (past, present, future or None) of the clause around ``doc.text[start:end]``."""
    if doc.has_annotation("DEP"):
        return _parsed_tense(doc, start, end)
    return _worded_tense(view_of(doc).text, start, end)


# ---- finding and resolving --------------------------------------------------------------------


def _time_ref(article_id: str, text: str, start: int, end: int, resolved: Resolved) -> TimeRef:
    interval = interval_of(resolved.value)
    if interval and resolved.part:
        interval = part_interval(*interval, resolved.part)
    return TimeRef(
        article_id=article_id,
        span=Span(start, end),
        text=text[start:end],
        type=resolved.type,
        value=resolved.value,
        precision=precision_of(resolved.value),
        start_date=interval[0] if interval else None,
        end_date=interval[1] if interval else None,
    )


def find_timexes(
    doc: Doc, anchor: date | None, article_id: str = "", day_first: bool = False
) -> list[TimeRef]:
    """Every time expression of ``doc`` with its TIMEX3 type, TimeML value, precision and the
    calendar interval it covers, resolved against ``anchor`` (the publication date; None keeps
    anchor-relative values underspecified: XXXX-08-21). In text order; never raises on text.

    ``day_first`` reads 4/5/2020 as the 4th of May, as text in languages other than English
    writes it; the rest of the grammar is English words and numerals, so on other languages'
    text it finds numeric dates, years and the English month names some pages carry."""
    text = view_of(doc).text
    found: list[TimeRef] = []
    ref: date | None = None
    quarter: tuple[int, int] | None = None
    for candidate in find_candidates(text):
        ctx = Context(
            anchor=anchor,
            tense=clause_tense(doc, candidate.start, candidate.end),
            ref=ref,
            quarter=quarter,
            before=text[max(0, candidate.start - 30) : candidate.start],
            day_first=day_first,
        )
        try:
            resolved = resolve(candidate, ctx)
        except (OverflowError, ValueError):  # arithmetic past year 9999 or before year 1
            resolved = None
        if resolved is None:
            continue
        timex = _time_ref(article_id, text, candidate.start, candidate.end, resolved)
        found.append(timex)
        # Later anaphora ("that day", "two years later") refer to the last date mentioned,
        # and "the quarter", "a year earlier" to the last quarter a results story named.
        if timex.start_date is not None and timex.value[:1].isdigit():
            ref = timex.start_date
        reported = re.fullmatch(r"(\d{4})-Q([1-4])", timex.value)
        own_quarter = reported and candidate.rule in ("quarter", "qcode")
        if own_quarter and reported and not _A_YEAR_BEFORE.search(timex.text):
            quarter = (int(reported[1]), int(reported[2]))
    return found


def timexes_as_json(doc: Doc, anchor: date | None) -> list[dict[str, Any]]:
    """``find_timexes`` as the JSON lines of ``storyline extract dates``: start, end, text,
    type, value and precision of each expression."""
    return [
        {
            "start": t.span.start,
            "end": t.span.end,
            "text": t.text,
            "type": t.type.value,
            "value": t.value,
            "precision": t.precision.value,
        }
        for t in find_timexes(doc, anchor)
    ]


# ---- spaCy component --------------------------------------------------------------------------

if not Doc.has_extension("timexes"):
    Doc.set_extension("timexes", default=None)
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)


class TimexTagger:
    """Pipeline component: sets ``doc._.timexes`` from ``doc._.published`` (a date or None)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.timexes = find_timexes(doc, doc._.published)
        return doc


@Language.factory(
    "storyline_timexes",
    assigns=["doc._.timexes"],
    requires=["doc._.published"],
    default_config={},
)
def make_timex_tagger(nlp: Language, name: str) -> TimexTagger:
    """``nlp.add_pipe("storyline_timexes")`` after the parser; set ``doc._.published`` first
    (``nlp.make_doc`` then ``doc._.published = date(...)``) or use ``find_timexes`` directly."""
    return TimexTagger(nlp, name)
