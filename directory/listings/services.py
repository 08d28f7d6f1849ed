"""Creating, updating and deleting an organization's services."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.listings.change import ListingChange
from directory.listings.create import add_in_dependency_order, snapshot
from directory.listings.parts import (
    apply_translations,
    area_rows,
    phone_rows,
    replace_rows,
    split_translations,
    unknown_fields,
)
from directory.listings.rows import children, own_phones, owner_of, part
from directory.listings.spec import parse_service
from directory.listings.specs import ServiceSpec, known
from directory.models import Contact, Email, Phone, Service, ServiceArea, ServiceTranslation
from directory.models.base import Base
from directory.validation import Checker

SCALAR_FIELDS = (
    "name",
    "description",
    "language",
    "status",
    "categories",
    "populations",
    "trafficking_types",
    "languages",
    "eligibility",
    "fees",
    "timezone",
    "open24x7",
    "hours",
)
"""Service fields stored in the service's own row (the parts are rows of their own)."""


def column(name: str) -> str:
    """The column of a spec field (the GraphQL name ``open24x7`` is stored as ``open_24_7``)."""
    return "open_24_7" if name == "open24x7" else name


SCALAR_COLUMNS = tuple(column(name) for name in SCALAR_FIELDS)


def stored(service: Service) -> ServiceSpec:
    """A stored service as the spec that would write it (for partial updates)."""
    return ServiceSpec(**{name: getattr(service, column(name)) for name in SCALAR_FIELDS})


async def create_service(
    session: AsyncSession,
    access: WriteAccess,
    organization_id: uuid.UUID,
    spec: ServiceSpec,
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Service:
    """Add a service (with its translations, areas and phones) as a new listing version."""
    change = await ListingChange.begin(session, access, organization_id, expected_version, at)
    organization = change.organization
    checker = Checker()
    unknown_fields(checker, spec)
    service = Service(
        id=uuid.uuid4(),
        organization_id=organization.id,
        created_at=change.at,
        updated_at=change.at,
        **parse_service(checker, spec, (), organization.language),
    )
    rows: list[Base] = [service]
    _, translations = split_translations(checker, known(spec.translations), ("translations",))
    rows += [
        ServiceTranslation(
            service_id=service.id, organization_id=organization.id, language=lang, **text
        )
        for lang, text in translations.items()
    ]
    rows += area_rows(
        checker, known(spec.service_areas), ("service_areas",), organization.id, service.id
    )
    rows += phone_rows(
        checker,
        known(spec.phones),
        ("phones",),
        organization.id,
        organization.country,
        service_id=service.id,
    )
    checker.raise_if_any()
    await add_in_dependency_order(session, rows)
    for row in rows:
        change.created(row)
    await change.finish()
    return service


async def update_service(
    session: AsyncSession,
    access: WriteAccess,
    service_id: uuid.UUID,
    changes: ServiceSpec,
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Service:
    """Apply the given fields of a service (absent ones are kept); ``translations`` as for
    organizations; ``service_areas`` and ``phones`` replace the service's own (the phones
    that the caller may see). A change that changes nothing writes nothing."""
    organization_id = await owner_of(session, access.audience, Service, service_id)
    change = await ListingChange.begin(session, access, organization_id, expected_version, at)
    service = await part(session, access.audience, Service, service_id, organization_id)
    checker = Checker()
    unknown_fields(checker, changes)
    given = {name: value for name, value in changes.given().items() if name in SCALAR_FIELDS}
    values = parse_service(
        checker, dataclasses.replace(stored(service), **given), (), service.language
    )
    removed, translations = split_translations(
        checker, known(changes.translations), ("translations",)
    )
    org = change.organization
    areas = (
        area_rows(checker, changes.service_areas, ("service_areas",), org.id, service.id)
        if changes.has("service_areas")
        else None
    )
    phones = (
        phone_rows(checker, changes.phones, ("phones",), org.id, org.country, service_id=service.id)
        if changes.has("phones")
        else None
    )
    checker.raise_if_any()

    before = snapshot(service)
    for name in given:
        setattr(service, column(name), values[column(name)])
    if change.record("update", service, before, snapshot(service)):
        service.updated_at = change.at
    existing = await children(session, ServiceTranslation, "service_id", service.id)
    await apply_translations(
        change,
        existing,
        removed,
        translations,
        lambda language, text: ServiceTranslation(
            service_id=service.id, organization_id=org.id, language=language, **text
        ),
    )
    if areas is not None:
        old = await children(session, ServiceArea, "service_id", service.id)
        await replace_rows(change, old, areas)
    if phones is not None:
        phones_now = await own_phones(session, access.audience, "service", service.id)
        await replace_rows(change, phones_now, phones)
    await change.finish()
    return service


async def delete_service(
    session: AsyncSession,
    access: WriteAccess,
    service_id: uuid.UUID,
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Service:
    """Delete a service and its translations, areas and phones; its contacts stay with the
    organization. Every removed row gets a revision, so the audit trail keeps the values."""
    organization_id = await owner_of(session, access.audience, Service, service_id)
    change = await ListingChange.begin(session, access, organization_id, expected_version, at)
    service = await part(session, access.audience, Service, service_id, organization_id)
    for model in (ServiceTranslation, ServiceArea, Phone, Email):
        for row in await children(session, model, "service_id", service_id):
            change.deleted(row)
            await session.delete(row)
    for contact in await children(session, Contact, "service_id", service_id):
        before = snapshot(contact)
        contact.service_id = None
        change.record("update", contact, before, snapshot(contact))
    await session.flush()
    change.deleted(service)
    await session.delete(service)
    await change.finish()
    return service
