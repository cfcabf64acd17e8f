"""The JSON API (documented at /openapi.json). Errors have one shape:
``{"error": {"code": "E...", "message": "..."}}``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from storyline.errors import NotFoundError
from storyline.report.json_report import article_json, brief_json, stored_report_chunks
from storyline.store.base import Store
from storyline.web import actions
from storyline.web.cache import read_from_rows
from storyline.web.pages import from_rows, stories_page
from storyline.web.security import check_token
from storyline.web.stored_pages import (
    article_version,
    current_story_id,
    rows_current,
    stored_article,
    stored_brief,
    stored_page,
    stored_search_page,
)
from storyline.web.story_index import DEFAULT_LIMIT, IndexPage, IndexQuery
from storyline.web.views import views_of

router = APIRouter(prefix="/api", tags=["api"])
JSON = "application/json"
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": 'Bad request: {"error": {"code", "message"}}'},
    401: {"description": "The token is missing or wrong"},
    404: {"description": "No such story or article"},
    413: {"description": "The body is over the route's limit"},
}


class MergeRequest(BaseModel):
    first: str = Field(description="A story id or unique prefix")
    second: str = Field(description="Another story id or unique prefix")
    reason: str = Field(description="Why: kept in the decision log")


class SplitRequest(BaseModel):
    article_ids: list[str] = Field(description="Articles (ids or prefixes) to move out")
    reason: str = Field(description="Why: kept in the decision log")


@router.get("/stories", responses=ERRORS)
def list_stories(
    request: Request,
    response: Response,
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
) -> list[dict[str, Any]]:
    """Stories (id, title, articles, independent sources, outlets, languages, first and last
    date), filtered, sorted and paged like the UI: ``sort`` is latest (default), sources, size
    or first; when more stories follow, the ``X-Next-After`` header holds the ``after`` cursor
    of the next page and ``Link`` its URL (rel="next"). ``X-Total-Count`` holds how many
    stories match, except for a search or an outlet or language filter that so many articles
    match that its pages are found by walking the list (``stored_pages.walks``)."""
    views = views_of(request)
    query = IndexQuery(sort, after, limit, outlet, entity, lang, multi, date_from, date_to)
    page = _stored_page(request, q, query) or stories_page(views, views.snapshot(), q, query)
    if page.matched is not None:  # a text search matching many articles counts no stories
        response.headers["X-Total-Count"] = str(page.matched)
    if page.next_after:
        params = {**request.query_params, "after": page.next_after}
        response.headers["X-Next-After"] = page.next_after
        response.headers["Link"] = f'</api/stories?{urlencode(params)}>; rel="next"'
    return page.rows


def _stored_page(request: Request, q: str, query: IndexQuery) -> IndexPage | None:
    """The list read from the store's rows when they are current (storyline.web.pages)."""
    return from_rows(
        request,
        lambda store: (
            stored_search_page(store, q, query) if q.strip() else stored_page(store, query)
        ),
    )


@router.get("/stories/{story_id}", responses=ERRORS)
def get_story(request: Request, story_id: str) -> Any:
    """The brief of one story (see storyline.report.brief.build_brief); an id shown before a
    merge or given by prefix is redirected (308) to its story's."""
    with closing(views_of(request).open()) as store:
        if rows_current(store):
            read_from_rows(request)
            current = current_story_id(store, story_id)
            if current is None:
                raise NotFoundError("story", story_id)
            if current != story_id:
                return RedirectResponse(f"/api/stories/{current}", status_code=308)
            brief = stored_brief(store, story_id)
            if brief is not None:
                return brief_json(brief)
    snap = views_of(request).snapshot()
    if not any(s.id == story_id for s in snap.contents.stories):
        moved_to = snap.contents.story_aliases.get(story_id)  # an id shown before a merge
        if moved_to is None:
            raise NotFoundError("story", story_id)
        return RedirectResponse(f"/api/stories/{moved_to}", status_code=308)
    return brief_json(snap.brief(story_id))


@router.get("/articles/{article_id}", responses=ERRORS)
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    """One article as the JSON report shows it."""
    with closing(views_of(request).open()) as store:
        found = stored_article(store, article_id)
        if found is None or found[0].id != article_id:
            raise NotFoundError("article", article_id)
        read_from_rows(request, article_version(store, article_id))
    article, story = found
    return article_json(article, story.id if story else None)


@router.get("/report", response_class=StreamingResponse)
def get_report(request: Request) -> StreamingResponse:
    """The whole JSON report (schema: storyline/schema/report.schema.json), streamed as it is
    read from the store: articles a batch at a time, findings a story at a time."""
    return StreamingResponse(_report_pieces(views_of(request).open()), media_type=JSON)


def _report_pieces(store: Store) -> Iterator[str]:
    """The report's text from ``store`` (one state of it: ``stored_report_chunks``), closed
    when the report is written or abandoned."""
    try:
        yield from stored_report_chunks(store, indent=None)
    finally:
        store.close()


@router.post("/stories/merge", responses=ERRORS)
async def merge_stories(request: Request, body: MergeRequest) -> dict[str, Any]:
    """Merge two stories (needs the token in the X-Storyline-Token header)."""
    check_token(request)
    return await run_in_threadpool(
        actions.merge, views_of(request), body.first, body.second, body.reason
    )


@router.post("/stories/{story_id}/split", responses=ERRORS)
async def split_story(request: Request, story_id: str, body: SplitRequest) -> dict[str, Any]:
    """Move articles of a story into a new story (needs the token)."""
    check_token(request)
    return await run_in_threadpool(
        actions.split, views_of(request), story_id, body.article_ids, body.reason
    )


@router.post("/upload", responses=ERRORS, status_code=202)
async def upload(
    request: Request, response: Response, name: str = "upload.jsonl"
) -> dict[str, Any]:
    """Keep the request body as a file called ``name`` (.txt, .html, .jsonl, .xml, .warc ...;
    needs the token; at most 20 MiB) and queue it for ingestion: the answer (202) comes at once
    and its ``Location`` header, ``/api/uploads/NAME``, tells what was added, what was already
    there and what was rejected once the upload is read."""
    check_token(request)
    views = views_of(request)
    kept = await actions.keep_upload(views.path.parent / "uploads", name, request.stream())
    response.headers["Location"] = f"/api/uploads/{kept.name}"
    return _ingest_worker(request).submit(views, kept)


def _ingest_worker(request: Request) -> actions.IngestWorker:
    worker: actions.IngestWorker = request.app.state.ingest_worker
    return worker


@router.get("/uploads/{name}", responses=ERRORS)
def upload_status(request: Request, name: str) -> dict[str, Any]:
    """The outcome of an upload (``status``: pending, done or failed; when done, ``added``,
    ``already_present``, ``rejected`` and ``stories``). Needs the token."""
    check_token(request)
    outcome = _ingest_worker(request).status(name)
    if outcome is None:
        raise NotFoundError("upload", name)
    return outcome
