"""The sign-in and consent page at ``/oauth/authorize`` (authorization code flow).

Server-rendered: the NGO staff member sees which application asks, and for what, in plain
words (en, es or fr after ``Accept-Language``), and signs in with e-mail and password to
approve. The form carries a CSRF token bound to a cookie; failed sign-ins are slowed down
(``auth.throttle``). authlib validates the request and issues the code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from pathlib import Path
from typing import Any

from authlib.oauth2.rfc6749 import AccessDeniedError, InvalidScopeError, OAuth2Error
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from auth import scopes as S
from auth import store, throttle
from auth.first_party import is_first_party
from auth.records import ClientRecord
from auth.requests import SnapshotRequest, snapshot
from auth.secrets import verify_secret
from auth.service import AuthService
from auth.users import scopes_for
from directory import api_metrics as metrics
from directory.messages import say
from directory.vocab.languages import negotiate

CSRF_COOKIE = "directory_csrf"
LANGUAGE_COOKIE = "directory_lang"
"""The language chosen in the workspace (``/manage``), remembered for this page too."""
AUTHORIZATION_FIELDS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
)
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Sign in to the partner directory",
        "asks": "{client} asks to act for your organization with these rights:",
        "email": "E-mail",
        "password": "Password",
        "approve": "Sign in and allow",
        "sign_in": "Sign in",
        "deny": "Deny",
    },
    "es": {
        "title": "Iniciar sesión en el directorio de socios",
        "asks": "{client} solicita actuar en nombre de su organización con estos permisos:",
        "email": "Correo electrónico",
        "password": "Contraseña",
        "approve": "Iniciar sesión y permitir",
        "sign_in": "Iniciar sesión",
        "deny": "Rechazar",
    },
    "fr": {
        "title": "Connexion à l'annuaire des partenaires",
        "asks": "{client} demande à agir pour votre organisation avec ces droits :",
        "email": "Courriel",
        "password": "Mot de passe",
        "approve": "Se connecter et autoriser",
        "sign_in": "Se connecter",
        "deny": "Refuser",
    },
}

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=select_autoescape(["html"]),
)


class _Text(dict[str, str]):
    def __getattr__(self, name: str) -> str:
        return self[name]


def _language(request: Request) -> str:
    chosen = negotiate(request.cookies.get(LANGUAGE_COOKIE), None)
    return chosen or negotiate(None, request.headers.get("accept-language")) or "en"


def _csrf_expected(service: AuthService, nonce: str) -> list[str]:
    return [
        base64.urlsafe_b64encode(hmac.new(key, nonce.encode(), hashlib.sha256).digest()).decode()
        for key in service.keys.derived_secrets("csrf")
    ]


def _csrf_ok(service: AuthService, request: Request, token: str | None) -> bool:
    nonce = request.cookies.get(CSRF_COOKIE)
    if not nonce or not token:
        return False
    return any(hmac.compare_digest(token, e) for e in _csrf_expected(service, nonce))


def _page(
    service: AuthService,
    request: Request,
    *,
    status: int = 200,
    client: ClientRecord | None = None,
    scope: str | None = None,
    oauth: SnapshotRequest | None = None,
    problem: str | None = None,
    email: str = "",
    headers: dict[str, str] | None = None,
) -> Response:
    lang = _language(request)
    text = _Text(TEXT[lang])
    nonce = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
    granted = S.parse(scope) or (list(client.scope) if client else [])
    hidden: list[tuple[str, str]] = []
    if oauth is not None:
        data = oauth.payload.data
        hidden = [(f, data[f]) for f in AUTHORIZATION_FIELDS if data.get(f)]
    html = _templates.get_template("authorize.html").render(
        lang=lang,
        t=text,
        problem=problem,
        client_name=client.name if client else None,
        # The service's own workspace asks for no consent: signing in is the whole step.
        first_party=client is not None and is_first_party(client.client_id),
        scopes=[S.DESCRIPTIONS[s][lang] for s in granted if s in S.DESCRIPTIONS],
        show_form=client is not None,
        hidden=hidden,
        csrf_token=_csrf_expected(service, nonce)[0],
        email=email,
    )
    response = HTMLResponse(
        html, status_code=status, headers={**SECURITY_HEADERS, **(headers or {})}
    )
    response.set_cookie(
        CSRF_COOKIE,
        nonce,
        httponly=True,
        samesite="lax",
        path="/oauth/authorize",
        secure=service.settings.issuer.startswith("https://"),
    )
    return response


def _oauth_response(status: int, body: Any, headers: list[tuple[str, str]]) -> Response:
    location = dict(headers).get("Location")
    if status == 302 and location:
        return RedirectResponse(location, status_code=302, headers={"Cache-Control": "no-store"})
    return HTMLResponse(str(body), status_code=status)


async def _consent(service: AuthService, request: Request, oauth: SnapshotRequest) -> Any:
    """authlib's validation of the authorization request: its grant, or an error response."""
    try:
        return await run_in_threadpool(service.server.get_consent_grant, oauth)
    except OAuth2Error as error:
        if error.redirect_uri:
            return _oauth_response(*error())
        reason = error.description or error.error
        problem = say("signin.invalid", _language(request), reason=reason)
        return _page(service, request, status=400, problem=problem)


async def authorize(request: Request) -> Response:
    service: AuthService = request.app.state.auth
    oauth = await snapshot(request)
    if request.method == "POST" and not _csrf_ok(service, request, oauth.form.get("csrf_token")):
        return _page(service, request, status=400, problem=say("signin.csrf", _language(request)))
    grant = await _consent(service, request, oauth)
    if isinstance(grant, Response):
        return grant
    client: ClientRecord = grant.client
    scope = oauth.payload.scope
    if request.method == "GET":
        return _page(service, request, client=client, scope=scope, oauth=oauth)
    if oauth.form.get("decision") != "approve":
        return _oauth_response(
            *await run_in_threadpool(
                service.server.create_authorization_response, oauth, None, grant
            )
        )
    return await _sign_in(service, request, oauth, grant, client)


async def _sign_in(
    service: AuthService, request: Request, oauth: SnapshotRequest, grant: Any, client: ClientRecord
) -> Response:
    language = _language(request)
    email = (oauth.form.get("email") or "").strip().lower()
    password = oauth.form.get("password") or ""
    remote = request.client.host if request.client else None
    keys = throttle.keys_for(email, remote)
    page = {"client": client, "scope": oauth.payload.scope, "oauth": oauth, "email": email}

    wait = await throttle.blocked_for(service.db, keys)
    if wait:
        metrics.rate_limited("sign_in")
        return _page(
            service,
            request,
            status=429,
            problem=say("signin.slow", language, seconds=wait),
            headers={"Retry-After": str(wait)},
            **page,
        )
    user = await store.get_user_by_email(service.db, email) if email else None
    ok = await run_in_threadpool(verify_secret, user.password_hash if user else None, password)
    if not ok or user is None:
        wait = await throttle.record_failure(service.db, keys)
        problem = (
            say("signin.slow", language, seconds=wait) if wait else say("signin.wrong", language)
        )
        return _page(service, request, status=400, problem=problem, **page)
    await throttle.clear(service.db, keys[0])

    if client.organization_id is not None and client.organization_id != user.organization_id:
        denied = AccessDeniedError(
            "this application is only for another organization's staff",
            redirect_uri=grant.redirect_uri,
            state=oauth.payload.state,
        )
        return _oauth_response(*denied())
    allowed = scopes_for(user.role, user.organization_id)
    requested = S.parse(oauth.payload.scope)
    if not requested:
        requested = [s for s in client.scope if s in allowed]
    beyond = [s for s in requested if s not in allowed]
    if beyond:
        error = InvalidScopeError(
            f"not allowed for this account: {' '.join(beyond)}",
            redirect_uri=grant.redirect_uri,
            state=oauth.payload.state,
        )
        return _oauth_response(*error())
    oauth.granted_scope = " ".join(requested)
    return _oauth_response(
        *await run_in_threadpool(service.server.create_authorization_response, oauth, user, grant)
    )
