"""Loading whole listings for many organizations at once, under one audience.

Every row comes through a :class:`~directory.reader.Reader`, which applies its
:class:`~directory.visibility.Audience`: what the audience may not see is never loaded.
Listings hold records (named tuples of each model's columns, read with SQLAlchemy Core),
not ORM objects: they are only read, to be written out as HSDS, and building and tracking
ORM objects was about half the time of an export.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from directory.reader import Reader, Record

METADATA_ENTITIES = ("Organization", "Service")


@dataclass
class Listing:
    """One organization with every part the audience may see (records of the models:
    ``Organization``, ``OrganizationTranslation``, ``Service``, … with the same attributes)."""

    organization: Record
    translations: list[Record] = field(default_factory=list)
    services: list[Record] = field(default_factory=list)
    service_translations: dict[uuid.UUID, list[Record]] = field(default_factory=dict)
    areas: list[Record] = field(default_factory=list)
    contacts: list[Record] = field(default_factory=list)
    phones: list[Record] = field(default_factory=list)
    emails: list[Record] = field(default_factory=list)
    locations: list[Record] = field(default_factory=list)
    revisions: list[Record] = field(default_factory=list)


async def load_listings(
    reader: Reader,
    organization_ids: Sequence[uuid.UUID],
    *,
    with_metadata: bool = True,
) -> list[Listing]:
    """The listings of these organizations that the reader's audience may read, in the given
    order (archived ones only when the audience includes them)."""
    found = await reader.listing_records(
        organization_ids, METADATA_ENTITIES if with_metadata else ()
    )
    ids = [i for i in organization_ids if i in found.organizations]
    return [
        Listing(
            organization=found.organizations[i],
            translations=found.translations.get(i, []),
            services=found.services.get(i, []),
            service_translations={
                s.id: found.service_translations.get(s.id, []) for s in found.services.get(i, [])
            },
            areas=found.areas.get(i, []),
            contacts=found.contacts.get(i, []),
            phones=found.phones.get(i, []),
            emails=found.emails.get(i, []),
            locations=found.locations.get(i, []),
            revisions=found.revisions.get(i, []),
        )
        for i in ids
    ]
