"""The HTML pages, the Atom feed and the server-sent events of the web UI."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from typing import Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from storyline.errors import NotFoundError, StorylineError
from storyline.model import Article, Story
from storyline.report.brief import Ref
from storyline.report.exports import atom_feed
from storyline.report.highlight import Mark, marks_from_analyses, paragraphs
from storyline.report.render import charts, environment
from storyline.store.base import Store
from storyline.store.codec import ArticleKey
from storyline.web import actions
from storyline.web.cache import read_from_rows
from storyline.web.entity_pages import (
    entity_by_id,
    parse_page_cursor,
    snapshot_page,
    story_entities,
)
from storyline.web.live import EventStream, LiveFeed
from storyline.web.searches import saved_rows
from storyline.web.security import check_token, read_form, redirect
from storyline.web.snapshot_versions import index_version, story_version
from storyline.web.stored_pages import (
    article_version,
    current_story_id,
    matching_articles,
    rows_current,
    silent_outlets,
    stored_article,
    stored_entity,
    stored_feed,
    stored_index,
    stored_story,
    stories_of,
)
from storyline.web.story_glance import open_conflicts
from storyline.web.story_index import (
    DEFAULT_LIMIT,
    SORT_LABELS,
    IndexPage,
    IndexQuery,
    all_rows,
    index_page,
    languages,
    merge_choices,
)
from storyline.web.views import (
    Snapshot,
    StoreViews,
    facets,
    filter_stories,
    finding_anchors,
    views_of,
)

router = APIRouter(include_in_schema=False)
Answer = TypeVar("Answer")
ANALYSIS_KINDS = ("mentions", "timexes", "quotes", "claims")


def _render(name: str, request: Request, **context: Any) -> HTMLResponse:
    context.setdefault("notice", request.query_params.get("notice", ""))
    context.setdefault("error", request.query_params.get("error", ""))
    return HTMLResponse(environment().get_template(name).render(**context))


def error_page(exc: StorylineError, status: int) -> str:
    """The page shown for an error: its code and one line saying what to do."""
    return (
        environment().get_template("error.html").render(status=status, exc=exc, notice="", error="")
    )


def ref_url(ref: Ref) -> str:
    return f"/articles/{ref.article_id}#{ref.anchor}"


def article_url(article_id: str) -> str:
    return f"/articles/{article_id}"


def search_ids(views: StoreViews, query: str) -> set[str]:
    """Articles matching an FTS5 query (``stored_pages.matching_articles``)."""
    with closing(views.open()) as store:
        return set(matching_articles(store, query))


def chosen_stories(views: StoreViews, snap: Snapshot, q: str, query: IndexQuery) -> set[str] | None:
    """Ids of the stories with an article matching the text search and the article-level
    filters; None when neither is given (every story). The multi-source filter is not here."""
    article_filtered = bool(
        q.strip() or query.outlet or query.entity or query.language
        or query.date_from or query.date_to
    )  # fmt: skip
    if not article_filtered:
        return None
    matching = search_ids(views, q) if q.strip() else None
    return filter_stories(
        snap, matching, query.outlet, query.entity, query.date_from, query.date_to, query.language
    )


def stories_page(views: StoreViews, snap: Snapshot, q: str, query: IndexQuery) -> IndexPage:
    """One page of the story index for a text search and filters (the page and the API)."""
    return index_page(snap, query, chosen_stories(views, snap, q, query))


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request,
    q: str = "",
    outlet: str = "",
    entity: str = "",
    date_from: str = "",
    date_to: str = "",
    lang: str = "",
    multi: bool = False,
    sort: str = "latest",
    after: str = "",
    limit: int = DEFAULT_LIMIT,
) -> HTMLResponse:
    """The story list: sorted (latest activity first by default), filtered and paged."""
    views = views_of(request)
    query = IndexQuery(sort, after, limit, outlet, entity, lang, multi, date_from, date_to)
    shown = _stored_index(request, q, query) or _snapshot_index(views, q, query)
    form = {
        "q": q, "outlet": outlet, "entity": entity, "date_from": date_from, "date_to": date_to,
        "lang": lang, "multi": multi, "sort": sort, "limit": limit,
    }  # fmt: skip
    kept = {k: v for k, v in form.items() if v and not (k == "limit" and v == DEFAULT_LIMIT)}
    page: IndexPage = shown.pop("page")
    next_url = "/?" + urlencode({**kept, "after": page.next_after}) if page.next_after else None
    first_url = "/?" + urlencode(kept) if after else None
    return _render(
        "index.html", request, rows=page.rows, form=form, sorts=SORT_LABELS,
        filtered=bool(q.strip() or query.filtered), matched=page.matched, next_url=next_url,
        first_url=first_url, **shown,
    )  # fmt: skip


def from_rows(request: Request, read: Callable[[Store], Answer]) -> Answer | None:
    """What ``read`` answers from the store when its story list rows are current (the answer
    then reads rows only: ``cache.read_from_rows``); None when they are not (the snapshot
    answers)."""
    with closing(views_of(request).open()) as store:
        if not rows_current(store):
            return None
        read_from_rows(request)
        return read(store)


def _stored_index(request: Request, q: str, query: IndexQuery) -> dict[str, Any] | None:
    """The story list read from the store's rows when they are current
    (storyline.web.stored_pages); else None."""
    return from_rows(request, lambda store: stored_index(store, query, q))


def _snapshot_index(views: StoreViews, q: str, query: IndexQuery) -> dict[str, Any]:
    snap = views.snapshot()
    return {
        "page": stories_page(views, snap, q, query), "facets": facets(snap),
        "languages": languages(snap), "total": len(snap.contents.stories),
        "version": index_version(snap), "saved": saved_rows(views, snap),
    }  # fmt: skip


def _story(snap: Snapshot, story_id: str) -> Story:
    moved_to = snap.contents.story_aliases.get(story_id)  # an id shown before a merge
    matches = [s for s in snap.contents.stories if s.id.startswith(moved_to or story_id)]
    if len(matches) != 1 or not story_id:
        raise NotFoundError("story", story_id)
    return matches[0]


def absent_outlets(snap: Snapshot, story: Story) -> list[str]:
    """Outlets that cover a related story but not this one: who is silent on it."""
    related = [snap.contents.story(s) for s in story.related_story_ids if s in all_rows(snap)]
    there = [a for r in related for a in snap.contents.members(r)]
    return silent_outlets(snap.contents.members(story), there)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> Response:
    """One story: the brief, the timeline chart, the provenance graph, merge/split controls."""
    shown = _stored_story(request, story_id)
    if shown is None:
        shown = _snapshot_story(views_of(request), story_id)
    if isinstance(shown, Response):
        return shown
    brief = shown["brief"]
    return _render(
        "story.html", request, charts=charts(brief, ref_url, article_url), ref_url=ref_url,
        article_url=article_url, desk=True, **shown,
    )  # fmt: skip


def _stored_story(request: Request, story_id: str) -> dict[str, Any] | Response | None:
    """A story page read from the store, or the redirect of an id given by prefix or shown
    before a merge to its story's page (None: the rows are not current, the snapshot
    answers)."""

    def read(store: Store) -> dict[str, Any] | Response | None:
        current = current_story_id(store, story_id)
        if current is None:
            raise NotFoundError("story", story_id)
        if current != story_id:
            return RedirectResponse(f"/stories/{current}", status_code=307)
        return stored_story(store, story_id)

    return from_rows(request, read)


def _snapshot_story(views: StoreViews, story_id: str) -> dict[str, Any] | Response:
    snap = views.snapshot()
    story = _story(snap, story_id)
    if story.id != story_id:
        return RedirectResponse(f"/stories/{story.id}", status_code=307)
    return {
        "brief": snap.brief(story.id),
        "first_article": story.article_ids[0],
        "others": merge_choices(snap, story),  # in the page's version (web.page_versions)
        "version": story_version(snap, story.id),
        "entities": story_entities(snap, story.id),
        "absent_outlets": absent_outlets(snap, story),
        "glance_conflicts": open_conflicts(snap.contents.findings_of(story.id), snap.articles),
    }


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str, before: str = "") -> HTMLResponse:
    """One canonical entity: its aliases, and a page of its articles (``before``: the cursor
    of the page; entity_pages.ENTITY_PAGE articles, newest first): the stories of those that
    mention it and their quotes of it (read from the store for that page when its rows are
    current: ``stored_entity``)."""
    after = parse_page_cursor(before)

    def read(store: Store) -> dict[str, Any]:
        found = stored_entity(store, entity_id, after)
        if found is None:
            raise NotFoundError("entity", entity_id)
        return found

    shown = from_rows(request, read)
    if shown is None:
        shown = _snapshot_entity(views_of(request), entity_id, after)
    older = shown.pop("older")
    return _render(
        "entity.html", request, **shown, first_url=request.url.path if before else None,
        older_url=f"{request.url.path}?{urlencode({'before': older})}" if older else None,
    )  # fmt: skip


def _snapshot_entity(
    views: StoreViews, entity_id: str, before: ArticleKey | None
) -> dict[str, Any]:
    snap = views.snapshot()
    entity = entity_by_id(snap).get(entity_id)
    if entity is None:
        raise NotFoundError("entity", entity_id)
    return {"entity": entity, **snapshot_page(views, snap, entity_id, before)}


def _article_marks(store: Store, article: Article, story_id: str | None) -> list[Mark]:
    """Highlights for an article; quotes and claims link to the finding they belong to."""
    analyses = {kind: store.analysis(article.id, kind) for kind in ANALYSIS_KINDS}
    anchors = finding_anchors(store.findings(story_id)) if story_id else {}

    def reconciled_at(record_id: str, start: int, end: int) -> str | None:
        anchor = anchors.get(record_id)
        return f"/stories/{story_id}#{anchor}" if anchor else None

    return marks_from_analyses(analyses, reconciled_at)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> Response:
    """One article: cleaned text with highlighted entities, dates, quotes and claims (read
    from the store: the article, its analyses, the story holding it and its findings)."""
    with closing(views_of(request).open()) as store:
        found = stored_article(store, article_id)
        if found is None:
            raise NotFoundError("article", article_id)
        article, story = found
        if article.id != article_id:
            return RedirectResponse(f"/articles/{article.id}", status_code=307)
        read_from_rows(request, article_version(store, article.id))
        marks = _article_marks(store, article, story.id if story else None)
    text = paragraphs(article.text, article.id, marks)
    return _render("article.html", request, article=article, text=text, story=story)


@router.get("/articles/{article_id}/story")
def article_story(request: Request, article_id: str) -> RedirectResponse:
    """The story an article belongs to now (stories get new ids as they change)."""
    with closing(views_of(request).open()) as store:
        story_id = stories_of(store, [article_id]).get(article_id)
    if not story_id:
        raise NotFoundError("article with a story", article_id)
    return RedirectResponse(f"/stories/{story_id}", status_code=303)


def _form_value(form: dict[str, list[str]], key: str) -> str:
    return (form.get(key) or [""])[0].strip()


@router.post("/stories/merge")
async def merge_form(request: Request) -> RedirectResponse:
    """Merge the story ``first`` with ``second`` (or ``second_id``, typed: any story's id or
    its prefix, which wins over the list's choice; form fields, with ``reason`` and ``token``)."""
    form = await read_form(request)
    first = _form_value(form, "first")
    check_token(request, _form_value(form, "token"))
    try:
        story = await run_in_threadpool(
            actions.merge, views_of(request), first,
            _form_value(form, "second_id") or _form_value(form, "second"),
            _form_value(form, "reason"),
        )  # fmt: skip
    except StorylineError as exc:
        return redirect(f"/stories/{first}", error=str(exc))
    return redirect(
        f"/stories/{story['id']}", notice=f"Merged: {len(story['article_ids'])} articles"
    )


@router.post("/stories/{story_id}/split")
async def split_form(request: Request, story_id: str) -> RedirectResponse:
    """Move the checked ``article`` fields of a story into a new story."""
    form = await read_form(request)
    check_token(request, _form_value(form, "token"))
    chosen = [a for a in form.get("article", []) if a.strip()]
    try:
        story = await run_in_threadpool(
            actions.split, views_of(request), story_id, chosen, _form_value(form, "reason")
        )
    except StorylineError as exc:
        return redirect(f"/stories/{story_id}", error=str(exc))
    return redirect(
        f"/stories/{story['id']}", notice=f"Split: {len(story['article_ids'])} articles"
    )


@router.get("/feed.atom")
def feed(request: Request) -> Response:
    """The Atom feed of story updates, from the store's rows when they are current."""
    base = str(request.base_url).rstrip("/")
    stored = from_rows(request, lambda store: stored_feed(store, base))
    if stored is None:
        snap = views_of(request).snapshot()
        stored = atom_feed(snap.contents, snap.updates, base)
    return Response(stored, media_type="application/atom+xml")


@router.get("/events")
async def events(
    request: Request, article: str = "", version: str = "", index: bool = False
) -> EventStream:
    """Server-sent events for an open story page: one ``story`` event (with the URL to load)
    when the story holding ``article`` changes from ``version``; with ``index``, one ``index``
    event when the story list changes from ``version``; comments keep it alive.
    All listeners share one producer (storyline.web.live); past the cap the answer is 503."""
    feed: LiveFeed = request.app.state.live
    feed.claim("" if index else article)
    return EventStream(feed, article, version, index)
