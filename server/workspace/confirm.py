"""The one-click "still accurate" button: staff record that their listing is current
(``confirm_listing_current``: who and when; it does not verify the listing)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from directory.errors import Forbidden, NotFound
from directory.listings.verification import confirm_listing_current
from server.workspace.items import own_organization
from server.workspace.render import checked_form, forbidden, not_found, redirect
from server.workspace.visit import service_of, visit


async def confirm(request: Request) -> Response:
    current = await visit(request)
    principal = current.principal
    if principal is None:
        return forbidden(current)
    form = await checked_form(current)
    if form is None:
        return forbidden(current)
    organization = await own_organization(request, principal)
    if organization is None:
        return not_found(current)
    try:
        async with service_of(request).db.write() as session:
            await confirm_listing_current(session, principal.write_access(), organization.id)
    except (NotFound, Forbidden):
        return not_found(current)
    return redirect(f"/manage/o/{organization.slug}?confirmed=1")
