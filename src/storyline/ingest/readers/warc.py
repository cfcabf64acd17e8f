"""WARC archives (``.warc``, ``.warc.gz``): every HTML response record is a page (warcio)."""

from __future__ import annotations

import io
import re
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.errors import input_reason
from storyline.ingest.readers import base
from storyline.ingest.readers.base import ReaderOutput
from storyline.ingest.readers.html import read_html
from storyline.model import Rejection

# Compressed bytes inflated per step: warcio inflates each block whole, and deflate reaches
# ~1000:1, so one step of a bomb holds at most ~4 MiB however large the bomb.
INFLATE_BLOCK = 4096
CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]{1,40})", re.I)


def read_warc(source_path: str, raw: bytes) -> ReaderOutput:
    """Every HTML response record as a page. Payloads are read in a bounded amount: past
    ``MAX_INFLATED_BYTES`` of decompressed payload (one record or all together) the archive is
    refused from that record on, so a small gzip that inflates to gigabytes never fills memory.
    """
    number = 0
    found = 0
    inflated = 0
    try:
        for record in ArchiveIterator(io.BytesIO(raw), block_size=INFLATE_BLOCK):
            number += 1
            if record.rec_type != "response":
                continue
            content_type = (
                record.http_headers.get_header("Content-Type") if record.http_headers else ""
            )
            if "html" not in (content_type or ""):
                continue
            allowed = base.MAX_INFLATED_BYTES - inflated
            payload = _read_at_most(record.content_stream(), allowed + 1)
            inflated += len(payload)
            if len(payload) > allowed:
                reason = input_reason("E141", record=number, limit=base.MAX_INFLATED_BYTES)
                yield Rejection(source_path, reason, raw, number)
                return
            if getattr(record.raw_stream, "limit", 0) > 0:
                # fewer bytes than the record's Content-Length: the archive was cut here
                raise EOFError(f"record {number} is shorter than its Content-Length")
            url = record.rec_headers.get_header("WARC-Target-URI")
            found += 1
            declared = CHARSET.search(content_type or "")
            charset = declared.group(1) if declared else None
            yield from read_html(source_path, payload, url=url, line=number, charset=charset)
    # warcio raises AttributeError on a response record without WARC-Target-URI
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError) as exc:
        # A truncated archive: what was read before the break is kept, the rest quarantined.
        yield Rejection(
            source_path, f"truncated or corrupt WARC after record {number} ({exc})", raw, number + 1
        )
        return
    if not found:
        yield Rejection(source_path, "no HTML response records in the WARC file", raw)


def _read_at_most(stream: Any, limit: int, chunk: int = 1 << 20) -> bytes:
    """Up to ``limit`` bytes of a stream, read a chunk at a time (one ``read`` may return less
    than asked for, and asking for everything would inflate a bomb whole)."""
    parts: list[bytes] = []
    left = limit
    while left > 0:
        part = stream.read(min(chunk, left))
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)
