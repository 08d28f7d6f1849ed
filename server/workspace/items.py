"""Adding, changing and removing one item of the staff member's own listing (a service,
contact, place, phone or email) through the domain functions, reusing the form layer.

A refused value comes back next to its field with everything typed kept; a stale form
(``expected_version``) gets the conflict page with the user's values; an item of another
organization (by URL, id, hidden owner field or a replayed form) is the 404 page. Nothing
is written in any of these cases: the domain refuses before it writes.
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from auth.principal import Principal
from directory.errors import Conflict, Forbidden, InvalidInput, NotFound
from directory.listings.history import revisions_since
from directory.models import Organization
from directory.reader import Reader
from server.workspace.forms import Bound, bind_problems, values_of
from server.workspace.history import readable
from server.workspace.kinds import KINDS, OWNER_KINDS, OWNER_LOADS, Kind
from server.workspace.listing import find_managed
from server.workspace.render import (
    checked_form,
    forbidden,
    not_found,
    page,
    redirect,
    sign_in_first,
)
from server.workspace.visit import Visit, service_of, visit


def _uuid(value: Any) -> uuid.UUID | None:
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def parse_owner(value: Any) -> tuple[str, uuid.UUID | None] | None:
    """``organization`` or ``contact:ID`` (service, contact, location), else None."""
    if value in (None, "", "organization"):
        return ("organization", None)
    if not isinstance(value, str) or ":" not in value:
        return None
    kind, _, raw = value.partition(":")
    found = _uuid(raw)
    if kind not in OWNER_KINDS or kind == "organization" or found is None:
        return None
    return (kind, found)


def posted_version(form: FormData) -> int | None:
    raw = form.get("expected_version")
    if not isinstance(raw, str) or not raw.isdigit() or len(raw) > 18:
        return None
    return int(raw)


async def own_organization(request: Request, principal: Principal) -> Organization | None:
    """The listing at the URL's slug when this principal may change it, else None (→ 404)."""
    async with service_of(request).db.session() as session:
        organization = await find_managed(session, principal, request.path_params["slug"])
    if organization is None or not principal.write_access().allows(organization.id):
        return None
    return organization


async def _own_row(
    request: Request, principal: Principal, kind: Kind, organization: Organization, id: Any
) -> Any:
    """The item ``id`` of ``kind`` when it is this organization's and visible, else None."""
    found = _uuid(id)
    if found is None:
        return None
    async with service_of(request).db.session() as session:
        rows = await kind.load(Reader(session, principal.audience()), [found])
    row = rows.get(found)
    if row is None or row.organization_id != organization.id:
        return None
    return row


async def _owner_is_ours(
    request: Request,
    principal: Principal,
    organization: Organization,
    owner: tuple[str, uuid.UUID | None],
) -> bool:
    kind, owner_id = owner
    if kind == "organization":
        return True
    assert owner_id is not None
    async with service_of(request).db.session() as session:
        rows = await OWNER_LOADS[kind](Reader(session, principal.audience()), [owner_id])
    row = rows.get(owner_id)
    return row is not None and row.organization_id == organization.id


def _render(
    current: Visit,
    kind: Kind,
    organization: Organization,
    bound: Bound,
    expected_version: int,
    *,
    row: Any = None,
    owner: str = "",
    status: int = 200,
    conflict: list[Any] | None = None,
) -> Response:
    return page(
        current,
        "edit_item.html",
        status=status,
        kind=kind,
        organization=organization,
        form=bound,
        expected_version=expected_version,
        row=row,
        owner=owner,
        conflict=conflict,
    )


async def conflict_entries(
    request: Request, principal: Principal, organization_id: uuid.UUID, expected: int
) -> list[Any]:
    async with service_of(request).db.session() as session:
        since = await revisions_since(session, organization_id, expected)
    return list(readable(since, principal.audience()))


def _with_paths(kind: Kind, values: dict[str, str], refused: InvalidInput) -> list[Any]:
    return [
        dataclasses.replace(p, field=kind.problem_path(values, tuple(p.field)))
        for p in refused.problems
    ]


async def _start(request: Request) -> tuple[Visit, Kind | None, Organization | None] | Response:
    current = await visit(request)
    gate = sign_in_first(request, current)
    principal = current.principal
    if gate is not None or principal is None:
        return gate or forbidden(current)
    kind = KINDS.get(request.path_params["kind"])
    organization = await own_organization(request, principal) if kind else None
    return current, kind, organization


async def new_item(request: Request) -> Response:
    started = await _start(request)
    if isinstance(started, Response):
        return started
    current, kind, organization = started
    principal = current.principal
    if kind is None or organization is None or principal is None:
        return not_found(current)
    fields = kind.form.fields()
    if request.method == "GET":
        owner = parse_owner(request.query_params.get("owner")) if kind.owned else None
        if kind.owned and (
            owner is None or not await _owner_is_ours(request, principal, organization, owner)
        ):
            return not_found(current)
        bound = Bound(fields, kind.form.blank())
        raw_owner = request.query_params.get("owner", "") if kind.owned else ""
        return _render(current, kind, organization, bound, organization.version, owner=raw_owner)

    form = await checked_form(current)
    if form is None:
        return forbidden(current)
    expected = posted_version(form)
    raw = form.get("owner") if kind.owned else None
    owner = parse_owner(raw) if kind.owned else None
    if expected is None or (kind.owned and owner is None):
        return not_found(current)
    if owner is not None and not await _owner_is_ours(request, principal, organization, owner):
        return not_found(current)
    bound = Bound(fields, values_of(fields, form))
    owner_arg = (owner[0], owner[1] or organization.id) if owner else None
    try:
        async with service_of(request).db.write() as session:
            await kind.create(
                session,
                principal.write_access(),
                organization.id,
                owner_arg,
                kind.spec_type.from_mapping(kind.form.spec(bound.values)),
                expected,
            )
    except Conflict as stale:
        entries = await conflict_entries(request, principal, organization.id, expected)
        return _render(
            current,
            kind,
            organization,
            bound,
            stale.current,
            owner=raw if isinstance(raw, str) else "",
            status=409,
            conflict=entries,
        )
    except InvalidInput as refused:
        bind_problems(bound, _with_paths(kind, bound.values, refused), current._)
        return _render(
            current,
            kind,
            organization,
            bound,
            expected,
            owner=raw if isinstance(raw, str) else "",
            status=400,
        )
    except (NotFound, Forbidden):
        return not_found(current)
    return redirect(f"/manage/o/{organization.slug}?saved=1")


async def edit_item(request: Request) -> Response:
    started = await _start(request)
    if isinstance(started, Response):
        return started
    current, kind, organization = started
    principal = current.principal
    if kind is None or organization is None or principal is None:
        return not_found(current)
    row = await _own_row(request, principal, kind, organization, request.path_params["id"])
    if row is None:
        return not_found(current)
    fields = kind.form.fields()
    before = kind.form.initial(row)
    if request.method == "GET":
        return _render(
            current, kind, organization, Bound(fields, before), organization.version, row=row
        )

    form = await checked_form(current)
    if form is None:
        return forbidden(current)
    expected = posted_version(form)
    if expected is None:
        return not_found(current)
    bound = Bound(fields, values_of(fields, form))
    try:
        async with service_of(request).db.write() as session:
            await kind.update(
                session,
                principal.write_access(),
                row.id,
                kind.spec_type.from_mapping(kind.form.changes(bound.values, before)),
                expected_version=expected,
            )
    except Conflict as stale:
        entries = await conflict_entries(request, principal, organization.id, expected)
        return _render(
            current,
            kind,
            organization,
            bound,
            stale.current,
            row=row,
            status=409,
            conflict=entries,
        )
    except InvalidInput as refused:
        bind_problems(bound, _with_paths(kind, bound.values, refused), current._)
        return _render(current, kind, organization, bound, expected, row=row, status=400)
    except (NotFound, Forbidden):
        return not_found(current)
    return redirect(f"/manage/o/{organization.slug}?saved=1")


async def delete_item(request: Request) -> Response:
    started = await _start(request)
    if isinstance(started, Response):
        return started
    current, kind, organization = started
    principal = current.principal
    if kind is None or organization is None or principal is None:
        return not_found(current)
    form = await checked_form(current)
    if form is None:
        return forbidden(current)
    row = await _own_row(request, principal, kind, organization, request.path_params["id"])
    expected = posted_version(form)
    if row is None or expected is None:
        return not_found(current)
    try:
        async with service_of(request).db.write() as session:
            await kind.delete(session, principal.write_access(), row.id, expected_version=expected)
    except Conflict as stale:
        entries = await conflict_entries(request, principal, organization.id, expected)
        fields = kind.form.fields()
        return _render(
            current,
            kind,
            organization,
            Bound(fields, kind.form.initial(row)),
            stale.current,
            row=row,
            status=409,
            conflict=entries,
        )
    except (NotFound, Forbidden):
        return not_found(current)
    return redirect(f"/manage/o/{organization.slug}?saved=1")
