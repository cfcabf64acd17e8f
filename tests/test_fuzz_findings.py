"""Regression tests for what the fuzzing campaign (``fuzz/``) found, one per finding."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import spacy

from storyline.ingest.readers.feeds import read_feed
from storyline.ingest.readers.warc import read_warc
from storyline.model import Rejection
from storyline.nlp.claims.numbers import ordinal_value
from storyline.nlp.numbers import parse_number
from storyline.nlp.time.timexes import find_timexes
from storyline.nlp.time.values import is_timex3_value, part_interval

NLP = spacy.blank("en")


def _values(text: str, anchor: date) -> list[str]:
    return [timex.value for timex in find_timexes(NLP.make_doc(text), anchor)]


def test_next_year_after_9999_is_left_unresolved() -> None:
    # was "10000": not a TimeML year, and no interval can be computed for it
    assert _values("The first vessel is due before the end of next year.", date(9999, 12, 31)) == []


def test_next_decade_after_the_9990s_is_not_the_year_1000() -> None:
    # was "1000": a decade written with four digits reads as the year 1000
    values = _values("Work resumes next decade.", date(9995, 6, 1))
    assert "1000" not in values
    assert all(is_timex3_value(value) for value in values)


def test_last_year_before_year_one_is_left_unresolved() -> None:
    assert all(not v.startswith("0000") for v in _values("It failed last year.", date(1, 5, 1)))


@pytest.mark.parametrize("part", ["mid", "first_half", "second_half", "early", "late"])
def test_part_of_a_single_day_is_that_day(part: str) -> None:
    day = date(2024, 5, 14)
    assert part_interval(day, day, part) == (day, day)  # "mid" was (May 15, May 13)


def test_middle_of_two_days_is_both_days() -> None:
    first, last = date(2024, 5, 18), date(2024, 5, 19)
    assert part_interval(first, last, "mid") == (first, last)


def test_number_with_four_hundred_digits_is_not_a_number() -> None:
    # float() of 400 digits is inf, which a claim's value cannot hold nor JSON write
    assert parse_number(["9" * 400]) is None
    assert parse_number(["9" * 300, "trillion", "trillion"]) is None
    assert parse_number(["6,700"]) == 6700.0


def test_ordinal_with_five_thousand_digits_is_not_a_rank() -> None:
    # int() raised ValueError: exceeds the 4,300-digit limit for integer string conversion
    assert ordinal_value("9" * 5000 + "th") is None
    assert ordinal_value("21st") == 21


@pytest.mark.parametrize("encoding", [b"U\xc0F-8", b"utf-8\x00"])
def test_feed_with_undecodable_encoding_declaration_is_rejected(encoding: bytes) -> None:
    raw = (b'<?xml version="1.0" encoding="' + encoding + b'"?><rss version="2.0"><channel><item>'
           b"<description>The dam failed.</description></item></channel></rss>")  # fmt: skip
    found = list(read_feed("bad.xml", raw))
    assert found and all(isinstance(o, Rejection) for o in found)
    assert "not a readable RSS/Atom feed" in found[0].reason


def test_warc_response_without_target_uri_is_rejected() -> None:
    raw = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
           b"Content-Type: application/http; msgtype=response\r\nContent-Length: 62\r\n\r\n"
           b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
           b"<p>The dam failed.</p>\r\n\r\n")  # fmt: skip
    found = list(read_warc("crawl.warc", raw))
    assert found and all(isinstance(o, Rejection) for o in found)


def test_text_file_of_only_page_junk_is_rejected(tmp_path: Path) -> None:
    from storyline.runner import ingest_paths
    from storyline.store import open_store

    (tmp_path / "junk.txt").write_bytes(b"Advertisement\nMost Popular\nShare\n")
    (tmp_path / "good.txt").write_text("Dam fails\n\nThe dam failed on Monday.\n")
    store = open_store(":memory:")
    _, report = ingest_paths(store, [tmp_path])
    assert len(report.added) == 1
    (rejected,) = report.rejected
    assert rejected.source_path.endswith("junk.txt") and "[E145]" in rejected.reason


def test_mangled_timestamp_is_read_in_one_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """F6: a JSONL ``published`` of "202`-03-06T09:15:00+01:00" went through all of
    dateparser's 200 locales, twice per probe and again per reader call (10.5 s for one
    4.6 KB file under load). A value without a word is read in one locale, and a value once."""
    import dateparser

    from storyline.ingest.given_dates import PROBES, parse_relative_to

    asked: list[object] = []
    real = dateparser.parse

    def spy(value: str, languages: object = None, **kwargs: object) -> object:
        asked.append(languages)
        return real(value, languages=languages, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(dateparser, "parse", spy)
    parse_relative_to.cache_clear()
    mangled = "202`-03-06T09:15:00+01:00"
    assert parse_relative_to(mangled, PROBES[0]) is None
    assert parse_relative_to(mangled, PROBES[0]) is None
    assert parse_relative_to("mardi 3 mars", PROBES[0]) == date(2001, 3, 3)
    assert asked == [["en"], None]  # the repeat came from the cache; words get every locale
