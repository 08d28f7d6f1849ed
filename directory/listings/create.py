"""Creating a whole organization listing in one transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from directory.audit import Actor, add_revision, append_change, diff
from directory.enums import ChangeKind, VerificationStatus
from directory.listings.index import reindex_organization
from directory.listings.spec import (
    items_of,
    parse_area,
    parse_contact,
    parse_email,
    parse_location,
    parse_organization,
    parse_phone,
    parse_service,
    parse_translations,
    parse_verification,
)
from directory.listings.specs import (
    AreaSpec,
    ContactSpec,
    EmailSpec,
    LocationSpec,
    OrganizationSpec,
    PhoneSpec,
    ServiceSpec,
    VerificationSpec,
    known,
)
from directory.models import (
    Contact,
    Email,
    Location,
    Organization,
    OrganizationTranslation,
    Phone,
    Service,
    ServiceArea,
    ServiceTranslation,
)
from directory.models.base import Base, utcnow
from directory.validation import Checker, InvalidInput, Problem

INTERNAL_COLUMNS = frozenset({"sort_name", "search_name", "search_text"})


def snapshot(row: Base) -> dict[str, Any]:
    """The row's column values, as the audit trail records them."""
    mapper = inspect(type(row))
    return {
        attr.key: getattr(row, attr.key)
        for attr in mapper.column_attrs
        if attr.key not in INTERNAL_COLUMNS
    }


async def add_in_dependency_order(session: AsyncSession, rows: list[Base]) -> None:
    """Insert rows table by table, parents first (the models carry no ORM relationships,
    so the unit of work cannot order them by itself)."""
    await session.flush()
    for table in Base.metadata.sorted_tables:
        group = [row for row in rows if getattr(type(row), "__table__", None) is table]
        if group:
            session.add_all(group)
            await session.flush()


async def slug_taken(session: AsyncSession, slug: str) -> bool:
    found = await session.scalar(select(Organization.id).where(Organization.slug == slug))
    return found is not None


async def create_organization(
    session: AsyncSession,
    actor: Actor,
    spec: OrganizationSpec,
    *,
    organization_id: uuid.UUID | None = None,
    at: dt.datetime | None = None,
    problems: Sequence[Problem] = (),
) -> Organization:
    """Validate ``spec`` and add the organization with all its parts, revisions and event.

    Raises :class:`InvalidInput` (nothing added to the session) on any bad value, or when
    the caller found ``problems`` of its own (reported together with the others).
    """
    checker = Checker(list(problems))
    now = at or utcnow()
    values = parse_organization(checker, spec)
    given_verification = known(spec.verification)
    verification = parse_verification(
        checker,
        given_verification if isinstance(given_verification, VerificationSpec) else None,
        ("verification",),
    )
    translations = parse_translations(checker, ("translations",), known(spec.translations))
    country = values["country"]

    org_id = organization_id or uuid.uuid4()
    rows: list[Base] = []

    Parent = OrganizationSpec | ServiceSpec | LocationSpec | ContactSpec

    def phones_of(parent: Parent, path: tuple[str | int, ...], **links: uuid.UUID) -> None:
        for item_path, item in items_of(
            checker, known(parent.phones), (*path, "phones"), PhoneSpec
        ):
            parsed = parse_phone(checker, item, item_path, country)
            if parsed:
                rows.append(Phone(id=uuid.uuid4(), organization_id=org_id, **links, **parsed))

    def emails_of(
        parent: OrganizationSpec | ContactSpec, path: tuple[str | int, ...], **links: uuid.UUID
    ) -> None:
        for item_path, item in items_of(
            checker, known(parent.emails), (*path, "emails"), EmailSpec
        ):
            parsed = parse_email(checker, item, item_path)
            if parsed:
                rows.append(Email(id=uuid.uuid4(), organization_id=org_id, **links, **parsed))

    def areas_of(
        parent: OrganizationSpec | ServiceSpec,
        path: tuple[str | int, ...],
        service_id: uuid.UUID | None,
    ) -> None:
        areas = known(parent.service_areas)
        for item_path, item in items_of(checker, areas, (*path, "service_areas"), AreaSpec):
            parsed = parse_area(checker, item, item_path)
            if parsed:
                rows.append(
                    ServiceArea(
                        id=uuid.uuid4(), organization_id=org_id, service_id=service_id, **parsed
                    )
                )

    for language, text in translations.items():
        rows.append(OrganizationTranslation(organization_id=org_id, language=language, **text))
    areas_of(spec, (), None)
    phones_of(spec, ())
    emails_of(spec, ())
    for path, location in items_of(checker, known(spec.locations), ("locations",), LocationSpec):
        location_id = uuid.uuid4()
        rows.append(
            Location(
                id=location_id, organization_id=org_id, **parse_location(checker, location, path)
            )
        )
        phones_of(location, path, location_id=location_id)
    for path, service in items_of(checker, known(spec.services), ("services",), ServiceSpec):
        service_id = uuid.uuid4()
        service_values = parse_service(checker, service, path, values["language"] or "en")
        rows.append(
            Service(
                id=service_id,
                organization_id=org_id,
                created_at=now,
                updated_at=now,
                **service_values,
            )
        )
        for language, text in parse_translations(
            checker, (*path, "translations"), known(service.translations)
        ).items():
            rows.append(
                ServiceTranslation(
                    service_id=service_id, organization_id=org_id, language=language, **text
                )
            )
        areas_of(service, path, service_id)
        phones_of(service, path, service_id=service_id)
    for path, contact in items_of(checker, known(spec.contacts), ("contacts",), ContactSpec):
        contact_id = uuid.uuid4()
        rows.append(
            Contact(id=contact_id, organization_id=org_id, **parse_contact(checker, contact, path))
        )
        phones_of(contact, path, contact_id=contact_id)
        emails_of(contact, path, contact_id=contact_id)

    checker.raise_if_any()
    if await slug_taken(session, values["slug"]):
        raise InvalidInput([Problem(("slug",), f"{values['slug']!r} is already taken")])

    status = verification.get("verification_status") or VerificationStatus.UNVERIFIED.value
    organization = Organization(
        id=org_id,
        **values,
        verification_status=status,
        last_verified_at=verification.get("last_verified_at"),
        verified_by=verification.get("verified_by"),
        version=1,
        created_at=now,
        updated_at=now,
        archived=False,
        sort_name="",
        search_name="",
        search_text="",
    )
    session.add(organization)
    await add_in_dependency_order(session, rows)
    for row in [organization, *rows]:
        entity_id = getattr(row, "id", None) or org_id
        add_revision(
            session,
            organization_id=org_id,
            actor=actor,
            operation="create",
            entity_type=type(row).__name__,
            entity_id=entity_id,
            changes=diff({}, snapshot(row)),
            version=1,
            at=now,
        )
    await reindex_organization(session, org_id)
    await append_change(
        session, organization_id=org_id, kind=ChangeKind.CREATED, version=1, actor=actor, at=now
    )
    return organization
