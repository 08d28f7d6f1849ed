"""The outer guards every request passes, whatever the route.

- a body over :data:`MAX_BODY_BYTES` is refused with 413 (by ``Content-Length`` before it
  is read, or as soon as a streamed body grows past it);
- a NUL character in the path, the query string or a form body is refused with 400
  ``BAD_USER_INPUT`` (PostgreSQL cannot store one, and no name or id holds one);
- a database that cannot be reached is answered with 503, ``Retry-After`` and
  ``SERVICE_UNAVAILABLE`` — on every route, for anonymous and authenticated callers;
- every response carries ``X-Content-Type-Options: nosniff``.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import unquote_to_bytes

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from directory.errors import ErrorCode
from directory.unavailable import MESSAGE, RETRY_AFTER_SECONDS, is_unavailable

MAX_BODY_BYTES = 1_000_000
FORM = "application/x-www-form-urlencoded"

log = logging.getLogger(__name__)


class BodyTooLarge(Exception):
    pass


def error_body(path: str, status: int, code: str, message: str) -> bytes:
    """The error in the shape of the route: GraphQL errors, OAuth errors or HSDS errors."""
    body: dict[str, object]
    if path == "/graphql" or path.startswith("/graphql/"):
        body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    elif path.startswith(("/oauth/", "/.well-known/")):
        oauth = {400: "invalid_request", 503: "temporarily_unavailable"}.get(status, code.lower())
        body = {"error": oauth, "error_description": message}
    else:
        body = {"error": code, "message": message}
    return json.dumps(body).encode()


async def answer(
    scope: Scope,
    send: Send,
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
) -> None:
    payload = error_body(scope.get("path", ""), status, code, message)
    raw = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"cache-control", b"no-store"),
    ]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": payload})


def has_nul(scope: Scope) -> bool:
    """A NUL in the path or the (percent-decoded) query string."""
    if "\x00" in scope.get("path", ""):
        return True
    query: bytes = scope.get("query_string", b"")
    return b"\x00" in query or (b"%00" in query and b"\x00" in unquote_to_bytes(query))


class GuardMiddleware:
    def __init__(self, app: ASGIApp, max_body_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if has_nul(scope):
            await answer(
                scope,
                send,
                ErrorCode.BAD_USER_INPUT.status,
                ErrorCode.BAD_USER_INPUT,
                "the URL holds a NUL character",
            )
            return
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body_bytes):
            await self._too_large(scope, send)
            return
        if headers.get("content-type", "").split(";")[0].strip().lower() == FORM:
            try:
                body = await self._read(receive)
            except BodyTooLarge:
                await self._too_large(scope, send)
                return
            if b"\x00" in body or (b"%00" in body and b"\x00" in unquote_to_bytes(body)):
                await answer(
                    scope,
                    send,
                    ErrorCode.BAD_USER_INPUT.status,
                    ErrorCode.BAD_USER_INPUT,
                    "the form holds a NUL character",
                )
                return
            receive = _replay(body, receive)
        started = False
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise BodyTooLarge
            return message

        async def send_hardened(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message).setdefault("X-Content-Type-Options", "nosniff")
            await send(message)

        try:
            await self.app(scope, limited_receive, send_hardened)
        except BodyTooLarge:
            if started:
                raise
            await self._too_large(scope, send)
        except Exception as exc:
            if started or not is_unavailable(exc):
                raise
            log.warning("database unavailable", extra={"error": type(exc).__name__})
            await self.unavailable(scope, send)

    async def _too_large(self, scope: Scope, send: Send) -> None:
        await answer(
            scope,
            send,
            413,
            ErrorCode.BAD_USER_INPUT,
            f"the request body is over {self.max_body_bytes} bytes",
        )

    @staticmethod
    async def unavailable(scope: Scope, send: Send) -> None:
        await answer(
            scope,
            send,
            ErrorCode.SERVICE_UNAVAILABLE.status,
            ErrorCode.SERVICE_UNAVAILABLE,
            MESSAGE,
            {"Retry-After": str(RETRY_AFTER_SECONDS)},
        )

    async def _read(self, receive: Receive) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise BodyTooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _replay(body: bytes, original: Receive) -> Receive:
    """The body already read, then whatever the server says next (a disconnect)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await original()

    return receive
