"""Ingest: files and folders in, cleaned articles with metadata (or rejections) in the store.

Each file is committed in one transaction, so a run killed mid-way loses nothing committed
and a rerun skips what is already there (an article's id is a hash of its raw text and origin:
re-ingesting the same article is a no-op). Bad input never stops the run: it is stored as a
``Rejection`` with its original bytes and reported in one line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from storyline.ingest.clean import clean_text
from storyline.ingest.metadata import extract_metadata
from storyline.ingest.readers.base import MAX_FILE_BYTES, RawArticle, ReaderOutput
from storyline.ingest.readers.feeds import read_feed
from storyline.ingest.readers.html import read_html
from storyline.ingest.readers.jsonl import read_jsonl
from storyline.ingest.readers.text import read_text
from storyline.ingest.readers.warc import read_warc
from storyline.model import Article, Rejection, to_jsonable
from storyline.store.base import Store

READERS: dict[str, Callable[[str, bytes], ReaderOutput]] = {
    ".txt": read_text,
    ".text": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
    ".warc": read_warc,
    ".warc.gz": read_warc,
}
CLUES_KIND = "clues"  # what metadata found but could not settle alone: date and outlet clues


def file_format(path: Path) -> str | None:
    """The reader key of a file name (".warc.gz" before ".gz"), or None if unsupported."""
    name = path.name.lower()
    return next(
        (suffix for suffix in sorted(READERS, key=len, reverse=True) if name.endswith(suffix)), None
    )


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every file under the given files and folders, in sorted order; hidden files skipped."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                relative = found.relative_to(path).parts
                if found.is_file() and not any(part.startswith(".") for part in relative):
                    yield found
        else:
            yield path


def build_article(found: RawArticle) -> tuple[Article, dict[str, object]]:
    """Clean a raw article and read its metadata; also return its clues (JSON-ready)."""
    cleaned = clean_text(found.raw_text, found.title)
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
        removed_spans=cleaned.removed,
    )
    clues = {"date": to_jsonable(meta.clues), "outlet": to_jsonable(meta.outlet_clues)}
    return article, clues


def _first_sentence(text: str, limit: int = 120) -> str:
    """A title for an article without a headline: its first sentence, shortened."""
    from storyline.ingest.metadata import AGENCY_STAMP, DATELINE

    body = AGENCY_STAMP.sub("", DATELINE.sub("", text, count=1), count=1).strip()
    sentence = body.split("\n", 1)[0].split(". ", 1)[0].strip()
    if len(sentence) <= limit:
        return sentence.rstrip(".")
    return sentence[:limit].rsplit(" ", 1)[0] + "…"


def read_file(path: Path, label: str) -> ReaderOutput:
    """Raw articles and rejections from one file; never raises for bad input."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            yield Rejection(
                label,
                f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit",
                path.read_bytes(),
            )
            return
        raw = path.read_bytes()
    except OSError as exc:
        yield Rejection(label, f"cannot be read ({exc.strerror or exc})", b"")
        return
    kind = file_format(path)
    if kind is None:
        supported = ", ".join(sorted(READERS))
        yield Rejection(label, f"unsupported file type; supported: {supported}", raw)
        return
    if not raw.strip():
        yield Rejection(label, "empty file", raw)
        return
    yield from READERS[kind](label, raw)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    already_present: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)


def ingest_file(store: Store, path: Path, label: str, report: IngestReport) -> None:
    """Read one file and commit everything it yields in one transaction."""
    outputs = list(read_file(path, label))
    with store.transaction():
        for output in outputs:
            if isinstance(output, Rejection):
                store.add_rejection(output)
                report.rejected.append(output)
                continue
            article, clues = build_article(output)
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
