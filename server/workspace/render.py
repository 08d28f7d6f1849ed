"""Rendering workspace pages: templates in the visitor's language, security headers, the
stylesheet under a content-hashed URL (cached for a year), and the 403/404 pages."""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.workspace import csrf
from server.workspace.i18n import templates
from server.workspace.visit import SESSION_COOKIE, Visit, service_of

STATIC = __import__("pathlib").Path(__file__).parent / "static"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@cache
def stylesheet() -> tuple[str, bytes]:
    """``(url, body)`` of the workspace stylesheet; the URL changes with its content."""
    body = (STATIC / "workspace.css").read_bytes()
    return f"/manage/static/workspace-{hashlib.sha256(body).hexdigest()[:12]}.css", body


async def stylesheet_route(request: Request) -> Response:
    url, body = stylesheet()
    if request.url.path != url:
        return Response("not found", status_code=404, media_type="text/plain")
    return Response(
        body,
        media_type="text/css",
        headers={
            "Cache-Control": "public, max-age=31536000, immutable",
            "X-Content-Type-Options": "nosniff",
        },
    )


def set_session_cookie(request: Request, response: Response, secret: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        httponly=True,
        samesite="lax",
        path="/manage",
        secure=service_of(request).settings.issuer.startswith("https://"),
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/manage")


def page(visit: Visit, template: str, status: int = 200, **context: Any) -> Response:
    principal = visit.principal
    response = templates(visit.language).TemplateResponse(
        visit.request,
        template,
        {
            "lang": visit.language,
            "visit": visit,
            "principal": principal,
            "is_admin": principal is not None and principal.has("directory:admin"),
            "csrf_token": visit.csrf_token,
            "stylesheet": stylesheet()[0],
            "here": visit.request.url.path,
            **context,
        },
        status_code=status,
        headers=SECURITY_HEADERS,
    )
    if visit.ended:
        clear_session_cookie(response)
    return response


def not_found(visit: Visit) -> Response:
    return page(visit, "error.html", status=404, code=404)


def forbidden(visit: Visit) -> Response:
    return page(visit, "error.html", status=403, code=403)


def redirect(url: str) -> Response:
    return RedirectResponse(url, status_code=303, headers={"Cache-Control": "no-store"})


def local_path(value: str | None, default: str = "/manage") -> str:
    """``value`` when it is a path on this site (never another host), else ``default``."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return default
    return value


async def checked_form(visit: Visit) -> FormData | None:
    """The posted form when it carries this session's CSRF token, else None (→ 403)."""
    form = await visit.request.form()
    token = form.get(csrf.FIELD)
    secret = visit.session.secret if visit.session else None
    if not csrf.valid(secret, token if isinstance(token, str) else None):
        return None
    return form


def form_page(
    visit: Visit,
    template: str,
    organization: object,
    bound: object,
    expected_version: int,
    *,
    status: int = 200,
    conflict: list[object] | None = None,
    **context: Any,
) -> Response:
    """An edit form: its bound values, the version it edits and any conflict to show."""
    return page(
        visit,
        template,
        status=status,
        organization=organization,
        form=bound,
        expected_version=expected_version,
        conflict=conflict,
        **context,
    )


def sign_in_first(request: Request, visit: Visit) -> Response | None:
    """For a visitor who is not signed in: a refused POST, or the way to sign in."""
    if visit.principal is not None:
        return None
    if request.method == "POST":
        return forbidden(visit)
    return redirect(f"/manage/signin?next={request.url.path}")
