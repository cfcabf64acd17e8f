"""One sentence splitter for stored text, where the parse is no longer at hand.

The brief (which sentence a finding links to) and the timeline (which sentence a date belongs
to) cut text the same way: at . ! ? and closing quotes or brackets before a capital, a digit or
an opening quote, unless the period ends an abbreviation or an initial ("U.S.", "Gen.", "J."),
and at line breaks (cleaned text keeps paragraphs on their own lines).
"""

from __future__ import annotations

import re
from functools import lru_cache

# A sentence ends at . ! ? (and closing quotes/brackets) before a capital, digit or opening
# quote, or at a line break: cleaned text keeps paragraphs on their own lines.
_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n+")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "gov",
        "sen",
        "rep",
        "st",
        "jr",
        "sr",
        "no",
        "vs",
        "u.s",
        "u.n",
        "u.k",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "corp",
        "co",
        "ltd",
    ]
)


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` ends an abbreviation or an initial, not a sentence."""
    if text[dot] != ".":
        return False
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].casefold()
    return len(word) == 1 or word in _ABBREVIATIONS


@lru_cache(maxsize=4096)
def sentence_bounds(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every sentence of ``text``, in order, without surrounding spaces."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        if not match.group().startswith("\n") and _is_abbreviation(text, match.start()):
            continue
        end = match.start() if match.group().startswith("\n") else match.end()
        _add_trimmed(text, start, end, bounds)
        start = match.end()
    _add_trimmed(text, start, len(text), bounds)
    return tuple(bounds)


def _add_trimmed(text: str, start: int, end: int, bounds: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        bounds.append((start, end))
