"""Publication dates of pages and input fields: the date the evidence agrees on, or none with
the reason, never today's date."""

from __future__ import annotations

import json
from datetime import date

from storyline.ingest.date_decision import DateEvidence, EvidenceKind, decide_publication
from storyline.ingest.readers.html import read_html
from storyline.ingest.readers.jsonl import read_jsonl
from storyline.ingest.stage import build_article
from storyline.model import DateBasis, Published

BODY = (
    "<p>At least 41 people died when the Kessel dam failed, provincial officials said, in the "
    "worst disaster the valley has seen in decades.</p><p>Rescue teams searched the flooded "
    "villages through the night, and the governor asked for army help.</p>"
)


def page(head: str = "", body_extra: str = "", body: str = BODY) -> bytes:
    return (
        f"<html><head><title>Dam fails</title>{head}</head><body><article><h1>Dam fails</h1>"
        f"{body}</article>{body_extra}</body></html>"
    ).encode()


def published_of(raw: bytes) -> Published:
    (found,) = read_html("page.html", raw)
    article, _ = build_article(found)  # type: ignore[arg-type]
    return article.published


def test_page_with_updated_comment_and_related_dates_gives_the_publication_date() -> None:
    related = {
        "@type": "ItemList",
        "itemListElement": [{"@type": "NewsArticle", "datePublished": "2019-01-02"}],
    }
    head = (
        '<meta property="article:published_time" content="2020-06-07T09:00:00+02:00">'
        '<meta property="article:modified_time" content="2020-06-09T10:00:00+02:00">'
        '<script type="application/ld+json">'
        + json.dumps({"@type": "NewsArticle", "datePublished": "2020-06-07T09:00:00+02:00"})
        + "</script>"
    )
    extra = (
        '<aside><h3>Related</h3><a href="/x">Older story</a> <time>January 2, 2019</time>'
        f'<script type="application/ld+json">{json.dumps(related)}</script></aside>'
        '<div class="comments"><p>Posted 12 June 2020 by a reader: so sad</p></div>'
    )
    published = published_of(page(head, extra))
    assert published.date == date(2020, 6, 7)
    assert published.basis is DateBasis.METADATA
    assert "meta property=article:published_time" in (published.evidence or "")
    assert "JSON-LD datePublished" in (published.evidence or "")


def test_date_fields_that_disagree_give_no_date_and_name_both() -> None:
    head = (
        '<meta property="article:published_time" content="2020-06-07T09:00:00+02:00">'
        '<link rel="canonical" href="https://example.org/2020/05/30/dam-fails/">'
    )
    published = published_of(page(head))
    assert published.date is None
    assert "disagree" in (published.evidence or "")
    assert "meta property=article:published_time" in (published.evidence or "")
    assert "canonical URL path" in (published.evidence or "")


def test_impossible_and_future_dates_are_no_dates_never_today() -> None:
    head = (
        '<meta property="article:published_time" content="2020-02-30T09:00:00Z">'
        '<meta name="date" content="2091-01-01">'
    )
    published = published_of(page(head))
    assert published.date != date.today()
    assert published.date is None


def test_solar_hijri_year_in_a_date_field_is_not_a_gregorian_date() -> None:
    # 1399-03-18 is 7 June 2020 in the Persian calendar, not a day of the 14th century
    published = published_of(page('<meta property="article:published_time" content="1399-03-18">'))
    assert published.date is None


def test_date_written_in_french_in_the_page_text_is_read() -> None:
    body = BODY + "<p class='date'>Publié le 7 juin 2020 à 10h30</p>"
    published = published_of(page(body=body))
    assert published.date == date(2020, 6, 7)


def test_copyright_year_alone_is_no_publication_date() -> None:
    published = published_of(page(body_extra="<footer>© 2016 The Meridian Post</footer>"))
    assert published.date is None


def test_one_moment_in_two_time_zones_is_the_local_day() -> None:
    evidence = (
        DateEvidence(
            date(2020, 2, 18),
            EvidenceKind.PUBLISHED,
            "JSON-LD datePublished",
            "2020-02-18T02:18:11Z",
        ),
        DateEvidence(date(2020, 2, 17), EvidenceKind.URL, "canonical URL path", "2020/02/17"),
    )
    decision = decide_publication(evidence)
    assert decision.date == date(2020, 2, 17)
    # a UTC stamp late in the morning is not the previous evening in the Americas
    late = (
        DateEvidence(
            date(2020, 2, 18),
            EvidenceKind.PUBLISHED,
            "JSON-LD datePublished",
            "2020-02-18T10:04:00Z",
        ),
        evidence[1],
    )
    assert decide_publication(late).date is None


def test_jsonl_yesterday_is_counted_from_the_crawl_date() -> None:
    record = {
        "text": "Officials said the dam failed.",
        "published": "yesterday",
        "date_download": "2020-06-08 10:00:00",
    }
    (found,) = read_jsonl("feed.jsonl", json.dumps(record).encode())
    article, _ = build_article(found)  # type: ignore[arg-type]
    assert article.published.date == date(2020, 6, 7)
    assert "counted from date_download" in (article.published.evidence or "")


def test_jsonl_yesterday_without_crawl_date_is_refused_with_a_reason() -> None:
    record = {"text": "Officials said the dam failed.", "published": "yesterday"}
    (found,) = read_jsonl("feed.jsonl", json.dumps(record).encode())
    article, _ = build_article(found)  # type: ignore[arg-type]
    assert article.published.date is None
    assert "'yesterday' is relative" in (article.published.evidence or "")


def test_jsonl_malformed_date_is_refused_with_a_reason() -> None:
    record = {"text": "Officials said the dam failed.", "published": "2024-13-45"}
    (found,) = read_jsonl("feed.jsonl", json.dumps(record).encode())
    article, _ = build_article(found)  # type: ignore[arg-type]
    assert article.published.date is None
    assert "not a calendar day" in (article.published.evidence or "")


def test_jsonl_date_written_in_words_is_read() -> None:
    record = {"text": "Officials said the dam failed.", "published": "7 June 2020"}
    (found,) = read_jsonl("feed.jsonl", json.dumps(record).encode())
    article, _ = build_article(found)  # type: ignore[arg-type]
    assert article.published.date == date(2020, 6, 7)
    assert article.published.basis is DateBasis.METADATA


def test_jsonl_date_in_the_future_is_refused_never_kept() -> None:
    record = {"text": "Officials said the dam failed.", "published": "2091-01-01"}
    (found,) = read_jsonl("feed.jsonl", json.dumps(record).encode())
    article, _ = build_article(found)  # type: ignore[arg-type]
    assert article.published.date is None
    assert "impossible publication date" in (article.published.evidence or "")
