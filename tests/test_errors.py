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


def test_the_whole_error_tree_is_in_errors_py() -> None:
    """Every exception class Storyline raises on purpose is defined in errors.py (read by the
    source, so that a module not imported here is checked too), and its docstring's tree
    names it."""
    tree = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, StorylineError)
    }
    for name in tree:
        assert name in (errors.__doc__ or ""), f"{name} is not in errors.py's tree"
    defined_elsewhere = []
    for path in SRC.rglob("*.py"):
        if path.name != "errors.py":
            bases = re.findall(r"^class (\w+)\((\w+)\)", path.read_text(encoding="utf-8"), re.M)
            defined_elsewhere += [name for name, base in bases if base in tree]
    assert defined_elsewhere == []


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (errors.MissingStore("x.db"), "E201"),
        (errors.AmbiguousId("ab", 2, "stories"), "E301"),
        (errors.UnknownId("ab", "story"), "E302"),
        (errors.TokenError("X-Storyline-Token"), "E401"),
        (errors.UploadWorkerDied("a.html"), "E503"),
        (errors.InternalError(), "E999"),
    ],
)
def test_each_error_says_its_code_in_one_line(error: StorylineError, code: str) -> None:
    assert error.code == code and str(error).startswith(f"[{code}] ")
    assert "\n" not in str(error)
