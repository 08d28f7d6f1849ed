"""Reading the change feed in pages, by position, as far as the caller may hear of it."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from directory.models import ChangeEvent
from directory.visibility import Audience


async def changes_after(
    session: AsyncSession, audience: Audience, after: int | None, limit: int
) -> list[ChangeEvent]:
    """Up to ``limit`` events after position ``after`` that ``audience`` may see, in feed
    order (an event touching only items the caller may not see is left out)."""
    statement = (
        select(ChangeEvent)
        .where(audience.clause(ChangeEvent))
        .order_by(ChangeEvent.id)
        .limit(limit)
    )
    if after is not None:
        statement = statement.where(ChangeEvent.id > after)
    return list((await session.scalars(statement)).all())


async def count_changes(session: AsyncSession, audience: Audience) -> int:
    statement = select(func.count()).select_from(ChangeEvent).where(audience.clause(ChangeEvent))
    return int(await session.scalar(statement) or 0)


async def changes_by_id(
    session: AsyncSession, audience: Audience, ids: list[int]
) -> dict[int, ChangeEvent]:
    rows = await session.scalars(
        select(ChangeEvent).where(ChangeEvent.id.in_(ids), audience.clause(ChangeEvent))
    )
    return {row.id: row for row in rows}
