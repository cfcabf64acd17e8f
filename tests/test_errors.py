"""Error codes are listed in one place, and every code the code raises is on that list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyline import errors
from storyline.errors import CODES, StorylineError

SRC = Path(errors.__file__).parent


def test_every_code_used_in_the_source_is_listed_and_documented() -> None:
    used = set()
    for path in SRC.rglob("*.py"):
        used |= set(re.findall(r"\bE\d{3}\b", path.read_text(encoding="utf-8")))
    assert used - set(CODES) == set()
    for code in CODES:
        assert code in (errors.__doc__ or ""), f"{code} is not described in errors.py"


def test_an_unlisted_code_is_refused() -> None:
    with pytest.raises(ValueError, match=r"must be one of errors\.CODES"):
        StorylineError("E123", "made up")
