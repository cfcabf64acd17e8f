"""Where a tagged name really ends: the words of an entity span that belong to the name.

The tagger runs names into what stands next to them. ``name_bounds`` cuts a span to its name:

- a name never crosses a line break: ``X.\\n\\nTrump seemed`` (a list number over a
  paragraph) is ``Trump``;
- a name holds no lower-case verb: ``Trump told Business Insider`` is ``Trump``;
- a name ends at a dash set apart by spaces before a lower-case word: ``Jonathan Wright -
  director of …``, ``the Tax Policy Center - half a point`` (a hyphen inside a name,
  ``Hewlett-Packard``, and a tokenised text's ``Strauss - Kahn`` stay);
- a name holds no bracket or quotation mark it does not close: ``the Vox Populi (Voice of the
  People) column`` is ``Vox Populi``, ``Obama Sees 'Personal Insult`` ``Obama Sees``.

``Headlines`` reads the title-cased lines of an article (its headline, a subhead): there
every word is capitalised, so the tagger takes ``Obama Just Pulled Out`` or ``Clinton Hid Past
Health`` for a name. A name in such a line is only as long as the body writes it
(``Headlines.written_part``): ``Obama``, ``Clinton``; a name the body never writes is none.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from storyline.nlp.docview import DocView, view_of
from storyline.nlp.quotes.marks import title_cased

SPACED_DASHES = frozenset({"-", "--", "–", "—", "―"})
VERB_POS = frozenset({"VERB", "AUX"})
POSSESSIVES = frozenset({"'", "'s", "’s", "’"})
HEADLINE_MIN_WORDS = 4  # a title-cased line of fewer words is a name or a byline, no headline


def spaced_dash(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a dash with a space on each side (``Center - half``), not the
    hyphen inside a name (``Hewlett-Packard``)."""
    return doc[i].text in SPACED_DASHES and bool(doc[i - 1].whitespace_ and doc[i].whitespace_)


def _ends_before(doc: Doc, start: int, i: int, end: int) -> bool:
    """Whether the name being read stops before token ``i`` (see the module docstring)."""
    token = doc[i]
    if token.pos_ in VERB_POS and token.text[:1].islower():
        return True
    if spaced_dash(doc, i):
        following = doc[i + 1] if i + 1 < len(doc) else None
        return following is None or not following.text[:1].isupper()
    if token.text == "(":
        return not any(doc[j].text == ")" for j in range(i + 1, end))
    if _quote_mark(token):  # a pair is a nickname: ``Vincent "The Chin" Gigante``
        closing = sum(_quote_mark(doc[j]) for j in range(start, i)) % 2 == 1
        return not closing and not any(_quote_mark(doc[j]) for j in range(i + 1, end))
    return False


def _quote_mark(token: Token) -> bool:
    return token.is_quote and token.lower_ not in POSSESSIVES


def name_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The token range [start, end) of the name a tagged span ``doc[start:end]`` holds; empty
    (``start == end``) when it holds none."""
    breaks = [i for i in range(start, end) if "\n" in doc[i].text]
    if breaks:
        start = breaks[-1] + 1
    end = next((i for i in range(start + 1, end) if _ends_before(doc, start, i, end)), end)
    return start, max(start, end)


class _LastRead(threading.local):
    """The headlines each thread read last, beside the shared view they were read with: a
    document gets new headlines when it gets a new view (``view_of``)."""

    headlines: tuple[DocView, Headlines] | None = None


_last_read = _LastRead()


def headlines_of(doc: Doc) -> Headlines:
    """The headlines of ``doc``, read once while its view is shared (``view_of``): the
    entities and the quote speakers both ask."""
    view = view_of(doc)
    last = _last_read.headlines
    if last is None or last[0] is not view:
        last = _last_read.headlines = (view, Headlines(doc))
    return last[1]


class Headlines:
    """The title-cased lines of a document and the text of the rest (its body)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        view = view_of(doc)
        self._starts = view.starts
        text = view.text
        self.lines: list[tuple[int, int]] = []
        body = []
        offset = 0
        for line in text.split("\n"):
            words = line.split()
            if len(words) >= HEADLINE_MIN_WORDS and title_cased(line):
                self.lines.append((offset, offset + len(line)))
            else:
                body.append(line)
            offset += len(line) + 1
        self.body = "\n".join(body)
        self._written: dict[str, bool] = {}  # words -> whether the body writes them
        in_body: Sequence[int] = range(view.length)
        if self.lines:  # most articles have none
            in_body = [i for i in range(view.length) if not self.holds(i, i + 1)]
        texts, opens = view.words, view.sentence_starts
        # the words the body capitalises inside a sentence (names), and writes in lower case
        self.mid_sentence = {texts[i] for i in in_body if texts[i][:1].isupper() and not opens[i]}
        self.lower = {texts[i] for i in in_body if texts[i].islower()}

    def holds(self, start: int, end: int) -> bool:
        """Whether tokens [start, end) stand in a headline line (an empty range: no; a tagged
        span cut at its last line break holds no name, ``name_bounds``)."""
        if start >= end:
            return False
        first = self._starts[start]
        return any(low <= first < high for low, high in self.lines)

    def written_part(self, start: int, end: int) -> tuple[int, int]:
        """The opening words of a name in a headline that the body writes so (capitals and
        all), one of them inside a sentence, where only a name is capitalised (``Coal`` of
        ``Coal Power …`` opens sentences only): [start, start) when it writes none. A name
        outside the headlines is left as it is."""
        if not self.lines or not self.holds(start, end):
            return start, end
        for stop in range(end, start, -1):
            words = self.doc[start:stop]
            if not any(t.text in self.mid_sentence for t in words):
                continue
            if words.text not in self._written:
                pattern = rf"(?<!\w){re.escape(words.text)}(?!\w)"
                self._written[words.text] = re.search(pattern, self.body) is not None
            if self._written[words.text]:
                return start, stop
        return start, start

    def plain(self, start: int, end: int) -> bool:
        """Whether a word of tokens [start, end) is one the body writes in lower case: a
        headline's ``Popular Website`` is words, ``Ben Carson`` a name."""
        return any(t.lower_ in self.lower for t in self.doc[start:end] if t.is_alpha)
