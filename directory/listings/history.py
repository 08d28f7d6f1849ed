"""Reading an organization's audit trail, newest first, one page at a time.

Who may read it is the caller's business (``directory:admin`` or the organization's own
staff); this module only pages. The cursor is the revision id (keyset pagination).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from directory.models import Revision


@dataclass(frozen=True)
class RevisionPage:
    revisions: list[Revision]
    has_next_page: bool
    total_count: int


async def revisions_page(
    session: AsyncSession,
    organization_id: uuid.UUID,
    *,
    first: int = 20,
    after: int | None = None,
) -> RevisionPage:
    """Up to ``first`` revisions older than the one with id ``after`` (newest first)."""
    statement = select(Revision).where(Revision.organization_id == organization_id)
    if after is not None:
        statement = statement.where(Revision.id < after)
    rows = list(
        (await session.scalars(statement.order_by(Revision.id.desc()).limit(first + 1))).all()
    )
    total = await session.scalar(
        select(func.count())
        .select_from(Revision)
        .where(Revision.organization_id == organization_id)
    )
    return RevisionPage(rows[:first], len(rows) > first, int(total or 0))


async def revisions_since(
    session: AsyncSession, organization_id: uuid.UUID, version: int, *, limit: int = 100
) -> list[Revision]:
    """The revisions written after the organization was at ``version``, oldest first (what
    changed since a form was loaded, or since the last verification)."""
    statement = (
        select(Revision)
        .where(
            Revision.organization_id == organization_id,
            Revision.organization_version > version,
        )
        .order_by(Revision.id)
        .limit(limit)
    )
    return list((await session.scalars(statement)).all())


async def latest_revision(session: AsyncSession, organization_id: uuid.UUID) -> Revision | None:
    """The newest revision (who changed the listing last, and when)."""
    return await session.scalar(
        select(Revision)
        .where(Revision.organization_id == organization_id)
        .order_by(Revision.id.desc())
        .limit(1)
    )
