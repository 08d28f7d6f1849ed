"""The organization version and the row lock that orders writers.

Every write to an organization or any of its parts starts with :func:`lock_listing`: it
reads the organization's row ``FOR UPDATE`` (on PostgreSQL; on SQLite ``BEGIN IMMEDIATE``,
see ``Database.write``, already serializes writers), so every value read afterwards is the
newest committed one and nobody else can change this listing until commit:

- with ``expected_version``, of several writers that read the same version exactly one
  matches; the others get :class:`~directory.errors.Conflict` once the first commits
  (nothing of theirs is written);
- without it, concurrent writers queue on the row lock and each sees what the previous
  one committed: no update is lost and versions never repeat.

The version itself is bumped by :func:`bump` at the end of a write, and only when the
write changed something (a no-op write leaves the version as it was).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from directory.errors import Conflict, NotFound
from directory.models import Organization


async def lock_listing(session: AsyncSession, organization_id: uuid.UUID) -> Organization:
    """The organization's freshest row, locked until the transaction ends; NotFound."""
    organization = (
        await session.scalars(
            select(Organization)
            .where(Organization.id == organization_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).one_or_none()
    if organization is None:
        raise NotFound("organization", organization_id)
    return organization


def check_version(organization: Organization, expected_version: int | None) -> None:
    """Refuse a stale ``expected_version`` (none given: apply on top of what is current)."""
    if expected_version is not None and expected_version != organization.version:
        raise Conflict(expected_version, organization.version)


def bump(organization: Organization, at: dt.datetime) -> int:
    """The next version of a locked organization (written when the session flushes)."""
    organization.version = organization.version + 1
    organization.updated_at = at
    return organization.version
