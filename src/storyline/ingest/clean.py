"""Cleaning scraped text: drop page junk line by line, and record what was dropped and why.

Scraped article text carries the page around it: weather widgets ("56.4 F" over "Los
Angeles"), a page header date, breadcrumbs ("HomeWorldAsia..."), "- Advertisement -", "Most
Popular", widget errors ("Oops! Something went wrong."), photo captions (often twice), outlet
labels, bylines and trailing tracking ids. Each such line becomes a ``RemovedSpan`` with offsets
into the raw text, so nothing is lost: an analyst can always see what was dropped and why.
The headline, when the text starts with one, is taken out of the body into ``title``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from storyline.ingest.boilerplate import boilerplate_reason
from storyline.ingest.date_lines import MONTHS, WEEKDAYS, date_line
from storyline.model import RemovedSpan

PAGE_DATE = re.compile(
    rf"^(?:(?:{WEEKDAYS}),?\s+)?(?:(?:{MONTHS})\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}})$"
)
TEMPERATURE = re.compile(r"^-?\d{1,3}(?:\.\d)?\s*°?\s*[FC]$")
PLACE = re.compile(r"^[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}$")
BREADCRUMB = re.compile(r"^Home(?:[A-Z][a-z]+){2,}|^Home\s*[>|/»›]")
ADVERTISEMENT = re.compile(
    r"^(?:advertisement|sponsored(?: content)?|story continues below(?: advertisement)?)$", re.I
)
NAVIGATION = {
    "most popular",
    "most read",
    "related",
    "related articles",
    "related stories",
    "read more",
    "read next",
    "share",
    "share this article",
    "subscribe",
    "sign up for our newsletter",
    "follow us",
    "comments",
    "trending",
    "trending now",
    "recommended",
    "skip to content",
    "menu",
    "search",
    "top stories",
    "latest news",
    "more from this section",
    "you may also like",
}
WIDGET_ERROR = re.compile(
    r"^(?:oops!?|something went wrong\.?|please try again later\.?|loading\.*)$", re.I
)
BULLETS = re.compile(r"^[\s•·▪◦*\-–—]+")
# A tracking id: capitals and digits only, opening with three capitals and holding a run of
# eight digits ("AKR20240515001300504"). Two linear tests: the single pattern this replaced had
# overlapping repeats and took 11 s to fail on 20k characters.
TRACKING_ID_SHAPE = re.compile(r"[A-Z]{3}[A-Z0-9]*+")
TRACKING_ID_DIGITS = re.compile(r"\d{8}")
CAPTION = re.compile(
    r"(?:\[(?:[A-Z][A-Z .-]+|[A-Z]+/[A-Z/ -]+)\]\s*$"  # "... previous day. [YONHAP]"
    r"|\bPhoto(?:graph)? by [^.]{2,60}\.?$"  # "... Photo by KCNA/EPA-EFE"
    # "(AP Photo/...)": one parenthesis group, scanned once (``[^()]``, possessive): the
    # old ``[^)]*`` pair took seconds on a line of 5,000 "(AP "
    r"|\((?:AP|AFP|Reuters|EPA|Getty)(?=[^()]*(?:Photo|Images))[^()]*+\)\s*$"
    r"|^In this (?:photo|photograph|image|picture)\b)"
)
BYLINE = re.compile(
    r"^(?:BY|By)\s+[A-Z][A-Za-z.'-]+(?:\s+[A-Za-z.'-]+){0,4}"
    r"(?:\s*[\[(][^\]\s]+@[^\]\s]+[\])])?$"
)
# A markup tag left in plain text (a JSONL export of a page, a corpus that marks embedded posts:
# ``<a href="…">video.foxnews.com</a>``, ``<tweet id="…" datetime="2016-08-02">…</tweet>``): a
# letter after ``<`` or ``</``, no ``<`` inside; ``x < y`` is no tag. Attributes may run over a
# line break (``tweet-date="March 9, 2016⏎">``): the tags are found in the whole text.
MARKUP_TAG = re.compile(r"</?[A-Za-z][\w:-]*+(?:\s[^<>]{0,1000})?/?>")
OUTLET_LABELS = {"UPI", "AP", "AFP", "Reuters", "Yonhap", "KCNA", "Bloomberg", "NK News"}
HEAD_LINES = 8  # page furniture is only looked for this far into the page (in kept lines)


@dataclass(frozen=True)
class Cleaned:
    """The cleaned body text, the headline if the text opened with one, and what was removed."""

    text: str
    title: str | None
    removed: tuple[RemovedSpan, ...]


# the curly quotes and long dashes a folded line writes plain
PLAIN_PUNCTUATION = (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"))


def _fold(line: str) -> str:
    """A line folded for duplicate detection: quotes, dashes and spacing do not matter.

    Every line of every article is folded, once: six ``str.replace`` scans and a split take a
    quarter of the time of ``str.translate`` and ``re.sub`` (issue 14)."""
    for curly, plain in PLAIN_PUNCTUATION:
        line = line.replace(curly, plain)
    return " ".join(line.split()).casefold()


def _lines(raw: str) -> list[tuple[int, int, str]]:
    """(start, end, stripped line) for every non-blank line, offsets into ``raw``."""
    found = []
    for match in re.finditer(r"[^\n]+", raw):
        stripped = match.group().strip()
        if stripped:
            lead = len(match.group()) - len(match.group().lstrip())
            start = match.start() + lead
            found.append((start, start + len(stripped), stripped))
    return found


def junk_reason(
    line: str, folded: str, position: int, previous: str | None, seen: dict[str, str]
) -> str | None:
    """Why a line is page junk, or None when it belongs to the article.

    ``folded`` is the line folded (``_fold``); ``position`` counts kept lines before this one;
    ``previous`` is the line just before; ``seen`` maps folded earlier lines to the reason they
    were removed ("" when kept).
    """
    bare = BULLETS.sub("", line).strip(" -–—")
    if folded in seen and (len(line) > 40 or seen[folded]):
        return f"duplicated {seen[folded] or 'line'}".replace("duplicated duplicated", "duplicated")
    if TEMPERATURE.match(bare):
        return "weather widget"
    if previous is not None and TEMPERATURE.match(BULLETS.sub("", previous)) and PLACE.match(bare):
        return "weather widget"
    if position < HEAD_LINES and PAGE_DATE.match(bare):
        return "page header date"
    if BREADCRUMB.match(bare):
        return "site navigation"
    if ADVERTISEMENT.match(bare):
        return "advertisement"
    if bare.casefold().rstrip(":") in NAVIGATION:
        return "site navigation"
    if WIDGET_ERROR.match(bare):
        return "widget error message"
    if not bare:
        return "bullet debris"
    if len(bare) >= 16 and _is_tracking_id(bare):
        return "tracking id"
    if CAPTION.search(bare) and len(bare.split()) < 80:
        return "photo caption"
    if BYLINE.match(bare):
        return "byline"
    if position < HEAD_LINES and bare in OUTLET_LABELS:
        return "outlet label"
    return boilerplate_reason(bare)


def _tags(raw: str) -> list[tuple[int, int]]:
    """The (start, end) of every markup tag in ``raw``."""
    return [m.span() for m in MARKUP_TAG.finditer(raw)] if "<" in raw else []


def _without_tags(
    start: int, line: str, tags: list[tuple[int, int]]
) -> tuple[str, list[RemovedSpan]]:
    """A line without the parts of markup tags in it (the words between them stay), and those
    parts, removed."""
    if not tags:  # most texts hold none
        return line, []
    end = start + len(line)
    parts = []
    # tags do not overlap: only the last one opening before the line can reach into it
    for at in range(max(0, bisect_right(tags, (start, -1)) - 1), len(tags)):
        tag_start, tag_end = tags[at]
        if tag_start >= end:
            break
        low, high = max(tag_start, start), min(tag_end, end)
        if low < high:
            parts.append(RemovedSpan(low, high, "markup tag", line[low - start : high - start]))
    if not parts:
        return line, []
    pieces, last = [], 0
    for part in parts:
        at, to = part.start - start, part.end - start
        pieces.append(line[last:at])
        # ``one<br>two`` keeps two words; ``<a …>text</a>.`` keeps the text and its stop
        if at > 0 and to < len(line) and line[at - 1].isalnum() and line[to].isalnum():
            pieces.append(" ")
        last = to
    pieces.append(line[last:])
    return "".join(pieces).strip(), parts


def _is_tracking_id(text: str) -> bool:
    return bool(TRACKING_ID_SHAPE.fullmatch(text) and TRACKING_ID_DIGITS.search(text))


def _is_headline(line: str) -> bool:
    words = line.split()
    return (
        2 <= len(words) <= 25
        and not line.rstrip().endswith((".", ":", ";", ","))
        and not re.match(r"^[A-Z .'-]{3,}, ", line)
    )


def clean_text(raw: str, title: str | None = None) -> Cleaned:
    """Split ``raw`` into article paragraphs and removed page junk.

    When ``title`` is None, a headline-like first kept line (short, no final period) is taken
    as the title; date lines above it ("Posted: Nov 27, 2005 8: 20 AM ET") stay in the text,
    which they date. Kept lines become paragraphs separated by a blank line.
    """
    removed: list[RemovedSpan] = []
    kept: list[str] = []
    seen: dict[str, str] = {}
    previous: str | None = None
    folded_title = _fold(title) if title else None
    markup = _tags(raw)
    for start, end, written in _lines(raw):
        line, tags = _without_tags(start, written, markup)
        if tags and not any(c.isalnum() for c in line):  # an embedded post's empty element
            removed.append(RemovedSpan(start, end, "markup tag", written))
            continue
        folded = _fold(line)
        reason = junk_reason(line, folded, len(kept), previous, seen)
        if reason is None and folded_title is not None and not kept and folded == folded_title:
            reason = "repeated headline"
        seen.setdefault(folded, reason or "")
        previous = line
        if reason:
            removed.append(RemovedSpan(start, end, reason, written))
        else:
            removed.extend(tags)
            kept.append(line)
    headline = next((r for r in removed if r.reason == "repeated headline"), None)
    if not kept and headline is not None:
        # a one-line item whose headline is all it says (a wire flash, a first sentence
        # published alone) keeps its line: the headline is the article, not a repeat of it
        removed.remove(headline)
        kept.append(headline.text)
    if title is None:
        first = 0  # the headline stands under the date lines that open the text, if any
        while first < len(kept) - 1 and date_line(kept[first]) is not None:
            first += 1
        if len(kept) > first + 1 and _is_headline(kept[first]):
            title = kept.pop(first)
    return Cleaned("\n\n".join(kept), title, tuple(removed))
