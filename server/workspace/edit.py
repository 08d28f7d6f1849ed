"""Editing the organization's details and translations through the one domain function,
``update_organization`` (same validation, revisions, change events and ``expectedVersion``
as GraphQL). A refused value comes back next to its field with everything typed kept; a
stale form gets the conflict page: what changed meanwhile, and the user's values."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from directory.errors import Conflict, Forbidden, NotFound
from directory.listings.history import revisions_since
from directory.listings.organizations import update_organization
from directory.reader import Reader
from directory.validation import InvalidInput
from server.workspace import organization_form
from server.workspace.forms import Bound, bind_problems, values_of
from server.workspace.history import readable
from server.workspace.listing import find_managed
from server.workspace.render import (
    checked_form,
    forbidden,
    form_page,
    not_found,
    redirect,
    sign_in_first,
)
from server.workspace.visit import Visit, service_of, visit


def _render(
    current: Visit, organization: object, bound: Bound, version: int, **more: Any
) -> Response:
    return form_page(current, "edit_organization.html", organization, bound, version, **more)


async def edit_organization(request: Request) -> Response:
    current = await visit(request)
    gate = sign_in_first(request, current)
    principal = current.principal
    if gate is not None or principal is None:
        return gate or forbidden(current)
    slug = request.path_params["slug"]
    fields = organization_form.fields()
    db = service_of(request).db
    if request.method == "GET":
        async with db.session() as session:
            organization = await find_managed(session, principal, slug)
            if organization is None or not principal.write_access().allows(organization.id):
                return not_found(current)
            reader = Reader(session, principal.audience())
            found = await reader.organization_translations([organization.id])
        values = organization_form.initial(organization, found.get(organization.id, []))
        return _render(current, organization, Bound(fields, values), organization.version)

    form = await checked_form(current)
    if form is None:
        return forbidden(current)
    async with db.session() as session:
        organization = await find_managed(session, principal, slug)
    if organization is None or not principal.write_access().allows(organization.id):
        return not_found(current)
    bound = Bound(fields, values_of(fields, form))
    raw_version = form.get("expected_version")
    if not isinstance(raw_version, str) or not raw_version.isdigit():
        return not_found(current)
    expected = int(raw_version)
    try:
        async with db.write() as session:
            reader = Reader(session, principal.audience())
            existing = await reader.organization_translations([organization.id])
            await update_organization(
                session,
                principal.write_access(),
                organization.id,
                organization_form.changes(bound.values, existing.get(organization.id, [])),
                expected_version=expected,
            )
    except Conflict as stale:
        async with db.session() as session:
            since = await revisions_since(session, organization.id, expected)
        return _render(
            current,
            organization,
            bound,
            stale.current,
            status=409,
            conflict=list(readable(since, principal.audience())),
        )
    except InvalidInput as refused:
        bind_problems(bound, refused.problems, current._)
        return _render(current, organization, bound, expected, status=400)
    except (NotFound, Forbidden):
        return not_found(current)
    return redirect(f"/manage/o/{organization.slug}?saved=1")
