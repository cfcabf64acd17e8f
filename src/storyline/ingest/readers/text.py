"""Plain text files: scraped article text, page junk and all (cleaned later)."""

from __future__ import annotations

from storyline.ingest.readers.base import RawArticle, ReaderOutput, Undecodable, decode_text
from storyline.model import Rejection


def read_text(source_path: str, raw: bytes) -> ReaderOutput:
    try:
        text = decode_text(raw)
    except Undecodable as exc:
        yield Rejection(source_path, str(exc), raw)
        return
    if not text.strip():
        yield Rejection(source_path, "no text (only white space)", raw)
        return
    yield RawArticle(source_path=source_path, raw_text=text)
