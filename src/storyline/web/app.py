"""The web UI: ``create_app(store_path, token)``, server-rendered with Jinja2, no build step.

Pages: the story list (full-text search and filters), a story page (the brief, its timeline
chart and provenance graph, merge/split controls), an article page (highlighted entities,
dates, quotes and claims). A JSON API under /api (OpenAPI at /openapi.json), an Atom feed at
/feed.atom and server-sent events at /events. Anything that writes needs the token.
"""

from __future__ import annotations

import secrets
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from storyline.errors import StoreError, StorylineError
from storyline.web import api, pages
from storyline.web.security import CSP, NotFoundError, TokenError
from storyline.web.views import StoreViews


def error_status(exc: StorylineError) -> int:
    """The HTTP status of a Storyline error."""
    if isinstance(exc, TokenError):
        return 401
    if isinstance(exc, NotFoundError):
        return 404
    if exc.code == "E413":
        return 413
    return 503 if isinstance(exc, StoreError) else 400


def create_app(store_path: str | Path, token: str | None = None) -> FastAPI:
    """The web app over the store at ``store_path``; ``token`` guards writes (a random one is
    made when None: read it from ``app.state.token`` to print it)."""
    app = FastAPI(
        title="Storyline",
        version="1",
        docs_url=None,  # the Swagger and ReDoc pages load scripts from a CDN: not offline
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.token = token or secrets.token_urlsafe(18)
    app.state.views = StoreViews(Path(store_path))
    static = Path(str(resources.files("storyline.report") / "static"))
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(StorylineError)
    async def storyline_error(request: Request, exc: StorylineError) -> Response:
        status = error_status(exc)
        if request.url.path.startswith("/api/"):
            return JSONResponse(
                {"error": {"code": exc.code, "message": exc.message}}, status_code=status
            )
        return HTMLResponse(pages.error_page(exc, status), status_code=status)

    app.include_router(pages.router)
    app.include_router(api.router)
    return app
