"""The organization version: one atomic bump per write, the lock that orders writers.

Every write to an organization or any of its parts starts with :func:`bump_version`, a
single ``UPDATE organizations SET version = version + 1 … WHERE id = :id [AND version =
:expected]``. The database evaluates the condition and the increment on the newest row
version while it holds the row's write lock until commit, so:

- with ``expected_version``, of several writers that read the same version exactly one
  matches; the others find no row and get :class:`Conflict` (nothing of theirs is written);
- without it, concurrent writers queue on the row lock and each increments the version
  the previous one committed: no update is lost and versions never repeat.

On SQLite, ``BEGIN IMMEDIATE`` (see ``Database.write``) already serializes writers.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from directory.models import Organization
from directory.validation import InvalidInput, Problem


class NotFound(LookupError):
    """The organization (or part) does not exist."""

    def __init__(self, what: str, id: uuid.UUID) -> None:
        self.what = what
        self.id = id
        super().__init__(f"{what} {id} does not exist")


class Conflict(InvalidInput):
    """``expected_version`` is stale: someone else changed the listing first."""

    def __init__(self, expected: int, current: int) -> None:
        self.expected = expected
        self.current = current
        super().__init__(
            [
                Problem(
                    ("expected_version",),
                    f"the listing is at version {current}, not {expected}: "
                    "reload it and apply your change again",
                    "CONFLICT",
                )
            ]
        )


async def bump_version(
    session: AsyncSession,
    organization_id: uuid.UUID,
    expected_version: int | None,
    at: dt.datetime,
) -> Organization:
    """Atomically increment the organization's version and return the fresh row.

    Raises :class:`NotFound` or :class:`Conflict`; the caller's transaction then rolls back.
    """
    statement = (
        update(Organization)
        .where(Organization.id == organization_id)
        .values(version=Organization.version + 1, updated_at=at)
        .returning(Organization.version)
        .execution_options(synchronize_session=False)
    )
    if expected_version is not None:
        statement = statement.where(Organization.version == expected_version)
    bumped = (await session.execute(statement)).scalar_one_or_none()
    if bumped is None:
        current = await session.scalar(
            select(Organization.version).where(Organization.id == organization_id)
        )
        if current is None:
            raise NotFound("organization", organization_id)
        raise Conflict(expected_version or 0, current)
    organization = (
        await session.scalars(
            select(Organization)
            .where(Organization.id == organization_id)
            .execution_options(populate_existing=True)
        )
    ).one()
    assert organization.version == bumped
    return organization
