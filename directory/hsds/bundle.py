"""Loading whole listings for many organizations at once, under one audience.

Every row comes through a :class:`~directory.reader.Reader`, which applies its
:class:`~directory.visibility.Audience`: what the audience may not see is never loaded.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

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
from directory.reader import Reader

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
    reader: Reader,
    organization_ids: Sequence[uuid.UUID],
    *,
    with_metadata: bool = True,
) -> list[Listing]:
    """The listings of these organizations that the reader's audience may read, in the given
    order (archived ones only when the audience includes them)."""
    organizations = await reader.organizations_by_id(organization_ids)
    ids = [i for i in organization_ids if i in organizations]
    if not ids:
        return []
    services = await reader.services_by_organization(ids)
    service_ids = [s.id for group in services.values() for s in group]
    translations = await reader.organization_translations(ids)
    service_translations = await reader.service_translations(service_ids)
    areas = await reader.service_areas_by_organization(ids)
    contacts = await reader.contacts_by_organization(ids)
    phones = await reader.phones_by_organization(ids)
    emails = await reader.emails_by_organization(ids)
    locations = await reader.locations_by_organization(ids)
    revisions = (
        await reader.revisions_by_organization(ids, METADATA_ENTITIES) if with_metadata else {}
    )
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
