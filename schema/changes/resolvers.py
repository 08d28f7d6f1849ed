"""Reading the change feed in pages, by position."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from directory.models import ChangeEvent


async def changes_after(session: AsyncSession, after: int | None, limit: int) -> list[ChangeEvent]:
    """Up to ``limit`` events after position ``after``, in feed order."""
    statement = select(ChangeEvent).order_by(ChangeEvent.id).limit(limit)
    if after is not None:
        statement = statement.where(ChangeEvent.id > after)
    return list((await session.scalars(statement)).all())


async def count_changes(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(ChangeEvent)) or 0)
