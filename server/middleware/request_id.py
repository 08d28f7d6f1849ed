"""Request ids: accepted from ``X-Request-ID`` or generated, returned, and put on every log line.

The id lives in a context variable for the duration of the request; the JSON log
formatter (``server.logs``) reads it, so every line logged while serving the request —
ours, the libraries', uvicorn's access line — carries ``request_id``.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "X-Request-ID"
REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)

# A caller's id is kept only when it is short and plain: no spaces, quotes or control
# characters (log injection), and too short to be a bearer token pasted by mistake.
_ACCEPTABLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")

log = logging.getLogger(__name__)


def current_request_id() -> str | None:
    """The id of the request being served in this context, if any."""
    return REQUEST_ID.get()


def accept_or_generate(value: str | None) -> str:
    """The caller's id when it is acceptable, else a new random one."""
    if value and _ACCEPTABLE.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Sets the request id, returns it in ``X-Request-ID``, and answers an unhandled
    error with a plain 500 that still carries the id (the error is re-raised for the
    server to log)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = None
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                incoming = value.decode("latin-1")
                break
        request_id = accept_or_generate(incoming)
        # Not reset afterwards: each request runs in its own task, and the server's
        # "Exception in ASGI application" line is logged after the app returns.
        REQUEST_ID.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            if not started:
                body = b"Internal Server Error"
                await send_with_id(
                    {
                        "type": "http.response.start",
                        "status": 500,
                        "headers": [
                            (b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
            raise
