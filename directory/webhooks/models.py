"""Webhook subscriptions of OAuth clients and the delivery outbox."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from directory.models.audit import BigId
from directory.models.base import Base, HasId, utcnow


class DeliveryStatus(enum.StrEnum):
    PENDING = "PENDING"
    """Waiting for its next attempt (or being sent right now)."""
    DELIVERED = "DELIVERED"
    """The receiver answered 2xx."""
    FAILED = "FAILED"
    """Every attempt for 24 hours failed, or the subscription stopped (client revoked,
    subscription disabled)."""


class WebhookSubscription(HasId, Base):
    """An HTTPS endpoint an OAuth client registered to hear of changes it may see.

    ``client_id`` names the owning OAuth client (``oauth_clients.client_id``; no foreign
    key, since the directory package does not know the authorization server's tables).
    The client's current scopes are checked at every delivery; ``scope`` is the token's
    scopes at subscription time, an upper bound for what the subscription may ever be sent.
    """

    __tablename__ = "webhook_subscriptions"

    client_id: Mapped[str] = mapped_column(String(64), index=True)
    url: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(100))
    """``whsec_<base64>``: kept so deliveries can be signed; shown to the client once."""
    scope: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    failing_since: Mapped[dt.datetime | None]
    """Start of the current run of failed attempts (None after any success)."""
    disabled_at: Mapped[dt.datetime | None]
    disabled_reason: Mapped[str | None] = mapped_column(String(200))


class WebhookDelivery(HasId, Base):
    """One change-feed event to send to one subscription (the outbox row).

    Its ``id`` is the Standard Webhooks ``webhook-id``: the same on every attempt, so a
    receiver can drop duplicates.
    """

    __tablename__ = "webhook_deliveries"

    subscription_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_subscriptions.id", ondelete="CASCADE")
    )
    change_event_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("change_events.id", ondelete="CASCADE")
    )
    status: Mapped[str] = mapped_column(String(10), default=DeliveryStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(200))
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    """When a worker may next claim it; a claimed delivery is leased by moving this ahead."""
    retry_until: Mapped[dt.datetime]
    """After this, a failed attempt marks the delivery FAILED instead of retrying."""
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[dt.datetime | None]

    __table_args__ = (
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_subscription_id", "subscription_id", "created_at"),
    )
