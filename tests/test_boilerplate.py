"""Page furniture families removed by cleaning, with their reason and offsets; prose kept.

Every line here is invented for the test, in the shape of what real pages carry.
"""

from __future__ import annotations

import pytest

from storyline.ingest.boilerplate import boilerplate_reason
from storyline.ingest.clean import clean_text

FURNITURE = [
    ("Advertisement", "advertisement"),
    ("Advertisement Continue reading the main story", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("Image copyright Lantern Pictures", "image credit"),
    ("Photo: Harbour Wire", "image credit"),
    ("Photo credit: Mira Osei", "image credit"),
    ("Crowds gather on the quay at dawn. (HW Photo/Jonas Pell)", "image credit"),
    ("Volunteers fill sandbags. (Credits: Valley Press)", "image credit"),
    ("3/34", "gallery counter"),
    ("3/34 28 November 2017 Volunteers fill sandbags by the river", "gallery counter"),
    ("Image 3 of 12", "gallery counter"),
    ("Hide caption", "caption toggle"),
    ("Toggle caption", "caption toggle"),
    ("Enlarge this image", "caption toggle"),
    ("Live updates", "live label"),
    ("Share on Facebook", "share or subscribe prompt"),
    ("Subscribe to our morning briefing", "share or subscribe prompt"),
    ("Sign up for our emails", "share or subscribe prompt"),
    ("READ MORE: Ferry strike enters its second week", "share or subscribe prompt"),
    ("Copyright © 2016 Harbour Radio", "copyright line"),
    ("© 2019 Valley Press Ltd. All rights reserved.", "copyright line"),
]
PROSE = [
    "The minister said the photo was taken two days before the vote.",
    "Shares of the ferry operator fell 3% after the strike began.",
    "Copyright law does not protect facts, the judge wrote.",
    "Related to the inquiry, police questioned three harbour workers on Monday.",
    "Live music returned to the square for the first time since the flood.",
    "He said 1/2 of the budget went to repairs.",
    "Reuters",  # an outlet label the metadata stage reads, not an image credit
]


@pytest.mark.parametrize(("line", "reason"), FURNITURE)
def test_furniture_line_is_named_by_its_family(line: str, reason: str) -> None:
    assert boilerplate_reason(line) == reason


@pytest.mark.parametrize("line", PROSE)
def test_body_sentence_is_not_furniture(line: str) -> None:
    assert boilerplate_reason(line) is None


def test_cleaning_records_each_removed_family_with_offsets() -> None:
    raw = (
        "Ferry strike enters its second week\n"
        "Hide caption\n"
        "Dock workers walked out on Monday, the union said.\n"
        "Advertisement Continue reading the main story\n"
        "The operator said 40 crossings were cancelled.\n"
        "3/34 28 November 2017 Pickets at the ferry terminal\n"
        "Copyright © 2016 Harbour Radio\n"
    )
    cleaned = clean_text(raw)
    assert cleaned.text == (
        "Dock workers walked out on Monday, the union said.\n\n"
        "The operator said 40 crossings were cancelled."
    )
    reasons = [span.reason for span in cleaned.removed]
    assert reasons == ["caption toggle", "advertisement", "gallery counter", "copyright line"]
    for span in cleaned.removed:
        assert raw[span.start : span.end] == span.text
