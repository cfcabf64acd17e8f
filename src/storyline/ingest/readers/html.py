"""HTML pages: main text by trafilatura; the page's date witnesses by ``page_dates``.

The reader does not pick the publication date: it hands every date the page gives for itself
(meta tags, JSON-LD, URL, htmldate's two modes), each named by its source, to the metadata
stage, which decides by their agreement (``storyline.ingest.date_decision``).
"""

from __future__ import annotations

import re
from datetime import date

import trafilatura
from htmldate.utils import load_html
from trafilatura.settings import Document

from storyline.errors import input_reason
from storyline.ingest.page_dates import page_date_evidence
from storyline.ingest.readers.base import (
    MAX_HTML_ELEMENTS,
    RawArticle,
    ReaderOutput,
    Undecodable,
    declared_charset,
    decode_text,
)
from storyline.model import Rejection

ELEMENT = re.compile(r"<[A-Za-z]")
# What a bot check or a server error says in place of the page a crawler asked for (Incapsula,
# Cloudflare, plain 403 and 404 pages): a short page saying one of these has no article.
BLOCK_PAGE = re.compile(
    r"incapsula incident id|request unsuccessful|attention required!? \| cloudflare"
    r"|checking your browser before accessing|access denied|you don'?t have permission to access"
    r"|\b40[34] (?:forbidden|not found)\b|\bpage not found\b|please enable (?:javascript|cookies)"
    r"|are you a robot|verify (?:that )?you are (?:a )?human",
    re.IGNORECASE,
)
BLOCK_PAGE_WORDS = 80  # a page saying so at more length may be an article about it
# A page whose main text is a few words and no sentence (a navigation link, a photo credit)
# has no article: what trafilatura falls back to when the page has no body text.
FEW_WORDS = 5
CLOSES_A_SENTENCE = re.compile(r"[.!?。！？][\"'”’»)]*(?:\s|$)")


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
    # without as_dict (deprecated) the result is a Document or None; the declared return type
    # admits the dict form too
    if not isinstance(extracted, Document) or not extracted.text or not extracted.text.strip():
        return "no article text found in the HTML page"
    body = extracted.text
    title = (extracted.title or "").strip() or None
    words = body.split()
    if len(words) <= BLOCK_PAGE_WORDS and (found := BLOCK_PAGE.search(f"{title or ''}\n{body}")):
        return f"a bot check or an error page instead of an article ({found.group()!r})"
    if len(words) < FEW_WORDS and not CLOSES_A_SENTENCE.search(body):
        return f"no article text found in the HTML page (only {' '.join(words)!r})"
    lines = [part.strip() for part in body.split("\n") if part.strip()]
    if title and lines and lines[0] == title:
        lines = lines[1:]  # trafilatura repeats the headline as the first line
    tree = load_html(html)
    # trafilatura's metadata date is htmldate's extensive mode: reuse it, not run it twice
    evidence = () if tree is None else page_date_evidence(tree, url, date.today(), extracted.date)
    return RawArticle(
        source_path=source_path,
        raw_text="\n\n".join(lines),
        title=title,
        date_evidence=evidence,
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
