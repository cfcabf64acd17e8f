"""Passage alignment: which sentences of one text retell which sentences of another.

A rewrite follows its original sentence by sentence: it keeps the order and most of the content
words of each sentence, even when it changes the wording. Two independent reports of one event
share names and a few phrases, but not a long ordered run of sentences. So the alignment is the
heaviest chain of sentence pairs that keeps the order of both texts (a weighted longest common
subsequence over sentences), and the reuse measures are read from it and from word n-grams
containment, all on the texts with their quotations masked (see ``quote_mask``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from storyline.link.quote_mask import Word, masked_words, ngrams
from storyline.model import AlignedPassage, Span

# a sentence ends at . ! ? (and any closing quote or bracket) before a space and a capital,
# digit or opening quote, and at a blank line; a single line break alone does not end one,
# since some texts wrap their lines by hand
_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"'”’)\]]*\s+(?=[A-Z0-9\"“‘(])|\n[^\S\n]*\n\s*|(?<=[.!?:\"”])\n\s*"
)
SENTENCE_SIM = 0.35  # a pair of sentences this similar may be aligned
# similarity up to this much is what two independent reports of one event share; only the part
# above it counts as retold (see ``Alignment.retold_a``)
SHARED_BY_TOPIC = 0.3
# out of order, a pair must be near-verbatim: reordered paragraphs of a copy, not topic-mates
REORDERED_SIM = 0.6
MIN_CONTENT_WORDS = 3  # shorter sentences ("Escalating tensions") are never aligned alone


@dataclass(frozen=True, slots=True)
class Sentence:
    span: Span
    content: frozenset[str]  # its content words, quotations masked
    bigrams: frozenset[tuple[str, ...]]  # its word bigrams (stop words kept): the phrasing


@dataclass(frozen=True, slots=True)
class PreparedText:
    """What alignment needs from one text; computed once per article."""

    sentences: tuple[Sentence, ...]
    trigrams: frozenset[tuple[str, ...]]
    content_words: int  # content words outside quotations
    # content word or bigram -> the sentences long enough to align (``MIN_CONTENT_WORDS``)
    # that hold it: two sentences that share neither have similarity 0
    holders: dict[Any, tuple[int, ...]]

    @classmethod
    def of(cls, text: str, words: list[Word] | None = None) -> PreparedText:
        """The prepared text; ``words``: its ``masked_words``, when already read."""
        words = masked_words(text) if words is None else words
        sentences = tuple(_sentences(text, words))
        holders: dict[Any, list[int]] = {}
        for number, sentence in enumerate(sentences):
            if len(sentence.content) >= MIN_CONTENT_WORDS:
                for key in (*sentence.content, *sentence.bigrams):
                    holders.setdefault(key, []).append(number)
        return cls(
            sentences=sentences,
            trigrams=frozenset(ngrams(words, 3)),
            content_words=sum(w.is_content for w in words),
            holders={key: tuple(found) for key, found in holders.items()},
        )


@dataclass(frozen=True, slots=True)
class Alignment:
    """How much of two texts, ``a`` and ``b``, retell each other."""

    pairs: tuple[tuple[int, int, float], ...]  # (sentence of a, sentence of b, similarity)
    coverage_a: float  # share of a's content words in aligned sentences
    coverage_b: float
    # coverage weighted by how closely each aligned sentence is retold, beyond what reports of
    # the same event share anyway: 1.0 for a verbatim copy, 0.0 for independent reporting
    retold_a: float
    retold_b: float
    containment_a: float  # share of a's word trigrams also in b
    containment_b: float  # share of b's word trigrams also in a
    similarity: float  # mean similarity of the aligned sentence pairs

    def passages(self, a: PreparedText, b: PreparedText) -> tuple[AlignedPassage, ...]:
        """The aligned sentences as passages, runs of consecutive sentences merged."""
        merged: list[tuple[int, int, int, int]] = []  # first/last sentence of a, of b
        for i, j, _ in self.pairs:
            if merged and merged[-1][1] == i - 1 and merged[-1][3] == j - 1:
                merged[-1] = (merged[-1][0], i, merged[-1][2], j)
            else:
                merged.append((i, i, j, j))
        return tuple(
            AlignedPassage(
                Span(a.sentences[i0].span.start, a.sentences[i1].span.end),
                Span(b.sentences[j0].span.start, b.sentences[j1].span.end),
            )
            for i0, i1, j0, j1 in merged
        )


def _sentences(text: str, words: list[Word]) -> list[Sentence]:
    bounds = [0]
    for match in _SENTENCE_END.finditer(text):
        bounds.extend((match.start(), match.end()))
    bounds.append(len(text))
    found: list[Sentence] = []
    cursor = 0
    for start, end in zip(bounds[::2], bounds[1::2], strict=True):
        inside: list[Word] = []
        while cursor < len(words) and words[cursor].start < end:
            if words[cursor].start >= start:
                inside.append(words[cursor])
            cursor += 1
        content = frozenset(w.norm for w in inside if w.is_content)
        if content:
            found.append(Sentence(Span(start, end), content, frozenset(ngrams(inside, 2))))
    return found


def _dice(a: frozenset[Any], b: frozenset[Any]) -> float:
    return _dice_of(len(a & b), len(a), len(b))


def sentence_similarity(a: Sentence, b: Sentence) -> float:
    """How closely one sentence retells another: shared content words and shared phrasing.

    Content words alone would pair any two sentences about the same event ("Kim inspected a
    missile system"); shared bigrams show that the wording itself was kept.
    """
    if len(a.content) < MIN_CONTENT_WORDS or len(b.content) < MIN_CONTENT_WORDS:
        return 0.0
    return (_dice(a.content, b.content) + _dice(a.bigrams, b.bigrams)) / 2


Similarities = dict[tuple[int, int], float]


def _similarities(a: PreparedText, b: PreparedText, least: float) -> Similarities:
    """(sentence of a, sentence of b) -> similarity, for the pairs at least ``least`` similar;
    only sentences sharing a content word or a bigram are compared (``holders``).

    ``sentence_similarity`` of each pair, from counts: the holders of b's sentence's words
    and bigrams count what each sentence of a shares with it, without a set intersection."""
    found: Similarities = {}
    for j, right in enumerate(b.sentences):
        if len(right.content) < MIN_CONTENT_WORDS:
            continue
        words = Counter(i for key in right.content for i in a.holders.get(key, ()))
        phrases = Counter(i for key in right.bigrams for i in a.holders.get(key, ()))
        for i in words.keys() | phrases.keys():
            left = a.sentences[i]
            sim = (
                _dice_of(words[i], len(left.content), len(right.content))
                + _dice_of(phrases[i], len(left.bigrams), len(right.bigrams))
            ) / 2
            if sim >= least:
                found[i, j] = sim
    return found


def _dice_of(shared: int, size_a: int, size_b: int) -> float:
    """``_dice`` of two sets of these sizes sharing ``shared`` members."""
    return 2 * shared / (size_a + size_b) if size_a or size_b else 0.0


def _chain(sims: Similarities) -> list[tuple[int, int, float]]:
    """The heaviest order-keeping chain of similar sentence pairs (weighted LCS); ``sims``
    holds every pair at least ``SENTENCE_SIM`` similar.

    The table has a row per sentence of a and a column per sentence of b that is in some
    pair: a row or column without one only repeats its neighbour, in the table and in the
    walk back, so leaving it out changes neither the chain nor its ties."""
    rows = sorted({i for i, _ in sims})
    columns = sorted({j for _, j in sims})
    n, m = len(rows), len(columns)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for r in range(1, n + 1):
        above, row, i = best[r - 1], best[r], rows[r - 1]
        for c in range(1, m + 1):
            sim = sims.get((i, columns[c - 1]), 0.0)
            take = above[c - 1] + sim if sim else 0.0
            row[c] = max(above[c], row[c - 1], take)
    pairs: list[tuple[int, int, float]] = []
    r, c = n, m
    while r > 0 and c > 0:
        if best[r][c] == best[r - 1][c]:
            r -= 1
        elif best[r][c] == best[r][c - 1]:
            c -= 1
        else:
            i, j = rows[r - 1], columns[c - 1]
            pairs.append((i, j, sims[i, j]))
            r, c = r - 1, c - 1
    return pairs[::-1]


def _reordered(
    b: PreparedText, sims: Similarities, chain: list[tuple[int, int, float]]
) -> list[tuple[int, int, float]]:
    """Near-verbatim pairs outside the chain: moved paragraphs, two sentences merged in one.
    Each sentence of b outside the chain takes its most similar sentence of a (the first of
    equals), when that pair is at least ``REORDERED_SIM`` similar."""
    in_chain = {j for _, j, _ in chain}
    best: dict[int, tuple[float, int]] = {}
    for (i, j), sim in sims.items():
        if j not in in_chain and sim >= REORDERED_SIM and (-sim, i) < best.get(j, (0.0, 0)):
            best[j] = (-sim, i)
    return [(i, j, -negative) for j, (negative, i) in sorted(best.items())]


def _beyond_topic(similarity: float) -> float:
    return max(0.0, similarity - SHARED_BY_TOPIC) / (1 - SHARED_BY_TOPIC)


def align(a: PreparedText, b: PreparedText) -> Alignment:
    """Align two prepared texts and measure how much each retells the other."""
    sims = _similarities(a, b, SENTENCE_SIM)
    chain = _chain(sims)
    pairs = sorted(chain + _reordered(b, sims, chain), key=lambda p: (p[1], p[0]))
    best_a: dict[int, float] = {}
    best_b: dict[int, float] = {}
    for i, j, sim in pairs:
        best_a[i] = max(best_a.get(i, 0.0), sim)
        best_b[j] = max(best_b.get(j, 0.0), sim)
    covered_a = sum(len(a.sentences[i].content) for i in best_a)
    covered_b = sum(len(b.sentences[j].content) for j in best_b)
    retold_a = sum(len(a.sentences[i].content) * _beyond_topic(s) for i, s in best_a.items())
    retold_b = sum(len(b.sentences[j].content) * _beyond_topic(s) for j, s in best_b.items())
    total_a = sum(len(s.content) for s in a.sentences) or 1
    total_b = sum(len(s.content) for s in b.sentences) or 1
    shared = len(a.trigrams & b.trigrams)
    return Alignment(
        pairs=tuple(pairs),
        coverage_a=covered_a / total_a,
        coverage_b=covered_b / total_b,
        retold_a=retold_a / total_a,
        retold_b=retold_b / total_b,
        containment_a=shared / (len(a.trigrams) or 1),
        containment_b=shared / (len(b.trigrams) or 1),
        similarity=sum(s for _, _, s in pairs) / len(pairs) if pairs else 0.0,
    )
