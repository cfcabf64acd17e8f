"""Numeric claims: how many of what, who says so, and how firmly.

``find_claims`` walks the tokens of a parsed document once. A number becomes a claim when it
counts or measures something (``at least 6,700 containers``, ``around 3 million rounds of
152-millimeter artillery shells``, ``hundreds of components``, ``40%``). It does not when it:

- is a date, a time, a year or a decade (``2024``, ``the 1970s``);
- names a calibre or a type (``240-millimeter multiple rocket launcher``, ``240mm``,
  ``a 30-day plan``): a number joined by a hyphen or a calibre unit to the noun it describes;
- is an age (``33-year-old``, ``aged 70``), an ordinal (``first half``) or an id
  (``MENAFN15052024000045015682ID1108215015``, ``Resolution 2270``, ``No. 5``);
- stands in a line with no verb (page furniture: ``56.4 F``);
- names the two ends of a relation (``a middle ground between two parties``).

A sum of money keeps what it is: the noun it modifies or the object of ``in`` after it
(``a $1 million Iowa buy``, ``$1 million in loans``), so two sums of one value that are
different things are not taken for one figure.

A bare number that takes a part of a group counts that group: ``two of the skiffs``, ``the
four robbers, two of whom ...``, ``five boats ... two of them`` (the nearest group a number
counts, in its sentence or the two before).

A magnitude is a measure, not a count: a decimal before a quake (``a 5.6 quake``, ``a
6.1-magnitude earthquake``) or a number after the word (``a magnitude 6 quake``) is kept with
``unit="magnitude"``, so outlets that write it either way still compare.

A rank such as ``the world's fourth-largest standing army`` is kept as a claim with
``quantity=4``, ``unit="rank"`` and ``counted="largest standing army"``: it is checkable like a
count, and other outlets restate it.

The claimant is the subject of the nearest cue verb above the number (``Shin Won-sik
previously said the North has shipped ...``), else the source of ``according to``; names and
pronouns resolve through ``find_mentions``. The stance is read on the same path: ``deny`` ->
denied, ``suspect`` -> suspected, ``accuse`` / ``allege`` / ``reportedly`` -> alleged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from spacy.tokens import Doc, Token

from storyline.model import Claim, Mention, Span
from storyline.nlp.claims.numbers import VAGUE_HEDGES, ordinal_value, vague_quantity
from storyline.nlp.claims.predicates import (
    NOMINAL_STATES,
    TALLY_NOUNS,
    agent_of,
    doer_of,
    period_of,
    predicate_of,
)
from storyline.nlp.claims.quantities import TIME_UNITS, Quantity, find_quantities
from storyline.nlp.claims.sources import claim_source
from storyline.nlp.claims.units import SURFACE_UNITS, is_currency
from storyline.nlp.docview import view_of
from storyline.nlp.entities.entities import find_mentions
from storyline.nlp.participants import MentionIndex, mention_index
from storyline.nlp.speaking_nouns import word_set

SKIP_ENTS = frozenset({"DATE", "TIME", "ORDINAL"})
NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
PRODUCT_ENTS = frozenset({"PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})


CALIBRE_UNITS = word_set(
    "mm millimeter millimeters millimetre millimetres cm centimeter centimetre caliber calibre "
    "inch inches"
)
# "3:33 a.m.", "12:52 p.m. EDT": clock times the tagger did not mark as TIME
CLOCK_WORDS = word_set("a.m. p.m. am pm a. p. gmt utc edt est bst cet hrs o'clock")
AGE_WORDS = frozenset({"aged", "age", "ages"})
ID_PREFIXES = frozenset({"no", "no.", "#", "number", "nos", "nos."})
SUPERLATIVE_TAGS = frozenset({"JJS", "RBS"})
NOUN_MODIFIERS = frozenset(
    {"compound", "amod", "nmod", "nummod", "poss", "case", "quantmod", "det"}
)
# what a magnitude is written before: "a 5.6 quake", "6.1-magnitude earthquake"
QUAKE_NOUNS = word_set("earthquake earthquakes quake quakes temblor temblors tremor tremors")
MAGNITUDE = "magnitude"
# pronouns a part is taken of: "two of them"; the group is looked for this far back
GROUP_PRONOUNS = frozenset({"them", "those", "these"})
GROUP_SENTENCES = 2
MAX_DIGITS = 12  # longer digit runs are ids, phone numbers or codes
MEASURES = frozenset(SURFACE_UNITS.values())  # units a quantity is measured in


@dataclass(frozen=True, slots=True)
class _Quantity:
    """A number found in the text: the phrase it is written in, its value and what it counts."""

    start: int  # first token of the phrase: the hedge or currency sign, else the number
    end: int  # one past the last token of the phrase: the counted noun when it follows
    value: float
    approximation: str | None = None
    unit: str | None = None
    counted: str | None = None
    anchor: int = 0  # the token the claimant and stance are read from
    normalized_unit: str | None = None
    upper: float | None = None


def _is_year(token: Token) -> bool:
    text = token.text
    return len(text) == 4 and text.isdigit() and 1800 <= int(text) <= 2100


def _names_a_type(doc: Doc, end: int) -> bool:
    """``240-millimeter launcher``, ``240mm``, ``30-day``, ``33-year-old``: not a count."""
    if end >= len(doc):
        return False
    after = doc[end]
    if after.lower_ in CALIBRE_UNITS or after.lower_.startswith("-"):
        return True
    if after.text == "-" and not after.whitespace_:
        return True  # a hyphenated modifier: "7,000-strong", "152-millimeter"
    following = doc[end + 1].lower_ if end + 1 < len(doc) else ""
    return after.lower_ in {"year", "years"} and following == "old"  # "70 years old"


def _looks_like_id(token: Token) -> bool:
    digits = sum(ch.isdigit() for ch in token.text)
    zero_padded = token.text.startswith("0") and digits > 1 and "." not in token.text
    return digits > MAX_DIGITS or zero_padded


def _is_excluded(doc: Doc, start: int, end: int) -> bool:
    """Whether the number at ``start:end`` is a date, a year, an age, an id or a type name."""
    first = doc[start]
    if first.ent_type_ in SKIP_ENTS or (end - start == 1 and _is_year(first)):
        return True
    before = doc[start - 1].lower_ if start > 0 else ""
    if before == "." and start > 1 and doc[start - 2].lower_ == "no":
        before = "no."  # "No. 5" split in two by the tokenizer
    glued_colon = before == ":" and not doc[start - 1].whitespace_  # "3:33", not "agreed: 47"
    if _looks_like_id(first) or before in AGE_WORDS or before in ID_PREFIXES or glued_colon:
        return True
    if end < len(doc) and (doc[end].lower_ in CLOCK_WORDS or doc[end].text == ":"):
        return True
    if _names_a_type(doc, end) and _quake_of(doc, start, end) is None:
        return True  # "152-millimeter launcher"; "6.1-magnitude earthquake" is a magnitude
    if _split_decimal(doc, start, end) or _by_dimension(doc, start, end):
        return True
    if _smaller_part(doc, start) or _hyphened_ratio(doc, start, end):
        return True
    if _in_a_proportion(doc, start, end) or _error_margin(doc, start):
        return True
    root = _root(doc, start, end)
    # "Resolution 2270", "Camp 15": a number hanging off a name on its left names a thing
    if root.head.i < start and root.head.pos_ == "PROPN":
        return True
    if _in_a_name(doc, start):
        return True
    return not any(t.pos_ in {"VERB", "AUX"} for t in first.sent)


_SPLIT_BEFORE = re.compile(r"\d\.\s+$")
_SPLIT_AFTER = re.compile(r"^\.\s+\d")


# the larger part of a compound measure, written before its smaller part: "1hr 4 mins",
# "2 hours 30 minutes", "6ft 2in"
_GLUED_PART = re.compile(r"\d+(?:\.\d+)?(?:hrs?|h|ft|lbs?|st)", re.IGNORECASE)
PART_UNITS = frozenset(
    {"hr", "hrs", "hour", "hours", "h", "ft", "foot", "feet", "lb", "lbs", "pound", "pounds",
     "stone", "st", "min", "mins", "minute", "minutes"}
)  # fmt: skip


def _smaller_part(doc: Doc, start: int) -> bool:
    """``Total downtime was 1hr 4 mins``: a number right after a number with a larger unit is
    the smaller part of one measure; read alone (``4 mins``) it would be a wrong figure."""
    if start == 0:
        return False
    before = doc[start - 1]
    if _GLUED_PART.fullmatch(before.text):
        return True
    return before.lower_ in PART_UNITS and start > 1 and doc[start - 2].like_num


def _split_decimal(doc: Doc, start: int, end: int) -> bool:
    """``magnitude - 6. 1``, ``ranging from 3. 6 to 4. 3``: a decimal that the text splits at
    its point cannot be read with confidence (6? 1? 6.1?); better no figure than a wrong one."""
    # the four characters around the number, from the tokens there: every token has one at
    # least (``Doc.text`` would join the whole document's tokens for each number)
    last = doc[end - 1]
    before = doc[max(0, start - 4) : start].text_with_ws[-4:]
    point = len(last.text) - (last.text[-1:] == ".")
    after = (last.text_with_ws[point:] + doc[end : end + 4].text_with_ws)[:4]
    return bool(_SPLIT_BEFORE.search(before) or _SPLIT_AFTER.match(after))


def _by_dimension(doc: Doc, start: int, end: int) -> bool:
    """``four - by - four car``, ``a 10-by-12 room``: numbers joined by ``by`` name a type or
    a size, they count nothing."""

    def number_at(i: int, step: int) -> bool:  # not a year: "41 by 2009" is a deadline
        while 0 <= i < len(doc) and doc[i].text == "-":
            i += step
        return 0 <= i < len(doc) and doc[i].like_num and not _is_year(doc[i])

    def by_at(i: int, step: int) -> int | None:
        while 0 <= i < len(doc) and doc[i].text == "-":
            i += step
        return i if 0 <= i < len(doc) and doc[i].lower_ == "by" else None

    after, before = by_at(end, 1), by_at(start - 1, -1)
    return (after is not None and number_at(after + 1, 1)) or (
        before is not None and number_at(before - 1, -1)
    )


def _hyphened_ratio(doc: Doc, start: int, end: int) -> bool:
    """``made 3 - of - 4 three attempts``, ``went 5-of-9``: numbers hyphened to ``of`` are a
    made-of-tried ratio; read apart (``4 three attempts``) they would be wrong figures. ``28 of
    41 passes`` (no hyphens) is still read."""

    def joined(of: int, number: int) -> bool:
        return (
            0 <= of < len(doc)
            and 0 <= number < len(doc)
            and doc[of].lower_ == "of"
            and doc[number].like_num
        )

    # "N - of - M": the hyphens are tokens of their own around "of"
    after = end + 1 < len(doc) and doc[end].text == "-" and joined(end + 1, end + 3)
    before = start >= 3 and doc[start - 1].text == "-" and joined(start - 2, start - 4)
    return after or before


def _in_a_proportion(doc: Doc, start: int, end: int) -> bool:
    """``Nearly eight in 10 Democratic voters``, ``one in five adults``: two numbers joined by
    ``in`` are a share; read apart (``10 Democratic voters``) each would be a wrong count.
    ``scored 3 in 10 minutes`` is a count in a time."""

    def number_at(i: int) -> bool:
        return 0 <= i < len(doc) and doc[i].like_num and not _is_year(doc[i])

    def timed(i: int) -> bool:  # the number at i counts a time: "10 minutes"
        return i + 1 < len(doc) and doc[i + 1].lemma_.casefold() in TIME_UNITS

    after = end < len(doc) and doc[end].lower_ == "in" and number_at(end + 1)
    before = start >= 2 and doc[start - 1].lower_ == "in" and number_at(start - 2)
    return (after and not timed(end + 1)) or (before and not timed(end - 1))


# what a margin of error is written after: "plus or minus 3.4 percentage points", "+/- 3",
# "a margin of error of 4 points"
_MARGIN_BEFORE = re.compile(
    r"(?:\bplus\s+or\s+minus|\+\s*/\s*-|±|\bmargin\s+of\s+(?:sampling\s+)?error\s+(?:of|is|was))"
    r"\s*(?:about\s+|roughly\s+)?$",
    re.IGNORECASE,
)


def _error_margin(doc: Doc, start: int) -> bool:
    """``plus or minus 3.4 percentage points``: a poll's margin of error tells how far its other
    figures may be off; it reports nothing, and two polls' margins meet by chance."""
    before = doc[max(0, start - 7) : start].text_with_ws if start else ""
    return _MARGIN_BEFORE.search(before.rstrip() + " ") is not None


def _in_a_name(doc: Doc, start: int) -> bool:
    """``Pixel 2 users``, ``Chang'e 4``, ``Boeing 737``: a number written right after a name
    (or inside a product's or a work's name) is part of the name, not a count."""
    if doc[start].ent_type_ in PRODUCT_ENTS:
        return True
    if start == 0:
        return False
    before = doc[start - 1]
    return (
        before.pos_ == "PROPN"
        and before.ent_type_ not in SKIP_ENTS
        and before.text[:1].isupper()
        and before.i != before.sent.start  # a sentence-initial word is capitalised anyway
    )


def _quake_of(doc: Doc, start: int, end: int) -> Token | None:
    """The quake whose magnitude the number at ``start:end`` gives, or None.

    A decimal right before a quake noun, with or without the word ``magnitude`` hyphened
    between (``a 5.6 quake``, ``6.1-magnitude earthquake``, ``5.6 -magnitude quake``), or any
    number right after ``magnitude`` (``a magnitude 6 quake``): nobody counts 5.6 quakes.
    """
    after_magnitude = start > 0 and doc[start - 1].lower_.strip("-") == MAGNITUDE
    decimal = any("." in t.text.strip(".") for t in doc[start:end])
    if not (decimal or after_magnitude):
        return None
    i = end
    while i < len(doc) and (doc[i].text == "-" or doc[i].lower_.strip("-") == MAGNITUDE):
        i += 1
    return doc[i] if i < len(doc) and doc[i].lower_ in QUAKE_NOUNS else None


def _root(doc: Doc, start: int, end: int) -> Token:
    """The token of a range whose head lies outside it."""
    for token in doc[start:end]:
        if not start <= token.head.i < end or token.head.i == token.i:
            return token
    return doc[end - 1]


def _claim_of(doc: Doc, found: Quantity) -> _Quantity | None:
    """The claim a quantity of the reader makes, or None when it is no claim (a date, an id,
    an age, a type name, a bare number that no tally noun holds)."""
    start, end = found.number
    if doc[start].ent_type_ in SKIP_ENTS:
        return _dated_tally(doc, start)
    if _is_excluded(doc, start, end) or (end - start == 1 and doc[start].lower_ == "one"):
        return None
    if found.range and found.range[1] <= found.range[0]:
        return None  # "an 8 - 8 record", "a 31-24 victory": a score, not a range of values
    low, value = found.range if found.range else (found.value, found.value)
    upper = value if found.range else None
    quake = _quake_of(doc, start, end)
    if quake is not None:  # "a 5.6 quake": its magnitude, read from the quake's verb
        return _Quantity(found.start, found.end, low, found.approximation, MAGNITUDE, MAGNITUDE,
                         quake.i, MAGNITUDE, upper)  # fmt: skip
    unit, head = found.normalized_unit, found.head
    if found.approximation in VAGUE_HEDGES and head is not None:  # "hundreds of components"
        words = [t.text for t in doc[start:end]]
        least = vague_quantity(words) or found.value
        vague = doc[slice(*_noun_phrase(doc[head], set()))].text
        return _Quantity(found.start, end, least, found.approximation, None, vague, head,
                         unit)  # fmt: skip
    if is_currency(unit.split(" per ")[0]):  # "$3 million", "2 million euros", "$80 a barrel"
        anchor = end - 1 if head is None else head
        spent = _money_for(doc, end - 1, set(range(found.start, end)))
        return _Quantity(found.start, found.end, low, found.approximation, unit, spent, anchor,
                         unit, upper)  # fmt: skip
    if head is None and end < len(doc) and doc[end].lower_ in NOMINAL_STATES:
        head = end  # "47 dead": a state used as a noun counts the people in it
    elif head is None:
        part = _partitive(doc, start, end, low, found.start, found.approximation)
        return part or _tally(doc, start, end, low, found.start, found.approximation)
    noun = doc[head]
    if noun.ent_type_ in NAME_ENTS | SKIP_ENTS or "\n" in doc[start : head + 1].text:
        return None  # "56.4 F\nLos Angeles": a number next to a name counts nothing
    if low == 2 and not found.range and _ends_of_a_relation(noun):
        return None  # "a middle ground between two parties": the ends of a relation
    skip = set(range(found.start, end))
    counted: str | None
    if unit in MEASURES:  # "40% of the population" measures the population
        measured = _of_object(noun)
        counted = doc[slice(*_noun_phrase(measured, skip))].text if measured is not None else None
        claim_unit = unit
    else:
        counted, claim_unit = doc[slice(*_noun_phrase(noun, skip))].text, noun.lower_
    phrase_end = max(found.end, head + 1)
    return _Quantity(found.start, phrase_end, low, found.approximation, claim_unit, counted, head,
                     unit, upper)  # fmt: skip


def _partitive(
    doc: Doc, start: int, end: int, value: float, phrase_start: int, approximation: str | None
) -> _Quantity | None:
    """A bare number that takes a part of a group: ``two of the skiffs``, ``two of whom`` (the
    noun the clause tells of), ``two of them`` (the nearest group counted before it: ``five
    boats ... two of them``); None when the group is not found. The phrase says it is a part
    (``storyline.reconcile.claims`` never sets a part against a whole)."""
    number = _root(doc, start, end)
    of = next((c for c in number.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    whole = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if whole is None or whole.i < end:
        return None
    group: Token | None = None
    if whole.tag_ in {"NNS", "NNPS"} and whole.pos_ == "NOUN":
        group = whole  # "two of the skiffs"
    elif whole.lower_ == "whom":  # "the four robbers, two of whom were disguised"
        clause = next((t for t in number.ancestors if t.dep_ == "relcl"), None)
        group = clause.head if clause is not None and clause.head.tag_ == "NNS" else None
    elif whole.lower_ in GROUP_PRONOUNS:
        group = _counted_group_before(doc, whole)
    if group is None or group.ent_type_ in NAME_ENTS:
        return None
    skip = {c.i for c in group.subtree if c.dep_ in {"nummod", "quantmod"} or c.like_num}
    counted = doc[slice(*_noun_phrase(group, skip))].text
    return _Quantity(phrase_start, whole.i + 1, value, approximation, group.lower_, counted,
                     number.i, group.lemma_.casefold())  # fmt: skip


def _counted_group_before(doc: Doc, pronoun: Token) -> Token | None:
    """The nearest plural noun a number counts in the pronoun's sentence or the
    ``GROUP_SENTENCES`` before it: what ``two of them`` takes a part of."""
    sentence = pronoun.sent
    first = sentence.start
    for _ in range(GROUP_SENTENCES):
        if first == 0:
            break
        first = doc[first - 1].sent.start
    for token in reversed(doc[first : pronoun.i]):
        counted = any(c.dep_ == "nummod" and not _is_year(c) for c in token.children)
        if counted and token.tag_ == "NNS" and token.pos_ == "NOUN":
            return token
    return None


def _tally_holder(number: Token) -> Token | None:
    """The tally noun holding a bare number: ``put the death toll at 47``, ``the toll rose to
    47``, ``a figure of 41``, ``the toll is 41``; None when no tally noun holds it."""
    holder = number.head
    if number.dep_ == "pobj" and holder.lower_ in {"at", "to", "of"}:
        holder = holder.head
    elif number.dep_ not in {"attr", "dobj"}:
        return None
    if holder.lemma_.casefold() in TALLY_NOUNS:
        return holder
    # a verb: its object or subject is the tally
    tallies = [
        c for c in holder.children
        if c.dep_ in {"dobj", "nsubj", "nsubjpass"} and c.lemma_.casefold() in TALLY_NOUNS
    ]  # fmt: skip
    return tallies[0] if tallies else None


def _tally(
    doc: Doc, start: int, end: int, value: float, phrase_start: int, approximation: str | None
) -> _Quantity | None:
    """A bare number counted by the tally noun that holds it, or None."""
    number = _root(doc, start, end)
    holder = _tally_holder(number)
    if holder is None:
        return None
    skip = set(range(start, end)) | ({number.head.i} if number.dep_ == "pobj" else set())
    counted = doc[slice(*_noun_phrase(holder, skip))].text  # "the figure", not "figure of"
    unit = holder.lemma_.casefold()
    return _Quantity(phrase_start, end, value, approximation, unit, counted, holder.i)


def _dated_tally(doc: Doc, start: int) -> _Quantity | None:
    """``at 47`` that the tagger took for a date: a tally still, when a tally noun holds it."""
    token = doc[start]
    if not token.text.isdigit() or _is_year(token) or len(token.text) > 3:
        return None
    if token.ent_type_ != "DATE" or (start > 0 and doc[start - 1].ent_type_ == "DATE"):
        return None  # "March 3": part of a date
    return _tally(doc, start, start + 1, float(token.text), start, None)


def _ends_of_a_relation(noun: Token) -> bool:
    """``between two parties``, ``talks between the two countries``: a relation holds between
    two things, and the two it names are its ends, not a figure any outlet reports. A range
    (``between 5 and 7``) is read as a range before this."""
    return noun.dep_ == "pobj" and noun.head.lower_ == "between"


def _money_for(doc: Doc, last: int, skip: set[int]) -> str | None:
    """What a sum of money is, as its sentence writes it: the noun it modifies (``a $1
    million Iowa buy``, ``$1 million fire damages``) or the object of ``in`` after it (``$1
    million in loans``, ``in damages``), else None. Two sums of one value that are different
    things (an ad buy, a candidate's loans) are two facts, not one."""
    number = doc[last]
    if number.dep_ in {"nummod", "compound", "amod"} and number.head.i > last:
        return doc[slice(*_noun_phrase(number.head, skip))].text
    for child in number.rights:
        if child.dep_ == "prep" and child.lower_ == "in":
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ == "NOUN"]
            if objects:
                return doc[slice(*_noun_phrase(objects[0], skip))].text
    return None


def _of_object(token: Token) -> Token | None:
    """The object of ``of`` after a token: ``hundreds of components`` -> components."""
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            return objects[0] if objects else None
    return None


def _noun_phrase(head: Token, skip: set[int]) -> tuple[int, int]:
    """The token range of a noun with its modifiers and ``of`` complements, no clauses.

    Only the unbroken run of such tokens around the noun is kept, so a conjunct or a relative
    clause never leaks in (``rounds of 152-millimeter shells`` stops before ``or 500,000``).
    """
    keep = {head.i}
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.i not in skip and _joins_noun_phrase(token, child):
                keep.add(child.i)
                stack.append(child)
    start = end = head.i
    while start - 1 in keep:
        start -= 1
    while end + 1 in keep:
        end += 1
    return start, end + 1


def _joins_noun_phrase(parent: Token, child: Token) -> bool:
    if child.dep_ in NOUN_MODIFIERS:
        return True
    if child.dep_ == "punct":
        return child.text == "-"
    if child.dep_ == "prep":
        return child.lower_ == "of"
    return child.dep_ == "pobj" and parent.lower_ == "of"


def _ranks(doc: Doc) -> list[_Quantity]:
    """``fourth-largest standing army``: an ordinal fused with a superlative is a rank claim."""
    ranks = []
    words = view_of(doc).words
    # the ordinal is the token before a hyphen, the superlative the one after
    for i in range(1, len(doc) - 1):
        if words[i] != "-":
            continue
        token = doc[i - 1]
        rank = ordinal_value(token.text)
        if rank is None:
            continue
        superlative = doc[token.i + 2]
        if superlative.tag_ not in SUPERLATIVE_TAGS:
            continue
        noun = superlative.head
        counted = doc[superlative.i : noun.i + 1].text if noun.i > superlative.i else None
        ranks.append(_Quantity(token.i, superlative.i + 1, float(rank), None, "rank", counted,
                               noun.i))  # fmt: skip
    return ranks


def _quantities(doc: Doc) -> list[_Quantity]:
    found = _ranks(doc)
    for quantity in find_quantities(doc):
        for figure in quantity.ends or (quantity,):  # "from X to Y": two figures
            claim = _claim_of(doc, figure)
            if claim is not None:
                found.append(claim)
    return sorted(found, key=lambda q: q.start)


def find_claims(
    doc: Doc, article_id: str = "", mentions: list[Mention] | MentionIndex | None = None
) -> list[Claim]:
    """The numeric claims of a parsed document, in text order.

    ``quantity_span`` covers the hedge, the number and the noun it counts (``at least 6,700
    containers``); ``span`` is the sentence that carries the claim. Pass the article's
    ``mentions`` (or their ``MentionIndex``) when already found, to resolve claimants without
    finding them again.
    """
    index = mention_index(doc, find_mentions(doc, article_id) if mentions is None else mentions)
    claims = []
    for quantity in _quantities(doc):
        anchor = doc[quantity.anchor]
        source = claim_source(doc, anchor, index)
        sentence = doc[quantity.start].sent
        phrase = doc[quantity.start : quantity.end]
        claims.append(
            Claim(
                article_id=article_id,
                span=Span(sentence.start_char, sentence.end_char),
                quantity=quantity.value,
                quantity_span=Span(phrase.start_char, phrase.end_char),
                unit=quantity.unit,
                counted=quantity.counted,
                approximation=quantity.approximation,
                claimant=source.claimant,
                claimant_entity_id=source.claimant_entity_id,
                stance=source.stance,
                time=period_of(anchor, article_id),
                predicate=predicate_of(anchor),
                agent=agent_of(anchor),
                doer=doer_of(anchor, index),
                normalized_unit=quantity.normalized_unit,
                upper=quantity.upper,
            )
        )
    return claims


def claims_as_json(doc: Doc, anchor: date | None = None) -> list[dict[str, Any]]:
    """``find_claims`` as JSON-ready dicts with char offsets of the quantity phrase.

    Keys: start, end, text, quantity, unit, counted, approximation, claimant, stance,
    predicate (what happened to the counted thing: ``kill``, ``strand``; see claim_predicates),
    agent (the named doer of it, if any).
    ``anchor`` (the article's date) is accepted for the common extractor signature; claims
    carry no time yet.
    """
    del anchor
    rows = []
    for claim in find_claims(doc):
        rows.append(
            {
                "start": claim.quantity_span.start,
                "end": claim.quantity_span.end,
                "text": claim.quantity_span.of(doc.text),
                "quantity": claim.quantity,
                "unit": claim.unit,
                "counted": claim.counted,
                "approximation": claim.approximation,
                "claimant": claim.claimant,
                "stance": claim.stance.value,
                "predicate": claim.predicate,
                "agent": claim.agent,
            }
        )
    return rows
