"""RFC 6750 bearer tokens: the ASGI middleware that says who is calling.

For every HTTP request it sets ``scope["state"]["principal"]`` (``request.state.principal``)
to an :class:`auth.principal.Principal`. A bearer token that is malformed, expired, signed
by someone else, or revoked (checked in the database on every request, so a revocation
counts from the very next request in every process) is answered with HTTP 401 and
``WWW-Authenticate: Bearer error="invalid_token"``. With ``anonymous_read`` off, a request
to ``/graphql`` or ``/hsds/`` without a token is answered with 401 too (except the GraphiQL
page itself, which holds no data and is where a token gets pasted).
"""

from __future__ import annotations

import json

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from auth import store
from auth.principal import Principal, PrincipalKind
from auth.tokens import InvalidToken, TokenSigner
from directory.db import Database
from directory.errors import ErrorCode

REALM = "directory"
PROTECTED = ("/graphql", "/hsds")
EXEMPT = ("/oauth/", "/.well-known/")
"""The authorization server's own endpoints authenticate clients, not bearers."""


def is_protected(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in PROTECTED)


async def authenticate(
    db: Database, signer: TokenSigner, token: str, remote: str | None
) -> Principal:
    """The caller a bearer token stands for; raises :class:`InvalidToken`."""
    claims = signer.verify(token)
    record = await store.get_access(db, claims.jti)
    if record is None:
        raise InvalidToken("the access token is unknown")
    if record.revoked:
        raise InvalidToken("the access token was revoked")
    return Principal(
        kind=PrincipalKind.USER if record.user_id else PrincipalKind.CLIENT,
        scopes=claims.scope,
        client_id=claims.client_id,
        user_email=record.user_email,
        organization_id=record.organization_id,
        token_id=claims.jti,
        remote_address=remote,
    )


class BearerMiddleware:
    def __init__(
        self, app: ASGIApp, *, db: Database, signer: TokenSigner, anonymous_read: bool
    ) -> None:
        self.app = app
        self.db = db
        self.signer = signer
        self.anonymous_read = anonymous_read

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        client = scope.get("client")
        remote = client[0] if client else None
        state = scope.setdefault("state", {})
        state["principal"] = Principal.anonymous(remote)
        if path.startswith(EXEMPT):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        scheme, _, token = (headers.get("authorization") or "").partition(" ")
        if scheme.lower() == "bearer":
            try:
                state["principal"] = await authenticate(self.db, self.signer, token.strip(), remote)
            except InvalidToken as exc:
                await self.refuse(scope, send, str(exc) or "invalid access token", "invalid_token")
                return
        elif is_protected(path) and not self.anonymous_read and not _graphiql_page(scope, headers):
            await self.refuse(scope, send, "an access token is required", None)
            return
        await self.app(scope, receive, send)

    async def refuse(self, scope: Scope, send: Send, message: str, error: str | None) -> None:
        challenge = f'Bearer realm="{REALM}"'
        if error:
            challenge += f', error="{error}", error_description="{_quote(message)}"'
        if scope["path"] == "/graphql" or scope["path"].startswith("/graphql/"):
            body: dict[str, object] = {
                "errors": [
                    {"message": message, "extensions": {"code": ErrorCode.UNAUTHENTICATED.value}}
                ]
            }
        else:
            body = {"error": error or "unauthenticated", "error_description": message}
        payload = json.dumps(body).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 401,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                    (b"www-authenticate", challenge.encode()),
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})


def _quote(text: str) -> str:
    return "".join(c for c in text if c not in '"\\' and 0x20 <= ord(c) < 0x7F)


def _graphiql_page(scope: Scope, headers: Headers) -> bool:
    """A browser asking for the GraphiQL page (no query): it holds no directory data."""
    return (
        scope["path"] == "/graphql"
        and scope["method"] in ("GET", "HEAD")
        and "text/html" in headers.get("accept", "")
        and b"query=" not in scope.get("query_string", b"")
    )
