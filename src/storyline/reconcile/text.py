"""Words for reconciliation: normalised tokens, rough lemmas, names and word-level diffs.

Reconciliation compares what different outlets wrote about the same thing, so it must look
past typography (curly or straight quote marks, ``…`` or ``...``, non-breaking spaces), case
and plural endings, while still showing the analyst the words each outlet really used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from breame.spelling import get_american_spelling
from rapidfuzz.distance import Indel, Levenshtein

from storyline.nlp.claims.numbers import ORDINALS
from storyline.nlp.numbers import UNITS_WORDS

ELLIPSIS = "…"
_TYPOGRAPHY = str.maketrans(
    {"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"', "„": '"', "\u00a0": " "}
)
_ELLIPSES = re.compile(r"\.\s*\.\s*\.|…")
_WORD = re.compile(rf"{ELLIPSIS}|[^\W_]+(?:'[^\W_]+)*")
# function words carry little meaning: they are ignored when deciding what is counted or
# whether the words around two quotes are the same
_FUNCTION_WORDS = """
a an the of to in on at for by with from and or as that this these those its it his her their our
is are was were be been has have had will would
"""
STOPWORDS = frozenset(_FUNCTION_WORDS.split())


def tokens(text: str) -> list[str]:
    """The words of ``text`` as written, without punctuation; an ellipsis is one word ``…``.

    >>> tokens("Demonstration of the “performance” ... for export.")
    ['Demonstration', 'of', 'the', 'performance', '…', 'for', 'export']
    """
    text = _ELLIPSES.sub(f" {ELLIPSIS} ", text.translate(_TYPOGRAPHY))
    text = text.replace("-", " ")  # "test-firing" and "test firing" are the same words
    return _WORD.findall(text)


def words(text: str) -> list[str]:
    """The case-folded ``tokens`` of ``text``: what comparisons look at."""
    return [t.casefold() for t in tokens(text)]


@lru_cache(maxsize=1 << 16)  # a story's texts repeat their words
def lemma(word: str) -> str:
    """A rough lemma: possessive and plural endings removed (``changes`` -> ``change``).

    Only endings are stripped, so the result is stable across runs and needs no model; it is
    used to compare words, never shown.
    """
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def lemmas(text: str) -> list[str]:
    """The rough lemmas of the words of ``text``."""
    return [lemma(w) for w in words(text)]


def content_lemmas(text: str) -> list[str]:
    """Lemmas of ``text`` without function words."""
    return [w for w in lemmas(text) if w not in STOPWORDS]


_COMPOUND = re.compile(r"[^\W_]+(?:\s*-\s*[^\W_]+)+")


def compound_lemmas(text: str) -> list[str]:
    """Hyphenated compounds as one word each (their parts are ``content_lemmas``' business):
    ``semi - automatic pistols`` -> ``['semiautomatic']``, so it and ``semiautomatic pistols``
    count one thing.

    >>> compound_lemmas("two semi - automatic pistols and a three-storey building")
    ['semiautomatic', 'threestorey']
    """
    return [lemma(re.sub(r"\s*-\s*", "", m.group(0)).casefold()) for m in _COMPOUND.finditer(text)]


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Word-level similarity in [0, 1]: twice the aligned words over all words (Indel)."""
    if not a and not b:
        return 1.0
    return float(Indel.normalized_similarity(list(a), list(b)))


def contains(longer: Sequence[str], shorter: Sequence[str]) -> bool:
    """Whether ``shorter`` occurs as a contiguous run of words in ``longer``."""
    size = len(shorter)
    if size == 0 or size > len(longer):
        return False
    longer, shorter = tuple(longer), tuple(shorter)
    first = shorter[0]
    # a run can only start where its first word is: only there are the words compared
    return any(
        longer[i : i + size] == shorter for i in range(len(longer) - size + 1) if longer[i] == first
    )


def word_diff(a: str, b: str) -> list[list[str]]:
    """How wording ``b`` differs from wording ``a``, word by word, as JSON-ready ops.

    Each op is ``["equal", words]``, ``["replace", words of a, words of b]``, ``["delete", words
    of a]`` or ``["insert", words of b]``. Words are compared by lemma, so ``changes`` vs
    ``change`` is still shown as a replace; case alone is no difference (``a``'s words shown).

    >>> word_diff("an epochal change", "a historic change")
    [['replace', 'an epochal', 'a historic'], ['equal', 'change']]
    """
    shown_a, shown_b = tokens(a), tokens(b)
    keys_a = [lemma(w.casefold()) for w in shown_a]
    keys_b = [lemma(w.casefold()) for w in shown_b]
    ops: list[list[str]] = []
    for op in Levenshtein.opcodes(keys_a, keys_b):
        left = " ".join(shown_a[op.src_start : op.src_end])
        right = " ".join(shown_b[op.dest_start : op.dest_end])
        if op.tag == "equal":
            # equal by lemma; show a replace where the surface words differ (plural, 's)
            for word_a, word_b in zip(
                shown_a[op.src_start : op.src_end],
                shown_b[op.dest_start : op.dest_end],
                strict=True,
            ):
                same = word_a.casefold() == word_b.casefold()
                ops.append(["equal", word_a] if same else ["replace", word_a, word_b])
        elif op.tag == "replace":
            ops.append(["replace", left, right])
        elif op.tag == "delete":
            ops.append(["delete", left])
        else:
            ops.append(["insert", right])
    return _merge_equal(ops)


def _merge_equal(ops: list[list[str]]) -> list[list[str]]:
    """Adjacent ops of one kind as one op, so a diff reads as phrases: equal words together,
    and an insert next to a replace as one replace (``characteristics`` -> ``the performance``).
    """
    merged: list[list[str]] = []
    for op in ops:
        last = merged[-1] if merged else None
        if last is not None and op[0] == "equal" and last[0] == "equal":
            merged[-1] = ["equal", f"{last[1]} {op[1]}"]
        elif last is not None and "equal" not in (op[0], last[0]):
            left = " ".join(w for w in (_side(last, 0), _side(op, 0)) if w)
            right = " ".join(w for w in (_side(last, 1), _side(op, 1)) if w)
            merged[-1] = (
                ["replace", left, right]
                if left and right
                else (["delete", left] if left else ["insert", right])
            )
        else:
            merged.append(op)
    return merged


def _side(op: list[str], side: int) -> str:
    """The words of one side (0: first wording, 1: second) an op covers."""
    if op[0] == "replace":
        return op[1 + side]
    if op[0] == "delete":
        return op[1] if side == 0 else ""
    return op[1] if side == 1 else ""


def differs_in_wording(ops: Sequence[Sequence[str]]) -> bool:
    """Whether a diff changes words inside the shared passage (not only quotes more or less).

    Leading and trailing inserts or deletes mean one outlet quoted a longer stretch of the same
    words; a replace, or an insert or delete between equal words, is a different wording.
    Surface-only replaces (``changes`` vs ``change``) do not count either, nor the ending of a
    contraction written apart (``It s`` for ``It's``).
    """
    inner = list(ops)
    while inner and inner[0][0] in ("insert", "delete"):
        inner.pop(0)
    while inner and inner[-1][0] in ("insert", "delete"):
        inner.pop()
    for op in inner:
        if op[0] in ("insert", "delete") and not _no_words(op[1]):
            return True
        if op[0] == "replace" and _core(op[1]) != _core(op[2]):
            return True
    return False


CONTRACTION_ENDINGS = frozenset({"s", "t", "ll", "re", "ve", "d", "m"})
_ZEROS = re.compile(r"0+")


def _no_words(words: str) -> bool:
    """Whether words one wording adds are none in the other's style: the ending of a
    contraction written apart (``It s`` for ``It's``, a page that lost its apostrophes) or a
    number's zero minutes or cents (``6:00 p.m.`` for ``6 p.m.``, ``$5.00`` for ``$5``)."""
    return all(w.casefold() in CONTRACTION_ENDINGS or _ZEROS.fullmatch(w) for w in words.split())


_DIGIT_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)")


def _in_digits(word: str) -> str:
    """A number word as digits, the way another house style writes it: ``two`` and ``2``,
    ``eleventh`` and ``11th`` (an ordinal's ending as ``th``: ``1st`` and ``first``)."""
    if word in UNITS_WORDS:
        return str(UNITS_WORDS[word])
    if word in ORDINALS:
        return f"{ORDINALS[word]}th"
    ordinal = _DIGIT_ORDINAL.fullmatch(word)
    return f"{ordinal.group(1)}th" if ordinal else word


def spoken(text: str) -> list[str]:
    """The lemmas of ``text`` with contractions split and their endings dropped: ``We'll``,
    ``We ll`` and ``We’ll`` all read ``we``, whatever a page did to its apostrophes."""
    return [w for w in lemmas(text.replace("'", " ").replace("’", " "))
            if w not in CONTRACTION_ENDINGS]  # fmt: skip


def _core(words: str) -> list[str]:
    """The lemmas of ``words`` without contraction endings, however written, each word in its
    American spelling and each number in digits: ``realised`` and ``realized``,
    ``neighbourhood`` and ``neighborhood``, ``eleventh`` and ``11th`` are one word in two
    house styles, not another wording of a quote."""
    american = spoken(" ".join(get_american_spelling(word) for word in words.split()))
    return [_in_digits(word) for word in american]


@lru_cache(maxsize=1 << 16)  # a story compares its few speakers' names pair by pair
def name_key(name: str | None) -> str:
    """A person's or body's name for comparison: ``Kim Jong-un`` and ``Kim Jong Un`` agree."""
    if not name:
        return ""
    name = re.sub(r"^(?:the)\s+", "", name.translate(_TYPOGRAPHY).strip(), flags=re.IGNORECASE)
    return " ".join(words(name))


@lru_cache(maxsize=1 << 16)
def names_compatible(a: str | None, b: str | None) -> bool:
    """Whether two names can denote the same speaker: equal, or one is part of the other
    (``Shin`` and ``Shin Won-sik``). Empty names are compatible with nothing."""
    key_a, key_b = name_key(a), name_key(b)
    if not key_a or not key_b:
        return False
    if key_a == key_b:
        return True
    short, long = sorted((key_a.split(), key_b.split()), key=len)
    if contains(long, short):
        return True
    # ``Donald Trump`` and ``Donald J. Trump``: a house style writes the middle initial; a
    # name that writes initials of its own must write the same ones (``George W. Bush`` is
    # not ``George H. W. Bush``)
    return not any(_initial(w) for w in short) and contains(
        [w for w in long if not _initial(w)], short
    )


def _initial(word: str) -> bool:
    return len(word) == 1 and word.isalpha()
