"""Sentences of an article's cleaned text, and what a story's articles say most in common.

The brief links every statement to the sentence that supports it. Both renderings (Markdown,
HTML) and the web UI's article page use the same splitter, so sentence ``k`` of an article is
the same words everywhere and an anchor such as ``a-<article>-s<k>`` always lands.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence

from storyline.nlp.sentences import sentence_bounds

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_STOP = frozenset(
    [
        "the",
        "and",
        "that",
        "with",
        "for",
        "from",
        "this",
        "was",
        "were",
        "has",
        "have",
        "had",
        "its",
        "his",
        "her",
        "their",
        "they",
        "them",
        "said",
        "says",
        "will",
        "would",
        "could",
        "about",
        "after",
        "before",
        "into",
        "over",
        "also",
        "been",
        "than",
        "which",
        "while",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "there",
        "other",
        "some",
        "more",
        "most",
        "such",
        "only",
        "just",
        "are",
        "not",
        "but",
        "you",
        "our",
        "out",
    ]
)


def sentence_index(text: str, offset: int) -> int:
    """The index of the sentence holding char ``offset`` (the nearest one before it if none)."""
    bounds = sentence_bounds(text)
    if not bounds:
        return 0
    position = bisect_right([start for start, _ in bounds], offset) - 1
    return max(position, 0)


def content_words(sentence: str) -> frozenset[str]:
    """The words that carry meaning: lower-cased, three letters or more, no function words."""
    return frozenset(w for w in (m.casefold() for m in _WORD.findall(sentence)) if w not in _STOP)


def similar(first: frozenset[str], second: frozenset[str], threshold: float = 0.5) -> bool:
    """Whether two sentences share most of their content words (Jaccard >= threshold)."""
    if not first or not second:
        return False
    return len(first & second) / len(first | second) >= threshold


def central_sentences(
    texts: Sequence[tuple[str, str]], limit: int = 3, lead: int = 6
) -> list[tuple[str, int]]:
    """The ``limit`` sentences (article id, sentence index) that best say what happened.

    ``texts`` are (article id, cleaned text) in reading order. A sentence scores by how many of
    the story's articles use its words (a centroid), with a bonus for the opening sentences,
    where news puts what happened; chosen sentences must not repeat one another.
    """
    words_of: dict[tuple[str, int], frozenset[str]] = {}
    frequency: Counter[str] = Counter()
    for article_id, text in texts:
        seen: set[str] = set()
        for index, (start, end) in enumerate(sentence_bounds(text)):
            words = content_words(text[start:end])
            seen |= words
            if index < lead and 5 <= len(words) <= 40:
                words_of[(article_id, index)] = words
        frequency.update(seen)
    scored = sorted(
        words_of,
        key=lambda key: (
            -sum(frequency[w] for w in words_of[key]) / len(words_of[key]) * (1 - 0.05 * key[1]),
            key,
        ),
    )
    chosen: list[tuple[str, int]] = []
    for key in scored:
        if all(not similar(words_of[key], words_of[other], 0.3) for other in chosen):
            chosen.append(key)
        if len(chosen) == limit:
            break
    return chosen
