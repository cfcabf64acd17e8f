"""What readers produce, and the limits and decoding they share."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from storyline.ingest.date_decision import DateEvidence
from storyline.model import Rejection

# Files larger than this are rejected (and kept in the store) instead of parsed.
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class RawArticle:
    """An article as a reader found it, before cleaning and metadata extraction."""

    source_path: str
    raw_text: str
    title: str | None = None
    published: date | None = None  # from the format's own metadata only
    url: str | None = None
    external_id: str | None = None
    outlet: str | None = None
    byline: str | None = None
    language: str | None = None
    line: int | None = None  # the line (JSONL) or record number (feeds, WARC) it came from
    # every date the input gives for itself, named by source (HTML pages); decided in metadata
    date_evidence: tuple[DateEvidence, ...] = ()
    date_problem: str | None = None  # why a date field of the input gave no date


ReaderOutput = Iterator[RawArticle | Rejection]


class Undecodable(ValueError):
    """The bytes are not text."""


def decode_text(raw: bytes) -> str:
    """Decode text bytes: UTF-8 (with or without BOM), else Windows-1252, else Latin-1.

    Windows-1252 is tried before Latin-1 because scraped Western pages that are not UTF-8 are
    nearly always cp1252: its curly quotes live in 0x80-0x9F, where Latin-1 has control codes.
    """
    if b"\x00" in raw:
        raise Undecodable("binary content (NUL bytes), not text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = raw.decode("latin-1")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(text) // 100):
        raise Undecodable("binary content (control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_day(value: object) -> date | None:
    """A calendar day from an ISO-like date or timestamp string, or None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
