"""One request to the workspace: its language, its session and the acting principal.

The principal is built exactly as the bearer middleware builds it from the session's access
token (``server.middleware.bearer.authenticate``), so every rule that holds for the staff member's token
holds here. An expired access token is refreshed with the refresh token; one request at a
time refreshes a session (others wait for its result), so two tabs never present the same
refresh token twice (which would revoke the whole sign-in).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from auth import sessions
from auth.first_party import CLIENT_ID, client_secret
from auth.principal import Principal
from auth.requests import SnapshotRequest
from auth.service import AuthService
from auth.tokens import InvalidToken
from server.middleware.bearer import authenticate
from server.workspace import csrf
from server.workspace.i18n import language_of, translations

SESSION_COOKIE = "directory_workspace"
WAIT_FOR_REFRESH = 5.0


@dataclass
class Visit:
    request: Request
    language: str
    session: sessions.Session | None = None
    principal: Principal | None = None
    ended: bool = False
    """The cookie named a session that is gone (idle, signed out, revoked): clear it."""
    cookies: list[tuple[str, str | None]] = field(default_factory=list)

    @property
    def signed_in(self) -> bool:
        return self.principal is not None

    @property
    def csrf_token(self) -> str | None:
        return csrf.token_for(self.session.secret) if self.session else None

    def _(self, message: str) -> str:
        return translations(self.language).gettext(message)


def service_of(request: Request) -> AuthService:
    service: AuthService = request.app.state.auth
    return service


def idle_of(request: Request) -> dt.timedelta:
    return dt.timedelta(seconds=service_of(request).settings.workspace_idle_timeout)


async def token_request(service: AuthService, form: dict[str, str]) -> tuple[int, Any]:
    """The token endpoint, called in-process as the first-party client."""
    pairs = [
        *form.items(),
        ("client_id", CLIENT_ID),
        ("client_secret", client_secret(service.keys)),
    ]
    oauth = SnapshotRequest(
        "POST", service.settings.issuer + "/oauth/token", {}, [], [(k, v) for k, v in pairs]
    )
    status, body, _headers = await run_in_threadpool(service.server.create_token_response, oauth)
    return status, body


async def visit(request: Request) -> Visit:
    """Who is asking, in which language; signed-in or not."""
    found = Visit(request, language_of(request))
    secret = request.cookies.get(SESSION_COOKIE)
    if not secret:
        return found
    service = service_of(request)
    current = await sessions.load(service.db, secret, idle_of(request))
    if current is None:
        found.ended = True
        return found
    found.session = current
    if current.user_id is None:
        return found  # a sign-in under way
    principal = await _principal(request, service, current)
    if principal is None:
        await sessions.end(service.db, current.id)
        found.session = None
        found.ended = True
        return found
    found.principal = principal
    return found


def _remote(request: Request) -> str | None:
    return request.client.host if request.client else None


async def _principal(
    request: Request, service: AuthService, current: sessions.Session
) -> Principal | None:
    access = current.data.get("access_token")
    if not isinstance(access, str):
        return None
    try:
        return await authenticate(service.db, service.signer, access, _remote(request))
    except InvalidToken:
        if not _expired(service, access):
            return None  # revoked, or its client or user disabled
    refreshed = await _refresh(service, current)
    if refreshed is None:
        return None
    try:
        return await authenticate(
            service.db, service.signer, refreshed.data["access_token"], _remote(request)
        )
    except InvalidToken:
        return None


def _expired(service: AuthService, access: str) -> bool:
    try:
        claims = service.signer.verify(access, check_expiry=False)
    except InvalidToken:
        return False
    return claims.expires_at <= int(time.time())


async def _refresh(service: AuthService, current: sessions.Session) -> sessions.Session | None:
    if not await sessions.claim_refresh(service.db, current):
        # Another request is refreshing this session: use what it stores.
        deadline = time.monotonic() + WAIT_FOR_REFRESH
        while time.monotonic() < deadline:
            await asyncio.sleep(0.1)
            now = await sessions.reload(service.db, current)
            if now is None:
                return None
            if now.token_version != current.token_version:
                return now
        return None
    refresh = current.data.get("refresh_token")
    if not isinstance(refresh, str):
        return None
    status, body = await token_request(
        service, {"grant_type": "refresh_token", "refresh_token": refresh}
    )
    if status != 200 or not isinstance(body, dict):
        await sessions.release_claim(service.db, current)
        return None
    data = {**current.data, "access_token": body["access_token"]}
    data["refresh_token"] = body.get("refresh_token", refresh)
    return await sessions.store_tokens(service.db, current, data)
