"""A listing as the workspace shows it, read through ``directory.reader.Reader`` with the acting
principal's audience, in a fixed number of statements whatever its size.

"As others see it": the rows are read once with the principal's own audience, and each view
(public, partners, confidential) keeps the items that view's :class:`Audience` may see, so
a view never shows more than the principal may read.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from auth import scopes as S
from auth.principal import Principal
from directory.enums import Visibility
from directory.freshness import Freshness, freshness
from directory.listings.history import latest_revision
from directory.models import Organization, OrganizationTranslation, Revision
from directory.reader import Reader
from directory.visibility import Audience

VIEWS: dict[str, Audience] = {
    "public": Audience.public(),
    "partners": Audience.partners(),
    "confidential": Audience(frozenset(Visibility)),
}


def may_manage(principal: Principal | None, organization_id: uuid.UUID) -> bool:
    """Staff of this very organization, or a directory administrator. Everyone else gets
    the workspace's 404 for it (its existence is not confirmed either)."""
    if principal is None:
        return False
    return principal.has(S.ADMIN) or principal.is_staff_of(organization_id)


async def find_managed(
    session: AsyncSession, principal: Principal | None, slug: str
) -> Organization | None:
    """The organization at ``slug`` when the principal may manage it, else None."""
    if principal is None:
        return None
    found = await Reader(session, principal.audience()).organizations_by_slug([slug])
    organization = found.get(slug)
    if organization is None or not may_manage(principal, organization.id):
        return None
    return organization


@dataclass
class Listing:
    organization: Organization
    translations: list[OrganizationTranslation]
    services: list[Any]
    areas: list[Any]
    contacts: list[Any]
    locations: list[Any]
    phones: list[Any]
    emails: list[Any]
    status: Freshness
    last_change: Revision | None
    phones_of: dict[Any, list[Any]] = field(default_factory=dict)
    emails_of: dict[Any, list[Any]] = field(default_factory=dict)

    def seen_by(self, view: str) -> Listing:
        """The same listing with only what ``view``'s audience may see."""
        audience = VIEWS[view]
        org = self.organization.id

        def keep(rows: list[Any]) -> list[Any]:
            return [r for r in rows if audience.can_see(r.visibility, org)]

        contacts = keep(self.contacts)
        locations = keep(self.locations)
        shown = {c.id for c in contacts} | {loc.id for loc in locations}
        phones = [
            p
            for p in keep(self.phones)
            if (p.contact_id is None or p.contact_id in shown)
            and (p.location_id is None or p.location_id in shown)
        ]
        emails = [
            e
            for e in keep(self.emails)
            if (e.contact_id is None or e.contact_id in shown)
            and (e.location_id is None or e.location_id in shown)
        ]
        return _grouped(
            Listing(
                self.organization,
                self.translations,
                self.services,
                self.areas,
                contacts,
                locations,
                phones,
                emails,
                self.status,
                self.last_change,
            )
        )


def _grouped(listing: Listing) -> Listing:
    phones: dict[Any, list[Any]] = defaultdict(list)
    for phone in listing.phones:
        owner = phone.contact_id or phone.location_id or phone.service_id or "organization"
        phones[owner].append(phone)
    emails: dict[Any, list[Any]] = defaultdict(list)
    for email in listing.emails:
        owner = email.contact_id or email.location_id or email.service_id or "organization"
        emails[owner].append(email)
    listing.phones_of = dict(phones)
    listing.emails_of = dict(emails)
    return listing


async def load_listing(
    session: AsyncSession, organization: Organization, principal: Principal
) -> Listing:
    reader = Reader(session, principal.audience())
    ids = [organization.id]
    translations = await reader.organization_translations(ids)
    services = await reader.services_by_organization(ids)
    areas = await reader.service_areas_by_organization(ids)
    contacts = await reader.contacts_by_organization(ids)
    locations = await reader.locations_by_organization(ids)
    phones = await reader.phones_by_organization(ids)
    emails = await reader.emails_by_organization(ids)
    last = await latest_revision(session, organization.id)
    return _grouped(
        Listing(
            organization,
            translations.get(organization.id, []),
            services.get(organization.id, []),
            [a for a in areas.get(organization.id, []) if a.service_id is None],
            contacts.get(organization.id, []),
            locations.get(organization.id, []),
            phones.get(organization.id, []),
            emails.get(organization.id, []),
            freshness(organization.verification_status, organization.last_verified_at),
            last,
        )
    )
