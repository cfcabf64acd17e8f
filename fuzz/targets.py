"""Fuzz targets: one function per reader or parser, each taking the fuzzer's bytes.

A target calls the code under test and then checks its contract; it raises on any breach, so
whatever it raises is a finding. The documented rejection path is not a finding: readers yield
``Rejection`` records for bad input, and ``storyline.errors.InputError`` is the one exception a
reader may raise. Storyline is imported inside ``load`` (not at the top of this module) so that
``run.py`` can import it under atheris's coverage instrumentation.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any

Target = Callable[[bytes], None]

# Anchors a time expression is resolved against: the extremes of datetime's range are where
# calendar arithmetic overflows.
ANCHORS: tuple[date | None, ...] = (
    None,
    date(2024, 5, 15),
    date(1, 1, 1),
    date(9999, 12, 31),
    date(2000, 2, 29),
    date(1999, 12, 31),
)


class ContractBreach(AssertionError):
    """The code under test returned something its contract rules out."""


def check(condition: object, message: str) -> None:
    if not condition:
        raise ContractBreach(message)


def as_text(data: bytes) -> str:
    """Fuzzer bytes as text: UTF-8, with invalid bytes replaced (as a reader would decode)."""
    return data.decode("utf-8", "replace")


# ---- readers ----------------------------------------------------------------------------------


def _reader_target(reader: Callable[[str, bytes], Any]) -> Target:
    from storyline.errors import InputError
    from storyline.ingest.readers.base import RawArticle
    from storyline.ingest.stage import build_article
    from storyline.model import Rejection

    optional_text = ("title", "url", "external_id", "outlet", "byline", "language")

    def target(data: bytes) -> None:
        try:
            outputs = list(reader("fuzz/input", data))
        except InputError:
            return
        for output in outputs:
            if isinstance(output, Rejection):
                check(isinstance(output.reason, str) and output.reason, "rejection without reason")
                check(isinstance(output.raw, bytes), "rejection raw is not bytes")
                continue
            check(isinstance(output, RawArticle), f"reader yielded {type(output).__name__}")
            check(isinstance(output.raw_text, str), "raw_text is not text")
            for name in optional_text:
                value = getattr(output, name)
                check(value is None or isinstance(value, str), f"{name} is {type(value).__name__}")
            check(output.published is None or isinstance(output.published, date), "published")
            check(output.line is None or isinstance(output.line, int), "line is not an int")
            article, _ = build_article(output)  # cleaning and metadata must take any article
            check(article.id, "article without id")

    return target


def _readers() -> dict[str, Target]:
    from storyline.ingest.readers.feeds import read_feed
    from storyline.ingest.readers.html import read_html
    from storyline.ingest.readers.jsonl import read_jsonl
    from storyline.ingest.readers.text import read_text
    from storyline.ingest.readers.warc import read_warc

    return {
        "text": _reader_target(read_text),
        "html": _reader_target(read_html),
        "jsonl": _reader_target(read_jsonl),
        "feeds": _reader_target(read_feed),
        "warc": _reader_target(read_warc),
    }


# ---- cleaner and metadata ---------------------------------------------------------------------


def _non_space(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def clean_target() -> Target:
    from storyline.ingest.clean import clean_text

    def target(data: bytes) -> None:
        raw = as_text(data)
        title = None
        if raw.startswith("#"):  # a leading "#line" is a title given by the input format
            title, _, raw = raw[1:].partition("\n")
        cleaned = clean_text(raw, title)
        last = 0
        for span in cleaned.removed:
            check(0 <= span.start <= span.end <= len(raw), f"span {span} outside the text")
            check(raw[span.start : span.end] == span.text, f"span {span} text differs")
            check(span.start >= last, "removed spans out of order")
            last = span.end
        for paragraph in cleaned.text.split("\n\n"):
            check(paragraph in raw, f"kept text not in the input: {paragraph[:60]!r}")
        if cleaned.title is not None and cleaned.title != title:
            check(cleaned.title in raw, "title not in the input")
        grown = _non_space(cleaned.text) + _non_space(cleaned.title or "")
        check(grown <= _non_space(raw) + _non_space(title or ""), "cleaning grew the text")

    return target


def metadata_target() -> Target:
    from storyline.ingest.clean import clean_text
    from storyline.ingest.metadata import complete_date, extract_metadata
    from storyline.ingest.readers.base import parse_day

    candidates = [date(2024, 5, 14), date(2024, 5, 15), date(2025, 3, 4), date(9999, 12, 31)]

    def target(data: bytes) -> None:
        text = as_text(data)
        url, _, body = text.partition("\n") if text.startswith("http") else (None, "", text)
        cleaned = clean_text(body)
        meta = extract_metadata(cleaned.text, cleaned.removed, url=url)
        published = meta.published
        check(published.date is None or isinstance(published.date, date), "published date")
        check(meta.outlet is None or isinstance(meta.outlet, str), "outlet")
        check(meta.page_date is None or isinstance(meta.page_date, date), "page date")
        completed = complete_date(meta.clues, candidates)
        check(completed is None or completed in candidates, "completed date not a candidate")
        for line in body.split("\n")[:4]:
            day = parse_day(line.strip())
            check(day is None or isinstance(day, date), "parse_day")

    return target


# ---- time expressions -------------------------------------------------------------------------


def timex_target() -> Target:
    import spacy

    from storyline.model import TimexType
    from storyline.nlp.time.timexes import find_timexes
    from storyline.nlp.time.values import is_timex3_value

    nlp = spacy.blank("en")

    def target(data: bytes) -> None:
        if not data:
            return
        anchor = ANCHORS[data[0] % len(ANCHORS)]
        text = as_text(data[1:])
        for timex in find_timexes(nlp.make_doc(text), anchor):
            start, end = timex.span.start, timex.span.end
            check(0 <= start < end <= len(text), f"span {start}:{end} outside the text")
            check(text[start:end] == timex.text, "timex text differs from its span")
            check(isinstance(timex.type, TimexType), "timex type")
            check(is_timex3_value(timex.value), f"not a TIMEX3 value: {timex.value!r}")
            if timex.start_date is not None or timex.end_date is not None:
                check(timex.start_date is not None and timex.end_date is not None, "half interval")
                check(timex.start_date <= timex.end_date, "interval ends before it starts")

    return target


def time_values_target() -> Target:
    from storyline.nlp.time.values import interval_of, part_interval, precision_of

    def target(data: bytes) -> None:
        value = as_text(data)
        precision_of(value)
        interval = interval_of(value)
        if interval is None:
            return
        first, last = interval
        check(first <= last, f"{value!r}: interval ends before it starts")
        for part in ("early", "mid", "late", "first_half", "second_half", None):
            start, end = part_interval(first, last, part or "")
            check(first <= start <= end <= last, f"{value!r} {part}: part outside the interval")

    return target


# ---- extractors: their pure-Python parts ------------------------------------------------------


def numbers_target() -> Target:
    from storyline.nlp.claims.numbers import (
        approximation_before,
        is_number_word,
        ordinal_value,
        vague_quantity,
    )
    from storyline.nlp.numbers import parse_number

    def target(data: bytes) -> None:
        words = as_text(data).split()
        value = parse_number(words)
        check(value is None or (math.isfinite(value) and value >= 0), f"value {value}")
        vague = vague_quantity(words)
        check(vague is None or math.isfinite(vague), f"vague {vague}")
        hedge = approximation_before(words)
        check(hedge is None or 0 < hedge[1] <= len(words), "hedge longer than the words")
        for word in words[:8]:
            is_number_word(word)
            rank = ordinal_value(word)
            check(rank is None or rank >= 0, f"rank {rank}")

    return target


def marks_target() -> Target:
    from storyline.nlp.quotes.marks import find_quoted_passages, title_cased, words_of

    def target(data: bytes) -> None:
        text = as_text(data)
        last = 0
        for passage in find_quoted_passages(text):
            check(0 <= passage.start < passage.end <= len(text), f"{passage} outside the text")
            check(passage.start >= last, f"{passage} overlaps the passage before it")
            check(not text[passage.start].isspace(), "passage starts with white space")
            last = passage.end
        words_of(text)
        title_cased(text)

    return target


def load(name: str) -> Target:
    """The target called ``name`` (see ``NAMES``)."""
    if name in READER_NAMES:
        return _readers()[name]
    return {
        "clean": clean_target,
        "metadata": metadata_target,
        "timex": timex_target,
        "time_values": time_values_target,
        "numbers": numbers_target,
        "marks": marks_target,
    }[name]()


READER_NAMES = ("text", "html", "jsonl", "feeds", "warc")
# the fast pure-Python parsers first, then the readers and the cleaner behind them
NAMES = ("numbers", "time_values", "marks", "timex", "clean", "metadata", *READER_NAMES)
