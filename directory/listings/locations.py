"""Creating, updating and deleting an organization's locations (with their phones)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.listings.change import ListingChange
from directory.listings.create import add_in_dependency_order, snapshot
from directory.listings.parts import phone_rows, replace_rows, unknown_fields
from directory.listings.rows import children, own_phones, owner_of, part
from directory.listings.spec import parse_location
from directory.listings.specs import LocationSpec, known
from directory.models import Email, Location, Phone
from directory.models.base import Base
from directory.validation import Checker

SCALAR_FIELDS = (
    "name",
    "description",
    "location_type",
    "address_1",
    "city",
    "subdivision",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "url",
    "visibility",
)


async def create_location(
    session: AsyncSession,
    access: WriteAccess,
    organization_id: uuid.UUID,
    spec: LocationSpec,
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Location:
    """Add a location (with its phones) as a new listing version."""
    change = await ListingChange.begin(session, access, organization_id, expected_version, at)
    organization = change.organization
    checker = Checker()
    unknown_fields(checker, spec)
    location = Location(
        id=uuid.uuid4(), organization_id=organization.id, **parse_location(checker, spec, ())
    )
    phones = phone_rows(
        checker,
        known(spec.phones),
        ("phones",),
        organization.id,
        location.country or organization.country,
        location_id=location.id,
    )
    checker.raise_if_any()
    rows: list[Base] = [location, *phones]
    await add_in_dependency_order(session, rows)
    for row in rows:
        change.created(row)
    await change.finish()
    return location


async def update_location(
    session: AsyncSession,
    access: WriteAccess,
    location_id: uuid.UUID,
    changes: LocationSpec,
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Location:
    """Apply the given fields of a location (absent ones are kept, null clears; the
    visibility cannot be cleared); ``phones`` replaces the location's that the caller may
    see. A location the caller may not see is NotFound."""
    audience = access.audience
    organization_id = await owner_of(session, audience, Location, location_id)
    change = await ListingChange.begin(session, access, organization_id, expected_version, at)
    location = await part(session, audience, Location, location_id, organization_id)
    checker = Checker()
    unknown_fields(checker, changes)
    if changes.visibility is None:
        checker.add(("visibility",), "cannot be cleared")
    current = LocationSpec(**{name: getattr(location, name) for name in SCALAR_FIELDS})
    given = {name: value for name, value in changes.given().items() if name in SCALAR_FIELDS}
    values = parse_location(checker, dataclasses.replace(current, **given), ())
    country = values["country"] or change.organization.country
    phones = (
        phone_rows(
            checker,
            changes.phones,
            ("phones",),
            organization_id,
            country,
            location_id=location.id,
        )
        if changes.has("phones")
        else None
    )
    checker.raise_if_any()
    before = snapshot(location)
    for name in given:
        setattr(location, name, values[name])
    change.record("update", location, before, snapshot(location))
    if phones is not None:
        await replace_rows(
            change, await own_phones(session, audience, "location", location.id), phones
        )
    await change.finish()
    return location


async def delete_location(
    session: AsyncSession,
    access: WriteAccess,
    location_id: uuid.UUID,
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Location:
    """Delete a location with its phones and emails; each removed row gets a revision."""
    organization_id = await owner_of(session, access.audience, Location, location_id)
    change = await ListingChange.begin(session, access, organization_id, expected_version, at)
    location = await part(session, access.audience, Location, location_id, organization_id)
    for model in (Phone, Email):
        for row in await children(session, model, "location_id", location_id):
            change.deleted(row)
            await session.delete(row)
    await session.flush()
    change.deleted(location)
    await session.delete(location)
    await change.finish()
    return location
