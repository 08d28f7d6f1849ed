"""Replacing a set of phones or emails keeps the items the caller may not see.

A `directory:write` caller reads PUBLIC and PARTNERS items only: the phones it sends to
updateOrganization, updateService or updateContact replace the ones it can see, never a
CONFIDENTIAL intake line it was never shown.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from graphql_relay import to_global_id
from sqlalchemy import select

from directory.db import Database
from directory.models import Contact, Email, Phone, Service
from tests.listings.helpers import make
from tests.schema.mutation_client import Call, call, caller

HIDDEN = {"number": "+52 55 5000 0001", "visibility": "CONFIDENTIAL"}


async def _numbers(db: Database, *where: Any) -> set[str]:
    async with db.session() as session:
        return set((await session.scalars(select(Phone.e164).where(*where))).all())


async def _listing(db: Database) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    org = await make(
        db,
        phones=[{"number": "+52 55 5000 0009"}, HIDDEN],
        emails=[{"address": "oculto@example.org", "visibility": "CONFIDENTIAL"}],
        services=[{"name": "Refugio", "categories": ["hotline"], "phones": [HIDDEN]}],
        contacts=[{"name": "Mesa", "visibility": "PARTNERS", "phones": [HIDDEN]}],
    )
    async with db.session() as session:
        service = (
            await session.scalars(select(Service.id).where(Service.organization_id == org))
        ).one()
        contact = (
            await session.scalars(select(Contact.id).where(Contact.organization_id == org))
        ).one()
    return org, service, contact


async def test_directory_write_keeps_confidential_phones_it_cannot_see(
    client: httpx.AsyncClient, db: Database
) -> None:
    org, service, contact = await _listing(db)
    writer = await caller(client, db, "directory:write")
    new = [{"number": "+52 55 5000 0002"}]
    for mutation, kind, id in (
        ("updateOrganization", "Organization", org),
        ("updateService", "Service", service),
        ("updateContact", "Contact", contact),
    ):
        result = await call(
            client, writer, Call(mutation, {"id": to_global_id(kind, str(id)), "phones": new})
        )
        assert result.errors == [] and result.payload and result.payload["userErrors"] == []

    assert await _numbers(
        db, Phone.organization_id == org, Phone.service_id.is_(None), Phone.contact_id.is_(None)
    ) == {"+525550000001", "+525550000002"}
    assert await _numbers(db, Phone.service_id == service) == {"+525550000001", "+525550000002"}
    assert await _numbers(db, Phone.contact_id == contact) == {"+525550000001", "+525550000002"}

    result = await call(
        client,
        writer,
        Call("updateOrganization", {"id": to_global_id("Organization", str(org)), "emails": []}),
    )
    assert result.errors == []
    async with db.session() as session:
        kept = (
            await session.scalars(select(Email.address).where(Email.organization_id == org))
        ).all()
    assert kept == ["oculto@example.org"]
