"""The time grammar skips a rule on a text that lacks what the rule needs: the same candidates."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.nlp.time import grammar
from storyline.nlp.time.grammar import COMPILED, NEEDS, RULES, Needs, TextFacts, find_candidates
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
