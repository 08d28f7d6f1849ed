"""Editing where the organization works: countries and subdivisions ticked from the
shipped vocabulary, saved with ``set_service_area`` (municipalities of kept areas stay)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from directory.errors import Conflict, Forbidden, InvalidInput, NotFound
from directory.listings.areas import set_service_area
from directory.reader import Reader
from server.workspace import area_form
from server.workspace.forms import Bound, bind_problems, values_of
from server.workspace.items import conflict_entries, own_organization, posted_version
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
    return form_page(current, "edit_areas.html", organization, bound, version, **more)


async def edit_areas(request: Request) -> Response:
    current = await visit(request)
    gate = sign_in_first(request, current)
    principal = current.principal
    if gate is not None or principal is None:
        return gate or forbidden(current)
    organization = await own_organization(request, principal)
    if organization is None:
        return not_found(current)
    db = service_of(request).db
    async with db.session() as session:
        found = await Reader(session, principal.audience()).service_areas_by_organization(
            [organization.id]
        )
    existing = [a for a in found.get(organization.id, []) if a.service_id is None]
    fields = area_form.fields()
    if request.method == "GET":
        bound = Bound(fields, area_form.initial(existing))
        return _render(current, organization, bound, organization.version)

    form = await checked_form(current)
    if form is None:
        return forbidden(current)
    expected = posted_version(form)
    if expected is None:
        return not_found(current)
    bound = Bound(fields, values_of(fields, form))
    try:
        async with db.write() as session:
            await set_service_area(
                session,
                principal.write_access(),
                organization.id,
                area_form.spec(bound.values, existing),
                expected_version=expected,
            )
    except Conflict as stale:
        entries = await conflict_entries(request, principal, organization.id, expected)
        return _render(current, organization, bound, stale.current, status=409, conflict=entries)
    except InvalidInput as refused:
        bind_problems(bound, refused.problems, current._)
        return _render(current, organization, bound, expected, status=400)
    except (NotFound, Forbidden):
        return not_found(current)
    return redirect(f"/manage/o/{organization.slug}?saved=1")
