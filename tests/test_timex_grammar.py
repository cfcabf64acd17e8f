"""The time grammar skips a rule on a text that lacks what the rule needs: the same candidates."""

from __future__ import annotations

import re
import sys
from re import _constants as sre
from re import _parser as sre_parse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.nlp.time import grammar
from storyline.nlp.time.grammar import (
    COMPILED,
    NEEDS,
    RULES,
    STARTS,
    Needs,
    TextFacts,
    find_candidates,
)
from storyline.nlp.time.lexicon import word_list
from tests.conftest import seed_path

WORDS = word_list(
    "May MAY 31 , 2024 1999s '90s the last next week weekend ago two twenty nineteen ninety-six "
    "12 p.m. 10:30 a.m. EDT Friday FRIDAY Tues. nights year-ago year-end quarter half period "
    "early mid- late of 9999 0 Q4 fiscal every each per a an day days later earlier now "
    "currently recent coming these present past future near term today tonight yesterday noon "
    "morning evening overnight summer fall daily weekly bi-weekly once twice 2024-05-15 5/15/24 "
    "21st century Christmas New Year's Easter Sunday İS ſeconds ıt"
)
TEXTS = st.lists(st.sampled_from(WORDS), max_size=16).map(" ".join) | st.text(
    alphabet=st.sampled_from(list("0123456789 -/.,:'aAmMpPsTtWwQqdeylnoİıſ")), max_size=60
)


def _found(text: str) -> list[tuple[object, ...]]:
    return [
        (c.start, c.end, c.rule, c.match.span(), c.match.groupdict()) for c in find_candidates(text)
    ]


def test_every_rule_has_its_needs() -> None:
    assert set(NEEDS) == set(RULES)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_every_match_meets_the_needs_of_its_rule(text: str) -> None:
    for rule, pattern in COMPILED.items():
        for match in pattern.finditer(text):
            assert TextFacts(match.group(0)).meets(NEEDS[rule]), (rule, match.group(0))


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_skipping_rules_finds_the_same_candidates(text: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(grammar, "NEEDS", {rule: Needs() for rule in RULES})
        every_rule_run = _found(text)
    assert _found(text) == every_rule_run


def test_seed_matches_meet_the_needs_of_their_rules() -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        text = seed_path(prefix).read_text()
        for rule, pattern in COMPILED.items():
            for match in pattern.finditer(text):
                assert TextFacts(match.group(0)).meets(NEEDS[rule]), (rule, match.group(0))


def test_a_rule_that_needs_a_word_is_skipped_without_it() -> None:
    assert not TextFacts("Prices rose.").meets(NEEDS["holiday"])
    assert TextFacts("Prices rose at Christmas.").meets(NEEDS["holiday"])
    assert TextFacts("TWO DAYS").meets(NEEDS["duration"])
    assert not TextFacts("two dogs").meets(NEEDS["duration"])


def test_only_the_letters_set_apart_fold_to_ascii_other_than_by_lower() -> None:
    any_case_ascii = re.compile("[a-z]", re.IGNORECASE)
    folded_apart = [
        char
        for char in map(chr, range(sys.maxunicode + 1))
        if any_case_ascii.fullmatch(char) and not re.fullmatch("[a-z]", char.lower())
    ]
    assert folded_apart == ["\u0130", "\u0131", "\u017f"]
    assert all(TextFacts(char).lowered is None for char in folded_apart)


def test_every_rule_has_its_starts() -> None:
    assert set(STARTS) == set(RULES)


def _first_characters(items: object, ignore_case: bool) -> tuple[set[tuple[str, bool]], bool]:
    """What a parsed regular expression can start with: (character or ``\\d``, read in any
    case) pairs, and whether it can match nothing at all."""
    found: set[tuple[str, bool]] = set()
    for op, arg in items:  # type: ignore[attr-defined]
        if op is sre.LITERAL:
            return found | {(chr(arg), ignore_case)}, False
        if op is sre.IN:
            for kind, value in arg:
                if kind is sre.LITERAL:
                    found.add((chr(value), ignore_case))
                elif kind is sre.RANGE:
                    found |= {(chr(c), ignore_case) for c in range(value[0], value[1] + 1)}
                else:
                    assert (kind, value) == (sre.CATEGORY, sre.CATEGORY_DIGIT)
                    found.add(("\\d", False))
            return found, False
        if op is sre.SUBPATTERN:
            _, added, removed, inner = arg
            flags = (re.IGNORECASE if ignore_case else 0) | added
            inner_found, empty = _first_characters(inner.data, bool(flags & ~removed & re.I))
        elif op is sre.BRANCH:
            branches = [_first_characters(branch.data, ignore_case) for branch in arg[1]]
            inner_found = set().union(*(branch for branch, _ in branches))
            empty = any(empty for _, empty in branches)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            inner_found, empty = _first_characters(arg[2].data, ignore_case)
            empty = empty or arg[0] == 0
        else:  # a lookaround or an anchor: it reads no character
            assert op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT), op
            inner_found, empty = set(), True
        found |= inner_found
        if not empty:
            return found, False
    return found, True


@pytest.mark.parametrize("rule", sorted(RULES))
def test_a_rule_starts_only_where_its_lookahead_lets_it(rule: str) -> None:
    """Every character a rule's match can start with is among its ``STARTS``: the lookahead
    never hides a match."""
    first, empty = _first_characters(sre_parse.parse(RULES[rule]).data, False)
    assert not empty
    starts = STARTS[rule]
    for char, any_case in first:
        if char.isdigit() and "\\d" in starts.cased:
            continue
        admitted = starts.any_case if any_case else starts.cased
        assert (char.lower() if any_case else char) in admitted, (rule, char)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_the_lookaheads_find_the_same_matches(text: str) -> None:
    for rule, pattern in COMPILED.items():
        bare = [(m.span(), m.groupdict()) for m in re.finditer(RULES[rule], text)]
        assert [(m.span(), m.groupdict()) for m in pattern.finditer(text)] == bare, rule
