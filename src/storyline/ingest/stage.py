"""Ingest: files and folders in, cleaned articles with metadata (or rejections) in the store.

Each file is committed in one transaction, so a run killed mid-way loses nothing committed
and a rerun skips what is already there (an article's id is a hash of its raw text and origin:
re-ingesting the same article is a no-op). Bad input never stops the run: it is stored as a
``Rejection`` with its original bytes and reported in one line.
"""

from __future__ import annotations

import errno
import hashlib
import importlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from storyline.errors import input_reason
from storyline.ingest import budget
from storyline.ingest.clean import clean_text
from storyline.ingest.metadata import extract_metadata, load_language_identifier
from storyline.ingest.readers.base import (
    MAX_FILE_BYTES,
    RawArticle,
    ReaderOutput,
    record_problem,
)
from storyline.ingest.readers.jsonl import read_jsonl
from storyline.ingest.readers.text import read_text
from storyline.model import Article, Rejection, RemovedSpan, to_jsonable
from storyline.store.base import Store

# Characters of one article that are cleaned and analysed; the rest is cut, and the cut is
# recorded as a removed span (the raw text keeps everything). The longest real articles run
# to ~100,000 characters; spaCy refuses a text over 1,000,000.
MAX_ARTICLE_CHARS = 200_000
# Bytes of an oversized file kept in the store; the file itself stays where it is.
QUARANTINE_HEAD_BYTES = 64 * 1024


def _imported_on_use(module: str, name: str) -> Callable[[str, bytes], ReaderOutput]:
    """The reader ``name`` of ``storyline.ingest.readers.<module>``, imported on its first call:
    trafilatura, feedparser and warcio take ~0.4 s to import, which a run that reads no page,
    feed or archive (one that finds nothing new) must not pay (issue 14)."""

    def read(source_path: str, raw: bytes) -> ReaderOutput:
        reader = importlib.import_module(f"storyline.ingest.readers.{module}")
        found: Callable[[str, bytes], ReaderOutput] = getattr(reader, name)
        return found(source_path, raw)

    return read


_read_html = _imported_on_use("html", "read_html")
_read_feed = _imported_on_use("feeds", "read_feed")
_read_warc = _imported_on_use("warc", "read_warc")
READERS: dict[str, Callable[[str, bytes], ReaderOutput]] = {
    ".txt": read_text,
    ".text": read_text,
    ".html": _read_html,
    ".htm": _read_html,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".xml": _read_feed,
    ".rss": _read_feed,
    ".atom": _read_feed,
    ".warc": _read_warc,
    ".warc.gz": _read_warc,
}
CLUES_KIND = "clues"  # what metadata found but could not settle alone: date and outlet clues


def file_format(path: Path) -> str | None:
    """The reader key of a file name (".warc.gz" before ".gz"), or None if unsupported."""
    name = path.name.lower()
    return next(
        (suffix for suffix in sorted(READERS, key=len, reverse=True) if name.endswith(suffix)), None
    )


def discover(paths: Iterable[str | Path], own: frozenset[Path] = frozenset()) -> Iterator[Path]:
    """Every entry under the given files and folders that is not a folder, in sorted order;
    hidden entries skipped, and the store's own files (``own``: ``Store.own_files``) too.

    Symbolic links, FIFOs and devices are listed too (``read_file`` refuses them with a
    reason): nothing under the given folders is passed over in silence. Links to folders are
    listed, not followed, so discovery never leaves the given folders nor loops.
    """
    names = {file.name for file in own}
    for given in paths:
        path = Path(given)
        found = _walk(path) if path.is_dir() else iter([path])
        # only a file named as one of the store's is resolved: ``watch`` scans every cycle
        yield from (p for p in found if not (p.name in names and _resolved(p) in own))


def _resolved(path: Path) -> Path | None:
    """The path with its links followed, or None where they cannot be (a link loop), so that
    ``read_file`` refuses it with its reason rather than the whole run stopping here."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _walk(folder: Path) -> Iterator[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        yield folder  # a folder that cannot be listed: read_file says why
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        else:
            yield Path(entry.path)


def build_article(found: RawArticle) -> tuple[Article, dict[str, object]]:
    """Clean a raw article and read its metadata; also return its clues (JSON-ready).

    Only the first ``MAX_ARTICLE_CHARS`` characters are cleaned and analysed; the cut is
    recorded as a removed span, so the store never holds a text spaCy cannot take.
    """
    head, cut = article_head(found.raw_text)
    cleaned = clean_text(head, found.title)
    meta = extract_metadata(
        cleaned.text,
        cleaned.removed,
        given_date=found.published,
        given_outlet=found.outlet,
        given_byline=found.byline,
        given_language=found.language,
        url=found.url,
        date_evidence=found.date_evidence,
        date_problem=found.date_problem,
    )
    title = cleaned.title or _first_sentence(cleaned.text)
    article = Article(
        id=Article.make_id(found.raw_text, found.external_id, found.url),
        source_path=found.source_path,
        title=title,
        text=cleaned.text,
        raw_text=found.raw_text,
        published=meta.published,
        external_id=found.external_id,
        url=found.url,
        outlet=meta.outlet,
        byline=meta.byline,
        dateline=meta.dateline,
        language=meta.language,
        page_date=meta.page_date,
        removed_spans=cleaned.removed + cut,
    )
    clues = {"date": to_jsonable(meta.clues), "outlet": to_jsonable(meta.outlet_clues)}
    return article, clues


def article_head(raw: str) -> tuple[str, tuple[RemovedSpan, ...]]:
    """The part of a raw text that is analysed, and the cut as a removed span (if any): the
    one place the article length limit is applied (ingest, and `storyline extract`).

    Truncated rather than split: an over-long "article" is a dump, a log or an attack, not a
    series of articles, and parts of it posing as articles would join stories as sources.
    The cut falls at the last line break before the limit when there is one in its second half.
    """
    if len(raw) <= MAX_ARTICLE_CHARS:
        return raw, ()
    cut = raw.rfind("\n", MAX_ARTICLE_CHARS // 2, MAX_ARTICLE_CHARS)
    cut = MAX_ARTICLE_CHARS if cut < 0 else cut
    reason = f"article over {MAX_ARTICLE_CHARS:,} characters: the rest is kept, not analysed"
    return raw[:cut], (RemovedSpan(cut, len(raw), reason, raw[cut:]),)


def _first_sentence(text: str, limit: int = 120) -> str:
    """A title for an article without a headline: its first sentence, shortened."""
    from storyline.ingest.metadata import AGENCY_STAMP, DATELINE

    body = AGENCY_STAMP.sub("", DATELINE.sub("", text, count=1), count=1).strip()
    sentence = body.split("\n", 1)[0].split(". ", 1)[0].strip()
    if len(sentence) <= limit:
        return sentence.rstrip(".")
    return sentence[:limit].rsplit(" ", 1)[0] + "…"


def refusal(path: Path, roots: Sequence[Path] = ()) -> str | None:
    """Why ``path`` is not read at all (a coded reason), or None when it is a file to read.

    Links are resolved: one that resolves outside the ``roots`` (the files and folders the
    user gave; none given: no such check) is refused, as are dangling links, link loops,
    links to folders, FIFOs, sockets and devices (opening a FIFO would block the run).
    """
    try:
        info = path.lstat()
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISLNK(info.st_mode):
        try:
            info = path.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return input_reason("E136")
            return input_reason("E135", target=os.readlink(path))
        target = Path(os.path.realpath(path))
        if roots and not any(_inside(target, root) for root in roots):
            return input_reason("E134", target=target)
        if stat.S_ISDIR(info.st_mode):
            return input_reason("E138")
    if not stat.S_ISREG(info.st_mode):
        return input_reason("E137", kind=_file_kind(info.st_mode))
    return None


def _inside(target: Path, root: Path) -> bool:
    real_root = Path(os.path.realpath(root))
    return target == real_root or real_root in target.parents


def _file_kind(mode: int) -> str:
    kinds = {
        stat.S_ISDIR: "a folder that cannot be listed",
        stat.S_ISFIFO: "a FIFO",
        stat.S_ISSOCK: "a socket",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
    }
    return next((name for test, name in kinds.items() if test(mode)), "not a regular file")


def _escaped(label: str) -> str:
    """A file name that is not UTF-8 (``surrogateescape`` from the OS), with \\x escapes."""
    return label.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def load_file(path: Path, label: str, roots: Sequence[Path] = ()) -> bytes | Rejection:
    """A file's bytes, or the rejection that says why it is not read.

    An oversized file is never read whole: its first ``QUARANTINE_HEAD_BYTES`` are kept in
    the store with its size and sha256 (streamed), and the file itself stays where it is.
    """
    if _escaped(label) != label:
        escaped = _escaped(label)
        loaded = load_file(path, escaped, roots)
        raw = loaded.raw if isinstance(loaded, Rejection) else loaded
        return Rejection(escaped, input_reason("E132"), raw)
    refused = refusal(path, roots)
    if refused is not None:
        return Rejection(label, refused, b"")
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
            if len(raw) > MAX_FILE_BYTES:
                return _oversized(label, raw, stream)
    except OSError as exc:
        return Rejection(label, f"cannot be read ({exc.strerror or exc})", b"")
    return raw


def _oversized(label: str, start: bytes, stream: BinaryIO) -> Rejection:
    """The rejection of a file over ``MAX_FILE_BYTES``: its head, size and sha256, streamed."""
    digest = hashlib.sha256(start)
    size = len(start)
    while chunk := stream.read(1 << 20):
        digest.update(chunk)
        size += len(chunk)
    head = start[:QUARANTINE_HEAD_BYTES]
    reason = input_reason(
        "E139", size=size, limit=MAX_FILE_BYTES, kept=len(head), sha256=digest.hexdigest()
    )
    return Rejection(label, reason, head)


def read_file(path: Path, label: str, roots: Sequence[Path] = ()) -> ReaderOutput:
    """Raw articles and rejections from one file; never raises for bad input."""
    loaded = load_file(path, label, roots)
    if isinstance(loaded, Rejection):
        yield loaded
        return
    yield from read_bytes(path, label, loaded)


def read_bytes(path: Path, label: str, raw: bytes) -> ReaderOutput:
    """Raw articles and rejections from a file's bytes, by the reader for its name."""
    kind = file_format(path)
    if kind is None:
        supported = ", ".join(sorted(READERS))
        yield Rejection(label, f"unsupported file type; supported: {supported}", raw)
        return
    if not raw.strip():
        yield Rejection(label, "empty file", raw)
        return
    yield from READERS[kind](label, raw)


# What a file becomes before it is stored: rejections, and articles with their clues
Prepared = Rejection | tuple[Article, dict[str, object]]


def prepare_file(path: Path, label: str, roots: Sequence[Path] = ()) -> list[Prepared]:
    """Read, validate, clean and date one file within its time budget; never raises.

    Every record passes ``record_problem`` before it can reach the store. A reader that
    raises, or a record that takes over ``budget.RECORD_SECONDS``, keeps the articles read
    before and adds one rejection that holds the whole file.
    """
    return prepare_loaded(path, label, load_file(path, label, roots))


def prepare_loaded(path: Path, label: str, loaded: bytes | Rejection) -> list[Prepared]:
    """``prepare_file`` of the bytes ``load_file`` read (or its rejection)."""
    if isinstance(loaded, Rejection):
        return [loaded]
    prepared: list[Prepared] = []
    load_language_identifier()  # once per process, before the clock: not the file's cost
    try:
        with budget.time_budget(budget.RECORD_SECONDS) as next_record:
            for output in read_bytes(path, label, loaded):
                prepared.append(_prepare_record(output, loaded))
                next_record()
    except budget.OverBudget:
        reason = input_reason("E140", seconds=budget.RECORD_SECONDS, records=len(prepared))
        prepared.append(Rejection(label, reason, loaded))
    except Exception as exc:  # one file's failure is its rejection
        prepared.append(Rejection(label, input_reason("E133", error=_described(exc)), loaded))
    return prepared


def _prepare_record(output: RawArticle | Rejection, raw: bytes) -> Prepared:
    """A reader's record, validated, cleaned and dated; a rejection when it cannot be."""
    if isinstance(output, Rejection):
        return output
    problem = record_problem(output)
    if problem is not None:
        return Rejection(output.source_path, problem, raw, output.line)
    try:
        built = build_article(output)
    except Exception as exc:  # one record's failure must not lose the file
        reason = input_reason("E133", error=_described(exc))
        return Rejection(output.source_path, reason, output.raw_text.encode(), output.line)
    article = built[0]
    if not article.text.strip():  # only page junk: nothing to analyse or count as a source
        reason = input_reason("E145", removed=len(article.removed_spans))
        return Rejection(output.source_path, reason, output.raw_text.encode(), output.line)
    return built


def _described(exc: BaseException) -> str:
    """An exception as one short line: its class and the start of its message."""
    message = " ".join(str(exc).split())
    if len(message) > 160:
        message = message[:157] + "..."
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    already_present: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)


def ingest_file(
    store: Store, path: Path, label: str, report: IngestReport, roots: Sequence[Path] = ()
) -> None:
    """Read one file and commit everything it yields in one transaction."""
    commit_file(store, prepare_file(path, label, roots), report)


def commit_file(store: Store, prepared: Sequence[Prepared], report: IngestReport) -> None:
    """Store what ``prepare_file`` made of one file, in one transaction; an article already
    stored is counted as present, not added again."""
    with store.transaction():
        for output in prepared:
            if isinstance(output, Rejection):
                store.add_rejection(output)
                report.rejected.append(output)
                continue
            article, clues = output
            if store.add_article(article):
                store.put_analysis(article.id, CLUES_KIND, "1", clues)
                report.added.append(article.id)
            else:
                report.already_present.append(article.id)


def source_label(path: Path, roots: list[Path]) -> str:
    """How a file is named in the store: relative to the folder it was found in."""
    for root in roots:
        if root.is_dir():
            try:
                return str(Path(root.name) / path.relative_to(root))
            except ValueError:
                continue
    return path.name if path.is_absolute() else str(path)
