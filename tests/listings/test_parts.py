"""Services, contacts and service areas: each write is one new version of its organization."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from directory.db import Database
from directory.enums import FacetKind
from directory.errors import Conflict
from directory.listings.areas import set_service_area
from directory.listings.contacts import create_contact, delete_contact, update_contact
from directory.listings.services import create_service, delete_service, update_service
from directory.listings.specs import ContactSpec, ServiceSpec, areas_from
from directory.models import (
    ChangeEvent,
    Contact,
    Email,
    OrganizationFacet,
    Phone,
    Revision,
    Service,
    ServiceArea,
    ServiceTranslation,
)
from directory.validation import InvalidInput
from tests.listings.helpers import ACTOR, count, make, version


async def facets(db: Database, kind: FacetKind) -> list[str]:
    async with db.session() as session:
        rows = await session.scalars(
            select(OrganizationFacet.code).where(OrganizationFacet.facet == kind.value)
        )
        return sorted(rows.all())


async def test_service_create_update_delete(db: Database) -> None:
    org_id = await make(db)
    async with db.write() as session:
        service = await create_service(
            session,
            ACTOR,
            org_id,
            ServiceSpec.from_mapping(
                {
                    "name": "Asesoría legal",
                    "categories": ["legal-aid"],
                    "translations": {"en": {"name": "Legal advice"}},
                    "service_areas": [{"code": "MX-JAL"}],
                    "phones": [{"number": "33 1234 5678"}],
                }
            ),
            expected_version=1,
        )
    assert await facets(db, FacetKind.CATEGORY) == ["hotline", "legal-aid"]
    assert await count(db, ServiceArea, ServiceArea.service_id == service.id) == 1
    async with db.write() as session:
        await update_service(
            session,
            ACTOR,
            service.id,
            ServiceSpec.from_mapping(
                {"categories": ["immigration-legal"], "translations": {"en": None}}
            ),
            expected_version=2,
        )
    assert await facets(db, FacetKind.CATEGORY) == ["hotline", "immigration-legal"]
    assert await count(db, ServiceTranslation) == 0
    async with db.write() as session:
        await delete_service(session, ACTOR, service.id, expected_version=3)
    assert await count(db, Service) == 1
    assert await count(db, Phone, Phone.service_id.is_not(None)) == 0
    assert await facets(db, FacetKind.CATEGORY) == ["hotline"]
    async with db.session() as session:
        deleted = (
            await session.scalars(select(Revision).where(Revision.organization_version == 4))
        ).all()
    assert sorted(r.entity_type for r in deleted) == ["Phone", "Service", "ServiceArea"]
    assert all(r.operation == "delete" for r in deleted)
    service_revision = next(r for r in deleted if r.entity_type == "Service")
    assert service_revision.changes["name"] == {"before": "Asesoría legal", "after": None}
    assert await version(db, org_id) == 4
    assert await count(db, ChangeEvent) == 4


async def test_part_update_with_stale_version_conflicts(db: Database) -> None:
    org_id = await make(db)
    async with db.session() as session:
        service_id = (await session.scalars(select(Service.id))).one()
    async with db.write() as session:
        await update_service(
            session, ACTOR, service_id, ServiceSpec.from_mapping({"fees": "Gratuito"})
        )
    with pytest.raises(Conflict):
        async with db.write() as session:
            await update_service(
                session,
                ACTOR,
                service_id,
                ServiceSpec.from_mapping({"fees": "100"}),
                expected_version=1,
            )
    assert (await make_fees(db, service_id)) == "Gratuito"
    assert await version(db, org_id) == 2


async def make_fees(db: Database, service_id: object) -> str | None:
    async with db.session() as session:
        return (await session.get_one(Service, service_id)).fees


async def test_contact_create_update_delete(db: Database) -> None:
    org_id = await make(db)
    async with db.session() as session:
        service_id = (await session.scalars(select(Service.id))).one()
    async with db.write() as session:
        contact = await create_contact(
            session,
            ACTOR,
            org_id,
            ContactSpec.from_mapping(
                {
                    "name": "Coordinación de refugio",
                    "visibility": "CONFIDENTIAL",
                    "service_id": service_id,
                    "phones": [{"number": "55 1111 2222", "visibility": "CONFIDENTIAL"}],
                    "emails": [{"address": "refugio@example.org", "visibility": "PARTNERS"}],
                }
            ),
        )
    async with db.write() as session:
        await update_contact(
            session,
            ACTOR,
            contact.id,
            ContactSpec.from_mapping({"title": "Coordinadora", "emails": []}),
            expected_version=2,
        )
    async with db.session() as session:
        stored = await session.get_one(Contact, contact.id)
    assert (stored.title, stored.visibility, stored.service_id) == (
        "Coordinadora",
        "CONFIDENTIAL",
        service_id,
    )
    assert await count(db, Email) == 0
    async with db.write() as session:
        await delete_contact(session, ACTOR, contact.id)
    assert await count(db, Contact) == 1
    assert await count(db, Phone, Phone.contact_id == contact.id) == 0
    assert await version(db, org_id) == 4


async def test_contact_refuses_another_organizations_service(db: Database) -> None:
    mine = await make(db)
    other = await make(db, slug="otra", name="Otra", service_areas=[{"code": "US-TX"}])
    async with db.session() as session:
        theirs = (
            await session.scalars(select(Service.id).where(Service.organization_id == other))
        ).one()
    with pytest.raises(InvalidInput) as refused:
        async with db.write() as session:
            await create_contact(
                session, ACTOR, mine, ContactSpec.from_mapping({"name": "X", "service_id": theirs})
            )
    assert refused.value.problems[0].field == ("service_id",)
    assert await version(db, mine) == 1


async def test_set_service_area_replaces_the_set_and_records_only_the_difference(
    db: Database,
) -> None:
    org_id = await make(db, service_areas=[{"code": "MX-CMX"}, {"code": "MX-MEX"}])
    async with db.write() as session:
        await set_service_area(
            session,
            ACTOR,
            org_id,
            areas_from([{"code": "MX-CMX"}, {"code": "US"}]),
            expected_version=1,
        )
    async with db.session() as session:
        areas = (
            await session.execute(
                select(ServiceArea.country, ServiceArea.subdivision).where(
                    ServiceArea.service_id.is_(None)
                )
            )
        ).all()
        revisions = (
            await session.scalars(select(Revision).where(Revision.organization_version == 2))
        ).all()
    assert sorted(areas, key=str) == sorted([("MX", "MX-CMX"), ("US", None)], key=str)
    assert sorted(r.operation for r in revisions) == ["create", "delete"]
