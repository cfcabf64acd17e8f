"""Words for reuse scoring, with quotations masked.

Two outlets quoting the same press release or state-media statement share those words because
both quote the same speaker, not because one copied the other. So the words inside quotation
marks are left out before any reuse is measured: only the reporters' own words count. The
quoted words still leave a gap marker behind, so that an n-gram never joins the words on
either side of a quote as if they were adjacent.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

from storyline.nlp.quotes.marks import find_quoted_passages
from storyline.nlp.stop_words import stop_words
from storyline.nlp.word_pattern import LETTER

# a word: letters or digits and their marks, with inner apostrophes ("Korea's" is one word,
# then trimmed)
_LETTERS = rf"[^\W_]{LETTER}*"
_WORD = re.compile(rf"{_LETTERS}(?:['’]{_LETTERS})*")
QUOTE_GAP = "\x00q"  # stands where a quotation was; never equal to a real word
NOT_CONTENT = frozenset({QUOTE_GAP, "s"})  # besides the stop words


class Word(NamedTuple):
    """A normalised word and where it is in the text: [start, end). A tuple, not a frozen
    dataclass: an article has thousands, and a tuple is made several times faster."""

    norm: str
    start: int
    end: int

    @property
    def is_content(self) -> bool:
        """A word that carries meaning: not a stop word, not a quote gap."""
        return self.norm not in _not_content()


@cache
def _not_content() -> frozenset[str]:
    """``NOT_CONTENT`` and the stop words, one set (each article asks thousands of times)."""
    return NOT_CONTENT | stop_words()


@lru_cache(maxsize=1 << 16)  # a text repeats its words, a store its vocabulary
def normalise(word: str) -> str:
    """Lower case, possessive dropped, a plural -s dropped: launchers ~ launcher."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


def masked_words(text: str) -> list[Word]:
    """The words of ``text`` outside quotation marks, each quotation left as one gap marker."""
    words: list[Word] = []
    cursor = 0
    for passage in find_quoted_passages(text):
        words.extend(_plain_words(text, cursor, passage.start))
        words.append(Word(QUOTE_GAP, passage.start, passage.end))
        cursor = passage.end
    words.extend(_plain_words(text, cursor, len(text)))
    return words


def content_vocabulary(text: str) -> list[bytes]:
    """The distinct content words of ``text`` outside quotations, sorted, as the bytes the
    derivation search's MinHash signatures are computed over."""
    return vocabulary(masked_words(text))


def vocabulary(words: list[Word]) -> list[bytes]:
    """The distinct content words of ``masked_words``' words (``content_vocabulary``)."""
    return sorted({w.norm.encode("utf-8") for w in words if w.is_content})


def _plain_words(text: str, start: int, end: int) -> list[Word]:
    return [Word(normalise(m.group()), *m.span()) for m in _WORD.finditer(text, start, end)]


def ngrams(words: list[Word], n: int) -> set[tuple[str, ...]]:
    """The word n-grams of ``words`` that do not run across a quotation."""
    norms = [w.norm for w in words]
    shifted = (norms[k:] for k in range(n))  # the shorter ones end the n-grams
    return {gram for gram in zip(*shifted, strict=False) if QUOTE_GAP not in gram}
