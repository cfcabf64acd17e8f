"""The HTML pages, the Atom feed and the server-sent events of the web UI."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from storyline.errors import StoreError, StorylineError
from storyline.model import Article, Story
from storyline.report.exports import atom_feed
from storyline.report.highlight import Mark, marks_from_analyses, paragraphs
from storyline.report.render import charts, environment
from storyline.web import actions
from storyline.web.live import EventStream, LiveFeed, story_version
from storyline.web.security import NotFoundError, check_token, read_form, redirect
from storyline.web.views import (
    Snapshot,
    StoreViews,
    facets,
    filter_stories,
    finding_anchors,
    story_rows,
)

router = APIRouter(include_in_schema=False)
ANALYSIS_KINDS = ("mentions", "timexes", "quotes", "claims")


def _views(request: Request) -> StoreViews:
    return request.app.state.views


def _render(name: str, request: Request, **context: Any) -> HTMLResponse:
    context.setdefault("notice", request.query_params.get("notice", ""))
    context.setdefault("error", request.query_params.get("error", ""))
    return HTMLResponse(environment().get_template(name).render(**context))


def error_page(exc: StorylineError, status: int) -> str:
    """The page shown for an error: its code and one line saying what to do."""
    return (
        environment().get_template("error.html").render(status=status, exc=exc, notice="", error="")
    )


def ref_url(ref: Mapping[str, Any]) -> str:
    return f"/articles/{ref['article_id']}#{ref['anchor']}"


def article_url(article_id: str) -> str:
    return f"/articles/{article_id}"


def search_ids(views: StoreViews, query: str) -> set[str]:
    """Articles matching an FTS5 query; plain words are retried as quoted terms, so a user can
    type "Kim's visit" without knowing FTS5 syntax."""
    store = views.open()
    try:
        try:
            return set(store.search(query))
        except StoreError:
            terms = " ".join('"' + word.replace('"', "") + '"' for word in query.split())
            return set(store.search(terms)) if terms else set()
    finally:
        store.close()


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request,
    q: str = "",
    outlet: str = "",
    entity: str = "",
    date_from: str = "",
    date_to: str = "",
) -> HTMLResponse:
    """The story list, with full-text search and filters."""
    views = _views(request)
    snap = views.snapshot()
    matching = search_ids(views, q) if q.strip() else None
    chosen = filter_stories(snap, matching, outlet, entity, date_from, date_to)
    filtered = bool(q.strip() or outlet or entity or date_from or date_to)
    rows = story_rows(snap, chosen if filtered else None)
    form = {"q": q, "outlet": outlet, "entity": entity, "date_from": date_from, "date_to": date_to}
    return _render(
        "index.html", request, rows=rows, form=form, facets=facets(snap), filtered=filtered,
        total=len(snap.contents.stories),
    )  # fmt: skip


def _story(snap: Snapshot, story_id: str) -> Story:
    moved_to = snap.contents.story_aliases.get(story_id)  # an id shown before a merge
    matches = [s for s in snap.contents.stories if s.id.startswith(moved_to or story_id)]
    if len(matches) != 1 or not story_id:
        raise NotFoundError("story", story_id)
    return matches[0]


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> Response:
    """One story: the brief, the timeline chart, the provenance graph, merge/split controls."""
    snap = _views(request).snapshot()
    story = _story(snap, story_id)
    if story.id != story_id:
        return RedirectResponse(f"/stories/{story.id}", status_code=307)
    brief = snap.brief(story.id)
    others = [s for s in story_rows(snap) if s["id"] != story.id]
    return _render(
        "story.html", request, brief=brief, charts=charts(brief, ref_url, article_url),
        ref_url=ref_url, article_url=article_url, others=others,
        version=story_version(snap, story.id), first_article=story.article_ids[0],
    )  # fmt: skip


def _article_marks(views: StoreViews, snap: Snapshot, article: Article) -> list[Mark]:
    """Highlights for an article; quotes and claims link to the finding they belong to."""
    store = views.open()
    try:
        analyses = {kind: store.analysis(article.id, kind) for kind in ANALYSIS_KINDS}
    finally:
        store.close()
    story_id = snap.contents.story_of.get(article.id)
    anchors = finding_anchors(snap, story_id) if story_id else {}

    def reconciled_at(record_id: str, start: int, end: int) -> str | None:
        anchor = anchors.get(record_id)
        return f"/stories/{story_id}#{anchor}" if anchor else None

    return marks_from_analyses(analyses, reconciled_at)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> Response:
    """One article: cleaned text with highlighted entities, dates, quotes and claims."""
    views = _views(request)
    snap = views.snapshot()
    matches = [a for a in snap.contents.articles if a.id.startswith(article_id)]
    if len(matches) != 1 or not article_id:
        raise NotFoundError("article", article_id)
    article = matches[0]
    if article.id != article_id:
        return RedirectResponse(f"/articles/{article.id}", status_code=307)
    text = paragraphs(article.text, article.id, _article_marks(views, snap, article))
    story_id = snap.contents.story_of.get(article.id)
    story = snap.contents.story(story_id) if story_id else None
    return _render("article.html", request, article=article, text=text, story=story)


@router.get("/articles/{article_id}/story")
def article_story(request: Request, article_id: str) -> RedirectResponse:
    """The story an article belongs to now (stories get new ids as they change)."""
    snap = _views(request).snapshot()
    story_id = snap.contents.story_of.get(article_id)
    if not story_id:
        raise NotFoundError("article with a story", article_id)
    return RedirectResponse(f"/stories/{story_id}", status_code=303)


def _form_value(form: dict[str, list[str]], key: str) -> str:
    return (form.get(key) or [""])[0].strip()


@router.post("/stories/merge")
async def merge_form(request: Request) -> RedirectResponse:
    """Merge the story ``first`` with ``second`` (form fields, with ``reason`` and ``token``)."""
    form = await read_form(request)
    first = _form_value(form, "first")
    check_token(request, _form_value(form, "token"))
    try:
        story = await run_in_threadpool(
            actions.merge, _views(request), first, _form_value(form, "second"),
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
            actions.split, _views(request), story_id, chosen, _form_value(form, "reason")
        )
    except StorylineError as exc:
        return redirect(f"/stories/{story_id}", error=str(exc))
    return redirect(
        f"/stories/{story['id']}", notice=f"Split: {len(story['article_ids'])} articles"
    )


@router.get("/feed.atom")
def feed(request: Request) -> Response:
    """The Atom feed of story updates."""
    snap = _views(request).snapshot()
    base = str(request.base_url).rstrip("/")
    return Response(atom_feed(snap.contents, snap.updates, base), media_type="application/atom+xml")


@router.get("/events")
async def events(request: Request, article: str = "", version: str = "") -> EventStream:
    """Server-sent events for an open story page: one ``story`` event (with the URL to load)
    when the story holding ``article`` changes from ``version``; comments keep it alive.
    All listeners share one producer (storyline.web.live); past the cap the answer is 503."""
    feed: LiveFeed = request.app.state.live
    feed.claim()
    return EventStream(feed, article, version)
