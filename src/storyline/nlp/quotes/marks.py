"""Finding quoted passages by their quotation marks: one linear scan over the text.

News text mixes curly quotes (“…”), straight quotes ("…"), the doubled apostrophes some wires
use (''…'', and TeX-style ``…''), single quotes in headlines (‘epochal change’) and apostrophes
that look exactly like closing single quotes (Korea’s, the Koreas’). The scanner returns the
outermost quoted passages; quotes nested inside another quote belong to it. By news convention a
quote that runs over several paragraphs opens every paragraph and closes only the last one: such
a passage is returned as one span (as PolNeAR's annotators mark it). Some outlets (and tokenised
corpora) do not reopen the next paragraph: a quote left open at a paragraph's end whose next
paragraphs hold its closing mark (a curly closer first, or an odd number of straight marks) runs
on, and each of its paragraphs is returned as a passage of its own that ``continues`` into the
next (another outlet often quotes one of them alone). Tokenised text writes straight marks with
spaces on both sides (``said : " The fire has progressed ... destroyed . "``): such a spaced
mark opens a quote when its paragraph holds another straight mark to close it; a straight mark
followed by a stop or a comma never opens."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

DOUBLE_OPEN = "“«„"
DOUBLE_CLOSE = "”»"
STRAIGHT_DOUBLE = '"'
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
STRAIGHT_SINGLE = "'"
# a single-quoted passage longer than this is more likely an apostrophe pairing by accident
MAX_SINGLE_QUOTE_CHARS = 400
# paragraphs an unmarked run-on quote may span before its closing mark (a statement of a few)
RUN_ON_PARAGRAPHS = 4
# the characters the scan acts on; it jumps over every other one
# the wires' TeX-style opening mark: ``It was a bomb,'' (closed by two apostrophes)
TEX_OPEN = "``"
_MARK_OR_BREAK = re.compile("[\n`" + re.escape(DOUBLE_OPEN + DOUBLE_CLOSE + "\"'‘’") + "]")


@dataclass(frozen=True, slots=True)
class QuotedPassage:
    """The words between a pair of quotation marks: [start, end) excludes the marks."""

    start: int
    end: int
    open_mark: str
    multi_paragraph: bool = False
    continues: bool = False  # the quote runs on, unmarked, into the next paragraph's passage


def _double_mark(text: str, i: int) -> int:
    """Length of the double quotation mark at ``i`` (2 for '' and ’’), or 0 if there is none."""
    ch = text[i]
    if ch in DOUBLE_OPEN or ch in DOUBLE_CLOSE or ch == STRAIGHT_DOUBLE:
        return 1
    if ch in "'’`" and i + 1 < len(text) and text[i + 1] == ch:
        return 2
    return 0


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


def _single_closer(text: str, start: int, limit: int) -> int:
    """The index of the mark closing a single quote opened before ``start``, or -1.

    A closer follows a non-space and is not followed by a letter or digit (that would be an
    apostrophe inside a word: Korea’s, don't). A plural possessive (the Koreas’ summit) looks
    like a closer; it is skipped when a later closer exists in the same paragraph.
    """
    candidates: list[int] = []
    for j in range(start, min(limit, start + MAX_SINGLE_QUOTE_CHARS)):
        ch = text[j]
        if ch not in (SINGLE_CLOSE, STRAIGHT_SINGLE) or j == start:
            continue
        if text[j - 1].isspace():
            continue
        nxt = text[j + 1] if j + 1 < len(text) else " "
        if _is_word_char(nxt):
            continue
        candidates.append(j)
        if not (text[j - 1] in "sS" and nxt == " " and j + 2 < limit and text[j + 2].islower()):
            return j
    return candidates[-1] if candidates else -1


def _paragraph_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end < 0 else end


def _next_paragraph_opens_quote(text: str, newline: int) -> int:
    """The index after an opening double mark that starts the next paragraph, or -1."""
    j = newline
    while j < len(text) and text[j].isspace():
        j += 1
    if j < len(text):
        size = _double_mark(text, j)
        if size and text[j] not in DOUBLE_CLOSE:
            return j + size
    return -1


def _skip_space(text: str, i: int) -> int:
    """The first offset from ``i`` that is not white space (or the text's end)."""
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _runs_on(text: str, newline: int) -> int:
    """The start of the next paragraph when a quote left open at ``newline`` goes on there
    without a new mark, or -1. It goes on when, within ``RUN_ON_PARAGRAPHS`` paragraphs, the
    first one holding a double mark closes it: its first mark is a curly closer, or it holds
    an odd number of straight marks (the first one closes the quote)."""
    start = _skip_space(text, newline)
    paragraph = start
    for _ in range(RUN_ON_PARAGRAPHS):
        paragraph = _skip_space(text, paragraph)  # blank lines between paragraphs
        end = _paragraph_end(text, paragraph)
        if paragraph >= end:
            return -1
        marks = [j for j in range(paragraph, end) if text[j] in DOUBLE_OPEN + DOUBLE_CLOSE + '"']
        if marks:
            closes = text[marks[0]] in DOUBLE_CLOSE or (
                text[marks[0]] == STRAIGHT_DOUBLE
                and sum(text[j] == STRAIGHT_DOUBLE for j in marks) % 2 == 1
            )
            return start if closes else -1
        paragraph = end + 1
    return -1


def _trimmed(
    text: str, start: int, end: int, open_mark: str, multi: bool, continues: bool = False
) -> QuotedPassage | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    return QuotedPassage(start, end, open_mark, multi, continues)


def _opens_double(text: str, i: int, size: int) -> bool:
    """Whether the double mark at ``i`` can open a quote (a straight mark must precede a word)."""
    ch = text[i]
    if ch in DOUBLE_OPEN or text.startswith(TEX_OPEN, i):
        return True
    if ch in DOUBLE_CLOSE:
        return False
    nxt = text[i + size] if i + size < len(text) else " "
    if nxt in ".,;:!?)":
        return False  # a stop or comma after the mark ends a quote (``suspicious ".``)
    if not nxt.isspace():
        return True
    # a spaced mark (tokenised text) opens when a mark closes it, here or where it runs on
    prev = text[i - 1] if i > 0 else "\n"
    end = _paragraph_end(text, i)
    closed = STRAIGHT_DOUBLE in text[i + size : end]
    goes_on = _next_paragraph_opens_quote(text, end) > 0 or _runs_on(text, end) > 0
    return prev.isspace() and (closed or goes_on)


def _opens_single(text: str, i: int) -> bool:
    """A single mark at the start of a word, not an elision such as '90s or rock 'n' roll."""
    prev = text[i - 1] if i > 0 else " "
    word = text[i + 1 : i + 4]
    if _is_word_char(prev) or not word or word[0].isspace():
        return False
    if word[:2].isdigit() and word[2:3] in ("s", ""):
        return False
    return not (word[0] == "n" and word[1:2] in "'’")


def find_quoted_passages(text: str) -> list[QuotedPassage]:
    """Every outermost quoted passage of ``text``, in text order."""
    passages: list[QuotedPassage] = []
    i, n = 0, len(text)
    open_at = -1  # index just after the opening mark of the current double quote
    open_mark = ""
    multi = False
    while i < n:
        found_mark = _MARK_OR_BREAK.search(text, i)
        if found_mark is None:
            break
        i = found_mark.start()
        ch = text[i]
        size = _double_mark(text, i)
        if open_at < 0:
            if size and _opens_double(text, i, size):
                open_at, open_mark, multi = i + size, ch, False
                i += size
                continue
            if ch in (SINGLE_OPEN, STRAIGHT_SINGLE) and _opens_single(text, i):
                closer = _single_closer(text, i + 1, _paragraph_end(text, i))
                if closer > 0:
                    found = _trimmed(text, i + 1, closer, ch, False)
                    if found is not None:
                        passages.append(found)
                    i = closer + 1
                    continue
            i += max(size, 1)
            continue
        if ch == "\n":
            reopened = _next_paragraph_opens_quote(text, i)
            if reopened > 0:  # the quote goes on in the next paragraph
                multi = True
                i = reopened
                continue
            runs_on = _runs_on(text, i)
            if runs_on > 0:
                # it goes on unmarked: this paragraph's words are one passage, which continues
                # into the next (the speaker is often named only where it closes)
                found = _trimmed(text, open_at, i, open_mark, multi, continues=True)
                if found is not None:
                    passages.append(found)
                open_at, i = runs_on, runs_on
                continue
            # an unclosed quote ends with its paragraph rather than swallowing the article
            found = _trimmed(text, open_at, i, open_mark, multi)
            if found is not None:
                passages.append(found)
            open_at = -1
            i += 1
            continue
        if size and (ch in DOUBLE_OPEN or text.startswith(TEX_OPEN, i)) and _looks_open(text, i):
            # a fresh opener inside an open quote: the earlier one was never closed
            open_at, open_mark, multi = i + size, ch, False
            i += size
            continue
        if size:
            found = _trimmed(text, open_at, i, open_mark, multi)
            if found is not None:
                passages.append(found)
            open_at = -1
            i += size
            continue
        i += max(size, 1)
    if open_at >= 0:
        found = _trimmed(text, open_at, n, open_mark, multi)
        if found is not None:
            passages.append(found)
    return passages


def _looks_open(text: str, i: int) -> bool:
    """Whether an opening curly mark starts a word (rather than ending one, as a typo for ”)."""
    prev = text[i - 1] if i > 0 else " "
    return prev.isspace() or prev in "([—–-"


QUOTE_PUNCTUATION = "\"'“”‘’«»()[]—–-.,;:!?…"
SMALL_WORDS = frozenset(
    {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "is", "it"}
)


def words_of(text: str) -> list[str]:
    """The words of ``text`` that hold a letter, without the punctuation around them."""
    return list(_words(text))


def _words(text: str) -> Iterator[str]:
    stripped = (w.strip(QUOTE_PUNCTUATION) for w in text.split())
    return (w for w in stripped if any(c.isalpha() for c in w))


TITLE_LETTERS = 4  # "in", "a", "or", "the", "Her" stay short words of a title
TITLE_WORDS = 3  # a title-cased passage of this many long words or more is a title


def work_title(text: str) -> bool:
    """Whether a quoted passage is a title (an award, a work, a programme) rather than
    words someone said: every word of ``TITLE_LETTERS`` letters or more is capitalised, and
    there are at least ``TITLE_WORDS`` of them (``Outstanding Individual Performance in a
    Variety or Music Program``, ``The Star Spangled Banner.``). A sentence capitalises its
    first word only."""
    long_words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= TITLE_LETTERS]
    return len(long_words) >= TITLE_WORDS and all(w[0].isupper() for w in long_words)


def title_cased(text: str) -> bool:
    """Every content word capitalised: Fox News Sunday, Make Your Kid a Millionaire. Read up
    to the first word that is not (a paragraph of prose stops at its second or third word)."""
    content = (w for w in _words(text) if w.lower() not in SMALL_WORDS)
    first = next(content, None)
    return first is not None and first[0].isupper() and all(w[0].isupper() for w in content)
