"""`storyline extract KIND FILE.jsonl`: run one analysis component over JSONL lines.

Each input line is an object with ``id``, ``text`` and, for dates, ``published`` (YYYY-MM-DD,
the anchor). Each output line is ``{"id": ..., KIND: [...]}`` with char offsets into ``text``.
A bad line yields one error naming the line; the other lines are still processed. The input
meets the limits of ingest: the file size cap, the JSON limits of a line and the article length
cap (a longer text is analysed up to the cut, which the output line's ``cut`` reports).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from storyline.errors import InputError, PathError, UsageError
from storyline.ingest.readers.base import MAX_FILE_BYTES
from storyline.ingest.readers.jsonl import load_record
from storyline.ingest.stage import article_head

# kind -> (module, function). Each function takes (doc, anchor date or None) and returns the
# JSON-ready records of that kind for the document.
EXTRACTORS: dict[str, tuple[str, str]] = {
    "timexes": ("storyline.nlp.time.timexes", "timexes_as_json"),
    "quotes": ("storyline.nlp.quotes.quotes", "quotes_as_json"),
    "claims": ("storyline.nlp.claims.claims", "claims_as_json"),
}
KIND_ALIASES = {"dates": "timexes"}


@dataclass(frozen=True)
class ExtractLine:
    line: int
    record: dict[str, Any] | None = None
    error: InputError | None = None


def extractor(kind: str) -> Callable[[Doc, date | None], list[dict[str, Any]]]:
    kind = KIND_ALIASES.get(kind, kind)
    if kind not in EXTRACTORS:
        raise UsageError(f"kind must be one of dates, quotes, claims; got {kind!r} instead")
    module, name = EXTRACTORS[kind]
    found: Callable[[Doc, date | None], list[dict[str, Any]]] = getattr(import_module(module), name)
    return found


@dataclass(frozen=True)
class ArticleLine:
    """One JSONL input line of the extract and cluster commands."""

    id: str
    title: str
    text: str
    published: date | None  # the anchor of time expressions; None: no anchor, no guess


def parse_line(raw: str, line: int, source_path: str) -> ArticleLine:
    """One JSONL line as an ``ArticleLine``, or an InputError naming the line and the reason.

    ``text`` and ``title`` may be missing (empty); ``published`` must be YYYY-MM-DD when given.
    """
    obj = load_record(raw)  # the limits of ingest: huge integers, deep nesting, surrogates
    if isinstance(obj, str):
        raise InputError(source_path, obj, line)
    title, text = obj.get("title") or "", obj.get("text") or ""
    if not isinstance(title, str) or not isinstance(text, str):
        raise InputError(source_path, "fields 'title' and 'text' must be strings", line)
    published = obj.get("published")
    anchor: date | None = None
    if published not in (None, ""):
        try:
            anchor = date.fromisoformat(str(published)[:10])
        except ValueError:
            raise InputError(
                source_path, f"'published' must be a date YYYY-MM-DD; got {published!r}", line
            ) from None
    return ArticleLine(str(obj.get("id", line)), title, text, anchor)


def run_extract(kind: str, lines: Iterable[str], source_path: str) -> Iterator[ExtractLine]:
    """Yield one result per non-blank input line, in input order."""
    from storyline.nlp.language import load_nlp

    kind = KIND_ALIASES.get(kind, kind)
    extract = extractor(kind)
    nlp = load_nlp()
    parsed: list[tuple[int, ArticleLine]] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            parsed.append((number, parse_line(raw, number, source_path)))
        except InputError as error:
            yield ExtractLine(number, error=error)
    # The article length limit of ingest: only the head is analysed, and the cut is reported.
    heads = [article_head(article.text) for _, article in parsed]
    texts = (head for head, _ in heads)
    docs = nlp.pipe(texts, batch_size=32)
    for (number, article), (_, cut), doc in zip(parsed, heads, docs, strict=True):
        record: dict[str, Any] = {"id": article.id, kind: extract(doc, article.published)}
        if cut:
            record["cut"] = {"start": cut[0].start, "reason": cut[0].reason}
        yield ExtractLine(number, record=record)


def read_lines(path: Path) -> list[str]:
    """The lines of an input file, refused whole (E101) when over the file size limit that
    ingest applies, before more than that is read."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise PathError(path, f"over the {MAX_FILE_BYTES:,}-byte file size limit")
        return raw.decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise PathError(path, f"cannot be read ({exc})") from None
