"""Read queries that take a session: the only way the API reaches listing rows.

Batch functions load one kind of row for many parents in one statement and return them
grouped by parent id, in a stable order; GraphQL dataloaders and exporters call them.
Every function that returns contacts, phones, emails or locations applies the caller's
:class:`~directory.visibility.Audience`.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

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
from directory.visibility import Audience

T = TypeVar("T")
Key = uuid.UUID


async def _grouped(
    session: AsyncSession,
    statement: Select[tuple[T]],
    key_of: Any,
    keys: Sequence[Key],
) -> dict[Key, list[T]]:
    grouped: dict[Key, list[T]] = defaultdict(list)
    if not keys:
        return {}
    for row in (await session.scalars(statement)).all():
        grouped[key_of(row)].append(row)
    return {key: grouped.get(key, []) for key in keys}


def _visible(model: Any, audience: Audience | None) -> list[ColumnElement[bool]]:
    return [] if audience is None else [audience.clause(model)]


def _hidden(parent: Any, parent_id: Any, audience: Audience) -> ColumnElement[bool]:
    """Whether the row's parent (contact or location) exists and the audience may not see it.

    A correlated ``EXISTS`` probes the parent's primary key once per candidate row, so the
    cost follows the page, not the whole table (``parent_id IN (SELECT id … hidden)`` built
    a hash of every hidden parent in the database for each batch). A NULL ``parent_id``
    matches no parent, so rows without one are never hidden by it.
    """
    return exists().where(parent.id == parent_id, ~audience.clause(parent))


async def organizations_by_id(
    session: AsyncSession, ids: Sequence[Key], audience: Audience
) -> dict[Key, Organization]:
    """Organizations the audience may read (archived ones only for administrators and own staff)."""
    if not ids:
        return {}
    rows = await session.scalars(
        select(Organization).where(Organization.id.in_(ids), audience.archived_clause(Organization))
    )
    return {row.id: row for row in rows}


async def organizations_by_slug(
    session: AsyncSession, slugs: Sequence[str], audience: Audience
) -> dict[str, Organization]:
    if not slugs:
        return {}
    rows = await session.scalars(
        select(Organization).where(
            Organization.slug.in_(slugs), audience.archived_clause(Organization)
        )
    )
    return {row.slug: row for row in rows}


async def services_by_organization(
    session: AsyncSession, organization_ids: Sequence[Key]
) -> dict[Key, list[Service]]:
    statement = (
        select(Service)
        .where(Service.organization_id.in_(organization_ids))
        .order_by(Service.organization_id, Service.name, Service.id)
    )
    return await _grouped(session, statement, lambda s: s.organization_id, organization_ids)


async def services_by_id(session: AsyncSession, ids: Sequence[Key]) -> dict[Key, Service]:
    if not ids:
        return {}
    return {s.id: s for s in await session.scalars(select(Service).where(Service.id.in_(ids)))}


async def service_areas_by_organization(
    session: AsyncSession, organization_ids: Sequence[Key]
) -> dict[Key, list[ServiceArea]]:
    """Every area of each organization, its own and its services' (``service_id`` tells)."""
    statement = (
        select(ServiceArea)
        .where(ServiceArea.organization_id.in_(organization_ids))
        .order_by(
            ServiceArea.organization_id,
            ServiceArea.country,
            ServiceArea.subdivision,
            ServiceArea.id,
        )
    )
    return await _grouped(session, statement, lambda a: a.organization_id, organization_ids)


async def contacts_by_organization(
    session: AsyncSession, organization_ids: Sequence[Key], audience: Audience
) -> dict[Key, list[Contact]]:
    statement = (
        select(Contact)
        .where(Contact.organization_id.in_(organization_ids), *_visible(Contact, audience))
        .order_by(Contact.organization_id, Contact.name, Contact.id)
    )
    return await _grouped(session, statement, lambda c: c.organization_id, organization_ids)


async def contacts_by_id(
    session: AsyncSession, ids: Sequence[Key], audience: Audience
) -> dict[Key, Contact]:
    if not ids:
        return {}
    rows = await session.scalars(
        select(Contact).where(Contact.id.in_(ids), audience.clause(Contact))
    )
    return {row.id: row for row in rows}


async def phones_by_organization(
    session: AsyncSession, organization_ids: Sequence[Key], audience: Audience
) -> dict[Key, list[Phone]]:
    """All visible phones of each organization (its own, its contacts', services', locations').

    A phone under a contact or location the audience may not see is left out as well.
    """
    statement = (
        select(Phone)
        .where(
            Phone.organization_id.in_(organization_ids),
            audience.clause(Phone),
            ~_hidden(Contact, Phone.contact_id, audience),
            ~_hidden(Location, Phone.location_id, audience),
        )
        .order_by(Phone.organization_id, Phone.is_hotline.desc(), Phone.e164, Phone.id)
    )
    return await _grouped(session, statement, lambda p: p.organization_id, organization_ids)


async def phones_by_contact(
    session: AsyncSession, contact_ids: Sequence[Key], audience: Audience
) -> dict[Key, list[Phone]]:
    statement = (
        select(Phone)
        .where(Phone.contact_id.in_(contact_ids), audience.clause(Phone))
        .order_by(Phone.contact_id, Phone.is_hotline.desc(), Phone.e164, Phone.id)
    )
    return await _grouped(session, statement, lambda p: p.contact_id, contact_ids)


async def emails_by_organization(
    session: AsyncSession, organization_ids: Sequence[Key], audience: Audience
) -> dict[Key, list[Email]]:
    statement = (
        select(Email)
        .where(
            Email.organization_id.in_(organization_ids),
            audience.clause(Email),
            ~_hidden(Contact, Email.contact_id, audience),
            ~_hidden(Location, Email.location_id, audience),
        )
        .order_by(Email.organization_id, Email.address, Email.id)
    )
    return await _grouped(session, statement, lambda e: e.organization_id, organization_ids)


async def emails_by_contact(
    session: AsyncSession, contact_ids: Sequence[Key], audience: Audience
) -> dict[Key, list[Email]]:
    statement = (
        select(Email)
        .where(Email.contact_id.in_(contact_ids), audience.clause(Email))
        .order_by(Email.contact_id, Email.address, Email.id)
    )
    return await _grouped(session, statement, lambda e: e.contact_id, contact_ids)


async def locations_by_organization(
    session: AsyncSession, organization_ids: Sequence[Key], audience: Audience
) -> dict[Key, list[Location]]:
    statement = (
        select(Location)
        .where(Location.organization_id.in_(organization_ids), audience.clause(Location))
        .order_by(Location.organization_id, Location.name, Location.id)
    )
    return await _grouped(session, statement, lambda loc: loc.organization_id, organization_ids)


async def organization_translations(
    session: AsyncSession, organization_ids: Sequence[Key]
) -> dict[Key, list[OrganizationTranslation]]:
    statement = (
        select(OrganizationTranslation)
        .where(OrganizationTranslation.organization_id.in_(organization_ids))
        .order_by(OrganizationTranslation.organization_id, OrganizationTranslation.language)
    )
    return await _grouped(session, statement, lambda t: t.organization_id, organization_ids)


async def service_translations(
    session: AsyncSession, service_ids: Sequence[Key]
) -> dict[Key, list[ServiceTranslation]]:
    statement = (
        select(ServiceTranslation)
        .where(ServiceTranslation.service_id.in_(service_ids))
        .order_by(ServiceTranslation.service_id, ServiceTranslation.language)
    )
    return await _grouped(session, statement, lambda t: t.service_id, service_ids)


async def phones_by_owner(
    session: AsyncSession, column: str, owner_ids: Sequence[Key], audience: Audience
) -> dict[Key, list[Phone]]:
    """The visible phones of each service or location (``column``: ``service_id`` or
    ``location_id``), hotlines first."""
    link = getattr(Phone, column)
    statement = (
        select(Phone)
        .where(link.in_(owner_ids), audience.clause(Phone))
        .order_by(link, Phone.is_hotline.desc(), Phone.e164, Phone.id)
    )
    return await _grouped(session, statement, lambda p: getattr(p, column), owner_ids)


async def emails_by_owner(
    session: AsyncSession, column: str, owner_ids: Sequence[Key], audience: Audience
) -> dict[Key, list[Email]]:
    """The visible emails of each service or location (``column`` as for phones)."""
    link = getattr(Email, column)
    statement = (
        select(Email)
        .where(link.in_(owner_ids), audience.clause(Email))
        .order_by(link, Email.address, Email.id)
    )
    return await _grouped(session, statement, lambda e: getattr(e, column), owner_ids)


async def phones_by_id(
    session: AsyncSession, ids: Sequence[Key], audience: Audience
) -> dict[Key, Phone]:
    """Phones by id that the audience may see (not under a hidden contact or location)."""
    if not ids:
        return {}
    rows = await session.scalars(
        select(Phone).where(
            Phone.id.in_(ids),
            audience.clause(Phone),
            ~_hidden(Contact, Phone.contact_id, audience),
            ~_hidden(Location, Phone.location_id, audience),
        )
    )
    return {row.id: row for row in rows}


async def emails_by_id(
    session: AsyncSession, ids: Sequence[Key], audience: Audience
) -> dict[Key, Email]:
    """Emails by id that the audience may see (not under a hidden contact or location)."""
    if not ids:
        return {}
    rows = await session.scalars(
        select(Email).where(
            Email.id.in_(ids),
            audience.clause(Email),
            ~_hidden(Contact, Email.contact_id, audience),
            ~_hidden(Location, Email.location_id, audience),
        )
    )
    return {row.id: row for row in rows}
