"""Storyline's errors. Every user-facing message is one line: a code, what went wrong, and
what to do next. The CLI prints ``Error: [E...] message`` and never a traceback."""

from __future__ import annotations


class StorylineError(Exception):
    """Base of all errors Storyline raises on purpose."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message


class InputError(StorylineError):
    """An input file, or one line of it, cannot be read as an article."""

    def __init__(self, source_path: str, reason: str, line: int | None = None) -> None:
        where = f"{source_path}:{line}" if line is not None else source_path
        super().__init__("E100", f"{where}: {reason}")
        self.source_path = source_path
        self.reason = reason
        self.line = line


class StoreError(StorylineError):
    """The store cannot be opened or is not a Storyline store."""

    def __init__(self, message: str) -> None:
        super().__init__("E200", message)


class UsageError(StorylineError):
    """The caller asked for something that cannot be done."""

    def __init__(self, message: str) -> None:
        super().__init__("E300", message)
