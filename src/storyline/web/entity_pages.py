"""What an entity page shows: the stories that mention one canonical entity and its quotes.

A page shows the entity's articles (those mentioning it or quoting it) ``ENTITY_PAGE`` at a
time, newest first by resolved date (undated last), then by id: the stories holding those that
mention it and the quotes of it they hold, with the cursor of the next, older page
(``?before=<day>|<article id>``). So a page reads what it shows, however often the entity has
been seen.

A quote belongs to an entity when the analysis resolved its speaker to it
(``speaker_entity_id``) or, failing that, when a mention of the entity lies inside the quote's
speaker span in the same article (the speaker "Kestrel Governor Matthias Obrec" holds the
mention "Matthias Obrec"). A page is read from the store for its entity when the rows are
current (``stored_pages.stored_entity``); else from the snapshot, whose lookups are built once,
on its first entity page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from storyline.errors import UsageError
from storyline.model import Article, Entity, Finding, content_id
from storyline.store.codec import ArticleKey
from storyline.web.story_index import all_rows
from storyline.web.views import Snapshot, StoreViews, finding_anchors

SPEAKER_LABELS = ("PERSON", "ORG", "NORP", "GPE")  # who can say something
ENTITY_PAGE = 50  # the entity's articles one page shows
UNDATED = "undated"  # an undated article's day in a cursor


def article_key(article: Article) -> ArticleKey:
    """Where an article stands on an entity's pages (newest first)."""
    day = article.published.date
    return ArticleKey(day.isoformat() if day else "", article.id)


def page_cursor(key: ArticleKey) -> str:
    """The cursor of the page after the one whose last article is ``key``."""
    return f"{key.day or UNDATED}|{key.article_id}"


def parse_page_cursor(before: str) -> ArticleKey | None:
    """The article key a cursor names (None for none: the first page); UsageError when it is
    not one ``page_cursor`` writes."""
    if not before:
        return None
    day, sep, article_id = before.rpartition("|")
    if not sep or not article_id or not day:
        raise UsageError(f"cursor {before!r} is not <day or {UNDATED}>|<article id>")
    return ArticleKey("" if day == UNDATED else day, article_id)


def page_of(keys: Sequence[ArticleKey], limit: int) -> tuple[list[ArticleKey], str | None]:
    """The first ``limit`` of ``keys`` (newest first) and the cursor of the next page (None:
    none follows)."""
    shown = list(keys[:limit])
    return shown, page_cursor(shown[-1]) if len(keys) > limit else None


def names_index(entities: Sequence[Entity]) -> dict[str, set[str]]:
    """Casefolded name or alias -> ids of the entities that can speak under it."""
    index: dict[str, set[str]] = {}
    for entity in entities:
        if entity.label in SPEAKER_LABELS:
            for name in (entity.name, *entity.aliases):
                index.setdefault(name.casefold(), set()).add(entity.id)
    return index


def _named(speaker: str, names: Mapping[str, set[str]]) -> str | None:
    """The one entity whose name or alias ends the speaker phrase, trying the longest first:
    "Kestrel Governor Matthias Obrec" ends with "Matthias Obrec"."""
    words = speaker.split()
    for start in range(len(words)):
        ids = names.get(" ".join(words[start:]).casefold(), set())
        if ids:
            return next(iter(ids)) if len(ids) == 1 else None
    return None


def speaker_entity(
    quote: Mapping[str, Any],
    mentions: Sequence[Mapping[str, Any]],
    names: Mapping[str, set[str]],
) -> str | None:
    """The entity id of a quote's speaker: the analysis's own; else the entity of a mention
    inside the speaker span: a person before an organization before a place ("Kestrel Governor
    Matthias Obrec" is Obrec, not Kestrel), the last one among equals (the head of the phrase);
    else the one entity whose name ends the speaker phrase (the analysis did not find it as a
    mention in that article)."""
    if own := quote.get("speaker_entity_id"):
        return str(own)
    span = quote.get("speaker_span")
    if not span:
        return _named(quote.get("speaker") or "", names)
    inside = [
        m
        for m in mentions
        if span["start"] <= m["span"]["start"] and m["span"]["end"] <= span["end"]
        and m.get("entity_id") and m.get("label") in SPEAKER_LABELS
    ]  # fmt: skip
    if not inside:
        return _named(quote.get("speaker") or "", names)
    best = min(inside, key=lambda m: (SPEAKER_LABELS.index(m["label"]), -m["span"]["start"]))
    return str(best["entity_id"])


def speakers_quotes(
    quotes: Mapping[str, Sequence[Mapping[str, Any]]],
    mentions: Mapping[str, Sequence[Mapping[str, Any]]],
    names: Mapping[str, set[str]],
) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """(speaker entity id, article id, quote) for each quote (article id -> its quotes) whose
    speaker is an entity."""
    for article_id, items in quotes.items():
        for quote in items:
            entity_id = speaker_entity(quote, mentions.get(article_id, []), names)
            if entity_id is not None:
                yield entity_id, article_id, quote


def quote_row(article: Article, quote: Mapping[str, Any], story_id: str | None) -> dict[str, Any]:
    """What an entity page shows of one of its quotes (``story_id``: the story holding it)."""
    return {
        "id": content_id("quote", article.id, quote["span"]["start"], quote["span"]["end"]),
        "text": quote["text"],
        "speaker": quote.get("speaker") or "",
        "article_id": article.id,
        "title": article.title,
        "outlet": article.outlet or "unknown outlet",
        "date": article.published.date.isoformat() if article.published.date else None,
        "story_id": story_id,
    }


def shown_quotes(
    quotes: Iterable[dict[str, Any]], findings_of: Callable[[str], Iterable[Finding]]
) -> list[dict[str, Any]]:
    """The quotes of one entity, newest first, as its pages list their articles (by date,
    then article id descending; an article's quotes in the order given, its text's), each with
    the URL of its finding (of the story ``findings_of`` gives) or of its article."""
    anchors: dict[str, dict[str, str]] = {}
    shown = []
    for quote in sorted(quotes, key=lambda q: (q["date"] or "", q["article_id"]), reverse=True):
        story_id = quote["story_id"]
        if story_id and story_id not in anchors:
            anchors[story_id] = finding_anchors(findings_of(story_id))
        anchor = anchors.get(story_id or "", {}).get(quote["id"])
        url = f"/stories/{story_id}#{anchor}" if anchor else f"/articles/{quote['article_id']}"
        shown.append({**quote, "url": url})
    return shown


def _quotes_by_entity(views: StoreViews, snap: Snapshot) -> dict[str, list[dict[str, Any]]]:
    store = views.open()
    try:
        quotes, mentions = store.analyses("quotes"), store.analyses("mentions")
    finally:
        store.close()
    found: dict[str, list[dict[str, Any]]] = {}
    names = names_index(snap.contents.entities)
    for entity_id, article_id, quote in speakers_quotes(quotes, mentions, names):
        article = snap.articles.get(article_id)
        if article is not None:
            story_id = snap.contents.story_of.get(article_id)
            found.setdefault(entity_id, []).append(quote_row(article, quote, story_id))
    return found


def entity_by_id(snap: Snapshot) -> dict[str, Entity]:
    return snap.once("entities", lambda: {e.id: e for e in snap.contents.entities})


def snapshot_page(
    views: StoreViews, snap: Snapshot, entity_id: str, before: ArticleKey | None
) -> dict[str, Any]:
    """One page of an entity (``before``: the cursor's article; None: the first page), from
    the snapshot: the index rows of the stories holding its page's articles that mention it,
    latest first; the quotes of it those articles hold, newest first, each with the URL of
    its finding or article; the next page's cursor (``older``)."""
    if "quotes_by_entity" not in snap.derived:
        snap.derived["quotes_by_entity"] = _quotes_by_entity(views, snap)
    quotes = snap.derived["quotes_by_entity"].get(entity_id, [])
    mentioning = snap.entity_articles.get(entity_id, set())
    ids = mentioning | {q["article_id"] for q in quotes}
    keys = sorted((article_key(snap.articles[a]) for a in ids if a in snap.articles), reverse=True)
    shown, older = page_of([k for k in keys if before is None or k < before], ENTITY_PAGE)
    on_page = {k.article_id for k in shown}
    rows = all_rows(snap)
    story_ids = {
        story_id
        for article_id in mentioning & on_page
        if (story_id := snap.contents.story_of.get(article_id)) in rows
    }
    return {
        "rows": latest_first(rows[s] for s in story_ids),
        "quotes": shown_quotes(
            [q for q in quotes if q["article_id"] in on_page], snap.contents.findings_of
        ),
        "older": older,
    }


def latest_first(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """An entity page's story rows in its order: latest activity first."""
    return sorted(rows, key=lambda r: (r["last"] or "", r["id"]), reverse=True)


def story_entities(snap: Snapshot, story_id: str, limit: int = 40) -> list[dict[str, Any]]:
    """The entities mentioned in a story's articles, the most widely mentioned first."""
    members = set(snap.contents.story(story_id).article_ids)
    counts = {
        entity_id: len(articles & members)
        for entity_id, articles in snap.entity_articles.items()
        if articles & members
    }
    return listed_entities(counts, entity_by_id(snap), limit)


def mentioned_entities(mentions: Iterable[Sequence[Mapping[str, Any]]]) -> dict[str, int]:
    """Entity id -> how many of these articles' mentions (one list per article) name it."""
    counts: dict[str, int] = {}
    for items in mentions:
        for entity_id in {m["entity_id"] for m in items if m.get("entity_id")}:
            counts[entity_id] = counts.get(entity_id, 0) + 1
    return counts


def listed_entities(
    counts: Mapping[str, int], known: Mapping[str, Entity], limit: int = 40
) -> list[dict[str, Any]]:
    """The known entities of ``counts`` (entity id -> articles), the most articles first."""
    counted = [(n, entity_id) for entity_id, n in counts.items() if entity_id in known]
    counted.sort(key=lambda item: (-item[0], known[item[1]].name.casefold(), item[1]))
    return [
        {"id": eid, "name": known[eid].name, "label": known[eid].label, "articles": n}
        for n, eid in counted[:limit]
    ]
