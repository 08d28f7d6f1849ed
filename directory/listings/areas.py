"""Setting the service area of an organization or of one of its services."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.listings.change import ListingChange
from directory.listings.parts import area_rows, replace_rows
from directory.listings.specs import AreaSpec
from directory.models import Organization, Service, ServiceArea
from directory.validation import Checker


async def set_service_area(
    session: AsyncSession,
    access: WriteAccess,
    organization_id: uuid.UUID,
    areas: Sequence[AreaSpec],
    *,
    service_id: uuid.UUID | None = None,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Organization:
    """Replace the areas of the organization as a whole (``service_id`` None) or of one of
    its services with ``areas`` (``AreaSpec(code="MX-CMX", municipality=…)``, …).

    Areas that stay the same keep their rows; only the difference gets revisions.
    """
    change = await ListingChange.begin(session, access, organization_id, expected_version, at)
    organization = change.organization
    checker = Checker()
    if service_id is not None:
        owner = await session.scalar(
            select(Service.organization_id).where(Service.id == service_id)
        )
        if owner != organization.id:
            checker.add(("service_id",), "is not a service of this organization")
    if not isinstance(areas, list | tuple):
        checker.add(("areas",), "must be a list of areas")
        areas = []
    new = area_rows(checker, areas, ("areas",), organization.id, service_id)
    checker.raise_if_any()
    holder = (
        ServiceArea.service_id == service_id
        if service_id is not None
        else ServiceArea.service_id.is_(None)
    )
    old = (
        await session.scalars(
            select(ServiceArea).where(ServiceArea.organization_id == organization.id, holder)
        )
    ).all()
    await replace_rows(change, old, new)
    await change.finish()
    return organization
