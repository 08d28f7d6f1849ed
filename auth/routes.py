"""Starlette routes of the authorization server: thin glue around ``auth.server``."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from auth.requests import snapshot
from auth.rfc8414 import metadata
from auth.service import AuthService
from auth.signin import authorize
from directory import metrics


def _service(request: Request) -> AuthService:
    service: AuthService = request.app.state.auth
    return service


def _json(status: int, body: object, headers: list[tuple[str, str]]) -> Response:
    return JSONResponse(body, status_code=status, headers=dict(headers))


async def token(request: Request) -> Response:
    oauth = await snapshot(request)
    status, body, headers = await run_in_threadpool(
        _service(request).server.create_token_response, oauth
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
    return _json(*await run_in_threadpool(server.create_endpoint_response, "introspection", oauth))


async def revoke(request: Request) -> Response:
    oauth = await snapshot(request)
    server = _service(request).server
    return _json(*await run_in_threadpool(server.create_endpoint_response, "revocation", oauth))


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
