"""Deliveries written in the change's own transaction: a crash never loses or invents one."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from directory.models import ChangeEvent
from directory.models.base import new_id
from directory.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription

RETRY_FOR = dt.timedelta(hours=24)
"""How long a delivery is retried before it is marked FAILED."""


async def enqueue(session: AsyncSession, event: ChangeEvent) -> int:
    """One PENDING delivery of ``event`` per enabled subscription; how many were added.

    Whether a subscriber may see the event is decided when it is sent, with the client's
    scopes as they are then; a delivery it may not see is dropped unsent and never listed.
    """
    subscriptions = (
        await session.scalars(
            select(WebhookSubscription.id).where(WebhookSubscription.disabled_at.is_(None))
        )
    ).all()
    if not subscriptions:
        return 0
    rows = [
        {
            "id": new_id(),
            "subscription_id": subscription,
            "change_event_id": event.id,
            "status": DeliveryStatus.PENDING.value,
            "attempts": 0,
            "next_attempt_at": event.at,
            "retry_until": event.at + RETRY_FOR,
            "created_at": event.at,
        }
        for subscription in subscriptions
    ]
    await session.execute(insert(WebhookDelivery), rows)
    return len(rows)
