"""What a word is made of, in any script: letters and digits, and the combining marks that
belong to them.

Python's ``\\w`` leaves out combining marks (Unicode categories Mn, Mc, Me): the vowel signs
of Devanagari, Gujarati, Bengali, Tamil or Thai, and accents written apart from their letter.
``કોરોનાથી`` (from corona) fell apart into ``ક``, ``ર``, ``ન``, ``થ``: fragments every text of
the script shares, so two Gujarati pages of different events looked alike. ``MARKS`` is the
body of a regular-expression character class of the marks of the Basic Multilingual Plane
(``[{MARKS}]``); ``LETTER`` is a letter, digit or mark. Both serve the word patterns of the
clustering features and of the reuse scoring.
"""

from __future__ import annotations

import unicodedata

MARK_CATEGORIES = frozenset({"Mn", "Mc", "Me"})


def _mark_ranges() -> str:
    """The combining marks of the BMP as regular-expression ranges (``\\u0300-\\u036f`` and
    about 190 more), built once at import (10 ms)."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.category(chr(code)) not in MARK_CATEGORIES:
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return "".join(
        f"\\u{low:04x}" if low == high else f"\\u{low:04x}-\\u{high:04x}" for low, high in ranges
    )


MARKS = _mark_ranges()
# one letter or digit, or a mark of the letter before it
LETTER = rf"(?:[^\W_]|[{MARKS}])"
