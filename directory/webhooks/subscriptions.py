"""Subscriptions of one OAuth client: create, delete, list, and deliveries to redeliver.

Every function takes the owning ``client_id``: a client never reads or changes another's.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from directory.models import ChangeEvent
from directory.models.base import utcnow
from directory.validation import InvalidInput, Problem
from directory.visibility import Audience
from directory.webhooks import addresses, signing
from directory.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from directory.webhooks.outbox import RETRY_FOR

MAX_SUBSCRIPTIONS = 20
"""Per client: enough for staging and production endpoints, not a way to amplify writes."""
MAX_DESCRIPTION = 500


async def create_subscription(
    session: AsyncSession,
    *,
    client_id: str,
    scope: str,
    url: str,
    description: str | None,
    allow_private: bool,
) -> WebhookSubscription:
    """A new subscription with a fresh ``whsec_`` secret (returned once, on the row)."""
    problems: list[Problem] = []
    try:
        await addresses.check(url, allow_private)
    except addresses.UnsafeURL as refused:
        problems.append(Problem(("url",), f"the URL {refused}"))
    if description is not None and len(description) > MAX_DESCRIPTION:
        problems.append(Problem(("description",), f"must be at most {MAX_DESCRIPTION} characters"))
    owned = await session.scalar(
        select(func.count())
        .select_from(WebhookSubscription)
        .where(WebhookSubscription.client_id == client_id)
    )
    if (owned or 0) >= MAX_SUBSCRIPTIONS:
        problems.append(Problem((), f"a client may have at most {MAX_SUBSCRIPTIONS} subscriptions"))
    if problems:
        raise InvalidInput(problems)
    subscription = WebhookSubscription(
        id=uuid.uuid4(),
        client_id=client_id,
        url=url,
        description=description,
        secret=signing.new_secret(),
        scope=scope,
        created_at=utcnow(),
    )
    session.add(subscription)
    await session.flush()
    return subscription


async def owned_subscription(
    session: AsyncSession, client_id: str, subscription_id: uuid.UUID
) -> WebhookSubscription | None:
    return await session.scalar(
        select(WebhookSubscription).where(
            WebhookSubscription.id == subscription_id, WebhookSubscription.client_id == client_id
        )
    )


async def delete_subscription(
    session: AsyncSession, client_id: str, subscription_id: uuid.UUID
) -> bool:
    """Delete the client's subscription and its deliveries; False if it has none by that id."""
    subscription = await owned_subscription(session, client_id, subscription_id)
    if subscription is None:
        return False
    await session.delete(subscription)
    return True


async def subscriptions_of(
    session: AsyncSession, client_ids: Sequence[str]
) -> dict[str, list[WebhookSubscription]]:
    rows = await session.scalars(
        select(WebhookSubscription)
        .where(WebhookSubscription.client_id.in_(client_ids))
        .order_by(WebhookSubscription.created_at, WebhookSubscription.id)
    )
    found: dict[str, list[WebhookSubscription]] = {key: [] for key in client_ids}
    for row in rows:
        found[row.client_id].append(row)
    return found


async def recent_deliveries(
    session: AsyncSession, subscription_ids: Sequence[uuid.UUID], audience: Audience, limit: int
) -> dict[uuid.UUID, list[tuple[WebhookDelivery, ChangeEvent]]]:
    """Up to ``limit`` newest deliveries of each subscription, with their event, in one
    statement; deliveries of events ``audience`` may not see are left out."""
    ranked = (
        select(
            WebhookDelivery.id,
            func.row_number()
            .over(
                partition_by=WebhookDelivery.subscription_id,
                order_by=(
                    WebhookDelivery.created_at.desc(),
                    WebhookDelivery.change_event_id.desc(),
                ),
            )
            .label("rank"),
        )
        .join(ChangeEvent, ChangeEvent.id == WebhookDelivery.change_event_id)
        .where(WebhookDelivery.subscription_id.in_(subscription_ids), audience.clause(ChangeEvent))
        .subquery()
    )
    rows = await session.execute(
        select(WebhookDelivery, ChangeEvent)
        .join(ranked, ranked.c.id == WebhookDelivery.id)
        .join(ChangeEvent, ChangeEvent.id == WebhookDelivery.change_event_id)
        .where(ranked.c.rank <= limit)
        .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.change_event_id.desc())
    )
    found: dict[uuid.UUID, list[tuple[WebhookDelivery, ChangeEvent]]] = {
        key: [] for key in subscription_ids
    }
    for delivery, event in rows.tuples():
        found[delivery.subscription_id].append((delivery, event))
    return found


async def redeliver(
    session: AsyncSession, client_id: str, delivery_id: uuid.UUID, audience: Audience
) -> tuple[WebhookDelivery, ChangeEvent] | None:
    """Queue the client's delivery again now (same ``webhook-id``, a fresh 24 hours of
    retries). None when the client has no such delivery it may see. A disabled
    subscription is refused: delete it and subscribe again."""
    found = (
        await session.execute(
            select(WebhookDelivery, WebhookSubscription, ChangeEvent)
            .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
            .join(ChangeEvent, ChangeEvent.id == WebhookDelivery.change_event_id)
            .where(
                WebhookDelivery.id == delivery_id,
                WebhookSubscription.client_id == client_id,
                audience.clause(ChangeEvent),
            )
        )
    ).one_or_none()
    if found is None:
        return None
    delivery, subscription, event = found
    if subscription.disabled_at is not None:
        raise InvalidInput(
            [
                Problem(
                    ("deliveryId",), f"the subscription is disabled: {subscription.disabled_reason}"
                )
            ]
        )
    now = utcnow()
    delivery.status = DeliveryStatus.PENDING.value
    delivery.next_attempt_at = now
    delivery.retry_until = now + RETRY_FOR
    await session.flush()
    return delivery, event
