"""Storyline's errors, all in one place. Every user-facing message is one line: a code, what
went wrong, and what to do next. The CLI prints ``Error: [E...] message`` and never a
traceback; the web API answers ``{"error": {"code": "E...", "message": "..."}}``.

The codes (``CODES`` below is the list the tests hold every raised code against)::

    E0xx  set-up            E001 a spaCy model is missing; E002 Ray is not installed;
                            E003 the Ray cluster cannot be reached
    E1xx  input and output  E100 an input file (or a line of it) is not an article: it is
                            quarantined and the run goes on; E101 a path cannot be found or
                            read; E102 an output file cannot be written
    E2xx  the store         E200 the store cannot be opened or is not a Storyline store;
                            E201 no store at that path (run `storyline analyze` first)
    E3xx  the request       E300 the caller asked for something that cannot be done;
                            E301 an id prefix names several items; E302 no item has that id
    E4xx  the web API       E400 a request the server does not answer (bad Host, bad body);
                            E401 a write without the token; E404 no such story or article;
                            E413 a body over the route's size limit
    E999  a bug             an unexpected exception, one line; STORYLINE_DEBUG=1 shows it

Hierarchy::

    StorylineError
    ├── InputError      E100
    ├── PathError       E101, E102
    ├── StoreError      E200, E201
    └── UsageError      E300, E301, E302
"""

from __future__ import annotations

CODES: dict[str, str] = {
    "E001": "a spaCy model is missing",
    "E002": "Ray is not installed",
    "E003": "the Ray cluster cannot be reached",
    "E100": "an input file or line is not an article (quarantined)",
    "E101": "a path cannot be found or read",
    "E102": "an output file cannot be written",
    "E200": "the store cannot be opened or is not a Storyline store",
    "E201": "no store at that path",
    "E300": "the request cannot be done",
    "E301": "an id prefix is ambiguous",
    "E302": "no item has that id",
    "E400": "a request the server does not answer",
    "E401": "a write without the token",
    "E404": "no such story or article",
    "E413": "a body over the size limit",
    "E999": "an internal error (a bug)",
}


class StorylineError(Exception):
    """Base of all errors Storyline raises on purpose."""

    def __init__(self, code: str, message: str) -> None:
        if code not in CODES:
            raise ValueError(f"error code must be one of errors.CODES; got {code!r} instead")
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


class PathError(StorylineError):
    """A path given on the command line cannot be read (E101) or written (E102)."""

    def __init__(self, path: object, reason: str, writing: bool = False) -> None:
        super().__init__("E102" if writing else "E101", f"{path}: {reason}")


class StoreError(StorylineError):
    """The store cannot be opened or is not a Storyline store (E200), or is missing (E201)."""

    def __init__(self, message: str, code: str = "E200") -> None:
        super().__init__(code, message)


class UsageError(StorylineError):
    """The caller asked for something that cannot be done (E300), or named an id that is
    ambiguous (E301) or unknown (E302)."""

    def __init__(self, message: str, code: str = "E300") -> None:
        super().__init__(code, message)
