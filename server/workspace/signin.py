"""Signing in to the workspace as the first-party OAuth client (authorization code + PKCE
S256 through ``/oauth/authorize``, its throttling and its accounts) and signing out (which
revokes the session's tokens)."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import secrets
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from auth import sessions, store
from auth.first_party import CLIENT_ID, ensure_registered, redirect_uri
from auth.tokens import InvalidToken
from server.workspace.render import (
    checked_form,
    clear_session_cookie,
    forbidden,
    local_path,
    page,
    redirect,
    set_session_cookie,
)
from server.workspace.visit import service_of, token_request, visit


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    return verifier, challenge.decode()


async def sign_in(request: Request) -> Response:
    """Start a sign-in: a pending session holding the PKCE verifier, then the sign-in page."""
    current = await visit(request)
    wanted = local_path(request.query_params.get("next"))
    if current.signed_in:
        return redirect(wanted)
    service = service_of(request)
    await ensure_registered(service.db, service.keys, service.settings.issuer)
    if current.session is not None:
        await sessions.end(service.db, current.session.id)
    verifier, challenge = _pkce()
    state = secrets.token_urlsafe(24)
    secret = await sessions.start(
        service.db, {"verifier": verifier, "state": state, "next": wanted}
    )
    query = urlencode(
        {
            "response_type": "code",
            "client_id": CLIENT_ID,
            "redirect_uri": redirect_uri(service.settings.issuer),
            "state": state,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )
    response = redirect(f"/oauth/authorize?{query}")
    set_session_cookie(request, response, secret)
    return response


async def callback(request: Request) -> Response:
    """Where the sign-in page sends the browser back: exchange the code for tokens."""
    current = await visit(request)
    if current.signed_in:
        return redirect("/manage")
    pending = current.session
    state = request.query_params.get("state") or ""
    expected = str(pending.data.get("state", "")) if pending else ""
    if pending is None or not expected or not hmac.compare_digest(state, expected):
        return page(current, "signin_failed.html", status=400)
    service = service_of(request)
    code = request.query_params.get("code")
    if not code:
        await sessions.end(service.db, pending.id)
        response = redirect("/manage")
        clear_session_cookie(response)
        return response
    status, body = await token_request(
        service,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri(service.settings.issuer),
            "code_verifier": str(pending.data.get("verifier", "")),
        },
    )
    if status != 200 or not isinstance(body, dict):
        return page(current, "signin_failed.html", status=400)
    try:
        claims = service.signer.verify(body["access_token"])
    except InvalidToken:
        return page(current, "signin_failed.html", status=400)
    secret = await sessions.establish(
        service.db,
        pending,
        claims.user_id,
        {"access_token": body["access_token"], "refresh_token": body.get("refresh_token")},
    )
    response = redirect(local_path(str(pending.data.get("next") or "/manage")))
    set_session_cookie(request, response, secret)
    return response


async def sign_out(request: Request) -> Response:
    """End the session and revoke its tokens (the whole family of its sign-in)."""
    current = await visit(request)
    if current.session is None:
        response = redirect("/manage")
        clear_session_cookie(response)
        return response
    if await checked_form(current) is None:
        return forbidden(current)
    service = service_of(request)
    refresh = current.session.data.get("refresh_token")
    found = await store.find_refresh(service.db, refresh) if isinstance(refresh, str) else None
    if found is not None:
        await store.revoke_family(service.db, found.family_id)
    access = current.session.data.get("access_token")
    if isinstance(access, str):
        with contextlib.suppress(InvalidToken):
            jti = service.signer.verify(access, check_expiry=False).jti
            await store.revoke_access(service.db, jti)
    await sessions.end(service.db, current.session.id)
    response = redirect("/manage?signed_out=1")
    clear_session_cookie(response)
    return response
