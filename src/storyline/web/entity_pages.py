"""What an entity page shows: the stories that mention one canonical entity and its quotes.

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

from storyline.model import Article, Entity, Finding, content_id
from storyline.web.story_index import all_rows
from storyline.web.views import Snapshot, StoreViews, finding_anchors

SPEAKER_LABELS = ("PERSON", "ORG", "NORP", "GPE")  # who can say something


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
    """The quotes of one entity, newest first, each with the URL of its finding (of the
    story ``findings_of`` gives) or of its article."""
    anchors: dict[str, dict[str, str]] = {}
    shown = []
    for quote in sorted(quotes, key=lambda q: (q["date"] or "", q["id"]), reverse=True):
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


def entity_quotes(views: StoreViews, snap: Snapshot, entity_id: str) -> list[dict[str, Any]]:
    """The quotes of one entity, newest first, each with the URL of its finding or article."""
    if "quotes_by_entity" not in snap.derived:
        snap.derived["quotes_by_entity"] = _quotes_by_entity(views, snap)
    return shown_quotes(
        snap.derived["quotes_by_entity"].get(entity_id, []), snap.contents.findings_of
    )


def entity_by_id(snap: Snapshot) -> dict[str, Entity]:
    return snap.once("entities", lambda: {e.id: e for e in snap.contents.entities})


def entity_stories(snap: Snapshot, entity_id: str) -> list[dict[str, Any]]:
    """Index rows of the stories with an article that mentions the entity, latest first."""
    rows = all_rows(snap)
    story_ids = {
        story_id
        for article_id in snap.entity_articles.get(entity_id, ())
        if (story_id := snap.contents.story_of.get(article_id)) in rows
    }
    chosen = [rows[s] for s in story_ids]
    return sorted(chosen, key=lambda r: (r["last"] or "", r["id"]), reverse=True)


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
