"""Loading whole listings for many organizations at once, under one audience.

Every row comes through the batch functions of :mod:`directory.queries`, which apply the
:class:`~directory.visibility.Audience`: what the audience may not see is never loaded.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from directory import queries
from directory.models import (
    Contact,
    Email,
    Location,
    Organization,
    OrganizationTranslation,
    Phone,
    Revision,
    Service,
    ServiceArea,
    ServiceTranslation,
)
from directory.visibility import Audience

METADATA_ENTITIES = ("Organization", "Service")


@dataclass
class Listing:
    """One organization with every part the audience may see."""

    organization: Organization
    translations: list[OrganizationTranslation] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    service_translations: dict[uuid.UUID, list[ServiceTranslation]] = field(default_factory=dict)
    areas: list[ServiceArea] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    emails: list[Email] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)


async def load_listings(
    session: AsyncSession,
    organization_ids: Sequence[uuid.UUID],
    audience: Audience,
    *,
    with_metadata: bool = True,
) -> list[Listing]:
    """The listings of these organizations that the audience may read, in the given order
    (archived ones only when the audience includes them)."""
    organizations = await queries.organizations_by_id(session, organization_ids, audience)
    ids = [i for i in organization_ids if i in organizations]
    if not ids:
        return []
    services = await queries.services_by_organization(session, ids)
    service_ids = [s.id for group in services.values() for s in group]
    translations = await queries.organization_translations(session, ids)
    service_translations = await queries.service_translations(session, service_ids)
    areas = await queries.service_areas_by_organization(session, ids)
    contacts = await queries.contacts_by_organization(session, ids, audience)
    phones = await queries.phones_by_organization(session, ids, audience)
    emails = await queries.emails_by_organization(session, ids, audience)
    locations = await queries.locations_by_organization(session, ids, audience)
    revisions = await revisions_by_organization(session, ids) if with_metadata else {}
    return [
        Listing(
            organization=organizations[i],
            translations=translations.get(i, []),
            services=services.get(i, []),
            service_translations={
                s.id: service_translations.get(s.id, []) for s in services.get(i, [])
            },
            areas=areas.get(i, []),
            contacts=contacts.get(i, []),
            phones=phones.get(i, []),
            emails=emails.get(i, []),
            locations=locations.get(i, []),
            revisions=revisions.get(i, []),
        )
        for i in ids
    ]


async def revisions_by_organization(
    session: AsyncSession, organization_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Revision]]:
    """Audit-trail rows of organizations and services (the parts without visibility)."""
    grouped: dict[uuid.UUID, list[Revision]] = defaultdict(list)
    rows = await session.scalars(
        select(Revision)
        .where(
            Revision.organization_id.in_(organization_ids),
            Revision.entity_type.in_(METADATA_ENTITIES),
        )
        .order_by(Revision.organization_id, Revision.id)
    )
    for row in rows:
        grouped[row.organization_id].append(row)
    return grouped
