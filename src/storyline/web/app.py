"""The web UI: ``create_app(store_path, token)``, server-rendered with Jinja2, no build step.

Pages: the story list (full-text search and filters), a story page (the brief, its timeline
chart and provenance graph, merge/split controls), an article page (highlighted entities,
dates, quotes and claims). A JSON API under /api (OpenAPI at /openapi.json), an Atom feed at
/feed.atom and server-sent events at /events; saved searches (storyline.web.searches) with a
feed each. Anything that writes needs the token.

In front of the routes (storyline.web.edge): the Host allow-list, body limits and the token
checked before a body is read, security headers on every answer; then the page cache
(storyline.web.cache). Live updates come from one producer (storyline.web.live).
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from storyline.errors import StorylineError
from storyline.report.render import compile_templates
from storyline.web import api, pages, search_feeds, searches
from storyline.web.actions import IngestWorker
from storyline.web.cache import PageCache
from storyline.web.edge import Edge
from storyline.web.live import LiveFeed
from storyline.web.security import allowed_hosts, error_status
from storyline.web.stored_pages import stored_version
from storyline.web.views import StoreViews

MAX_LISTENERS = 500  # open /events connections; each is a coroutine and a socket


def error_response(path: str, exc: StorylineError, status: int) -> Response:
    """One JSON shape under /api (``{"error": {"code", "message"}}``), the error page elsewhere."""
    if path.startswith("/api/"):
        return JSONResponse({"error": {"code": exc.code, "message": exc.message}}, status)
    return HTMLResponse(pages.error_page(exc, status), status_code=status)


def create_app(
    store_path: str | Path,
    token: str | None = None,
    *,
    host: str = "127.0.0.1",
    allowed_host: Iterable[str] = (),
    max_listeners: int = MAX_LISTENERS,
    warm_worker: bool = False,
) -> FastAPI:
    """The web app over the store at ``store_path``; ``token`` guards writes (a random one is
    made when None: read it from ``app.state.token`` to print it). Requests are answered only
    for the loopback names, ``host`` (the address bound) and ``allowed_host``. ``warm_worker``
    starts the upload worker and compiles the page templates with the server rather than at
    the first upload and the first page."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm_worker:
            app.state.ingest_worker.warm()
            await run_in_threadpool(compile_templates)
        yield
        await app.state.live.stop()
        app.state.ingest_worker.close()

    app = FastAPI(
        title="Storyline",
        version="1",
        docs_url=None,  # the Swagger and ReDoc pages load scripts from a CDN: not offline
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.token = token or secrets.token_urlsafe(18)
    views = StoreViews(Path(store_path))
    app.state.views = views
    app.state.ingest_worker = IngestWorker()
    app.state.live = LiveFeed(
        views, max_listeners, poll_seconds=lambda: getattr(app.state, "poll_seconds", 1.0)
    )
    static = Path(str(resources.files("storyline.report") / "static"))
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.exception_handler(StorylineError)
    async def storyline_error(request: Request, exc: StorylineError) -> Response:
        return error_response(request.url.path, exc, error_status(exc))

    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(searches.router)
    app.include_router(search_feeds.router)
    app.include_router(searches.api_router)
    app.add_middleware(PageCache, views=views, stored_version=stored_version)
    app.add_middleware(
        Edge,
        hosts=allowed_hosts(host, allowed_host),
        token=lambda: app.state.token,
        render_error=error_response,
    )
    return app
