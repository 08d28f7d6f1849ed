"""Mutations through GraphQL: user errors as data, conflicts, duplicates, verification, and
parts another organization's caller may not even see."""

from __future__ import annotations

import httpx
from graphql_relay import to_global_id
from sqlalchemy import select

from directory.db import Database
from directory.listings.contacts import create_contact
from directory.listings.specs import ContactSpec
from directory.models import ChangeEvent, Organization, Phone
from tests.listings.helpers import ACTOR, count, load, make
from tests.schema.mutation_client import Call, call, caller


def oid(org: object) -> str:
    return to_global_id("Organization", str(org))


async def test_bad_fields_come_back_as_user_errors_with_input_paths(
    db: Database, client: httpx.AsyncClient
) -> None:
    writer = await caller(client, db, "directory:write")
    org = await make(db)
    result = await call(
        client,
        writer,
        Call(
            "updateOrganization",
            {
                "id": oid(org),
                "website": "ftp://example.org",
                "alternateNames": ["x" * 301],
                "phones": [{"number": "12"}],
            },
        ),
    )
    assert result.errors == []
    assert result.payload is not None and result.payload["organization"] is None
    assert sorted((e["field"], e["code"]) for e in result.payload["userErrors"]) == [
        (["alternateNames", "0"], "INVALID"),
        (["phones", "0", "number"], "INVALID"),
        (["website"], "INVALID"),
    ]
    assert (await load(db, Organization, org)).version == 1


async def test_stale_expected_version_is_a_conflict_user_error(
    db: Database, client: httpx.AsyncClient
) -> None:
    writer = await caller(client, db, "directory:write")
    org = await make(db)
    first = await call(
        client,
        writer,
        Call("updateOrganization", {"id": oid(org), "expectedVersion": 1, "description": "a"}),
    )
    assert first.payload and first.payload["organization"] == {
        "id": oid(org),
        "version": 2,
        "description": "a",
    }
    stale = await call(
        client,
        writer,
        Call("updateOrganization", {"id": oid(org), "expectedVersion": 1, "description": "b"}),
    )
    assert stale.payload and stale.payload["organization"] is None
    [error] = stale.payload["userErrors"]
    assert (error["field"], error["code"]) == (["expectedVersion"], "CONFLICT")
    assert (await load(db, Organization, org)).description == "a"


async def test_duplicate_is_suspected_unless_allowed(
    db: Database, client: httpx.AsyncClient
) -> None:
    writer = await caller(client, db, "directory:write")
    await make(db, name="Alianza Contra la Trata", service_areas=[{"code": "MX"}])
    spec = {
        "name": "Alianza contra la trata",
        "country": "MX",
        "serviceAreas": [{"code": "MX-OAX"}],
    }
    refused = await call(client, writer, Call("createOrganization", spec))
    assert refused.payload and [e["code"] for e in refused.payload["userErrors"]] == [
        "DUPLICATE_SUSPECTED"
    ]
    allowed = await call(
        client, writer, Call("createOrganization", {**spec, "allowDuplicate": True})
    )
    assert allowed.payload and allowed.payload["userErrors"] == []
    assert allowed.payload["organization"]["version"] == 1
    assert await count(db, Organization) == 2


async def test_unknown_id_is_not_found(db: Database, client: httpx.AsyncClient) -> None:
    writer = await caller(client, db, "directory:write")
    result = await call(
        client, writer, Call("updateService", {"id": to_global_id("Service", "not-a-uuid")})
    )
    assert [e["extensions"]["code"] for e in result.errors] == ["NOT_FOUND"]


async def test_confidential_contact_of_another_organization_is_not_found_not_forbidden(
    db: Database, client: httpx.AsyncClient
) -> None:
    own = await make(db, slug="propia", name="Propia")
    other = await make(db, slug="ajena", name="Ajena", service_areas=[{"code": "US"}])
    async with db.write() as session:
        hidden = await create_contact(
            session,
            ACTOR,
            other,
            ContactSpec.from_mapping({"name": "Refugio", "visibility": "CONFIDENTIAL"}),
        )
        public = await create_contact(
            session,
            ACTOR,
            other,
            ContactSpec.from_mapping({"name": "Mesa", "visibility": "PUBLIC"}),
        )
    assert own
    staff = await caller(client, db, "listings:write", organization="propia")
    for contact, code in ((hidden, "NOT_FOUND"), (public, "FORBIDDEN")):
        result = await call(
            client,
            staff,
            Call("updateContact", {"id": to_global_id("Contact", str(contact.id)), "title": "X"}),
        )
        assert [e["extensions"]["code"] for e in result.errors] == [code]
        assert "Refugio" not in str(result.errors)


async def test_contact_with_typed_phone_and_visibility(
    db: Database, client: httpx.AsyncClient
) -> None:
    writer = await caller(client, db, "directory:write")
    org = await make(db)
    result = await call(
        client,
        writer,
        Call(
            "createContact",
            {
                "organizationId": oid(org),
                "expectedVersion": 1,
                "name": "Línea directa",
                "visibility": "CONFIDENTIAL",
                "phones": [
                    {
                        "number": "55 1234 5678",
                        "type": "WHATSAPP",
                        "open24x7": True,
                        "visibility": "PARTNERS",
                    }
                ],
            },
        ),
    )
    assert result.errors == [] and result.payload and result.payload["userErrors"] == []
    assert result.payload["organization"] == {"version": 2}
    async with db.session() as session:
        phone = (
            await session.scalars(
                select(Phone).where(Phone.contact_id.is_not(None)).order_by(Phone.e164)
            )
        ).first()
    assert phone is not None
    assert (phone.e164, phone.type, phone.is_24_7, phone.visibility) == (
        "+525512345678",
        "whatsapp",
        True,
        "PARTNERS",
    )


async def test_verify_records_status_and_verifier(db: Database, client: httpx.AsyncClient) -> None:
    admin = await caller(client, db, "directory:admin")
    org = await make(db)
    result = await call(
        client, admin, Call("verifyOrganization", {"id": oid(org), "status": "VERIFIED"})
    )
    assert result.errors == [] and result.payload and result.payload["userErrors"] == []
    verification = result.payload["organization"]["verification"]
    assert verification["status"] == "VERIFIED"
    assert verification["lastVerifiedAt"] is not None
    assert verification["verifiedBy"] == admin.actor
    assert verification["changedSinceVerification"] is False
    assert await count(db, ChangeEvent, ChangeEvent.kind == "UPDATED") == 1


async def test_archive_then_edit_is_refused_as_user_error(
    db: Database, client: httpx.AsyncClient
) -> None:
    writer = await caller(client, db, "directory:write")
    org = await make(db)
    archived = await call(client, writer, Call("archiveOrganization", {"id": oid(org)}))
    assert archived.payload and archived.payload["organization"]["archived"] is True
    again = await call(
        client, writer, Call("updateOrganization", {"id": oid(org), "name": "Nuevo"})
    )
    assert again.payload and [e["code"] for e in again.payload["userErrors"]] == ["INVALID"]
    async with db.session() as session:
        kinds = (await session.scalars(select(ChangeEvent.kind).order_by(ChangeEvent.id))).all()
    assert kinds == ["CREATED", "ARCHIVED"]
