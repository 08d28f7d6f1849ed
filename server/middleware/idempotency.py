"""The ``Idempotency-Key`` header on GraphQL mutations, as an ASGI middleware.

A POST to ``/graphql`` whose document is a mutation and that carries the header is run at
most once per caller and key: a retry with the same body gets the first response again
(header ``Idempotent-Replayed: true``) and writes nothing; the same key with another body
is refused (422, ``BAD_USER_INPUT``); a retry while the first request still runs is told
to wait (409, ``CONFLICT``). Keys live in the database (``directory.idempotency_store``), so every
service process shares them, and expire after 24 hours.

It must run inside the authentication middleware: the caller is read from
``request.state.principal`` (``scope["state"]["principal"]``).
"""

from __future__ import annotations

import json
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from directory import idempotency_store as store
from directory.db import Database
from directory.errors import ErrorCode

HEADER = b"idempotency-key"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or []:
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


def is_mutation(body: bytes) -> bool:
    """Whether the GraphQL request in ``body`` runs a mutation (unparsable: no)."""
    try:
        payload = json.loads(body)
        document = parse(payload["query"])
    except (ValueError, KeyError, TypeError, GraphQLError):
        return False
    wanted = payload.get("operationName")
    for definition in document.definitions:
        if (
            isinstance(definition, OperationDefinitionNode)
            and (wanted is None or (definition.name and definition.name.value == wanted))
            and definition.operation is OperationType.MUTATION
        ):
            return True
    return False


def _error(status: int, code: ErrorCode, message: str) -> tuple[int, bytes]:
    return status, json.dumps(
        {"errors": [{"message": message, "extensions": {"code": code.value}}]}
    ).encode()


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp, path: str = "/graphql") -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or scope["path"].rstrip("/") != self.path
            or (key := _header(scope, HEADER)) is None
        ):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        replay_receive = _replaying(body)
        principal = (scope.get("state") or {}).get("principal")
        if principal is None or principal.is_anonymous or not is_mutation(body):
            # anonymous callers cannot write; queries are safe to repeat anyway
            await self.app(scope, replay_receive, send)
            return
        if not key or len(key) > store.MAX_KEY_LENGTH:
            await _respond(
                send,
                *_error(
                    400, ErrorCode.BAD_USER_INPUT, "Idempotency-Key must be 1 to 200 characters"
                ),
            )
            return
        db: Database = scope["app"].state.db
        who = principal.actor().id
        digest = store.request_hash(body, principal.granted)
        outcome = await store.claim(db, who, key, digest)
        if isinstance(outcome, store.Replay):
            await _respond(send, outcome.status_code, outcome.body.encode(), replayed=True)
            return
        if isinstance(outcome, store.Mismatch):
            message = (
                "this Idempotency-Key was already used with a different request body "
                "or by a token with other scopes"
            )
            await _respond(send, *_error(422, ErrorCode.BAD_USER_INPUT, message))
            return
        if isinstance(outcome, store.InProgress):
            message = "the first request with this Idempotency-Key is still running; retry later"
            await _respond(send, *_error(ErrorCode.CONFLICT.status, ErrorCode.CONFLICT, message))
            return
        await self._run_once(scope, replay_receive, send, db, who, key)

    async def _run_once(
        self, scope: Scope, receive: Receive, send: Send, db: Database, who: str, key: str
    ) -> None:
        status = 500
        messages: list[Message] = []

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            messages.append(message)

        try:
            await self.app(scope, receive, capture)
        except BaseException:
            await store.release(db, who, key)
            raise
        if status >= 500:
            await store.release(db, who, key)
        else:
            body = b"".join(
                m.get("body", b"") for m in messages if m["type"] == "http.response.body"
            )
            await store.complete(db, who, key, status, body.decode("utf-8"))
        # Sent only once the key is complete: a retry right after this answer, on any
        # process, gets the replay instead of "still running".
        for message in messages:
            await send(message)


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replaying(body: bytes) -> Receive:
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


async def _respond(send: Send, status: int, body: bytes, *, replayed: bool = False) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if replayed:
        headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
