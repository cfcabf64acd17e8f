"""What the story clusterer knows about one article: bags of terms, split by title and body.

Following Miranda et al. (2018), an article is described by term counts in three kinds of
view - surface tokens, lemmas and named entities - each split into the title and the body,
plus its publication day. Counts, not weights, are stored: the clusterer weights them with
document frequencies it keeps up to date as the stream grows, so the same ``ArticleFeatures``
stay valid in a store of any size and can be saved once per article (``to_dict``).

With a spaCy ``Doc`` of the article text the lemma and entity views come from the model; without
one they fall back to a light suffix stemmer and capitalised word runs, so the clusterer still
works on text no model has seen (other languages, tests, the bare ``cluster`` command).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from storyline.model import content_id
from storyline.nlp.docview import view_of
from storyline.nlp.stop_words import stop_words
from storyline.nlp.word_pattern import LETTER, MARKS

if TYPE_CHECKING:
    from spacy.tokens import Doc

# The views, in the order the clusterer's learned coefficients refer to them.
VIEWS = (
    "title_tokens",
    "body_tokens",
    "title_lemmas",
    "body_lemmas",
    "title_entities",
    "body_entities",
    "body_people",
    "body_places",
    "body_numbers",
    "body_years",
    "lead_lemmas",
)
# Entity labels that name who or where; dates, numbers and money are not actors.
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Numbers as written, "23", "6.1", "2008", without thousands separators or trailing dots.
NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])")
# a letter or digit, then word characters, marks, apostrophes and hyphens, ending on a letter,
# digit or mark (``કોરોના``, ``Korea's``, ``Kim Jong-un``)
WORD = re.compile(rf"[^\W_](?:[\w{MARKS}'’-]*{LETTER})?")
CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:of\s+|de\s+)?[A-Z][\w'’-]*)*")
STEM_SUFFIXES = ("ings", "ing", "edly", "ed", "ies", "es", "s")
# Years an article mentions: two look-alike events (a coach fired in 2008, hired in 2013) are
# told apart by them even when no publication date is known.
YEAR = re.compile(r"(?<![\w.])(?:19|20)\d\d(?![\w])")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(A-Z0-9])")
LEAD_WORDS = 40  # content words of the title and first sentence that make the lead

TermCounts = tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """Term counts of one article per view, its publication day and a duplicate fingerprint.

    ``fingerprint`` is the content hash of the casefolded, whitespace-collapsed title and text;
    it is ``None`` for an article with no words, so empty articles never collapse together.
    """

    article_id: str
    published: date | None
    fingerprint: str | None
    title_tokens: TermCounts = ()
    body_tokens: TermCounts = ()
    title_lemmas: TermCounts = ()
    body_lemmas: TermCounts = ()
    title_entities: TermCounts = ()
    body_entities: TermCounts = ()
    body_people: TermCounts = ()  # PERSON entities: full name and surname; empty without a doc
    body_places: TermCounts = ()  # GPE, LOC and FAC entities; empty without a doc
    body_numbers: TermCounts = ()  # numbers and dates written in the text: "23", "2008", "6.1"
    body_years: TermCounts = ()  # years written in the text: "2008"
    # Lemmas of the title and the first sentence: what happened, to whom, the event's own words
    # ("fire" or "hire" the coach) rather than the topic's background.
    lead_lemmas: TermCounts = ()

    def view(self, name: str) -> TermCounts:
        """The term counts of one of ``VIEWS``."""
        counts: TermCounts = getattr(self, name)
        return counts

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values: the date as ISO text, each view as ``{term: count}``."""
        record: dict[str, Any] = {
            "article_id": self.article_id,
            "published": self.published.isoformat() if self.published else None,
            "fingerprint": self.fingerprint,
        }
        for name in VIEWS:
            record[name] = dict(self.view(name))
        return record

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> ArticleFeatures:
        """The inverse of ``to_dict``."""
        published = record.get("published")
        return cls(
            article_id=str(record["article_id"]),
            published=date.fromisoformat(published) if published else None,
            fingerprint=record.get("fingerprint"),
            **{name: _sorted_counts(record.get(name) or {}) for name in VIEWS},
        )


def article_features(
    article_id: str,
    title: str,
    text: str,
    published: date | None,
    doc: Doc | None = None,
    language: str | None = None,
) -> ArticleFeatures:
    """The features of one article; ``doc`` (a spaCy parse of ``text``) adds lemmas and entities;
    ``language`` (of an article without ``doc``) adds its stop words to the English ones."""
    title = title or ""
    text = text or ""
    body_words = tokens(text, language)
    title_words = tokens(title, language)
    if doc is not None and view_of(doc).text == text:
        lemma_of = _lemma_table(doc)
        body_lemmas = [lemma_of.get(w, w) for w in body_words]
        ents = [(e.label_, e.text) for e in doc.ents]
        body_entities = [
            n for n in (entity_name(name) for label, name in ents if label in ENTITY_LABELS) if n
        ]
        lowered_title = normalise_name(title)
        title_entities = [
            n for n in dict.fromkeys(body_entities) if _contains_words(lowered_title, n)
        ]
        people = [n for label, name in ents if label == "PERSON" for n in person_terms(name)]
        places = [entity_name(name) for label, name in ents if label in PLACE_LABELS]
    else:
        lemma_of = {}
        body_lemmas = [stem(w) for w in body_words]
        body_entities = capitalised_names(text)
        title_entities = capitalised_names(title)
        people, places = [], []
    title_lemmas = [lemma_of.get(w, stem(w)) if lemma_of else stem(w) for w in title_words]
    lead_words = [*title_words, *tokens(first_sentence(text), language)][:LEAD_WORDS]
    lead_lemmas = [lemma_of.get(w, stem(w)) if lemma_of else stem(w) for w in lead_words]
    return ArticleFeatures(
        article_id=article_id,
        published=published,
        fingerprint=fingerprint(title, text),
        title_tokens=_counts(title_words),
        body_tokens=_counts(body_words),
        title_lemmas=_counts(title_lemmas),
        body_lemmas=_counts(body_lemmas),
        title_entities=_counts(title_entities),
        body_entities=_counts(body_entities),
        body_people=_counts(people),
        body_places=_counts([p for p in places if p]),
        body_numbers=_counts(NUMBER.findall(text)),
        body_years=_counts(YEAR.findall(f"{title}\n{text}")),
        lead_lemmas=_counts(lead_lemmas),
    )


def tokens(text: str, language: str | None = None) -> list[str]:
    """Lowercased content words: no stop words (English, and ``language``'s), no single
    characters."""
    words = (w.casefold().replace("’", "'") for w in WORD.findall(text))
    stop = stop_words(language)
    return [w for w in words if len(w) > 1 and w not in stop]


def first_sentence(text: str) -> str:
    """The text up to the first sentence end (the whole text if it has none)."""
    head = text.lstrip()[:1000]
    line = head.split("\n", 1)[0]
    return SENTENCE_END.split(line, maxsplit=1)[0]


def stem(word: str) -> str:
    """A light English suffix stemmer, used for the lemma views when no parse is available."""
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in STEM_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def normalise_name(name: str) -> str:
    """A name as compared across outlets: "Kim Jong-un" and "Kim Jong Un" are the same."""
    name = unicodedata.normalize("NFKC", name).casefold().replace("’", "'")
    name = re.sub(r"'s\b", "", name)
    return " ".join(re.findall(r"[^\W_]+", name))


def entity_name(text: str) -> str:
    """The normalised name of an entity mention, without a leading article."""
    name = normalise_name(text)
    return name[4:] if name.startswith("the ") else name


def person_terms(text: str) -> list[str]:
    """A person's full name and surname, so "Vincent Jackson" also matches a later "Jackson"."""
    name = entity_name(text)
    if not name:
        return []
    surname = name.rsplit(" ", 1)[-1]
    return [name] if surname == name else [name, surname]


def capitalised_names(text: str) -> list[str]:
    """Runs of capitalised words, the fallback entity view when no NER model ran."""
    names = []
    for match in CAPITALISED_RUN.finditer(text):
        name = entity_name(match.group())
        if name and not (" " not in name and (name in stop_words() or len(name) < 2)):
            names.append(name)
    return names


def fingerprint(title: str, text: str) -> str | None:
    """The hash exact duplicates share: same words in the same order, case and spacing aside."""
    words = " ".join(f"{title}\n{text}".casefold().split())
    return content_id("article-words", words) if words else None


def _lemma_table(doc: Doc) -> dict[str, str]:
    # The tokens view is built by our own tokenizer; map its words to the model's lemmas.
    table: dict[str, str] = {}
    view = view_of(doc)
    for lower, lemma in zip(view.lowers, view.lemmas, strict=True):
        word = lower.replace("’", "'")
        if word not in table and lemma:
            table[word] = lemma.casefold()
    return table


def _contains_words(haystack: str, needle: str) -> bool:
    return f" {needle} " in f" {haystack} "


def _counts(terms: list[str]) -> TermCounts:
    return tuple(sorted(Counter(terms).items()))


def _sorted_counts(counts: dict[str, int]) -> TermCounts:
    # ``map`` in C: a bulk run's link stage decodes some 800,000 stored counts
    return tuple(sorted(zip(map(str, counts), map(int, counts.values()), strict=True)))
