"""The rows of listing parts the write path reads, through the caller's audience.

Writers select contacts, phones, emails and locations only here, and every function takes
the caller's :class:`~directory.visibility.Audience` (there is no default): a list
replacement stands for what the caller was shown, so items it may not see are never
touched, and a part it may not see is :class:`~directory.errors.NotFound`.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from directory.errors import NotFound
from directory.models import Contact, Email, Location, Phone, Service
from directory.reader import Reader
from directory.visibility import Audience

Row = TypeVar("Row", bound=Any)

OWNERS = {"organization": None, "service": Service, "contact": Contact, "location": Location}
"""What a phone or email may belong to, by the name of its link column (``<name>_id``)."""


def seen_by(audience: Audience, rows: Sequence[Row]) -> list[Row]:
    """The rows ``audience`` may see (there is no "everything" default: pass
    ``Audience.everything()`` for that)."""
    if not isinstance(audience, Audience):
        raise TypeError("seen_by needs the caller's Audience")
    return [row for row in rows if audience.can_see(row.visibility, row.organization_id)]


def _what(model: Any) -> str:
    return str(model.__name__).lower()


_BY_ID: dict[Any, Callable[[Reader, list[uuid.UUID]], Awaitable[dict[uuid.UUID, Any]]]] = {
    Phone: Reader.phones_by_id,
    Email: Reader.emails_by_id,
    Contact: Reader.contacts_by_id,
    Location: Reader.locations_by_id,
    Service: Reader.services_by_id,
}


async def owner_of(
    session: AsyncSession, audience: Audience, model: Any, id: uuid.UUID
) -> uuid.UUID:
    """The organization id of a part the caller may see (read before the listing is
    locked, to know which listing to lock); NotFound for any other — by the read
    boundary's own rule (a phone under a hidden contact, a part of an archived listing are
    as absent here as on every read path, so a refusal never tells they exist)."""
    found = (await _BY_ID[model](Reader(session, audience), [id])).get(id)
    if found is None:
        raise NotFound(_what(model), id)
    organization_id: uuid.UUID = found.organization_id
    return organization_id


async def part(
    session: AsyncSession,
    audience: Audience,
    model: type[Row],
    id: uuid.UUID,
    organization_id: uuid.UUID,
) -> Row:
    """A part of a locked listing, freshly read; NotFound when it is gone, belongs to
    another organization or the caller may not see it."""
    row = (
        await session.scalars(
            select(model)
            .where(model.id == id, model.organization_id == organization_id)
            .execution_options(populate_existing=True)
        )
    ).one_or_none()
    visibility = getattr(row, "visibility", None)
    if row is None or (
        visibility is not None and not audience.can_see(visibility, row.organization_id)
    ):
        raise NotFound(_what(model), id)
    return row


async def children(
    session: AsyncSession, model: type[Row], column: str, id: uuid.UUID
) -> list[Row]:
    """Every row of ``model`` whose ``column`` is ``id`` (for deleting a parent with all its
    rows, which the audit trail keeps)."""
    statement = select(model).where(getattr(model, column) == id)
    return list((await session.scalars(statement)).all())


async def own_phones(
    session: AsyncSession, audience: Audience, owner: str, owner_id: uuid.UUID
) -> list[Phone]:
    """The phones of one owner (``organization``: its own only, not those of its parts)
    that ``audience`` may see."""
    return seen_by(audience, await _own(session, Phone, owner, owner_id))


async def own_emails(
    session: AsyncSession, audience: Audience, owner: str, owner_id: uuid.UUID
) -> list[Email]:
    """The emails of one owner that ``audience`` may see (as :func:`own_phones`)."""
    return seen_by(audience, await _own(session, Email, owner, owner_id))


async def _own(session: AsyncSession, model: Any, owner: str, owner_id: uuid.UUID) -> list[Any]:
    links = [name for name in OWNERS if name != "organization" and hasattr(model, f"{name}_id")]
    statement = select(model)
    if owner == "organization":
        statement = statement.where(model.organization_id == owner_id)
        for name in links:
            statement = statement.where(getattr(model, f"{name}_id").is_(None))
    else:
        statement = statement.where(getattr(model, f"{owner}_id") == owner_id)
    return list((await session.scalars(statement.order_by(model.id))).all())
