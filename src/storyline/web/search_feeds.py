"""The Atom feed of a saved search: the updates of the stories it matches now.

It is read from the store's rows when they are current: the search runs through the story
list's stored query (``stored_pages.matching_rows``; for a text query so common that the list
is walked, ``stored_pages.walked_page``; without a text query, the newest rows that
pass its filters by SQL), so the feed and the index agree, and what it reads grows with the
matches (or the rows walked) and the update log, not with the store. Otherwise (rows of an
older run) the whole-store snapshot answers, as it does for the story list.
"""

from __future__ import annotations

from collections.abc import Collection

from fastapi import APIRouter, Request
from fastapi.responses import Response

from storyline.link.updates import UPDATES_KIND, logged_updates
from storyline.model import SavedSearch
from storyline.report.exports import FEED_ENTRIES, atom_feed, atom_xml, feed_entries
from storyline.store.base import Store
from storyline.web.pages import chosen_stories, from_rows
from storyline.web.searches import feed_path, search_by_id
from storyline.web.stored_pages import (
    article_filter,
    current_stories,
    feed_story,
    matching_rows,
    stories_matching,
    walked_page,
    walks,
)
from storyline.web.story_index import IndexQuery, multi_source
from storyline.web.views import Snapshot, StoreViews, views_of

router = APIRouter(include_in_schema=False)


def index_query(search: SavedSearch) -> IndexQuery:
    """The story list's query (besides the text search) that runs this search."""
    return IndexQuery(
        outlet=search.outlet, entity=search.entity, language=search.language,
        multi=search.multi, date_from=search.date_from, date_to=search.date_to,
    )  # fmt: skip


def feed_title(search: SavedSearch) -> str:
    return f"Storyline: {search.name}"


def stored_search_feed(store: Store, search: SavedSearch, base_url: str) -> str:
    """The feed of a saved search read from the store (whose rows are current): the rows of
    the stories its text query matches, or, without one, the newest rows that pass its
    filters, enough for ``FEED_ENTRIES`` stories no kept update names; the logged updates
    of the stories it matches (an update of a story merged since counts for the story it
    went into: ``current_stories``)."""
    updates = logged_updates(store.result_text(UPDATES_KIND))
    named = current_stories(store, [u.story_id for u in updates])
    query = index_query(search)
    chosen = article_filter(query)
    text = search.query.strip()
    if text and not (chosen is None and walks(store, text, None, FEED_ENTRIES)):
        rows = matching_rows(store, search.query, query)
        matched: Collection[str] = {row["id"] for row in rows}
        kept = [u for u in updates if named.get(u.story_id) in matched]
    else:
        matched = set(store.story_index_chosen(sorted(set(named.values())), query.multi, chosen))
        if text:  # of the updated stories, those the text matches: as many as the log holds
            matched = stories_matching(store, text, sorted(matched))
        kept = [u for u in updates if named.get(u.story_id) in matched]
        wanted = FEED_ENTRIES + len({u.story_id for u in kept})
        walked = (
            walked_page(store, text, IndexQuery(limit=wanted, multi=query.multi)) if text else None
        )
        if walked is not None:
            rows = walked.rows
        elif text:  # the walk found too few: the matches are read after all
            rows = matching_rows(store, search.query, query)
        else:
            listed = store.story_index_page("latest", None, wanted, query.multi, chosen=chosen)
            rows = [p["row"] for p in listed]
    return atom_xml(
        feed_entries(kept, map(feed_story, rows)), base_url,
        title=feed_title(search), feed_path=feed_path(search),
    )  # fmt: skip


def matching_stories(views: StoreViews, snap: Snapshot, search: SavedSearch) -> set[str]:
    """Ids of the stories the saved search finds in the snapshot: the story list's answer."""
    query = index_query(search)
    chosen = chosen_stories(views, snap, search.query, query)
    found = {s.id for s in snap.contents.stories} if chosen is None else chosen
    return found & multi_source(snap) if search.multi else found


def search_feed(views: StoreViews, snap: Snapshot, search: SavedSearch, base_url: str) -> str:
    """The feed of a saved search from the whole-store snapshot."""
    return atom_feed(
        snap.contents, snap.updates, base_url, story_ids=matching_stories(views, snap, search),
        title=feed_title(search), feed_path=feed_path(search),
    )  # fmt: skip


@router.get("/searches/{search_id}/feed.atom")
def feed(request: Request, search_id: str) -> Response:
    """The Atom feed of one saved search."""
    views = views_of(request)
    search = search_by_id(views, search_id)
    base = str(request.base_url).rstrip("/")
    shown = from_rows(request, lambda store: stored_search_feed(store, search, base))
    if shown is None:
        shown = search_feed(views, views.snapshot(), search, base)
    return Response(shown, media_type="application/atom+xml")
