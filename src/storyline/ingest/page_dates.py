"""The dates an HTML page gives for itself, each named by where it was read.

A page states its publication date in many places at once: Open Graph and other ``<meta>``
tags, JSON-LD, microdata, ``<time>`` elements, its canonical URL. htmldate reads them too,
but answers with one date and no source; Storyline wants to see every witness, so that
``storyline.ingest.date_decision`` can publish a date only where they agree and say why not
where they do not. htmldate's two modes are two more witnesses: the fast mode (markup only)
and the extensive mode (dates printed in the page text), which is what trafilatura's own
metadata date is.

Updated/modified dates are collected as such: they bound the publication date from above but
are never taken for it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import htmldate
from htmldate.extractors import try_date_expr
from lxml.html import HtmlElement

from storyline.ingest.date_decision import DateEvidence, EvidenceKind

EARLIEST = datetime(1995, 1, 1)  # no news page is older than the web
ISO_DAY = "%Y-%m-%d"

# Lowercased meta names/properties/itemprops that state the publication or update time.
PUBLISHED_META = frozenset(
    {
        "article:published_time",
        "og:published_time",
        "og:article:published_time",
        "article:published",
        "published_time",
        "published-date",
        "publish_date",
        "publish-date",
        "publishdate",
        "publication_date",
        "publication-date",
        "pubdate",
        "pub_date",
        "date_published",
        "datepublished",
        "datecreated",
        "date",
        "dc.date",
        "dc.date.issued",
        "dc.date.created",
        "dcterms.date",
        "dcterms.issued",
        "dcterms.created",
        "sailthru.date",
        "parsely-pub-date",
        "article.published",
        "article_date_original",
        "original-publish-date",
        "originalpublicationdate",
        "cxenseparse:recs:publishtime",
        "citation_publication_date",
        "citation_date",
        "mediator_published_time",
        "bt:pubdate",
        "release_date",
    }
)
UPDATED_META = frozenset(
    {
        "article:modified_time",
        "og:updated_time",
        "og:modified_time",
        "modified_time",
        "datemodified",
        "last-modified",
        "lastmod",
        "dcterms.modified",
        "dc.date.modified",
        "article.updated",
        "revised",
    }
)
JSON_LD_PUBLISHED = ("datePublished", "dateCreated")
JSON_LD_UPDATED = ("dateModified",)
# JSON-LD objects that are the page's own article (a list of related articles is not)
ARTICLE_TYPES = re.compile(r"Article|Posting|WebPage|Report", re.I)
ISO_START = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T ]|\b)")
# /2020/06/07/, /2020-06-07-, /20200607/ in a URL path
URL_DAY = re.compile(
    r"/((?:19|20)\d{2})[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?:[/_.-]|$)"
    r"|[/_-]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)"
)


def parse_stamp(value: str | None, today: date) -> date | None:
    """A calendar day from a machine-readable date or timestamp, or None.

    Parsed with htmldate's own rules (ISO, RFC 2822, "07.06.2020", ...); a day after
    ``today`` or before 1995 is no publication date.
    """
    if not value:
        return None
    iso = ISO_START.match(value)
    if iso:  # the common case, and one htmldate's parser refuses with milliseconds (".000Z")
        try:
            found_day = date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None  # an impossible day ("2020-02-30") is no date at all
        return found_day if EARLIEST.date() <= found_day <= today else None
    latest = datetime(today.year, today.month, today.day)
    found = try_date_expr(value.strip(), ISO_DAY, False, EARLIEST, latest)
    return date.fromisoformat(found) if found else None


def _meta_evidence(tree: HtmlElement, today: date) -> Iterator[DateEvidence]:
    for element in tree.iter("meta"):
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = (element.get(attribute) or "").strip().lower()
            if key in PUBLISHED_META or key in UPDATED_META:
                break
        else:
            continue
        raw = element.get("content") or element.get("datetime") or ""
        day = parse_stamp(raw, today)
        if day is None:
            continue
        kind = EvidenceKind.PUBLISHED if key in PUBLISHED_META else EvidenceKind.UPDATED
        yield DateEvidence(day, kind, f"meta {attribute}={key}", raw.strip()[:48])


def _microdata_evidence(tree: HtmlElement, today: date) -> Iterator[DateEvidence]:
    """``itemprop=datePublished`` and ``<time pubdate>`` on elements other than ``<meta>``."""
    for element in tree.xpath(
        "//*[not(self::meta)][@itemprop='datePublished' or @itemprop='dateModified'"
        " or (self::time and @pubdate)]"
    ):
        raw = element.get("datetime") or element.get("content") or element.text_content()
        day = parse_stamp(raw, today)
        if day is None:
            continue
        prop = element.get("itemprop") or "pubdate"
        kind = EvidenceKind.UPDATED if prop == "dateModified" else EvidenceKind.PUBLISHED
        yield DateEvidence(day, kind, f"{element.tag} itemprop={prop}", raw.strip()[:48])


def _json_ld_objects(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _json_ld_objects(item)
    elif isinstance(value, dict):
        yield value
        yield from _json_ld_objects(value.get("@graph"))


def _json_ld_evidence(tree: HtmlElement, today: date) -> Iterator[DateEvidence]:
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            parsed = json.loads(script.text or "")
        except ValueError:
            continue
        for obj in _json_ld_objects(parsed):
            kinds = obj.get("@type")
            type_name = " ".join(kinds) if isinstance(kinds, list) else str(kinds or "")
            if type_name and not ARTICLE_TYPES.search(type_name):
                continue
            for keys, kind in (
                (JSON_LD_PUBLISHED, EvidenceKind.PUBLISHED),
                (JSON_LD_UPDATED, EvidenceKind.UPDATED),
            ):
                for key in keys:
                    raw = obj.get(key)
                    if not isinstance(raw, str):
                        continue
                    day = parse_stamp(raw, today)
                    if day is not None:
                        yield DateEvidence(day, kind, f"JSON-LD {key}", raw.strip()[:48])


def page_urls(tree: HtmlElement) -> list[str]:
    """The page's own URLs as it states them: canonical link, ``og:url``."""
    urls = [link.get("href") for link in tree.xpath("//link[@rel='canonical']")]
    urls += [meta.get("content") for meta in tree.xpath("//meta[@property='og:url']")]
    return [url for url in urls if url]


def url_evidence(url: str, today: date, source: str = "URL path") -> DateEvidence | None:
    """The day a URL path names (``/2020/06/07/``, ``-20200607-``), or None."""
    path = re.sub(r"^\w+://[^/]+", "", url)
    match = URL_DAY.search(path)
    if match is None:
        return None
    year, month, day = (
        int(part) for part in (match.groups()[:3] if match[1] else match.groups()[3:])
    )
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    if found > today:
        return None
    return DateEvidence(found, EvidenceKind.URL, source, match.group().strip("/_-."))


def _htmldate_evidence(tree: HtmlElement, today: date, extensive: bool) -> DateEvidence | None:
    try:
        found = htmldate.find_date(
            tree,
            extensive_search=extensive,
            original_date=True,
            outputformat=ISO_DAY,
            max_date=today.isoformat(),
        )
    except ValueError:
        return None
    if not found:
        return None
    mode = "extensive" if extensive else "fast"
    kind = EvidenceKind.HTMLDATE_EXTENSIVE if extensive else EvidenceKind.HTMLDATE_FAST
    return DateEvidence(date.fromisoformat(found), kind, f"htmldate {mode} mode", found)


def page_date_evidence(
    tree: HtmlElement, url: str | None, today: date, extensive_date: str | None = None
) -> tuple[DateEvidence, ...]:
    """Every date the page gives for itself, in a fixed order, each with its source.

    ``extensive_date`` is htmldate's extensive-mode answer when the caller already has it
    (trafilatura's metadata date is exactly that); otherwise htmldate runs here.
    """
    evidence: list[DateEvidence] = []
    evidence += _meta_evidence(tree, today)
    evidence += _json_ld_evidence(tree, today)
    evidence += _microdata_evidence(tree, today)
    for given in ([url] if url else []) + page_urls(tree):
        found = url_evidence(given, today, "URL path" if given == url else "canonical URL path")
        if found is not None:
            evidence.append(found)
            break
    fast = _htmldate_evidence(tree, today, extensive=False)
    if fast is not None:
        evidence.append(fast)
    if extensive_date is not None:
        day = parse_stamp(extensive_date, today)
        if day is not None:
            evidence.append(
                DateEvidence(
                    day, EvidenceKind.HTMLDATE_EXTENSIVE, "htmldate extensive mode", extensive_date
                )
            )
    else:
        extensive = _htmldate_evidence(tree, today, extensive=True)
        if extensive is not None:
            evidence.append(extensive)
    return tuple(evidence)
