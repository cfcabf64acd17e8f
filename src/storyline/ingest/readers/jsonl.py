"""JSON Lines: one article per line (Storyline's own fields or news-please's)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from storyline.errors import input_reason
from storyline.ingest.given_dates import given_date
from storyline.ingest.readers.base import (
    RawArticle,
    ReaderOutput,
    Undecodable,
    decode_text,
)
from storyline.model import Rejection

# Storyline's field, then news-please's name for the same thing.
FIELDS = {
    "id": ("id", "filename"),
    "title": ("title",),
    "text": ("text", "maintext"),
    "published": ("published", "date_publish"),
    "source": ("source", "source_domain"),
    "url": ("url",),
    "byline": ("byline", "authors"),
    "language": ("language",),
}


def _field(record: dict[str, Any], name: str) -> Any:
    return _named_field(record, name)[1]


def _named_field(record: dict[str, Any], name: str) -> tuple[str, Any]:
    """The first of the field's names the record fills, and its value."""
    for key in FIELDS[name]:
        if record.get(key) not in (None, ""):
            return key, record[key]
    return FIELDS[name][0], None


def _type_problem(record: dict[str, Any]) -> str | None:
    """Why a field has the wrong JSON type (``"url": 5``, an id that is a list), or None.

    Text fields must be strings; an id may also be a number; a byline may be a list of names.
    """
    for name in FIELDS:
        value = _field(record, name)
        if value is None or isinstance(value, str):
            continue
        if name == "id" and isinstance(value, int | float) and not isinstance(value, bool):
            continue
        if name == "byline" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            continue
        expected = {"id": "text or a number", "byline": "text or a list of names"}.get(name, "text")
        return input_reason("E130", field=name, expected=expected, got=_json_type(value))
    return None


def _json_type(value: Any) -> str:
    """The JSON name of a value's type, as a user wrote it."""
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list"}
    return names.get(type(value), "an object")


def read_jsonl(source_path: str, raw: bytes) -> ReaderOutput:
    try:
        text = decode_text(raw)
    except Undecodable as exc:
        yield Rejection(source_path, str(exc), raw)
        return
    lines = text.split("\n")
    if not any(line.strip() for line in lines):
        yield Rejection(source_path, "no text (only white space)", raw)
        return
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield jsonl_article(source_path, line, number)


def load_record(line: str) -> dict[str, Any] | str:
    """One JSON line as an object, or why it is not one that can be stored (the limits every
    JSON line meets, in ingest and in `storyline extract`)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"not valid JSON ({exc.msg} at column {exc.colno})"
    except ValueError as exc:  # an integer over Python's 4,300-digit conversion limit
        return input_reason("E131", problem=str(exc).split(";")[0])
    except RecursionError:  # arrays or objects nested thousands deep
        return input_reason("E131", problem="nested too deep")
    if not isinstance(record, dict):
        return "a line must be a JSON object"
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        # "\ud800" escapes decode to lone surrogates, which no text can hold
        return "contains an invalid \\u escape (lone surrogate)"
    return record


def jsonl_article(source_path: str, line: str, number: int | None = None) -> RawArticle | Rejection:
    """One JSON object as an article, or a rejection saying what is wrong with it."""
    raw = line.encode("utf-8")
    record = load_record(line)
    if isinstance(record, str):
        return Rejection(source_path, record, raw, number)
    wrong_type = _type_problem(record)
    if wrong_type is not None:
        return Rejection(source_path, wrong_type, raw, number)
    body = _field(record, "text")
    if not isinstance(body, str) or not body.strip():
        return Rejection(
            source_path, "field 'text' (or 'maintext') must be non-empty text", raw, number
        )
    byline = _field(record, "byline")
    if isinstance(byline, list):
        byline = ", ".join(str(name) for name in byline) or None
    external_id = _field(record, "id")
    # "yesterday" is counted from the record's crawl date; what cannot be read says why
    field, value = _named_field(record, "published")
    published = given_date(value, field, record, date.today())
    return RawArticle(
        source_path=source_path,
        raw_text=body.replace("\r\n", "\n"),
        title=str(_field(record, "title") or "").strip() or None,
        published=published.evidence.day if published.evidence else None,
        date_evidence=(published.evidence,) if published.evidence else (),
        date_problem=published.problem,
        url=_field(record, "url"),
        external_id=None if external_id is None else str(external_id),
        outlet=_field(record, "source"),
        byline=byline,
        language=_field(record, "language"),
        line=number,
    )
