"""The web edge: the write token, the Host allow-list, form bodies, redirects and the HTTP
status of each error (the errors themselves are in ``storyline.errors``)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from urllib.parse import parse_qs, quote

from fastapi import Request
from fastapi.responses import RedirectResponse

from storyline.errors import StoreError, StorylineError, TokenError

TOKEN_HEADER = "X-Storyline-Token"
# No inline script or style anywhere: the pages load /static/storyline.js and .css only.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# Sent with every response, errors and 500s included.
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode("latin-1")),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


STATUS_OF_CODE = {"E400": 400, "E401": 401, "E404": 404, "E413": 413, "E503": 503}


def error_status(exc: StorylineError) -> int:
    """The HTTP status of a Storyline error: by its code, else 503 for the store, else 400."""
    if exc.code in STATUS_OF_CODE:
        return STATUS_OF_CODE[exc.code]
    return 503 if isinstance(exc, StoreError) else 400


def token_matches(given: str, expected: str) -> bool:
    """Constant-time comparison of a presented token with the server's."""
    return secrets.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def check_token(request: Request, form_token: str = "") -> None:
    """Raise TokenError unless the request carries the server's token (header or form)."""
    given = request.headers.get(TOKEN_HEADER) or form_token or ""
    if not token_matches(given, request.app.state.token):
        raise TokenError(TOKEN_HEADER)


def allowed_hosts(bound: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """Host names answered: the loopback names, the address bound and any named on purpose."""
    names = {*LOCAL_HOSTS, bound.strip("[]"), *(h.strip("[]") for h in extra)}
    return frozenset(n.casefold() for n in names if n)


def host_name(header: str) -> str:
    """The name part of a Host header value: ``[::1]:8000`` -> ``::1``, ``a.b:80`` -> ``a.b``."""
    value = header.strip()
    if value.startswith("["):
        return value[1 : value.find("]")].casefold() if "]" in value else value.casefold()
    return value.rsplit(":", 1)[0].casefold() if value.count(":") == 1 else value.casefold()


async def read_form(request: Request) -> dict[str, list[str]]:
    """An urlencoded form body (read without a multipart dependency; its size is capped by the
    edge before a byte is read, see storyline.web.edge)."""
    body = (await request.body()).decode("utf-8", errors="replace")
    return parse_qs(body, keep_blank_values=True)


def redirect(url: str, notice: str = "", error: str = "") -> RedirectResponse:
    """A 303 to ``url`` (a path of this app) carrying a notice or an error to show there."""
    if notice or error:
        key, value = ("notice", notice) if notice else ("error", error)
        url += ("&" if "?" in url else "?") + f"{key}={quote(value)}"
    return RedirectResponse(url, status_code=303)
