"""The mutation half of the authorization matrix: every mutation × scope set × own/other
organization, over HTTP with real bearer tokens of clients bound to their organization.
Refused callers get a top-level FORBIDDEN with ``requiredScopes`` and nothing is written
(no change event, same version)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from graphql_relay import to_global_id
from sqlalchemy import select

from directory.db import Database
from directory.models import ChangeEvent, Contact, Email, Location, Phone, Service
from tests.listings.helpers import count, make
from tests.schema.mutation_client import Call, call, caller

OK, NO = "ok", "FORBIDDEN"

# caller:            anonymous  read  listings:write  directory:write  directory:admin
# target:                 own/other   own/other        own/other        own/other
SCOPES = {
    "anonymous": "",
    "read": "directory:read",
    "listings": "listings:write",
    "write": "directory:write",
    "admin": "directory:admin",
}
EDIT = {
    ("anonymous", "own"): NO, ("anonymous", "other"): NO,
    ("read", "own"): NO, ("read", "other"): NO,
    ("listings", "own"): OK, ("listings", "other"): NO,
    ("write", "own"): OK, ("write", "other"): OK,
    ("admin", "own"): OK, ("admin", "other"): OK,
}  # fmt: skip
ONLY_WRITE = {cell: OK if cell[0] in ("write", "admin") else NO for cell in EDIT}
ONLY_ADMIN = {cell: OK if cell[0] == "admin" else NO for cell in EDIT}

Prepare = Callable[[Database, uuid.UUID, int], Awaitable[tuple[str, dict[str, Any]]]]


def gid(kind: str, id: uuid.UUID) -> str:
    return to_global_id(kind, str(id))


async def a_service(db: Database, org: uuid.UUID) -> uuid.UUID:
    async with db.session() as session:
        return (
            await session.scalars(select(Service.id).where(Service.organization_id == org))
        ).first() or uuid.uuid4()


async def a_contact(db: Database, org: uuid.UUID) -> uuid.UUID:
    async with db.session() as session:
        return (
            await session.scalars(select(Contact.id).where(Contact.organization_id == org))
        ).first() or uuid.uuid4()


async def p_create_org(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    return "createOrganization", {"name": f"Red {n} de {uuid.uuid4().hex}", "country": "CA"}


async def p_update_org(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    return "updateOrganization", {"id": gid("Organization", org), "description": f"edit {n}"}


async def p_archive(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    # archiving is for good: each cell archives a fresh listing (the caller's own one or
    # another), see ``fresh_target``
    return "archiveOrganization", {"id": gid("Organization", org)}


async def p_verify(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    return "verifyOrganization", {"id": gid("Organization", org)}


async def p_create_service(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    return "createService", {"organizationId": gid("Organization", org), "name": f"Servicio {n}"}


async def p_update_service(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    return "updateService", {"id": gid("Service", await a_service(db, org)), "fees": f"{n}"}


async def p_delete_service(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    return "deleteService", {"id": gid("Service", await a_service(db, org))}


async def p_create_contact(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    return "createContact", {
        "organizationId": gid("Organization", org),
        "name": f"Mesa {n}",
        "visibility": "PUBLIC",
    }


async def p_update_contact(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    return "updateContact", {"id": gid("Contact", await a_contact(db, org)), "title": f"T{n}"}


async def p_delete_contact(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    return "deleteContact", {"id": gid("Contact", await a_contact(db, org))}


async def p_set_area(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    codes = ["MX-JAL", "MX-NLE", "MX-YUC"]
    return "setServiceArea", {
        "organizationId": gid("Organization", org),
        "areas": [{"code": codes[n % 3]}],
    }


async def a_row(db: Database, model: Any, org: uuid.UUID) -> uuid.UUID:
    async with db.session() as session:
        return (
            await session.scalars(
                select(model.id).where(model.organization_id == org).order_by(model.id)
            )
        ).first() or uuid.uuid4()


async def p_create_location(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    return "createLocation", {
        "organizationId": gid("Organization", org),
        "name": f"Oficina {n}",
        "visibility": "PUBLIC",
    }


async def p_update_location(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    return "updateLocation", {
        "id": gid("Location", await a_row(db, Location, org)),
        "name": f"Renamed place {n}",  # never a set-up name (L0…): a no-op emits no event
    }


async def p_delete_location(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    return "deleteLocation", {"id": gid("Location", await a_row(db, Location, org))}


async def p_create_phone(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    return "createPhone", {"ownerId": gid("Organization", org), "number": f"55 5555 01{n:02d}"}


async def p_update_phone(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    return "updatePhone", {"id": gid("Phone", await a_row(db, Phone, org)), "description": f"{n}"}


async def p_delete_phone(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    return "deletePhone", {"id": gid("Phone", await a_row(db, Phone, org))}


async def p_create_email(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    return "createEmail", {"ownerId": gid("Organization", org), "address": f"m{n}@example.org"}


async def p_update_email(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    return "updateEmail", {"id": gid("Email", await a_row(db, Email, org)), "description": f"{n}"}


async def p_delete_email(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    return "deleteEmail", {"id": gid("Email", await a_row(db, Email, org))}


async def p_confirm(db: Database, org: uuid.UUID, n: int) -> tuple[str, dict[str, Any]]:
    return "confirmListingCurrent", {"organizationId": gid("Organization", org)}


MUTATIONS: list[tuple[Prepare, dict[tuple[str, str], str]]] = [
    (p_create_org, ONLY_WRITE),
    (p_update_org, EDIT),
    (p_archive, EDIT),
    (p_verify, ONLY_ADMIN),
    (p_create_service, EDIT),
    (p_update_service, EDIT),
    (p_delete_service, EDIT),
    (p_create_contact, EDIT),
    (p_update_contact, EDIT),
    (p_delete_contact, EDIT),
    (p_set_area, EDIT),
    (p_create_location, EDIT),
    (p_update_location, EDIT),
    (p_delete_location, EDIT),
    (p_create_phone, EDIT),
    (p_update_phone, EDIT),
    (p_delete_phone, EDIT),
    (p_create_email, EDIT),
    (p_update_email, EDIT),
    (p_delete_email, EDIT),
    (p_confirm, EDIT),
]


@pytest.mark.parametrize(
    ("prepare", "table"), MUTATIONS, ids=[m[0].__name__[2:] for m in MUTATIONS]
)
async def test_mutation_authorization_matrix(
    db: Database, client: httpx.AsyncClient, prepare: Prepare, table: dict[tuple[str, str], str]
) -> None:
    own = await make(db, slug="propia", name="Organización Propia")
    other = await make(db, slug="ajena", name="Otra Asociación", service_areas=[{"code": "US"}])
    # every caller is a client bound to the "own" organization
    callers = {who: await caller(client, db, scope, "propia") for who, scope in SCOPES.items()}
    setup = callers["write"]
    # plenty of services and contacts, so every allowed delete finds one
    for org in (own, other):
        for i in range(6):
            await call(
                client,
                setup,
                Call(
                    "createService", {"organizationId": gid("Organization", org), "name": f"S{i}"}
                ),
            )
            await call(
                client,
                setup,
                Call(
                    "createContact",
                    {
                        "organizationId": gid("Organization", org),
                        "name": f"C{i}",
                        "visibility": "PUBLIC",
                    },
                ),
            )
            for request in (
                Call(
                    "createLocation",
                    {
                        "organizationId": gid("Organization", org),
                        "name": f"L{i}",
                        "visibility": "PUBLIC",
                    },
                ),
                Call(
                    "createPhone",
                    {"ownerId": gid("Organization", org), "number": f"55 5555 02{i:02d}"},
                ),
                Call(
                    "createEmail",
                    {"ownerId": gid("Organization", org), "address": f"e{i}@example.org"},
                ),
            ):
                await call(client, setup, request)
    for n, ((who, target), expected) in enumerate(table.items(), start=1):
        principal = callers[who]
        org = own if target == "own" else other
        if prepare is p_archive:
            slug = f"archivable-{n}"
            org = await make(db, slug=slug, name=f"Archivable {n} {uuid.uuid4()}")
            if target == "own":
                principal = await caller(client, db, SCOPES[who], slug)
        name, variables = await prepare(db, org, n)
        events = await count(db, ChangeEvent)
        result = await call(client, principal, Call(name, variables))
        if expected == OK:
            assert result.errors == [], (who, target, result.errors)
            assert result.payload is not None, (who, target)
            assert result.payload["userErrors"] == [], (who, target, result.payload)
            assert await count(db, ChangeEvent) == events + 1
        else:
            assert result.payload is None, (who, target)
            assert [e["extensions"]["code"] for e in result.errors] == ["FORBIDDEN"], (who, target)
            assert result.errors[0]["extensions"]["requiredScopes"], (who, target)
            assert await count(db, ChangeEvent) == events, (who, target)
