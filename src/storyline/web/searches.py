"""Saved searches: a query of the story index (text and filters) kept in the store, listed on
the index, each with its own Atom feed of the updates of the stories it matches
(storyline.web.search_feeds).

Saving and deleting need the token, like every write: a form field on the pages (which is also
what keeps another site from posting these forms: it cannot know the token), the
``X-Storyline-Token`` header on the JSON API. A saved search's id is a hash of what it asks
(``SavedSearch.id``), so saving the same question twice keeps one.
"""

from __future__ import annotations

from contextlib import closing
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from storyline.errors import NotFoundError, StorylineError, UsageError
from storyline.model import SavedSearch
from storyline.web import actions
from storyline.web.cache import read_from_rows
from storyline.web.security import check_token, read_form, redirect
from storyline.web.views import Snapshot, StoreViews, saved_searches, views_of

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api", tags=["api"])

MAX_NAME = 120  # characters of a saved search's name
MAX_VALUE = 500  # characters of its text query and of each filter
TRUE_VALUES = ("true", "on", "1")  # how a checked box or a query flag arrives


class SavedSearchRequest(BaseModel):
    """A search to keep: the index's parameters (``q``, ``lang``...) and a name."""

    name: str = Field(description="What the analyst calls it (at most 120 characters)")
    q: str = Field("", description="Full-text query, as in the index's search box")
    outlet: str = ""
    entity: str = ""
    lang: str = ""
    multi: bool = Field(False, description="Only stories with two or more independent sources")
    date_from: str = Field("", description="ISO date, inclusive")
    date_to: str = Field("", description="ISO date, inclusive")


def _iso_day(field: str, value: str) -> str:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{field} must be a date like 2025-03-04; got {value[:40]!r}") from None
    return value


def saved_search(request: SavedSearchRequest) -> SavedSearch:
    """The record of a search to keep, checked: a name, at least one criterion, dates that are
    dates, nothing over its length limit."""
    name = " ".join(request.name.split())
    if not name or len(name) > MAX_NAME:
        raise UsageError(f"a saved search needs a name of 1 to {MAX_NAME} characters")
    values = {
        "query": request.q.strip(), "outlet": request.outlet.strip(),
        "entity": request.entity.strip(), "language": request.lang.strip(),
        "date_from": request.date_from.strip(), "date_to": request.date_to.strip(),
    }  # fmt: skip
    for field, value in values.items():
        if len(value) > MAX_VALUE:
            raise UsageError(f"{field} must be at most {MAX_VALUE} characters; got {len(value)}")
    if not (request.multi or any(values.values())):
        raise UsageError("a saved search needs a text query or a filter; got neither")
    for field in ("date_from", "date_to"):
        if values[field]:
            _iso_day(field, values[field])
    return SavedSearch(name=name, multi=request.multi, **values)


def index_params(search: SavedSearch) -> dict[str, str]:
    """The index's query parameters that run this search."""
    params = {
        "q": search.query, "outlet": search.outlet, "entity": search.entity,
        "lang": search.language, "multi": "true" if search.multi else "",
        "date_from": search.date_from, "date_to": search.date_to,
    }  # fmt: skip
    return {key: value for key, value in params.items() if value}


def feed_path(search: SavedSearch) -> str:
    return f"/searches/{search.id}/feed.atom"


def search_json(search: SavedSearch) -> dict[str, Any]:
    """A saved search as the API and the index show it."""
    return {
        "id": search.id,
        "name": search.name,
        **index_params(search),
        "index_url": "/?" + urlencode(index_params(search)),
        "feed_url": feed_path(search),
    }


def saved_rows(views: StoreViews, snap: Snapshot) -> list[dict[str, Any]]:
    """The saved searches listed on the index."""
    return [search_json(search) for search in saved_searches(views, snap)]


def stored_searches(views: StoreViews) -> list[SavedSearch]:
    """The saved searches, read from the store (a few rows: no snapshot is built for them)."""
    with closing(views.open()) as store:
        return store.saved_searches()


def search_by_id(views: StoreViews, search_id: str) -> SavedSearch:
    for search in stored_searches(views):
        if search.id == search_id:
            return search
    raise NotFoundError("saved search", search_id)


def save(views: StoreViews, search: SavedSearch) -> bool:
    """Keep the search; False when the same question is kept already."""
    return actions.write(views, lambda store: store.add_saved_search(search))


def delete(views: StoreViews, search_id: str) -> bool:
    """Forget the saved search; False when none has this id."""
    return actions.write(views, lambda store: store.delete_saved_search(search_id))


# -- the pages' forms ---------------------------------------------------------------------------


def _field(form: dict[str, list[str]], key: str) -> str:
    return (form.get(key) or [""])[0]


@router.post("/searches")
async def save_form(request: Request) -> RedirectResponse:
    """Save the index's current search (form fields ``name``, the index's filters, ``token``)."""
    form = await read_form(request)
    check_token(request, _field(form, "token").strip())
    fields = {k: _field(form, k) for k in SavedSearchRequest.model_fields if k != "multi"}
    try:
        search = saved_search(
            SavedSearchRequest(**fields, multi=_field(form, "multi").lower() in TRUE_VALUES)
        )
        created = await run_in_threadpool(save, views_of(request), search)
    except StorylineError as exc:
        return redirect("/", error=str(exc))
    said = "Saved search" if created else "Already saved"
    return redirect("/?" + urlencode(index_params(search)), notice=f"{said}: {search.name}")


@router.post("/searches/delete")
async def delete_form(request: Request) -> RedirectResponse:
    """Delete the saved search ``id`` (form fields ``id`` and ``token``)."""
    form = await read_form(request)
    check_token(request, _field(form, "token").strip())
    views = views_of(request)
    try:
        search = await run_in_threadpool(search_by_id, views, _field(form, "id").strip())
        await run_in_threadpool(delete, views, search.id)
    except StorylineError as exc:
        return redirect("/", error=str(exc))
    return redirect("/", notice=f"Deleted saved search: {search.name}")


# -- the JSON API -------------------------------------------------------------------------------

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": 'Bad request: {"error": {"code", "message"}}'},
    401: {"description": "The token is missing or wrong"},
    404: {"description": "No such saved search"},
}


@api_router.get("/searches", responses=ERRORS)
def list_searches(request: Request) -> list[dict[str, Any]]:
    """The saved searches (id, name, their index parameters, index_url and feed_url), by name."""
    read_from_rows(request)
    return [search_json(search) for search in stored_searches(views_of(request))]


@api_router.post("/searches", responses=ERRORS, status_code=201)
async def create_search(request: Request, body: SavedSearchRequest) -> dict[str, Any]:
    """Save a search (needs the token in the X-Storyline-Token header); ``created`` is false
    when the same search was saved already."""
    check_token(request)
    search = saved_search(body)
    created = await run_in_threadpool(save, views_of(request), search)
    return {**search_json(search), "created": created}


@api_router.delete("/searches/{search_id}", responses=ERRORS)
async def delete_search(request: Request, search_id: str) -> dict[str, Any]:
    """Delete a saved search (needs the token)."""
    check_token(request)
    views = views_of(request)
    search = await run_in_threadpool(search_by_id, views, search_id)
    await run_in_threadpool(delete, views, search.id)
    return {"deleted": search.id, "name": search.name}
