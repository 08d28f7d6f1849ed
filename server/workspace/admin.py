"""Administrators' pages: the verification queue (verify or reject with a note), staff
accounts (create with a one-time set-password link, disable, reset), and OAuth clients
(list, revoke). Anyone without ``directory:admin`` gets the 404 page."""

from __future__ import annotations

import uuid
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from auth import accounts, clients
from auth import scopes as S
from auth.first_party import is_first_party
from auth.users import ROLE_SCOPES
from directory.enums import VerificationStatus
from directory.errors import Conflict, Forbidden, NotFound
from directory.listings.verification import verify_organization
from directory.reader import Reader
from directory.validation import InvalidInput
from directory.verification_queue import verification_queue
from server.workspace.history import readable
from server.workspace.render import checked_form, forbidden, not_found, page, redirect
from server.workspace.visit import Visit, service_of, visit

DECISIONS = (VerificationStatus.VERIFIED.value, VerificationStatus.REJECTED.value)


async def _admin(request: Request) -> tuple[Visit, Response | None]:
    current = await visit(request)
    if current.principal is None:
        if request.method == "POST":
            return current, forbidden(current)
        return current, redirect(f"/manage/signin?next={quote(request.url.path)}")
    if not current.principal.has(S.ADMIN):
        return current, not_found(current)
    return current, None


async def queue(request: Request, problem: str | None = None, status: int = 200) -> Response:
    current, refused = await _admin(request)
    if refused is not None:
        return refused
    assert current.principal is not None
    async with service_of(request).db.session() as session:
        queued = await verification_queue(session)
    audience = current.principal.audience()
    return page(
        current,
        "queue.html",
        status=status,
        queued=[(item, readable(item.changes, audience)) for item in queued],
        problem=problem,
        done=request.query_params.get("done"),
    )


async def decide(request: Request) -> Response:
    current, refused = await _admin(request)
    if refused is not None:
        return refused
    assert current.principal is not None
    form = await checked_form(current)
    if form is None:
        return forbidden(current)
    db = service_of(request).db
    slug = request.path_params["slug"]
    async with db.session() as session:
        reader = Reader(session, current.principal.audience())
        found = await reader.organizations_by_slug([slug])
    organization = found.get(slug)
    if organization is None:
        return not_found(current)
    decision = form.get("decision")
    version = form.get("expected_version")
    note = form.get("note")
    if decision not in DECISIONS or not isinstance(version, str) or not version.isdigit():
        return not_found(current)
    try:
        async with db.write() as session:
            await verify_organization(
                session,
                current.principal.write_access(),
                organization.id,
                status=str(decision),
                expected_version=int(version),
                note=note if isinstance(note, str) and note.strip() else None,
            )
    except Conflict:
        return await queue(
            request,
            current._("This listing changed while you were looking at it. Look at it again."),
            409,
        )
    except InvalidInput as problem:
        return await queue(request, "; ".join(current._(p.message) for p in problem.problems), 400)
    except (NotFound, Forbidden):
        return not_found(current)
    return redirect(f"/manage/admin/queue?done={quote(slug)}")


def _link(request: Request, token: str) -> str:
    return f"{service_of(request).settings.issuer}/manage/password?t={token}"


async def accounts_page(request: Request) -> Response:
    current, refused = await _admin(request)
    if refused is not None:
        return refused
    db = service_of(request).db
    values = {"email": "", "organization": "", "role": "editor"}
    problem = None
    status = 200
    if request.method == "POST":
        form = await checked_form(current)
        if form is None:
            return forbidden(current)
        values = {k: str(form.get(k) or "").strip() for k in values}
        assert current.principal is not None
        try:
            issued = await accounts.create_account(
                db,
                email=values["email"],
                organization_slug=values["organization"],
                role=values["role"],
                created_by=current.principal.actor().id,
            )
        except ValueError as error:
            problem, status = str(error), 400
        else:
            return page(
                current,
                "link_issued.html",
                link=_link(request, issued.token),
                email=issued.email,
                expires_at=issued.expires_at,
                created=True,
            )
    found = await accounts.list_accounts(db)
    return page(
        current,
        "accounts.html",
        status=status,
        accounts=found,
        values=values,
        problem=problem,
        roles=list(ROLE_SCOPES),
        done=request.query_params.get("done"),
    )


async def account_action(request: Request) -> Response:
    current, refused = await _admin(request)
    if refused is not None:
        return refused
    assert current.principal is not None
    form = await checked_form(current)
    if form is None:
        return forbidden(current)
    try:
        user_id = uuid.UUID(request.path_params["id"])
    except ValueError:
        return not_found(current)
    db = service_of(request).db
    action = request.path_params["action"]
    if action not in ("disable", "link"):
        return not_found(current)
    try:
        if action == "disable":
            await accounts.disable_account(db, user_id)
            return redirect("/manage/admin/accounts?done=disabled")
        issued = await accounts.issue_link(db, user_id, current.principal.actor().id)
    except LookupError:
        return not_found(current)
    return page(
        current,
        "link_issued.html",
        link=_link(request, issued.token),
        email=issued.email,
        expires_at=issued.expires_at,
        created=False,
    )


async def clients_page(request: Request) -> Response:
    current, refused = await _admin(request)
    if refused is not None:
        return refused
    problem = None
    status = 200
    db = service_of(request).db
    if request.method == "POST":
        form = await checked_form(current)
        if form is None:
            return forbidden(current)
        client_id = str(form.get("client_id") or "")
        if is_first_party(client_id):
            problem, status = current._("The workspace's own client cannot be revoked here."), 400
        else:
            try:
                await clients.revoke_client(db, client_id)
            except ValueError:
                return not_found(current)
            return redirect("/manage/admin/clients?done=revoked")
    return page(
        current,
        "clients.html",
        status=status,
        clients=[c for c in await clients.list_clients(db) if not is_first_party(c.client_id)],
        problem=problem,
        done=request.query_params.get("done"),
    )
