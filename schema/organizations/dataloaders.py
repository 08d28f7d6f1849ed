"""Batch fetches of listing rows for the organizations domain's dataloaders.

Each takes the read session and a batch of keys and returns rows by key, in one statement,
through ``directory.queries`` (which applies the caller's audience).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from directory import queries
from directory.listings.verification import verified_versions
from directory.models import Location
from directory.visibility import Audience

Key = uuid.UUID


async def locations_by_id(
    session: AsyncSession, ids: Sequence[Key], audience: Audience
) -> dict[Key, Location]:
    """Locations the audience may see, by id (``queries`` only groups them by organization)."""
    if not ids:
        return {}
    rows = await session.scalars(
        select(Location).where(Location.id.in_(ids), audience.clause(Location))
    )
    return {row.id: row for row in rows}


async def verified_version_by_organization(
    session: AsyncSession, ids: Sequence[Key]
) -> dict[Key, int]:
    return await verified_versions(session, ids)


__all__ = ["locations_by_id", "queries", "verified_version_by_organization"]
