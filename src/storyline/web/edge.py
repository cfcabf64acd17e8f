"""The ASGI layer in front of every route: Host allow-list, body limits checked before a byte
of the body is read, security headers on every response (500s included).

It works on the raw ``receive`` channel, so nothing downstream (FastAPI's body parsing, a form
read, an upload stream) can read more than its route allows:

- a request whose Host is not one the server was started as gets 400 (DNS rebinding);
- a write to a route that needs the token in its header gets 401 before its body is read when
  the header is missing or wrong; form routes, whose token may be a form field, accept at most
  ``FORM_LIMIT`` bytes before the token is known;
- a declared Content-Length over the route's cap gets 413 (401 when no token came with it), and
  a chunked body is counted as it streams and cut at the cap.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import Response

from storyline.errors import BodyTooLarge, HostError, InternalError, StorylineError, TokenError
from storyline.web.security import (
    SECURITY_HEADERS,
    TOKEN_HEADER,
    error_status,
    host_name,
    token_matches,
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
# (path of the failing request, the error, its status) -> the response to send
ErrorRenderer = Callable[[str, StorylineError, int], Response]

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the same limit as a file given to `storyline analyze`
JSON_LIMIT = 64 * 1024  # a merge or split request is a few hundred bytes
FORM_LIMIT = 16 * 1024  # read before the token in a form field is known
DEFAULT_LIMIT = 64 * 1024  # anything else (routes that read no body at all)
HEADER_TOKEN, FORM_TOKEN, NO_TOKEN = "header", "form", "none"


@dataclass(frozen=True)
class BodyRule:
    """How much body a route takes and where its token comes from."""

    limit: int
    token: str  # HEADER_TOKEN, FORM_TOKEN (header or form field) or NO_TOKEN


RULES: tuple[tuple[str, re.Pattern[str], BodyRule], ...] = (
    ("POST", re.compile(r"/api/upload"), BodyRule(MAX_UPLOAD_BYTES, HEADER_TOKEN)),
    ("POST", re.compile(r"/api/stories/(merge|[^/]+/split)"), BodyRule(JSON_LIMIT, HEADER_TOKEN)),
    ("POST", re.compile(r"/stories/(merge|[^/]+/split)"), BodyRule(FORM_LIMIT, FORM_TOKEN)),
    ("POST", re.compile(r"/api/searches"), BodyRule(JSON_LIMIT, HEADER_TOKEN)),
    ("DELETE", re.compile(r"/api/searches/[^/]+"), BodyRule(JSON_LIMIT, HEADER_TOKEN)),
    ("POST", re.compile(r"/searches(/delete)?"), BodyRule(FORM_LIMIT, FORM_TOKEN)),
)


def body_rule(method: str, path: str) -> BodyRule:
    """The rule of the route at ``path`` (routes that write have their own)."""
    for rule_method, pattern, rule in RULES:
        if method == rule_method and pattern.fullmatch(path):
            return rule
    return BodyRule(DEFAULT_LIMIT, NO_TOKEN)


def admit_body(rule: BodyRule, headers: Headers, token: str) -> int:
    """The number of body bytes this request may send; raises TokenError or BodyTooLarge when
    it must be refused before its body is read."""
    given = headers.get(TOKEN_HEADER)
    if given is not None and not token_matches(given, token):
        raise TokenError(TOKEN_HEADER)
    if given is None and rule.token == HEADER_TOKEN:
        raise TokenError(TOKEN_HEADER)
    limit = rule.limit
    declared = headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise BodyTooLarge(limit)
        if int(declared) > limit:
            # Without a token nobody gets to make the server read that much to look for one.
            raise (
                BodyTooLarge(limit, int(declared))
                if given is not None
                else TokenError(TOKEN_HEADER)
            )
    return limit


class Edge:
    """The ASGI middleware described in the module docstring."""

    def __init__(
        self,
        app: ASGIApp,
        hosts: frozenset[str],
        token: Callable[[], str],
        render_error: ErrorRenderer,
    ) -> None:
        self.app = app
        self.hosts = hosts
        self.token = token
        self.render_error = render_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        exchange = Exchange(self, scope, receive, send)
        try:
            if host_name(headers.get("host", "")) not in self.hosts:
                raise HostError(headers.get("host", ""))
            exchange.limit = admit_body(
                body_rule(scope["method"], scope["path"]), headers, self.token()
            )
        except StorylineError as refused:
            await self.refuse(scope, refused, exchange.send, api=isinstance(refused, HostError))
            return
        exchange.has_token = TOKEN_HEADER.lower() in headers
        try:
            await self.app(scope, exchange.receive, exchange.send)
        except Exception:
            if exchange.answered:  # the body was cut at its cap and answered: not a failure
                return
            if exchange.started:
                raise
            # Starlette's last-resort 500 bypasses every middleware: answer here, with the
            # security headers, then let the exception reach the server log.
            failure = InternalError()
            await self.refuse(scope, failure, exchange.send, status=500)
            raise

    async def refuse(
        self, scope: Scope, exc: StorylineError, send: Send, api: bool = False, status: int = 0
    ) -> None:
        async def no_body() -> Message:  # the body is never read
            return {"type": "http.disconnect"}

        path = "/api/" if api else scope["path"]
        response = self.render_error(path, exc, status or error_status(exc))
        await response(scope, no_body, send)


class Exchange:
    """One request's channels: the body counted as it streams, headers added to the answer.

    When the body passes its cap the edge answers (413, or 401 when no token came with it) and
    the route's own answer to the error raised in its read is dropped: FastAPI would turn any
    error in a body read into a 400."""

    def __init__(self, edge: Edge, scope: Scope, receive: Receive, send: Send) -> None:
        self.edge, self.scope, self._receive, self._send = edge, scope, receive, send
        self.limit = DEFAULT_LIMIT
        self.has_token = False
        self.seen = 0
        self.started = False
        self.answered = False

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.request":
            self.seen += len(message.get("body", b""))
            if self.seen > self.limit:
                refusal = BodyTooLarge(self.limit) if self.has_token else TokenError(TOKEN_HEADER)
                if not self.started:
                    await self.edge.refuse(self.scope, refusal, self.send)
                    self.answered = True
                raise refusal
        return message

    async def send(self, message: Message) -> None:
        if self.answered:
            return
        if message["type"] == "http.response.start":
            self.started = True
            names = {name.lower() for name, _ in message.get("headers", [])}
            extra = [(n, v) for n, v in SECURITY_HEADERS if n not in names]
            message["headers"] = list(message.get("headers", [])) + extra
        await self._send(message)
