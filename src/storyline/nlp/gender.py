"""The grammatical gender of the people an article names, read from the article itself.

``he`` and ``she`` resolve to the nearest earlier person of a fitting gender. The evidence is
cheap and local, no name list and no model: an honorific or a gendered title next to a mention
(``Mrs. Clinton``, ``spokeswoman Melezia Figueroa``) and, weaker, the subject pronoun of a clause
a named person reports (``Warren said she would``). A person with no evidence, or with evidence
both ways, fits either pronoun.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from storyline.nlp.docview import view_of
from storyline.nlp.speaking_nouns import word_set

FEMALE_TITLES = word_set(
    """
    mrs mrs. ms ms. miss madam madame lady spokeswoman congresswoman chairwoman businesswoman
    anchorwoman councilwoman wife mother daughter sister grandmother widow actress queen
    princess woman girl
    """
)
MALE_TITLES = word_set(
    """
    mr mr. sir spokesman congressman chairman businessman anchorman councilman husband father
    son brother grandfather widower actor king prince man boy
    """
)
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
OBJECT_DEPS = frozenset({"dobj", "dative", "obj", "iobj"})
STOP_POS = frozenset({"VERB", "AUX", "ADP", "CCONJ", "PUNCT"})
TITLE_VOTE = 3  # an honorific is stronger evidence than a pronoun nearby


def name_key(text: str) -> str:
    """The word a person is known by across mentions: the last word of the name, casefolded
    and without a possessive (``Hillary Clinton's`` and ``Mrs. Clinton`` -> ``clinton``)."""
    words = text.replace("’", "'").split()
    last = words[-1] if words else ""
    return last.removesuffix("'s").casefold()


def pronoun_gender(word: str) -> str | None:
    """``f`` for she/her, ``m`` for he/him, None for any other word."""
    lower = word.casefold()
    if lower in FEMALE_PRONOUNS:
        return "f"
    if lower in MALE_PRONOUNS:
        return "m"
    return None


def _title_votes(doc: Doc, person: Span) -> Iterable[str]:
    """Genders told by the words just before a mention and by its appositive."""
    words = []
    for token in reversed(doc[max(0, person.start - 3) : person.start]):
        if token.ent_type_ or token.pos_ in STOP_POS:
            break  # the title of someone else: Mrs. Lynch met Stumpf
        words.append(token.lower_)
    for child in person.root.children:
        if child.dep_ == "appos":
            words.extend(t.lower_ for t in child.subtree)
    for word in words:
        if word in FEMALE_TITLES:
            yield "f"
        elif word in MALE_TITLES:
            yield "m"


def _pronoun_votes(doc: Doc, persons: list[Span], quoted: list[bool]) -> Iterable[tuple[str, str]]:
    """(name key, gender) for a subject he/she of a clause reported by a named person:
    ``Warren said she would``. Looser company misleads (``he admitted under Warren's
    questioning``, ``Warren grilled the chief about his pay``)."""
    by_root = {p.root.i: p for p in persons}
    for i, word in enumerate(view_of(doc).words):  # the words first: few are pronouns
        gender = pronoun_gender(word)
        if gender is None or quoted[i]:
            continue
        token = doc[i]
        if token.dep_ not in SUBJECT_DEPS:
            continue
        clause = token.head
        if clause.dep_ != "ccomp" or any(c.dep_ in OBJECT_DEPS for c in clause.head.children):
            continue  # Warren told Stumpf he ...: the pronoun may be the listener
        for subject in clause.head.children:
            person = by_root.get(subject.i)
            if person is not None and subject.dep_ in SUBJECT_DEPS:
                yield name_key(person.text), gender


def person_genders(doc: Doc, persons: list[Span], quoted: list[bool]) -> dict[str, str]:
    """The gender (``m`` or ``f``) of every person key with evidence one way only or mostly.

    ``persons`` are the PERSON mentions outside quotes, ``quoted`` flags every token inside one
    (a pronoun in someone's words need not refer to the people the reporter names).
    """
    votes: dict[str, Counter[str]] = {}
    for person in persons:
        for gender in _title_votes(doc, person):
            votes.setdefault(name_key(person.text), Counter())[gender] += TITLE_VOTE
    for key, gender in _pronoun_votes(doc, persons, quoted):
        votes.setdefault(key, Counter())[gender] += 1
    genders = {}
    for key, counter in votes.items():
        ranked = counter.most_common()
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            genders[key] = ranked[0][0]
    return genders
