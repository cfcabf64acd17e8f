"""Named entities and their aliases: who and what an article mentions, under one name each.

``find_mentions`` reads the entities spaCy already tagged and resolves, within the article:

- titles written before a person: ``South Korean Defense Minister Shin Won-sik`` is the person
  ``Shin Won-sik`` with the title ``South Korean Defense Minister``;
- short names to the full name they abbreviate: ``Kim`` -> ``Kim Jong-un`` (the nearest full
  name before it, else after it);
- acronyms to their long form, given in parentheses or spelled by its initials:
  ``KCNA`` -> ``Korean Central News Agency``, ``KPA`` -> ``Korean People's Army``;
- countries, demonyms and acting capitals to the country: ``North Korean``, ``the DPRK``,
  ``the North`` (when the article names North Korea) and ``Pyongyang`` as the subject or owner
  of an act (``Pyongyang denies``, ``Pyongyang's state media``) -> ``North Korea``; a capital
  used as a place (``officials in Seoul``) stays the city.

Every mention carries ``entity_id``: the content hash of its family and resolved name, the same
in every article. ``EntityRegistry`` (``storyline.nlp.entities.registry``) merges what one article
cannot see alone: ``Kim`` in an article that never writes the full name, ``KCNA`` without its
long form, near-identical spellings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from storyline.model import Mention, Span
from storyline.nlp.docview import view_of
from storyline.nlp.entities.countries import country_of, country_of_capital
from storyline.nlp.entities.name_spans import Headlines, headlines_of, name_bounds
from storyline.nlp.entities.names import (
    FAMILIES,
    acronym_key,
    entity_id,
    initials,
    is_acronym,
    name_key,
)
from storyline.nlp.entities.registry import EntityRegistry
from storyline.nlp.speaking_nouns import word_set

__all__ = ["TITLE_WORDS", "EntityRegistry", "find_mentions"]


TITLE_WORDS = word_set(
    """
    leader president minister secretary chairman chairwoman chair spokesman spokeswoman
    spokesperson general commander chief ambassador envoy premier governor mayor senator
    representative congressman congresswoman lawmaker king queen prince princess emperor
    director official adviser advisor marshal admiral colonel lieutenant captain sergeant
    prosecutor judge justice chancellor dictator pope cardinal bishop ceo founder head
    attorney lawyer alderman alderwoman trooper detective deputy sheriff coroner coach
    """
)
HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "madam"})
# a person's name holds no such word; the tagger runs names into what follows them: "Travis
# Kalanick of Uber", "Chris Ivory on Injured Reserve", "Anthony Salerno and" (a name's own
# particles, "de", "van", "bin", are none of these)
PERSON_ENDS = word_set("of on and in at with for to from by")
# a capital stands for its government when it acts or owns: "Pyongyang denies", "Seoul's JCS"
ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent"})
DIRECTIONS = {"north": "North ", "south": "South "}


@dataclass(slots=True)
class _Found:
    """A mention being resolved: token range, label, the name it resolves to, its title."""

    start: int
    end: int
    label: str
    name: str
    title: str | None = None


def _is_possessive(token: object) -> bool:
    return getattr(token, "tag_", "") == "POS" or getattr(token, "lower_", "") in {"'s", "’s", "'"}


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading determiners, what the name does not hold (``name_bounds``: ``the Tax
    Policy Center - half a percentage point``, ``Trump told Business Insider``), and trailing
    possessives and punctuation."""
    while start < end and doc[start].pos_ == "DET":
        start += 1
    start, end = name_bounds(doc, start, end)
    while end > start and (_is_possessive(doc[end - 1]) or doc[end - 1].is_punct):
        end -= 1
    return start, end


def person_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A person's name without the lower-case words the tagger ran it into: before it
    (``unbeaten Russian Alexander Povetkin``) and from a preposition or ``and`` on (``Travis
    Kalanick of Uber``)."""
    while start < end and doc[start].text.islower() and not _is_title_word(doc[start].text):
        start += 1  # "president Vladimir Putin" keeps its title
    cut = next((i for i in range(start + 1, end) if doc[i].text in PERSON_ENDS), end)
    return start, cut


def _from_ent(doc: Doc, ent: TokenSpan, headlines: Headlines) -> list[_Found]:
    """The mentions one tagged entity holds: ``Seoul's Joint Chiefs`` holds two; in a
    headline only the words the body writes so (``Headlines.written_part``)."""
    start, end = _trim(doc, *headlines.written_part(*_trim(doc, ent.start, ent.end)))
    found: list[_Found] = []
    for i in range(start + 1, end - 1):
        # "Seoul’s Joint Chiefs of Staff" is a place, then the org; "Korean People's Army" one org
        if not _is_possessive(doc[i]):
            continue
        owner = doc[start:i].text
        if country_of_capital(owner) or country_of(owner):
            found.append(_Found(start, i, "GPE", owner))
            start = i + 1
            break
    title_end = start
    if ent.label_ == "PERSON":
        start, end = person_bounds(doc, start, end)
        title_end = start
        # "President Vladimir Putin": the title is not the name
        while title_end < end - 1 and _is_title_word(doc[title_end].text):
            title_end += 1
    if start < end:
        words = doc[start:title_end]
        # "Mr." is no title worth keeping; "President" is
        honorific_only = all(t.lower_.rstrip(".") in HONORIFICS for t in words)
        title = None if honorific_only else words.text
        found.append(_Found(title_end, end, ent.label_, doc[title_end:end].text, title))
    return found


def _is_title_word(word: str) -> bool:
    word = word.casefold().rstrip(".")
    return word in TITLE_WORDS or word in HONORIFICS


def _title_before(doc: Doc, found: _Found) -> str | None:
    """The title written just before a person: every word attaches rightwards into it."""
    first = found.start
    sentence_start = doc[found.start].sent.start
    while first > sentence_start:
        token = doc[first - 1]
        attaches = first - 1 < token.head.i < found.end
        wordlike = token.is_title or token.is_upper or _is_title_word(token.text)
        if not (attaches and wordlike and token.pos_ in {"PROPN", "NOUN", "ADJ"}):
            break
        first -= 1
    words = doc[first : found.start]
    if not any(t.lower_ in TITLE_WORDS for t in words):
        return None  # "Mr." alone is no title
    if found.title and words.text.endswith(found.title):
        return words.text  # the title the tagged span held ("Lawyer Michael Marinaccio")
    return " ".join(filter(None, [words.text, found.title])) or None


def _directional_mentions(doc: Doc, taken: set[int]) -> list[_Found]:
    """``the North`` / ``the South`` standing alone (not ``the North Korean military``)."""
    found = []
    for i, lower in enumerate(view_of(doc).lowers):
        if lower not in DIRECTIONS:
            continue
        token = doc[i]
        if not token.text[0].isupper() or token.i in taken:
            continue
        before = doc[token.i - 1] if token.i > 0 else None
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if before is None or before.lower_ != "the":
            continue
        if after is not None and after.text[:1].isupper() and not _is_possessive(after):
            continue
        found.append(_Found(token.i, token.i + 1, "GPE", token.text))
    return found


def _acts(doc: Doc, found: _Found) -> bool:
    """Whether a mention is the subject or owner of an act (``Pyongyang and Moscow deny``)."""
    root = doc[found.start : found.end].root
    if found.end < len(doc) and _is_possessive(doc[found.end]):
        return True
    if root.dep_ == "conj":
        root = root.head
    return root.dep_ in ACTING_DEPS


def _resolve_places(doc: Doc, found: list[_Found]) -> None:
    for item in found:
        if FAMILIES.get(item.label) not in {"GPE", "NORP"}:
            continue
        country = country_of(item.name)
        if country is None and _acts(doc, item):
            country = country_of_capital(item.name)
        if country is not None:
            item.name, item.label = country, "GPE"
    countries = {item.name for item in found if item.label == "GPE"}
    for item in found:
        direction = DIRECTIONS.get(item.name.casefold())
        if direction and item.end - item.start == 1:
            options = sorted(c for c in countries if c.startswith(direction))
            if len(options) == 1:
                item.name = options[0]


def _resolve_acronyms(doc: Doc, found: list[_Found]) -> None:
    long_forms: dict[str, str] = {}
    for item in found:
        if item.label != "ORG" or is_acronym(item.name):
            continue
        spelled = initials(item.name)
        if spelled:
            long_forms.setdefault(spelled, item.name)
        following = doc[item.end : item.end + 3]  # "Korean People's Army (KPA)"
        in_parentheses = len(following) == 3 and following[0].text + following[2].text == "()"
        if in_parentheses and is_acronym(following[1].text):
            long_forms[acronym_key(following[1].text)] = item.name
    for item in found:
        if item.label == "ORG" and is_acronym(item.name):
            item.name = long_forms.get(acronym_key(item.name), item.name)


def _ends(name: str) -> set[str]:
    """The first and last word of a name: a short name is one of them (Kim, Putin)."""
    words = name_key(name).split()
    return {words[0], words[-1]}


def _resolve_short_names(found: list[_Found]) -> None:
    """``Kim`` -> the nearest full name before it holding that word first or last."""
    people = [item for item in found if item.label == "PERSON"]
    # the full names with their ends, read once: only one-word names change below
    full = [(item, _ends(item.name)) for item in people if len(name_key(item.name).split()) >= 2]
    for item in people:
        words = name_key(item.name).split()
        if len(words) != 1:
            continue
        matches = [f for f, ends in full if words[0] in ends]
        before = [f for f in matches if f.start < item.start]
        chosen = before[-1] if before else (matches[0] if matches else None)
        if chosen is not None:
            item.name = chosen.name


def _unify_spellings(found: list[_Found]) -> None:
    """One spelling per name in an article: the most frequent, ties to the first written."""
    by_key: dict[tuple[str, str], Counter[str]] = {}
    for item in found:
        by_key.setdefault((item.label, name_key(item.name)), Counter())[item.name] += 1
    for item in found:
        item.name = by_key[(item.label, name_key(item.name))].most_common(1)[0][0]


def _parenthesised_acronyms(doc: Doc, found: list[_Found], taken: set[int]) -> list[_Found]:
    """Acronyms in parentheses after an organisation that the tagger left untagged."""
    extra = []
    for item in found:
        i = item.end
        if item.label != "ORG" or i + 2 >= len(doc) or i + 1 in taken:
            continue
        if doc[i].text + doc[i + 2].text == "()" and is_acronym(doc[i + 1].text):
            extra.append(_Found(i + 1, i + 2, "ORG", doc[i + 1].text))
    return extra


def find_mentions(doc: Doc, article_id: str = "") -> list[Mention]:
    """The entity mentions of a parsed document, in text order, each resolved within it.

    ``Mention.text`` is the words as written (without ``the`` or a possessive), ``name`` the
    name it resolved to, ``title`` the title written with a person, ``entity_id`` the hash of
    the resolved name (see ``storyline.nlp.entities.names.entity_id``).
    """
    found: list[_Found] = []
    headlines = headlines_of(doc)
    for ent in doc.ents:
        if ent.label_ in FAMILIES:
            found.extend(item for item in _from_ent(doc, ent, headlines) if item.start < item.end)
    found = [item for item in found if item.name.casefold() not in DIRECTIONS]
    taken = {i for item in found for i in range(item.start, item.end)}
    found += _directional_mentions(doc, taken)
    found += _parenthesised_acronyms(doc, found, taken)
    found.sort(key=lambda item: item.start)
    for item in found:
        if item.label == "PERSON":
            item.title = _title_before(doc, item) or item.title
    _resolve_places(doc, found)
    _resolve_acronyms(doc, found)
    _resolve_short_names(found)
    _unify_spellings(found)
    mentions = []
    for item in found:
        words = doc[item.start : item.end]
        mentions.append(
            Mention(
                article_id=article_id,
                span=Span(words.start_char, words.end_char),
                text=words.text,
                entity_id=entity_id(item.label, item.name),
                label=item.label,
                name=item.name,
                title=item.title,
            )
        )
    return mentions
