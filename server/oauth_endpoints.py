"""Starlette routes of the authorization server: thin glue around ``auth.server``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from authlib.oauth2.rfc6749.util import extract_basic_authorization
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from auth import throttle
from auth.requests import SnapshotRequest, snapshot
from auth.rfc8414 import metadata
from auth.service import AuthService
from directory import api_metrics as metrics
from server.signin import authorize

Reply = tuple[int, Any, list[tuple[str, str]]]


def _service(request: Request) -> AuthService:
    service: AuthService = request.app.state.auth
    return service


def _json(status: int, body: object, headers: list[tuple[str, str]]) -> Response:
    return JSONResponse(body, status_code=status, headers=dict(headers))


def _presented_client_id(oauth: SnapshotRequest) -> str | None:
    client_id, _ = extract_basic_authorization(oauth.headers)
    return client_id or oauth.form.get("client_id") or None


async def _authenticated(
    request: Request, oauth: SnapshotRequest, respond: Callable[[], Reply]
) -> Reply:
    """Run an endpoint that authenticates the client, throttling failed authentications
    like failed sign-ins (``auth.throttle``): while blocked, nothing is checked."""
    service = _service(request)
    client_id = _presented_client_id(oauth)
    if client_id is None:
        return await run_in_threadpool(respond)
    keys = throttle.keys_for_client(client_id, request.client.host if request.client else None)
    wait = await throttle.blocked_for(service.db, keys)
    if wait:
        metrics.rate_limited("client_auth")
        body = {
            "error": "invalid_client",
            "error_description": f"too many failed client authentications; "
            f"try again in {wait} seconds",
        }
        return 429, body, [("Retry-After", str(wait)), ("Cache-Control", "no-store")]
    status, body, headers = await run_in_threadpool(respond)
    if isinstance(body, dict) and body.get("error") == "invalid_client":
        await throttle.record_failure(service.db, keys)
    elif status == 200:
        await throttle.clear(service.db, keys[0])
    return status, body, headers


async def token(request: Request) -> Response:
    oauth = await snapshot(request)
    server = _service(request).server
    status, body, headers = await _authenticated(
        request, oauth, lambda: server.create_token_response(oauth)
    )
    grant_type = oauth.form.get("grant_type")
    if status == 200:
        metrics.token_issued(grant_type)
    else:
        metrics.token_failed(grant_type, body.get("error") if isinstance(body, dict) else None)
    return _json(status, body, headers)


async def introspect(request: Request) -> Response:
    oauth = await snapshot(request)
    server = _service(request).server
    return _json(
        *await _authenticated(
            request, oauth, lambda: server.create_endpoint_response("introspection", oauth)
        )
    )


async def revoke(request: Request) -> Response:
    oauth = await snapshot(request)
    server = _service(request).server
    return _json(
        *await _authenticated(
            request, oauth, lambda: server.create_endpoint_response("revocation", oauth)
        )
    )


async def server_metadata(request: Request) -> Response:
    return JSONResponse(
        metadata(_service(request).settings.issuer), headers={"Cache-Control": "max-age=300"}
    )


async def jwks(request: Request) -> Response:
    # Short cache: after a rotation, verifiers should see the new key within a minute.
    return JSONResponse(_service(request).keys.jwks(), headers={"Cache-Control": "max-age=60"})


def auth_routes() -> list[BaseRoute]:
    return [
        Route("/oauth/token", token, methods=["POST"]),
        Route("/oauth/introspect", introspect, methods=["POST"]),
        Route("/oauth/revoke", revoke, methods=["POST"]),
        Route("/oauth/authorize", authorize, methods=["GET", "POST"]),
        Route("/.well-known/oauth-authorization-server", server_metadata, methods=["GET"]),
        Route("/.well-known/jwks.json", jwks, methods=["GET"]),
    ]
