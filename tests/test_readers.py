"""Readers for every input format, and their handling of bad input (property tests included)."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.ingest.readers.base import RawArticle, decode_text
from storyline.ingest.readers.feeds import read_feed
from storyline.ingest.readers.html import read_html
from storyline.ingest.readers.jsonl import read_jsonl
from storyline.ingest.readers.text import read_text
from storyline.ingest.readers.warc import read_warc
from storyline.ingest.stage import build_article
from storyline.model import Rejection

BODY = (
    "PORT ALDER, March 4 (HW) -- At least 41 people died when the Kessel dam failed on "
    "Tuesday, provincial officials said, in the worst disaster in the valley in decades."
)
PAGE = f"""<html><head><title>Dam fails</title>
<meta property="article:published_time" content="2025-03-04T10:00:00Z">
<meta property="og:site_name" content="The Meridian Post"></head>
<body><nav>Home | World | Sports</nav><article><h1>Kessel dam fails</h1><p>{BODY}</p>
<p>Rescue teams searched the flooded villages through the night, officials said.</p></article>
<footer>Copyright 2025 The Meridian Post</footer><script>var x = 1;</script></body></html>"""


def test_cp1252_text_decodes_instead_of_being_rejected() -> None:
    raw = "The minister said \u201cnever again\u201d at the caf\u00e9.".encode("cp1252")
    assert decode_text(raw) == "The minister said \u201cnever again\u201d at the caf\u00e9."


def test_binary_text_file_is_rejected_with_its_bytes() -> None:
    raw = b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR"
    (found,) = read_text("x.txt", raw)
    assert isinstance(found, Rejection) and found.raw == raw and "binary" in found.reason


def test_html_page_gives_text_title_outlet_and_metadata_date() -> None:
    (found,) = read_html("page.html", PAGE.encode())
    assert isinstance(found, RawArticle)
    assert found.title == "Kessel dam fails"
    article, _ = build_article(found)
    assert article.published.date == date(2025, 3, 4)
    # the evidence names the tag it was read from, not just "input metadata"
    assert "meta property=article:published_time" in (article.published.evidence or "")
    assert found.outlet == "The Meridian Post"
    assert "Copyright" not in found.raw_text and "var x" not in found.raw_text
    assert found.raw_text.startswith("PORT ALDER")


def test_a_bot_check_served_instead_of_the_page_is_no_article() -> None:
    blocked = (
        "<html><head><title>Request unsuccessful</title></head><body><p>Request unsuccessful. "
        "Incapsula incident ID: 703000160143928249-1913989641199298</p></body></html>"
    )
    (found,) = read_html("page.html", blocked.encode())
    assert isinstance(found, Rejection)
    assert (
        found.reason
        == "a bot check or an error page instead of an article ('Request unsuccessful')"
    )
    # an article that tells of such a page at length is an article
    told = "".join(
        f"<p>On day {day} of the outage, readers in region {day} saw an Access Denied page "
        f"for {day} hours before engineers restored the site, the company said.</p>"
        for day in range(1, 8)
    )
    report = PAGE.replace("</article>", told + "</article>")
    (kept,) = read_html("page.html", report.encode())
    assert isinstance(kept, RawArticle)


def test_a_page_of_a_few_words_and_no_sentence_is_no_article() -> None:
    nav = "<html><head><title>x</title></head><body><div><a href='/'>Home</a></div></body></html>"
    (found,) = read_html("page.html", nav.encode())
    assert isinstance(found, Rejection)
    assert found.reason == "no article text found in the HTML page (only 'Home')"
    brief = "<html><body><article><p>The dam held, officials said.</p></article></body></html>"
    (kept,) = read_html("page.html", brief.encode())
    assert isinstance(kept, RawArticle) and kept.raw_text == "The dam held, officials said."


def test_jsonl_bad_line_is_rejected_with_its_number_and_others_kept() -> None:
    good = json.dumps(
        {
            "id": "a1",
            "title": "T",
            "text": BODY,
            "published": "2025-03-04",
            "source": "Harbor Wire",
            "url": "https://hw.example/a1",
        }
    )
    lines = [good, "{not json", json.dumps({"id": "a3", "title": "no text"}), ""]
    found = list(read_jsonl("feed.jsonl", "\n".join(lines).encode()))
    assert isinstance(found[0], RawArticle) and found[0].external_id == "a1"
    assert found[0].published == date(2025, 3, 4) and found[0].outlet == "Harbor Wire"
    assert [(r.line, type(r).__name__) for r in found[1:]] == [(2, "Rejection"), (3, "Rejection")]


def test_news_please_field_names_are_accepted() -> None:
    line = json.dumps(
        {
            "filename": "np1",
            "title": "T",
            "maintext": BODY,
            "date_publish": "2025-03-04 08:00:00",
            "source_domain": "hw.example",
            "authors": ["Ana Ruiz", "Li Wen"],
        }
    )
    (found,) = read_jsonl("np.jsonl", line.encode())
    assert isinstance(found, RawArticle)
    assert (found.external_id, found.published, found.byline) == (
        "np1",
        date(2025, 3, 4),
        "Ana Ruiz, Li Wen",
    )


def test_rss_feed_entries_become_articles() -> None:
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Coastline Daily</title>
    <item><title>Dam fails</title><link>https://coast.example/1</link><guid>c1</guid>
    <pubDate>Tue, 04 Mar 2025 09:00:00 GMT</pubDate><description>{BODY}</description></item>
    </channel></rss>"""
    (found,) = read_feed("feed.xml", rss.encode())
    assert isinstance(found, RawArticle)
    assert (found.outlet, found.published, found.external_id) == (
        "Coastline Daily",
        date(2025, 3, 4),
        "c1",
    )


def _warc(pages: int) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for number in range(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                f"https://meridian.example/{number}",
                "response",
                payload=io.BytesIO(PAGE.encode()),
                http_headers=headers,
            )
        )
    return buffer.getvalue()


def test_warc_responses_become_articles_with_their_urls() -> None:
    found = list(read_warc("crawl.warc.gz", _warc(2)))
    assert [type(f).__name__ for f in found] == ["RawArticle", "RawArticle"]
    assert found[1].url == "https://meridian.example/1"  # type: ignore[union-attr]


def test_truncated_warc_keeps_what_was_read_and_quarantines_the_rest() -> None:
    raw = _warc(2)
    found = list(read_warc("crawl.warc.gz", raw[: len(raw) - 200]))
    assert isinstance(found[0], RawArticle)
    assert isinstance(found[-1], Rejection) and "truncated" in found[-1].reason


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_no_reader_raises_on_arbitrary_bytes(raw: bytes) -> None:
    for reader in (read_text, read_jsonl, read_feed, read_html, read_warc):
        for found in reader("any", raw):
            assert isinstance(found, RawArticle | Rejection)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300))
def test_utf8_text_round_trips_through_decoding(text: str) -> None:
    try:
        decoded = decode_text(text.encode("utf-8"))
    except ValueError:
        return  # binary-looking text (NULs, control characters) is rejected, not mangled
    assert decoded == text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")


def test_gzip_is_not_mistaken_for_text() -> None:
    (found,) = read_text("a.txt", gzip.compress(b"hello world" * 20))
    assert isinstance(found, Rejection)


def test_oversized_empty_and_unsupported_files_are_quarantined(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from storyline.ingest import stage as ingest

    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 100)
    (tmp_path / "big.txt").write_text("word " * 100)
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "slides.pdf").write_bytes(b"%PDF-1.4 ...")
    found = {p.name: list(ingest.read_file(p, p.name)) for p in sorted(tmp_path.iterdir())}
    reasons = {
        name: [r.reason for r in items if isinstance(r, Rejection)] for name, items in found.items()
    }
    (big,) = reasons["big.txt"]
    assert big.startswith("[E139] file is 500 bytes, over the 100-byte limit; first 101 bytes")
    assert hashlib.sha256(b"word " * 100).hexdigest() in big
    assert reasons["empty.txt"] == ["empty file"]
    assert reasons["slides.pdf"][0].startswith("unsupported file type; supported: ")
    assert found["big.txt"][0].raw == (b"word " * 100)[:101]  # type: ignore[union-attr]


def test_jsonl_line_with_a_lone_surrogate_escape_is_rejected() -> None:
    (found,) = read_jsonl("x.jsonl", b'{"id": "a", "title": "T", "text": "bad \\ud800 text"}')
    assert isinstance(found, Rejection) and "lone surrogate" in found.reason
