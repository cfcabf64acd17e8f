"""The story list, a story page and an entity page read from the store: what the page shows,
nothing more.

The story list is answered from the store's story list rows (``storyline.report.story_rows``:
one page of rows by SQL, the facet values, the list's version) and a story page from that one
story (its record, members, findings, timeline, derivations, related stories and neighbours in
the list); a story id given by prefix or shown before a merge is redirected from its rows
(``story_index`` ids, ``story_ids``). An entity page is answered from that entity: its
registry row, the articles asking the registry about its names, their mentions and quotes and
their stories' rows. Their answers grow with what they show, not with the store, and they
hold whether or not the server holds a whole-store snapshot (``storyline.web.views``), so a
store change never makes them build one.

A filter on the articles (outlet, entity, language, dates) without a text search is a query
of the values the story list's writer keeps for each member article (``filter_values``) joined
to the list's rows; a text search is one query over the full-text index's matches, their
``story_of`` rows and those values. A text search or an outlet or language filter that so many
articles match that reading them would cost more walks the list instead, a batch of rows at a
time, until its page is full (``walks``), and then does not count its stories.

What the rows cannot answer is left to the snapshot: a saved search's feed filtered on the
articles without a text search (``storyline.web.search_feeds``), and every page of a store
whose rows are not of its current stories (written by an older version and not run since).
The JSON report is streamed from the store (``storyline.report.report_sections``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from functools import partial
from typing import Any, TypeVar

from storyline.errors import StoreError
from storyline.link.touched import PENDING
from storyline.link.updates import UPDATES_KIND, logged_updates
from storyline.model import Article, Derivation, Story, content_id, from_jsonable
from storyline.nlp.entities.names import name_key
from storyline.reconcile.registry_rows import asked_tokens, tail_tokens
from storyline.report.brief import Brief, build_brief
from storyline.report.contents import Contents, report_order, skip_reason
from storyline.report.exports import FEED_ENTRIES, FeedStory, atom_xml, feed_entries
from storyline.report.report_sections import moved_stories
from storyline.report.story_rows import (
    INDEX_INPUTS,
    listed_row,
    sort_rank,
    stored_list_version,
    story_results,
    story_version,
)
from storyline.runner import INPUTS_KIND
from storyline.store.base import Store
from storyline.store.codec import STORY_IDS, STORY_OF, ArticleFilter, ArticleKey
from storyline.web import entity_pages
from storyline.web.entity_pages import (
    latest_first,
    listed_entities,
    mentioned_entities,
    names_index,
    page_cursor,
    page_of,
    quote_row,
    shown_quotes,
    speakers_quotes,
)
from storyline.web.searches import search_json
from storyline.web.story_glance import open_conflicts
from storyline.web.story_index import (
    MERGE_CHOICES,
    IndexPage,
    IndexQuery,
    checked,
    merge_picks,
    next_cursor,
    parse_cursor,
)

ENTITY_FACETS = 40  # the most mentioned texts the entity filter offers
Answer = TypeVar("Answer")
SCANNED_PAGES = 20  # batches of articles naming an entity one of its pages reads at most
COUNTED = 50_000  # articles matching a text search that ``walks`` counts at most
# where walking the list and reading the matches cost alike (``walks``): at 100,000 stored
# articles a word in 4,467 read its matches in 100 ms and walked in 210-310 ms, one in 9,741 in
# 190 and 95-150 ms
WALK_BALANCE = 50
WALK_FROM = 1_000  # matching articles below which a page always reads them (and counts)
WALKED = 200  # story list rows a walked page tests at a time
WALKS = 50  # batches of rows a page walks at most


def stored_feed(store: Store, base_url: str) -> str:
    """The Atom feed of story updates from the update log (at most ``KEEP_UPDATES`` records)
    and the newest story list rows: enough rows for ``FEED_ENTRIES`` stories that no logged
    update names, whatever the store's size (``exports.feed_entries``)."""
    updates = logged_updates(store.result_text(UPDATES_KIND))
    wanted = FEED_ENTRIES + len({u.story_id for u in updates})
    rows = [payload["row"] for payload in store.story_index_page("latest", None, wanted)]
    return atom_xml(feed_entries(updates, map(feed_story, rows)), base_url)


def feed_story(row: dict[str, Any]) -> FeedStory:
    """What a feed entry shows of a story, from its story list row."""
    return FeedStory(row["id"], row["title"], row["last"], row["articles"])


def rows_current(store: Store) -> bool:
    """Whether the story list rows are those of the store's current stories."""
    inputs = store.result(INPUTS_KIND)
    return inputs is not None and store.result(INDEX_INPUTS) == inputs


def run_halfway(store: Store) -> bool:
    """Whether a run is between its link stage and its story list rows: it has changed which
    story holds an article, but not yet those stories' rows (the link stage's pending
    changes are kept until the rows are written; a run killed halfway leaves them to the next)."""
    return bool(store.keyed(PENDING))


def stored_article(store: Store, article_id: str) -> tuple[Article, Story | None] | None:
    """The article with this id or unique id prefix and the current story holding it, read
    from the store (its record and ``story_of`` row); None when no article has it."""
    article = store.article(article_id) if article_id else None
    if article is None:
        return None
    story_id = stories_of(store, [article.id]).get(article.id)
    return article, store.story(story_id) if story_id else None


def article_version(store: Store, article_id: str) -> str:
    """The version of an article's page: the story holding it and that story's version (the
    page shows the story's title and links its findings), from their rows."""
    story_id = stories_of(store, [article_id]).get(article_id, "")
    row = store.story_index_payloads([story_id]).get(story_id) if story_id else None
    return content_id("article", article_id, story_id, row["version"] if row else "")


def stored_version(store: Store, path: str) -> str | None:
    """The version of a page kept per what it shows (an article page, as HTML or JSON), read
    from the rows; None for a page kept per the store files."""
    if path.startswith(("/articles/", "/api/articles/")):
        return article_version(store, path.rsplit("/", 1)[1])
    return None


def stories_of(store: Store, article_ids: Collection[str]) -> dict[str, str]:
    """Article id -> the id of the current story holding it, for those of ``article_ids``
    in a story (their ``story_of`` rows)."""
    held: dict[str, str] = store.keyed(STORY_OF, sorted(article_ids))
    return held


def article_filter(query: IndexQuery) -> ArticleFilter | None:
    """What a member article must have for its story to be listed (None: no filter)."""
    chosen = ArticleFilter(
        query.outlet, query.language, query.entity.casefold().strip(), query.date_from,
        query.date_to,
    )  # fmt: skip
    return chosen or None


def stored_page(store: Store, query: IndexQuery) -> IndexPage:
    """One page of the story list for ``query`` (no text search), read from the rows (which
    are current) by SQL: those of the stories with a member article that passes the article
    filters (their ``filter_values`` rows), the page and the JSON API's list; for filters so
    many articles pass that walking the list fills a page sooner (``walks``), the page of
    ``walked_page``, its stories not counted."""
    checked(query)
    chosen = article_filter(query)
    if chosen and _walkable(chosen) and walks(store, "", chosen, query.limit):
        walked = walked_page(store, "", query)
        if walked is not None:
            return walked
    after = parse_cursor(query.sort, query.after) if query.after else None
    payloads = store.story_index_page(
        query.sort, after, query.limit + 1, query.multi, chosen=chosen
    )
    rows = [listed_row(payload["row"]) for payload in payloads[: query.limit]]
    more = len(payloads) > query.limit
    return IndexPage(
        rows,
        store.story_index_count(query.multi, chosen),
        next_cursor(query.sort, rows[-1]) if more else None,
    )


def matching_articles(store: Store, q: str) -> list[str]:
    """Ids of the articles matching a full-text query (FTS5); plain words are retried as
    quoted terms, so a user can type "Kim's visit" without knowing FTS5 syntax."""
    return _searched(q, store.search, [])


def _searched(q: str, search: Callable[[str], Answer], nothing: Answer) -> Answer:
    """What ``search`` answers for the full-text query ``q``, or, when ``q`` is not FTS5
    syntax, for its words as quoted terms (``nothing`` when it has none)."""
    try:
        return search(q)
    except StoreError:
        terms = " ".join('"' + word.replace('"', "") + '"' for word in q.split())
        return search(terms) if terms else nothing


def matching_rows(store: Store, q: str, query: IndexQuery) -> list[dict[str, Any]]:
    """The story list rows of the stories with an article that matches the text search ``q``
    and passes the article filters (with ``query.multi``: of two or more independent
    sources), by story id: the stories found by SQL from the store's full-text index, the
    ``story_of`` rows of the matches and their ``filter_values`` rows, then their rows. What
    it reads grows with the matches, not with the store."""
    found = stories_matching(store, q, None, article_filter(query))
    rows = [p["row"] for p in store.story_index_payloads(sorted(found)).values()]
    return [row for row in rows if row["independent"] >= 2] if query.multi else rows


def stored_search_page(store: Store, q: str, query: IndexQuery) -> IndexPage:
    """One page of the stories ``matching_rows`` finds for the text search ``q`` and the
    article filters, in ``query.sort`` order, after ``query.after``, all counted; or, without
    article filters, when so many articles match that walking the list fills a page sooner
    (``walks``), the page of ``walked_page``, its stories not counted."""
    checked(query)
    if article_filter(query) is None and walks(store, q, None, query.limit):
        walked = walked_page(store, q, query)
        if walked is not None:
            return walked
    rows = matching_rows(store, q, query)
    keyed = sorted((sort_rank(query.sort, row), row["id"], row) for row in rows)
    after = parse_cursor(query.sort, query.after) if query.after else None
    shown = [row for rank, story_id, row in keyed if after is None or (rank, story_id) > after]
    page = [listed_row(row) for row in shown[: query.limit]]
    more = len(shown) > query.limit
    return IndexPage(page, len(rows), next_cursor(query.sort, page[-1]) if more else None)


def _walkable(chosen: ArticleFilter) -> bool:
    """Whether the list may be walked for these filters: only for an outlet or a language.
    A day range picks stories that lie together in the list's order (a walk from its newest
    end meets them late or never), and an entity is looked for among the facet's values in
    every batch (at 100,000 articles, ``entity=bu`` walked in 115 ms and is read in 16)."""
    return not (chosen.entity or chosen.date_from or chosen.date_to)


def walks(store: Store, q: str, chosen: ArticleFilter | None, limit: int) -> bool:
    """Whether the text search ``q`` (or, with none, the article filters ``chosen``) reads a
    page sooner by walking the list than by reading what it matches: reading costs in
    proportion to the matching articles M (the first filter's, for filters), walking to the
    rows walked to find a page, about ``limit`` x stories / M, so it walks when M x M >
    ``WALK_BALANCE`` x ``limit`` x stories, or when ``COUNTED`` articles or more match (they
    are counted no further)."""
    if q:
        matches = _searched(q, partial(store.search_count, limit=COUNTED), 0)
    else:
        matches = store.passing_count(chosen, COUNTED) if chosen else 0
    if matches >= COUNTED:
        return True
    if matches < WALK_FROM:
        return False  # so few are read in a few milliseconds, and then counted
    return matches * matches > WALK_BALANCE * (limit + 1) * store.story_index_count()


def stories_matching(
    store: Store, q: str, story_ids: Sequence[str] | None, chosen: ArticleFilter | None = None
) -> set[str]:
    """The stories (of ``story_ids``; None: of all) with an article that matches the text
    search ``q`` (when one is given) and passes the article filters ``chosen``."""
    if not q.strip():
        return store.stories_matching(None, story_ids, chosen)
    search = partial(store.stories_matching, story_ids=story_ids, chosen=chosen)
    return _searched(q, search, set[str]())


def walked_page(store: Store, q: str, query: IndexQuery) -> IndexPage | None:
    """One page of the stories with an article that matches the text search ``q`` (if any)
    and passes the article filters, found by walking the story list's rows in
    ``query.sort`` order from ``query.after``, ``WALKED`` rows at a time, each batch's stories
    asked of the store (``Store.stories_matching``) until the page is full: what it reads
    grows with the rows walked to fill the page, not with the matches. The stories are not
    counted. None when ``WALKS`` batches did not fill the page (the matches are then fewer
    than counting them said, and reading them is the sooner way)."""
    chosen = article_filter(query)
    after = parse_cursor(query.sort, query.after) if query.after else None
    shown: list[dict[str, Any]] = []
    for _ in range(WALKS):
        payloads = store.story_index_page(query.sort, after, WALKED, query.multi)
        rows = [p["row"] for p in payloads]
        found = stories_matching(store, q, [row["id"] for row in rows], chosen)
        shown += [listed_row(row) for row in rows if row["id"] in found]
        if len(shown) > query.limit or len(rows) < WALKED:
            break
        after = (sort_rank(query.sort, rows[-1]), rows[-1]["id"])
    else:
        return None
    page = shown[: query.limit]
    more = len(shown) > query.limit
    return IndexPage(page, None, next_cursor(query.sort, page[-1]) if more else None)


def stored_index(store: Store, query: IndexQuery, q: str = "") -> dict[str, Any]:
    """What the story list shows for ``query`` and the text search ``q`` (none: the rows
    paged and filtered by SQL), with the list's facets, total, version and saved searches."""
    return {
        "page": stored_search_page(store, q, query) if q.strip() else stored_page(store, query),
        "facets": {
            "outlets": sorted(store.facet_values("outlet")),
            "entities": sorted(store.facet_values("entity", ENTITY_FACETS)),
        },
        "languages": sorted(store.facet_values("language")),
        "total": store.story_index_count(),
        "version": stored_list_version(store),
        "saved": [search_json(search) for search in store.saved_searches()],
    }


def current_story_id(store: Store, story_id: str) -> str | None:
    """The current story an id names, as the snapshot's ``story_aliases`` and prefixes do: the
    story itself; for an id shown before a merge or a split, the story now holding the article
    it was named after (its ``story_ids`` row, ``storyline.link.identity``); else the one story
    whose id starts with it. None when it names no story, or several."""
    if not story_id:
        return None
    named = current_stories(store, [story_id])
    if story_id in named or store.keyed(STORY_IDS, [story_id]):
        return named.get(story_id)
    matches = store.story_index_ids(story_id, 2)
    return matches[0] if len(matches) == 1 else None


def current_stories(store: Store, story_ids: Collection[str]) -> dict[str, str]:
    """Story id -> the current story it names, for those of ``story_ids`` that name one: a
    current story itself; an id shown before a merge or a split, the story now holding the
    article it was named after (its ``story_ids`` row, as the snapshot's ``story_aliases``)."""
    ids = sorted(set(story_ids))
    named = {story_id: story_id for story_id in store.story_index_payloads(ids)}
    named.update(moved_stories(store, [s for s in ids if s not in named]))
    return named


def story_contents(store: Store, story: Story) -> Contents:
    """What a story's brief is built from, read for that story: its members, findings and
    timeline, the derivations between its members, its related stories and why any member's
    analyses were skipped."""
    members = _members(store, story)
    return Contents(
        articles=report_order(members),
        stories=(story, *_related(store, story)),
        results={story.id: story_results(store, story.id)},
        derivations=tuple(_derivations(store, story)),
        not_analysed=_not_analysed(store, members),
    )


def stored_brief(store: Store, story_id: str) -> Brief | None:
    """The brief of the current story with this exact id (the JSON API's story), read for
    that story; None when no current story has it."""
    story = store.story(story_id)
    if story is None:
        return None
    return build_brief(story_contents(store, story), story.id, include_removed=True)


def stored_story(store: Store, story_id: str) -> dict[str, Any] | None:
    """What a story page shows of the current story with this exact id, read from the store
    (whose rows are current); None when no current story has it."""
    story = store.story(story_id)
    if story is None:
        return None
    contents = story_contents(store, story)
    members = contents.members(story)
    by_id = {a.id: a for a in members}
    related = contents.stories[1:]
    brief = build_brief(contents, story.id, include_removed=True)
    mentions = store.analyses_of("mentions", list(by_id))
    counts = mentioned_entities(mentions.values())
    known = {s.id: s.entity() for s in store.registry_entities_of(sorted(counts))}
    return {
        "brief": brief,
        "first_article": story.article_ids[0],
        "others": _merge_choices(store, story),
        "version": story_version(story, contents.results[story.id], members),
        "entities": listed_entities(counts, known),
        "absent_outlets": silent_outlets(members, _members(store, *related)),
        "glance_conflicts": open_conflicts(contents.findings_of(story.id), by_id),
    }


def stored_entity(
    store: Store, entity_id: str, before: ArticleKey | None = None
) -> dict[str, Any] | None:
    """One page of an entity (``entity_pages.snapshot_page``), read from the store (whose rows
    are current) for that page: the entity's registry row; the articles that ask the registry
    about its spellings' names or a name filed under its names' tokens (``articles_naming``:
    those whose mentions can resolve to it, or whose quote's speaker ends with one of its
    names), newest first from ``before``, ``ENTITY_PAGE`` at a time, with their mentions and
    quotes, until the page's articles that mention or quote it are found; the entities that
    may speak under those names (to tell which one a speaker names, as ``speaker_entity``
    does over every entity); the stories holding the page's articles, their rows and
    findings. A page reads at most ``SCANNED_PAGES`` batches: past them it ends where they
    did. None when the registry has no entity with this id."""
    found = store.registry_entities_of([entity_id])
    if not found:
        return None
    entity = found[0].entity()
    spoken = {name_key(n) for n in (entity.name, *entity.aliases)} - {""}
    tokens = sorted(set().union(*(asked_tokens(n) | tail_tokens(n) for n in spoken)))
    spelled = store.registry_spellings_with_tokens(tokens) if tokens else []
    keys = {s.key for s in store.registry_spellings_of_entities([entity_id])}
    ends = tuple(f" {k}" for k in spoken)  # a longer name ending with one of its names
    keys |= {k for k in store.names_with_tokens(tokens) if k in spoken or k.endswith(ends)}
    may_speak = {s.entity_id for s in spelled if s.entity_id} | {entity_id}
    size = entity_pages.ENTITY_PAGE
    page: list[ArticleKey] = []
    mentioning: set[str] = set()
    said: list[tuple[str, Mapping[str, Any]]] = []
    batch: list[ArticleKey] = []
    for _ in range(SCANNED_PAGES):
        batch = store.latest_articles_naming(sorted(keys), before, size)
        mentioned, quoted = _entity_in(store, entity_id, [k.article_id for k in batch], may_speak)
        mentioning |= mentioned
        said += quoted
        theirs = mentioned | {a for a, _ in quoted}
        page += [k for k in batch if k.article_id in theirs]
        if len(batch) < size or len(page) > size:
            break
        before = batch[-1]
    shown, older = page_of(page, size)
    if older is None and len(batch) == size:
        older = page_cursor(batch[-1])  # the batches ran out before the page's articles did
    on_page = {k.article_id for k in shown}
    mentioning &= on_page
    said = [(a, quote) for a, quote in said if a in on_page]
    articles = {a.id: a for a in store.articles_with(sorted({a for a, _ in said}))}
    held = stories_of(store, [*mentioning, *articles])
    payloads = store.story_index_payloads(sorted({held[a] for a in mentioning if a in held}))
    rows = [listed_row(p["row"]) for p in payloads.values()]
    quotes = [quote_row(articles[a], quote, held.get(a)) for a, quote in said if a in articles]
    return {
        "entity": entity,
        "rows": latest_first(rows),
        "quotes": shown_quotes(quotes, store.findings),
        "older": older,
    }


def _entity_in(
    store: Store, entity_id: str, article_ids: list[str], may_speak: set[str]
) -> tuple[set[str], list[tuple[str, Mapping[str, Any]]]]:
    """Those of the articles that mention the entity, and the (article id, quote) of their
    quotes of it (``may_speak``: the entities besides those they mention that may speak under
    its names)."""
    mentions = store.analyses_of("mentions", article_ids)
    mentioning = {
        a for a, items in mentions.items() if any(m.get("entity_id") == entity_id for m in items)
    }
    speakers = {m["entity_id"] for items in mentions.values() for m in items if m.get("entity_id")}
    names = names_index(
        [e.entity() for e in store.registry_entities_of(sorted(speakers | may_speak))]
    )
    quotes = store.analyses_of("quotes", article_ids)
    said = [
        (a, quote) for who, a, quote in speakers_quotes(quotes, mentions, names) if who == entity_id
    ]
    return mentioning, said


def silent_outlets(here: list[Article], there: list[Article]) -> list[str]:
    """Outlets of ``there`` (related stories' articles) with no article ``here``."""
    return sorted(o for o in {a.outlet for a in there} - {a.outlet for a in here} if o)


def _members(store: Store, *stories: Story) -> list[Article]:
    """The stories' articles the store holds, in the stories' order."""
    ids = [a for story in stories for a in story.article_ids]
    by_id = {a.id: a for a in store.articles_with(ids)}
    return [by_id[a] for a in ids if a in by_id]


def _related(store: Store, story: Story) -> list[Story]:
    """The story's related stories that exist, in story order."""
    found = [s for sid in story.related_story_ids if (s := store.story(sid)) is not None]
    order = {s.id: at for at, s in enumerate(store.stories_with([s.article_ids[0] for s in found]))}
    return sorted(found, key=lambda s: order.get(s.id, len(order)))


def _derivations(store: Store, story: Story) -> list[Derivation]:
    inside = set(story.article_ids)
    edges = store.derivation_edges(story.article_ids)
    return [
        from_jsonable(Derivation, e.payload)
        for e in edges
        if e.kept and e.from_id in inside and e.to_id in inside
    ]


def _not_analysed(store: Store, members: list[Article]) -> dict[str, str]:
    """Article id -> why its analyses were skipped, for the members whose were."""
    from storyline.analyze.stage import SCOPE  # imported late, as storyline.report.contents does

    reasons = {}
    for article in members:
        payload = store.analysis(article.id, SCOPE.kind, SCOPE.version)
        if payload is not None and (reason := skip_reason(payload)):
            reasons[article.id] = reason
    return reasons


def _merge_choices(store: Store, story: Story) -> list[tuple[str, str]]:
    """``story_index.merge_choices`` from the rows: related stories, then neighbours."""
    own = store.story_index_payloads([story.id]).get(story.id)
    key = (sort_rank("latest", own["row"]), story.id) if own else None
    before = store.story_index_page("latest", key, MERGE_CHOICES, descending=True) if own else []
    after = store.story_index_page("latest", key, MERGE_CHOICES) if own else []
    related = store.story_index_payloads(story.related_story_ids)
    titles = {p["row"]["id"]: p["row"]["title"] for p in [*before, *after, *related.values()]}
    picks = merge_picks(
        story.id,
        [sid for sid in story.related_story_ids if sid in related],
        [p["row"]["id"] for p in before],
        [p["row"]["id"] for p in after],
    )
    return [(sid, titles[sid]) for sid in picks]
