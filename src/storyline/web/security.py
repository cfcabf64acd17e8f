"""The web edge: the write token, form bodies, redirects and the errors pages turn into."""

from __future__ import annotations

import secrets
from urllib.parse import parse_qs, quote

from fastapi import Request
from fastapi.responses import RedirectResponse

from storyline.errors import StorylineError

TOKEN_HEADER = "X-Storyline-Token"
# No inline script or style anywhere: the pages load /static/storyline.js and .css only.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class TokenError(StorylineError):
    """A write was attempted without the token printed when the server started."""

    def __init__(self) -> None:
        super().__init__(
            "E401", f"this action needs the token printed at start (form field or {TOKEN_HEADER})"
        )


class NotFoundError(StorylineError):
    """A page or API call named a story or article the store does not have."""

    def __init__(self, kind: str, given: str) -> None:
        super().__init__("E404", f"no {kind} has id {given!r}; the story list links to them all")


def check_token(request: Request, form_token: str = "") -> None:
    """Raise TokenError unless the request carries the server's token (header or form)."""
    given = request.headers.get(TOKEN_HEADER) or form_token or ""
    expected: str = request.app.state.token
    if not secrets.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise TokenError()


async def read_form(request: Request) -> dict[str, list[str]]:
    """An urlencoded form body (read without a multipart dependency)."""
    body = (await request.body()).decode("utf-8", errors="replace")
    return parse_qs(body, keep_blank_values=True)


def redirect(url: str, notice: str = "", error: str = "") -> RedirectResponse:
    """A 303 to ``url`` (a path of this app) carrying a notice or an error to show there."""
    if notice or error:
        key, value = ("notice", notice) if notice else ("error", error)
        url += ("&" if "?" in url else "?") + f"{key}={quote(value)}"
    return RedirectResponse(url, status_code=303)
