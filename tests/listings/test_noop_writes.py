"""A write that changes nothing is a no-op: no version bump, no revision, no change event."""

from __future__ import annotations

from sqlalchemy import select

from directory.db import Database
from directory.listings.contacts import update_contact
from directory.listings.organizations import update_organization
from directory.listings.services import update_service
from directory.listings.specs import ContactSpec, OrganizationSpec, ServiceSpec
from directory.models import ChangeEvent, Contact, Revision, Service
from tests.listings.helpers import ACTOR, count, load, make, version


async def trail(db: Database) -> tuple[int, int]:
    return await count(db, Revision), await count(db, ChangeEvent)


async def test_updating_an_organization_to_what_it_is_writes_nothing(db: Database) -> None:
    org = await make(db, description="Atención", translations={"en": {"name": "Example Council"}})
    before = await trail(db)
    async with db.write() as session:
        same = await update_organization(
            session,
            ACTOR,
            org,
            OrganizationSpec.from_mapping(
                {
                    "name": "Consejo Ejemplo de México",
                    "description": "Atención",
                    "translations": {"en": {"name": "Example Council", "description": None}},
                }
            ),
            expected_version=1,
        )
    assert same.version == 1
    assert await version(db, org) == 1
    assert await trail(db) == before


async def test_no_op_service_and_contact_updates_write_nothing(db: Database) -> None:
    org = await make(db)
    async with db.session() as session:
        service = (
            await session.scalars(select(Service).where(Service.organization_id == org))
        ).one()
        contact = (
            await session.scalars(select(Contact).where(Contact.organization_id == org))
        ).one()
    before = await trail(db)
    async with db.write() as session:
        await update_service(
            session,
            ACTOR,
            service.id,
            ServiceSpec.from_mapping({"name": service.name, "categories": ["hotline"]}),
        )
        await update_contact(
            session,
            ACTOR,
            contact.id,
            ContactSpec.from_mapping(
                {"name": "Mesa", "phones": [{"number": "800 55 33 000", "hotline": True}]}
            ),
        )
    assert await version(db, org) == 1
    assert await trail(db) == before
    stored: Service = await load(db, Service, service.id)
    assert stored.updated_at == service.updated_at


async def test_a_real_change_after_a_no_op_is_the_next_version(db: Database) -> None:
    org = await make(db)
    async with db.write() as session:
        await update_organization(
            session, ACTOR, org, OrganizationSpec.from_mapping({"country": "MX"})
        )
    async with db.write() as session:
        changed = await update_organization(
            session, ACTOR, org, OrganizationSpec.from_mapping({"website": "https://example.org"})
        )
    assert changed.version == 2
    assert await trail(db) != (0, 0)
