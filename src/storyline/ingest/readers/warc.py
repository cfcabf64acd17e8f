"""WARC archives (``.warc``, ``.warc.gz``): every HTML response record is a page (warcio)."""

from __future__ import annotations

import io

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.ingest.readers.base import ReaderOutput
from storyline.ingest.readers.html import read_html
from storyline.model import Rejection


def read_warc(source_path: str, raw: bytes) -> ReaderOutput:
    number = 0
    found = 0
    try:
        for record in ArchiveIterator(io.BytesIO(raw)):
            number += 1
            if record.rec_type != "response":
                continue
            content_type = (
                record.http_headers.get_header("Content-Type") if record.http_headers else ""
            )
            if "html" not in (content_type or ""):
                continue
            payload = record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0) > 0:
                # fewer bytes than the record's Content-Length: the archive was cut here
                raise EOFError(f"record {number} is shorter than its Content-Length")
            url = record.rec_headers.get_header("WARC-Target-URI")
            found += 1
            yield from read_html(source_path, payload, url=url, line=number)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        # A truncated archive: what was read before the break is kept, the rest quarantined.
        yield Rejection(
            source_path, f"truncated or corrupt WARC after record {number} ({exc})", raw, number + 1
        )
        return
    if not found:
        yield Rejection(source_path, "no HTML response records in the WARC file", raw)
