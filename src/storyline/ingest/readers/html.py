"""HTML pages: main text by trafilatura, publication date by htmldate.

Only the page's own date metadata counts as a publication date here (``extensive_search`` is
off): a date printed somewhere in the page (a header, a related-article list) is not one.
"""

from __future__ import annotations

import re

import htmldate
import trafilatura

from storyline.errors import input_reason
from storyline.ingest.readers.base import (
    MAX_HTML_ELEMENTS,
    RawArticle,
    ReaderOutput,
    Undecodable,
    declared_charset,
    decode_text,
    parse_day,
)
from storyline.model import Rejection

ELEMENT = re.compile(r"<[A-Za-z]")


def read_html(
    source_path: str,
    raw: bytes,
    url: str | None = None,
    line: int | None = None,
    charset: str | None = None,
) -> ReaderOutput:
    """The article of one page. ``charset`` is the one an HTTP header declared (WARC); it
    comes before the page's own ``<meta charset>``, which comes before a guess."""
    try:
        html = decode_text(raw, charset or declared_charset(raw))
    except Undecodable as exc:
        yield Rejection(source_path, str(exc), raw, line)
        return
    article = html_article(source_path, html, url, line)
    if isinstance(article, str):
        yield Rejection(source_path, article, raw, line)
    else:
        yield article


def html_article(
    source_path: str, html: str, url: str | None = None, line: int | None = None
) -> RawArticle | str:
    """The article in an HTML page, or the reason there is none."""
    if not html.strip():
        return "no text (only white space)"
    if _over_element_limit(html):
        return input_reason("E143", limit=MAX_HTML_ELEMENTS)
    extracted = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    body = extracted.text if extracted is not None else None
    if not body or not body.strip():
        return "no article text found in the HTML page"
    title = (extracted.title or "").strip() or None
    lines = [part.strip() for part in body.split("\n") if part.strip()]
    if title and lines and lines[0] == title:
        lines = lines[1:]  # trafilatura repeats the headline as the first line
    try:
        published = htmldate.find_date(
            html, url=url, original_date=True, extensive_search=False, outputformat="%Y-%m-%d"
        )
    except ValueError:
        published = None
    return RawArticle(
        source_path=source_path,
        raw_text="\n\n".join(lines),
        title=title,
        published=parse_day(published),
        url=url or extracted.url,
        outlet=extracted.sitename or None,
        byline=extracted.author or None,
        language=extracted.language or None,
        line=line,
    )


def _over_element_limit(html: str) -> bool:
    """Whether the page has more elements than ``MAX_HTML_ELEMENTS`` (counted lazily)."""
    counted = enumerate(ELEMENT.finditer(html), start=1)
    return any(count > MAX_HTML_ELEMENTS for count, _ in counted)
