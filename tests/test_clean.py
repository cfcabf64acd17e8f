"""Cleaning removes the seeds' page junk, keeps the article, and records every removal."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.ingest.clean import clean_text
from tests.conftest import seed_path


def reasons(raw: str) -> dict[str, str]:
    return {span.text: span.reason for span in clean_text(raw).removed}


def test_weather_widget_and_page_header_date_are_removed() -> None:
    cleaned = clean_text(
        "56.4 F\nLos Angeles\nThursday, December 26, 2024\n\nA headline here\n\n"
        "The body sentence one. The body sentence two."
    )
    assert [s.reason for s in cleaned.removed] == [
        "weather widget",
        "weather widget",
        "page header date",
    ]
    assert cleaned.title == "A headline here"
    assert cleaned.text == "The body sentence one. The body sentence two."


def test_removed_spans_point_into_the_raw_text() -> None:
    raw = "Headline words here\n- Advertisement -\nBody text of the article.\nMost Popular\n"
    for span in clean_text(raw).removed:
        assert raw[span.start : span.end] == span.text


def test_seed_001_junk_lines_are_gone_and_the_caption_duplicate_named() -> None:
    raw = seed_path("001").read_text()
    cleaned = clean_text(raw)
    found = [s.reason for s in cleaned.removed]
    assert found == [
        "weather widget",
        "weather widget",
        "page header date",
        "advertisement",
        "photo caption",
        "duplicated photo caption",
        "byline",
    ]
    assert "56.4 F" not in cleaned.text and "Advertisement" not in cleaned.text
    assert "YONHAP" not in cleaned.text
    assert cleaned.text.startswith("North Korean leader Kim Jong-un inspected a factory")


def test_seed_002_widget_error_and_outlet_label_removed() -> None:
    cleaned = clean_text(seed_path("002").read_text())
    assert "Oops" not in cleaned.text and "try again later" not in cleaned.text
    assert "outlet label" in [s.reason for s in cleaned.removed]
    assert cleaned.text.startswith("SEOUL, May 15 (UPI) --")


def test_seed_003_tracking_id_removed_and_000_navigation() -> None:
    assert "tracking id" in reasons(seed_path("003").read_text()).values()
    cleaned = clean_text(seed_path("000").read_text())
    assert cleaned.title == "Kim inspects new tactical missile system"
    assert "Most Popular" not in cleaned.text and "HomeWorld" not in cleaned.text


def test_article_sentences_are_never_taken_for_junk() -> None:
    raw = seed_path("004").read_text()
    assert clean_text(raw).removed == ()


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=400))
def test_cleaning_any_text_loses_nothing(raw: str) -> None:
    cleaned = clean_text(raw)
    for span in cleaned.removed:
        assert raw[span.start : span.end] == span.text
    kept_words = "".join(cleaned.text.split()) + "".join((cleaned.title or "").split())
    removed_words = "".join("".join(s.text.split()) for s in cleaned.removed)
    assert len(kept_words) + len(removed_words) == len("".join(raw.split()))


def test_a_headline_repeated_over_the_body_is_removed() -> None:
    cleaned = clean_text("Quake hits Iran\n\nA strong quake hit Iran on Sunday.", "Quake hits Iran")
    assert [s.reason for s in cleaned.removed] == ["repeated headline"]
    assert cleaned.text == "A strong quake hit Iran on Sunday."


def test_a_one_line_item_that_is_its_headline_keeps_its_line() -> None:
    # ECB+ and wire flashes: one sentence published alone, given as title and text
    line = "Police say a Perth mountain climber who watched his brother fall is devastated."
    cleaned = clean_text(line, line)
    assert (cleaned.text, cleaned.removed) == (line, ())


def test_a_date_line_over_the_headline_is_no_title_and_stays_in_the_text() -> None:
    # ECB+ pages start with their stamp: taken for the title, it took the date with it
    raw = (
        "Posted 11 / 27 / 2005 7: 21 AM\n"
        "Updated 11 / 27 / 2005 3: 41 PM\n"
        "Strong earthquake jolts southern Iran, felt in Oman\n"
        "An earthquake measuring at least magnitude 5.9 struck southern Iran on Sunday."
    )
    cleaned = clean_text(raw)
    assert cleaned.title == "Strong earthquake jolts southern Iran, felt in Oman"
    assert cleaned.text.split("\n\n")[:2] == [
        "Posted 11 / 27 / 2005 7: 21 AM",
        "Updated 11 / 27 / 2005 3: 41 PM",
    ]
    # a text that is only a date line and one line keeps both as they were
    assert clean_text("27 NOVEMBER, 2005\nDid the earth move for you?").title is None


def test_markup_tags_left_in_plain_text_are_removed_and_their_words_kept() -> None:
    # PolNeAR's JSONL marks embedded tweets with tags; scraped exports keep links' tags. The
    # attributes (a tweet's ``datetime``) must not date or name anything, the words stay.
    raw = (
        "Fallon responded on Twitter.\n\n"
        '<tweet tweet-id="661196115484643328"><tweet/>.\n\n'
        '<tweet id="7604" author="@brianefallon" datetime="2016-08-02">Even for Trump, this is '
        "pathetic.</tweet>\n\n"
        'The total is near 1000, see <a href="http://example.com/x">the filing</a>.\n\n'
        "If x < y and y > z, the bound holds.\n\n"
        '<tweet tweet-date="March 9, 2016\n">Stands empty.<tweet/>\n'  # a break in a tag
    )
    cleaned = clean_text(raw, "Fallon")
    assert cleaned.text == (
        "Fallon responded on Twitter.\n\nEven for Trump, this is pathetic.\n\n"
        "The total is near 1000, see the filing.\n\nIf x < y and y > z, the bound holds.\n\n"
        "Stands empty."
    )
    tags = [s.text for s in cleaned.removed if s.reason == "markup tag"]
    assert tags == [
        '<tweet tweet-id="661196115484643328"><tweet/>.',  # an empty embed: its whole line
        '<tweet id="7604" author="@brianefallon" datetime="2016-08-02">',
        "</tweet>",
        '<a href="http://example.com/x">',
        "</a>",
        '<tweet tweet-date="March 9, 2016',
        '">',
        "<tweet/>",
    ]
    assert all(raw[s.start : s.end] == s.text for s in cleaned.removed)
