"""What readers produce, the limits they share, and how their bytes become text."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date

from storyline.errors import input_reason
from storyline.ingest.date_decision import DateEvidence
from storyline.model import Rejection

# Files larger than this are rejected (a bounded head kept in the store) instead of parsed.
MAX_FILE_BYTES = 20 * 1024 * 1024
# Decompressed payload one archive may inflate to (a gzip bomb stops here, not in memory).
MAX_INFLATED_BYTES = 50 * 1024 * 1024
# Items read from one feed file; the rest is quarantined (a real feed carries tens to hundreds).
MAX_FEED_ITEMS = 2_000
# Elements of one HTML page; trafilatura's cost grows faster than linearly past this.
MAX_HTML_ELEMENTS = 20_000


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


def record_problem(found: RawArticle) -> str | None:
    """Why a reader's record cannot go into the store (a coded reason), or None when it can.

    Every reader's output passes here before it reaches the store, so a reader that lets a
    wrong type through (``"url": 5``) costs one rejection, not the run.
    """
    for spec in fields(found):
        value = getattr(found, spec.name)
        if spec.name == "raw_text":
            expected, ok = "non-empty text", isinstance(value, str) and bool(value.strip())
        elif spec.name == "published":
            expected, ok = "a date", value is None or isinstance(value, date)
        elif spec.name == "line":
            expected, ok = "a line number", value is None or type(value) is int
        elif spec.name == "date_evidence":
            expected = "date evidence"
            ok = isinstance(value, tuple) and all(isinstance(e, DateEvidence) for e in value)
        else:
            expected, ok = "text", value is None or isinstance(value, str)
        if ok and isinstance(value, str) and not _encodable(value):
            expected, ok = "text without lone surrogates", False
        if not ok:
            got = type(value).__name__ if not isinstance(value, str) else "other text"
            return input_reason("E130", field=spec.name, expected=expected, got=got)
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class Undecodable(ValueError):
    """The bytes are not text."""


BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Declared names decoded as a wider codec, as browsers do (WHATWG Encoding Standard).
WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "euc_cn": "gb18030", "shift_jis": "cp932"}
# Declarations that are so often wrong (UTF-8 pages declared Latin-1) that the bytes decide.
WEAK = {"ascii", "latin_1", "iso8859_1", "cp1252"}
DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})""",
    re.I,
)


def declared_charset(raw: bytes) -> str | None:
    """The charset an HTML page declares (``<meta charset>``, http-equiv, XML declaration)."""
    found = DECLARED_CHARSET.search(raw[:4096])
    if found is None:
        return None
    return (found.group(1) or found.group(2)).decode("ascii")


def _codec(label: str | None) -> str | None:
    """Python's codec for a declared charset label, or None (unknown or not worth trusting)."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name.replace("-", "_")
    except LookupError:
        return None
    return None if name in WEAK else WIDER.get(name, name)


def _wide_unicode(raw: bytes) -> str | None:
    """UTF-16 or UTF-32 without a BOM, told by where the NUL bytes of Latin text fall."""
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    by_lane = [sample[lane::4].count(0) / max(1, len(sample[lane::4])) for lane in range(4)]
    if min(by_lane[1:]) > 0.9 and by_lane[0] < 0.1:
        return "utf-32-le"
    if min(by_lane[:3]) > 0.9 and by_lane[3] < 0.1:
        return "utf-32-be"
    odd, even = (by_lane[1] + by_lane[3]) / 2, (by_lane[0] + by_lane[2]) / 2
    if odd > 0.6 and even < 0.1:
        return "utf-16-le"
    if even > 0.6 and odd < 0.1:
        return "utf-16-be"
    return None


# control characters a text does not hold (all below a space but tab, line and form feeds)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def decode_text(raw: bytes, declared: str | None = None) -> str:
    """Decode text bytes: a BOM first, then the declared charset, then a guess.

    A BOM (UTF-8, UTF-16, UTF-32) or the NUL pattern of BOM-less UTF-16/32 decides; then a
    declared charset (HTTP header, ``<meta charset>``) is honoured unless it is a Latin-1 or
    ASCII label, which the bytes overrule when they are UTF-8. The guess is UTF-8, else
    Windows-1252 (scraped Western pages that are not UTF-8 nearly always are: its curly quotes
    live in 0x80-0x9F, where Latin-1 has control codes), else Latin-1.
    """
    wide = next((codec for bom, codec in BOMS if raw.startswith(bom)), None)
    if wide is None and b"\x00" in raw:
        wide = _wide_unicode(raw)
        if wide is None:
            raise Undecodable("binary content (NUL bytes), not text")
    text = None
    for encoding in (wide, _codec(declared), "utf-8-sig", "cp1252"):
        if encoding is None:
            continue
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        text = raw.decode("latin-1")
    if "\x00" in text:
        raise Undecodable("binary content (NUL bytes), not text")
    controls = len(_CONTROL.findall(text))
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
