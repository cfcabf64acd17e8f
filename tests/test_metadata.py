"""Outlet, byline, dateline and publication date (with basis) from the article itself."""

from __future__ import annotations

from datetime import date

from storyline.ingest.clean import clean_text
from storyline.ingest.metadata import DateClues, complete_date, extract_metadata
from storyline.model import DateBasis
from tests.conftest import seed_path


def metadata_of(raw: str, **given: object):  # type: ignore[no-untyped-def]
    cleaned = clean_text(raw)
    return extract_metadata(cleaned.text, cleaned.removed, **given)  # type: ignore[arg-type]


def test_dateline_credit_names_the_outlet_and_place() -> None:
    meta = metadata_of(seed_path("002").read_text())
    assert meta.outlet == "UPI"
    assert meta.dateline == "Seoul"
    # "May 15" without a year: no date yet, but a clue the story stage can complete
    assert meta.published.date is None
    assert meta.clues.month_day == (5, 15)
    assert meta.clues.weekday == 2  # "state media reported Wednesday"


def test_byline_email_domain_names_the_outlet() -> None:
    meta = metadata_of(seed_path("001").read_text())
    assert meta.outlet == "JoongAng Daily"
    assert meta.byline == "Michael Lee"


def test_page_header_date_is_never_the_publication_date() -> None:
    meta = metadata_of(seed_path("001").read_text())
    assert meta.page_date == date(2024, 12, 26)
    assert meta.published.date is None
    assert meta.published.basis is DateBasis.UNKNOWN
    assert meta.clues.not_after == date(2024, 12, 26)


def test_agency_stamp_gives_outlet_and_date_from_text() -> None:
    meta = metadata_of(seed_path("003").read_text())
    assert meta.outlet == "MENAFN"
    assert meta.published.date == date(2024, 5, 15)
    assert meta.published.basis is DateBasis.TEXT


def test_no_year_means_no_date_never_today() -> None:
    meta = metadata_of(seed_path("004").read_text())
    assert meta.published.date is None
    assert meta.published.basis is DateBasis.UNKNOWN


def test_dateline_with_year_is_a_dateline_date() -> None:
    meta = metadata_of(
        "PORT ALDER, Mar. 4, 2025 (HW) -- The dam failed on Tuesday, officials said."
    )
    assert meta.published.date == date(2025, 3, 4)
    assert meta.published.basis is DateBasis.DATELINE
    assert meta.outlet == "HW"  # an unknown credit is kept as written


def test_a_spaced_dateline_gives_the_date() -> None:
    meta = metadata_of(
        "LOS ANGELES , Jan. 5 , 2011 ( Reuters ) - The actor checked into rehab, his rep said."
    )
    assert meta.published.date == date(2011, 1, 5)
    assert meta.published.basis is DateBasis.DATELINE
    assert meta.dateline == "Los Angeles"
    assert meta.outlet == "Reuters"
    dashed = metadata_of("WASHINGTON - April 27 - More than 1, 300 federal workers were told.")
    assert dashed.dateline == "Washington"
    assert dashed.clues.month_day == (4, 27)


def test_a_stamped_date_line_gives_the_date_a_bare_one_does_not() -> None:
    headline = "Lindsay Lohan checks into rehab facility\n"
    body = "\nLindsay Lohan has checked into a rehab facility to comply with her sentence."
    for line, day in [
        ("May 2, 2013 12: 50 PM", date(2013, 5, 2)),  # ECB+ spaces the colon of a time
        ("Posted on Thu Jun 13, 2013 08: 45 AM PDT", date(2013, 6, 13)),
        ("Published on: Fri, 11 Nov 2011 at 09: 56 IST", date(2011, 11, 11)),
        ("Last updated 13: 26 14 / 09 / 2013", None),  # an update's day is not publication
        ("05 / 02 / 2013 1: 30 AM", None),  # May 2 or 5 February: not guessed
        ("May 2, 2013", None),  # a page header: the day the page was scraped
        ("AUGUST 2, 2013 | 08: 06AM PT", date(2013, 8, 2)),  # a month in capitals
        ("PUBLISHED: WEDNESDAY, MARCH 13, 2013, 2: 29 PM", date(2013, 3, 13)),
        ("The court ruled on May 2, 2013 at 9: 00 that she must stay", None),  # a sentence
    ]:
        meta = metadata_of(headline + line + body)
        assert meta.published.date == day, line
        if day is not None:
            assert meta.published.basis is DateBasis.TEXT
        # the stamp above the headline, as pages without a title field give it, dates it too
        assert metadata_of(line + "\n" + headline + body).published.date == day, line


def test_metadata_date_wins_and_says_so() -> None:
    meta = metadata_of("Some text of an article that is long enough.", given_date=date(2025, 1, 2))
    assert meta.published.basis is DateBasis.METADATA


def test_story_completion_needs_agreeing_clues() -> None:
    wednesday = date(2024, 5, 15)
    clues = DateClues(weekday=2, not_after=date(2024, 12, 26))
    assert complete_date(clues, [wednesday]) == wednesday
    assert complete_date(DateClues(weekday=3), [wednesday]) is None  # not a Thursday
    assert complete_date(DateClues(weekday=2, not_after=date(2024, 5, 1)), [wednesday]) is None
    assert complete_date(DateClues(), [wednesday]) is None  # no clue, no date
    assert complete_date(DateClues(month_day=(5, 15)), [wednesday, date(2023, 5, 15)]) is None
