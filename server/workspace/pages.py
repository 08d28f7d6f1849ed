"""Pages that read: the landing page, the workspace home, a listing as others see it, and
its history."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from auth import scopes as S
from directory.reader import Reader
from server.workspace.history import readable
from server.workspace.i18n import LANGUAGE_COOKIE, LANGUAGES
from server.workspace.listing import VIEWS, find_managed, load_listing
from server.workspace.render import local_path, not_found, page, redirect
from server.workspace.visit import service_of, visit

HISTORY_PAGE = 50


async def landing(request: Request) -> Response:
    return page(await visit(request), "landing.html")


async def home(request: Request) -> Response:
    current = await visit(request)
    principal = current.principal
    if principal is None:
        return page(current, "signed_out.html", signed_out="signed_out" in request.query_params)
    organization = None
    if principal.organization_id is not None:
        async with service_of(request).db.session() as session:
            reader = Reader(session, principal.audience())
            found = await reader.organizations_by_id([principal.organization_id])
            organization = found.get(principal.organization_id)
    return page(current, "home.html", organization=organization)


async def language(request: Request) -> Response:
    """Switch the language (a plain link: works without JavaScript) and remember it."""
    wanted = request.query_params.get("to", "")
    response = redirect(local_path(request.query_params.get("next"), "/manage"))
    if wanted in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE, wanted, max_age=365 * 24 * 3600, samesite="lax", path="/"
        )
    return response


async def listing(request: Request) -> Response:
    current = await visit(request)
    if current.principal is None:
        return redirect(f"/manage/signin?next={request.url.path}")
    view = request.query_params.get("view", "confidential")
    if view not in VIEWS:
        view = "confidential"
    async with service_of(request).db.session() as session:
        organization = await find_managed(session, current.principal, request.path_params["slug"])
        if organization is None:
            return not_found(current)
        loaded = await load_listing(session, organization, current.principal)
    return page(
        current,
        "listing.html",
        listing=loaded.seen_by(view),
        view=view,
        views=list(VIEWS),
        saved="saved" in request.query_params,
        confirmed="confirmed" in request.query_params,
    )


async def history(request: Request) -> Response:
    current = await visit(request)
    if current.principal is None:
        return redirect(f"/manage/signin?next={request.url.path}")
    before = request.query_params.get("before")
    after = int(before) if before and before.isdigit() and len(before) < 19 else None
    async with service_of(request).db.session() as session:
        organization = await find_managed(session, current.principal, request.path_params["slug"])
        if organization is None:
            return not_found(current)
        reader = Reader(session, current.principal.audience())
        found = await reader.revisions(organization.id, first=HISTORY_PAGE, after=after)
        if found is None:
            return not_found(current)
    entries = readable(found.revisions, current.principal.audience())
    older = found.revisions[-1].id if found.has_next_page and found.revisions else None
    return page(
        current,
        "history.html",
        organization=organization,
        entries=entries,
        older=older,
        total=found.total_count,
        is_admin_reader=current.principal.has(S.ADMIN),
    )


README = Path(__file__).resolve().parents[2] / "README.md"


async def guide(request: Request) -> Response:
    """The README's API guide, as plain text (served from the source tree)."""
    if not README.is_file():
        return not_found(await visit(request))
    return PlainTextResponse(
        README.read_text(encoding="utf-8"),
        media_type="text/markdown",
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )


async def missing(request: Request) -> Response:
    return not_found(await visit(request))
