"""Audit trail and change feed writes, always in the caller's transaction."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from directory.enums import ChangeKind, Visibility
from directory.models import ChangeEvent, Revision
from directory.models.base import utcnow
from directory.webhooks.outbox import enqueue

FEED_LOCK_KEY = 0x5452_4146  # "TRAF": the PostgreSQL advisory lock that orders the feed


@dataclass(frozen=True)
class Actor:
    """Who makes a change, as written in the audit trail."""

    id: str
    """``user:<email>``, ``client:<client_id>`` or ``system:<what>``."""

    @classmethod
    def system(cls, what: str) -> Actor:
        return cls(f"system:{what}")


def jsonable(value: Any) -> Any:
    """A JSON-safe copy of a column value for the audit trail."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """``{field: {"before", "after"}}`` for each field whose value differs."""
    changes: dict[str, dict[str, Any]] = {}
    for name in dict.fromkeys([*before, *after]):
        old, new = jsonable(before.get(name)), jsonable(after.get(name))
        if old != new:
            changes[name] = {"before": old, "after": new}
    return changes


def add_revision(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    actor: Actor,
    operation: str,
    entity_type: str,
    entity_id: uuid.UUID,
    changes: dict[str, dict[str, Any]],
    version: int,
    at: dt.datetime | None = None,
) -> Revision:
    """Add one revision row to the session (flushed with the change it describes)."""
    revision = Revision(
        organization_id=organization_id,
        at=at or utcnow(),
        actor=actor.id,
        operation=operation,
        entity_type=entity_type,
        entity_id=entity_id,
        changes=changes,
        organization_version=version,
    )
    session.add(revision)
    return revision


async def append_change(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    kind: ChangeKind,
    version: int,
    actor: Actor,
    at: dt.datetime | None = None,
    visibility: Visibility = Visibility.PUBLIC,
) -> ChangeEvent:
    """Append the organization's event to the feed. Call it last, right before commit.

    On PostgreSQL a transaction-scoped advisory lock is taken before the event's id is
    drawn from the sequence and held until commit, so ids become visible strictly in
    order and a reader polling ``id > cursor`` can never skip an event that commits later
    with a smaller id. SQLite writers are already serialized by ``BEGIN IMMEDIATE``.

    ``visibility`` is the most public level among the items the change touched (see
    :mod:`directory.listings.reach`): only callers who may see that level, or the
    organization's own staff, read the event. Webhook deliveries of the event are added in
    the same transaction (:mod:`directory.webhooks.outbox`).
    """
    await session.flush()
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": FEED_LOCK_KEY})
    event = ChangeEvent(
        organization_id=organization_id,
        kind=kind.value,
        version=version,
        at=at or utcnow(),
        actor=actor.id,
        visibility=visibility.value,
    )
    session.add(event)
    await session.flush()
    await enqueue(session, event)
    return event
