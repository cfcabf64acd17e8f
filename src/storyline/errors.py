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


# ---- why an input was refused ----------------------------------------------------------------
# A refused input is stored as a ``Rejection`` (its bytes quarantined) and the run goes on; its
# reason is one line that starts with one of these codes. Older reasons ("empty file", "binary
# content (NUL bytes), not text", JSON syntax errors) carry no code; they are kept as they were.
INPUT_REASONS: dict[str, str] = {
    "E110": "field '{field}' must be {expected}; got {got} instead",
    "E111": "JSON that Python cannot hold ({problem})",
    "E112": "file name is not valid UTF-8 (shown with \\x escapes); rename the file to read it",
    "E113": "the reader failed unexpectedly ({error}); the file is kept in quarantine",
    "E114": "symbolic link to {target}, outside the input folders; not read",
    "E115": "dangling symbolic link to {target}; nothing to read",
    "E116": "symbolic link loop; nothing to read",
    "E117": "not a regular file ({kind}); not read",
    "E118": "symbolic link to a folder; not followed (its files are read where they are)",
    "E119": "file is {size:,} bytes, over the {limit:,}-byte limit; first {kept:,} bytes kept "
    "with sha256 {sha256}, the original is left where it is",
    "E120": "reading took over the {seconds:g}-second budget per file; stopped after "
    "{records} record(s), the file is kept in quarantine",
    "E121": "record {record} inflates past {limit:,} bytes; the rest of the archive is not read",
    "E122": "feed has over {limit:,} items; items after {limit:,} are not read (kept here)",
    "E123": "HTML page has over {limit:,} elements; not read",
    "E124": "analysis of article {article} failed ({error}); the article is kept without "
    "analysis and tried again only when an analysis component changes",
}


def input_reason(code: str, **fields: object) -> str:
    """The one-line reason of a refused input: ``[E1xx] what is wrong; what happens now``."""
    return f"[{code}] {INPUT_REASONS[code].format(**fields)}"
