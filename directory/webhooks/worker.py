"""The delivery worker: claims due deliveries, sends them, records the outcome.

A claim is one short write transaction: due PENDING rows are locked (``FOR UPDATE SKIP
LOCKED`` on PostgreSQL, so several workers never take the same rows; on SQLite ``BEGIN
IMMEDIATE`` serializes the claim), their attempt number is raised and their
``next_attempt_at`` moved ahead by a lease. The HTTP requests run after that commit, and a
second transaction records each outcome, only if the row still holds the attempt this
worker claimed. A worker killed mid-send leaves the row PENDING: when the lease ends another
worker sends it again (at least once; receivers dedupe by ``webhook-id``).

Before each attempt the subscriber's client is read as it is now (``Policy.audience``): a
revoked client's subscription is disabled and its deliveries dropped; an event its current
scopes may not see is dropped unsent (and deleted, so it never shows in its lists).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import random
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from directory.db import Database
from directory.models import ChangeEvent
from directory.models.base import utcnow
from directory.visibility import Audience
from directory.webhooks import addresses, signing
from directory.webhooks import delivery_metrics as metrics
from directory.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription

log = logging.getLogger("directory.webhooks")

PENDING = DeliveryStatus.PENDING.value


@dataclass(frozen=True)
class Policy:
    """What the directory cannot know by itself, given by the composition root."""

    audience: Callable[[AsyncSession, WebhookSubscription], Awaitable[Audience | None]]
    """What the subscription's client may see now; None when the client is revoked."""
    payload: Callable[[ChangeEvent], dict[str, Any]]
    """The JSON body of one event (thin: ids, kind, version, cursor)."""


@dataclass(frozen=True)
class Config:
    allow_private: bool = False
    timeout: float = 10.0
    """A 2xx within this many seconds is success."""
    poll: float = 0.25
    """Seconds between looks for due deliveries when the last look found none."""
    batch: int = 20
    lease: dt.timedelta = dt.timedelta(seconds=30)
    """How long a claimed attempt is reserved for the worker that claimed it."""
    backoff: float = 5.0
    """The first retry's delay in seconds; it doubles per attempt, up to ``max_backoff``."""
    max_backoff: float = 3600.0
    disable_after: dt.timedelta = dt.timedelta(days=3)
    """A subscription failing without a success for this long is disabled."""
    gauges_every: float = 5.0


@dataclass(frozen=True)
class Attempt:
    delivery_id: uuid.UUID
    number: int
    subscription_id: uuid.UUID
    url: str
    secret: str
    body: bytes
    event_at: dt.datetime


@dataclass(frozen=True)
class Outcome:
    attempt: Attempt
    ok: bool
    status_code: int | None
    error: str | None


def message_id(delivery_id: uuid.UUID) -> str:
    """The ``webhook-id``: the same on every attempt of one delivery."""
    return f"msg_{delivery_id.hex}"


def backoff(config: Config, attempt: int, rng: random.Random) -> dt.timedelta:
    """Exponential backoff with jitter: between half and all of ``backoff * 2**(n-1)``."""
    ceiling = min(config.backoff * 2 ** min(attempt - 1, 30), config.max_backoff)
    return dt.timedelta(seconds=ceiling * (0.5 + rng.random() / 2))


class Worker:
    def __init__(
        self,
        db: Database,
        policy: Policy,
        config: Config | None = None,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self.db = db
        self.policy = policy
        self.config = config or Config()
        self.http = http or httpx.AsyncClient(follow_redirects=False, trust_env=False)
        self.rng = random.Random()
        self._gauges_at = 0.0

    async def close(self) -> None:
        await self.http.aclose()

    async def run(self, stop: asyncio.Event) -> None:
        """Send until ``stop`` is set; a database or network error is logged, never fatal."""
        while not stop.is_set():
            try:
                sent = await self.run_once()
                await self._update_gauges()
            except Exception:  # keep sending after a database hiccup, without a log storm
                log.exception("webhook worker round failed")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), max(self.config.poll, 5.0))
                continue
            if sent == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.config.poll)

    async def run_once(self) -> int:
        """Claim one batch of due deliveries and send it; how many attempts were made."""
        attempts = await self._claim()
        if not attempts:
            return 0
        outcomes = await asyncio.gather(*(self._send(a) for a in attempts))
        await self._record(outcomes)
        return len(attempts)

    async def _claim(self) -> list[Attempt]:
        now = utcnow()
        attempts: list[Attempt] = []
        async with self.db.write() as session:
            statement = (
                select(WebhookDelivery)
                .where(WebhookDelivery.status == PENDING, WebhookDelivery.next_attempt_at <= now)
                .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
                .limit(self.config.batch)
            )
            if self.db.dialect == "postgresql":
                statement = statement.with_for_update(skip_locked=True)
            deliveries = list((await session.scalars(statement)).all())
            if not deliveries:
                return []
            subscriptions = await _by_id(
                session, WebhookSubscription, {d.subscription_id for d in deliveries}
            )
            events = await _by_id(session, ChangeEvent, {d.change_event_id for d in deliveries})
            audiences: dict[uuid.UUID, Audience | None] = {}
            for delivery in deliveries:
                subscription = subscriptions[delivery.subscription_id]
                event = events[delivery.change_event_id]
                if subscription.disabled_at is None and subscription.id not in audiences:
                    audiences[subscription.id] = await self.policy.audience(session, subscription)
                    if audiences[subscription.id] is None:
                        subscription.disabled_at = now
                        subscription.disabled_reason = "its OAuth client was revoked"
                if subscription.disabled_at is not None:
                    delivery.status = DeliveryStatus.FAILED.value
                    delivery.last_error = (
                        f"not sent: subscription disabled ({subscription.disabled_reason})"[:200]
                    )
                    metrics.DELIVERIES.labels("dropped").inc()
                    continue
                audience = audiences[subscription.id]
                assert audience is not None
                if not audience.can_see(event.visibility, event.organization_id):
                    await session.delete(delivery)
                    metrics.DELIVERIES.labels("dropped").inc()
                    continue
                delivery.attempts += 1
                delivery.next_attempt_at = now + self.config.lease
                body = json.dumps(self.policy.payload(event), separators=(",", ":")).encode()
                attempts.append(
                    Attempt(
                        delivery.id,
                        delivery.attempts,
                        subscription.id,
                        subscription.url,
                        subscription.secret,
                        body,
                        event.at,
                    )
                )
        return attempts

    async def _send(self, attempt: Attempt) -> Outcome:
        try:
            address = await addresses.check(attempt.url, self.config.allow_private)
        except addresses.UnsafeURL as refused:
            return Outcome(attempt, False, None, f"URL refused: {refused}")
        url, host, extensions = addresses.pinned(attempt.url, address)
        timestamp = int(utcnow().timestamp())
        headers = {
            "content-type": "application/json",
            "user-agent": "partner-directory-webhooks/1",
            **signing.headers(
                attempt.secret, message_id(attempt.delivery_id), timestamp, attempt.body
            ),
            **host,
        }
        try:
            response = await self.http.post(
                url,
                content=attempt.body,
                headers=headers,
                timeout=self.config.timeout,
                follow_redirects=False,
                extensions=extensions,
            )
        except httpx.TimeoutException:
            return Outcome(attempt, False, None, f"no answer within {self.config.timeout:g} s")
        except httpx.HTTPError as failed:
            # the kind of failure only: the text could describe the receiver's network
            return Outcome(attempt, False, None, f"connection failed ({type(failed).__name__})")
        ok = 200 <= response.status_code < 300
        return Outcome(attempt, ok, response.status_code, None if ok else "non-2xx answer")

    async def _record(self, outcomes: list[Outcome]) -> None:
        now = utcnow()
        async with self.db.write() as session:
            for outcome in outcomes:
                attempt = outcome.attempt
                mine = (
                    WebhookDelivery.id == attempt.delivery_id,
                    WebhookDelivery.attempts == attempt.number,
                    WebhookDelivery.status == PENDING,
                )
                values: dict[str, Any] = {
                    "last_status_code": outcome.status_code,
                    "last_error": outcome.error,
                }
                subscription = update(WebhookSubscription).where(
                    WebhookSubscription.id == attempt.subscription_id
                )
                if outcome.ok:
                    values |= {"status": DeliveryStatus.DELIVERED.value, "delivered_at": now}
                    await session.execute(update(WebhookDelivery).where(*mine).values(values))
                    await session.execute(subscription.values(failing_since=None))
                    metrics.DELIVERIES.labels("delivered").inc()
                    metrics.LATENCY.observe((now - attempt.event_at).total_seconds())
                    continue
                retry_until = await session.scalar(select(WebhookDelivery.retry_until).where(*mine))
                if retry_until is None:
                    continue  # another worker took the attempt over after our lease ended
                if now >= retry_until:
                    values["status"] = DeliveryStatus.FAILED.value
                    metrics.DELIVERIES.labels("failed").inc()
                else:
                    values["next_attempt_at"] = now + backoff(self.config, attempt.number, self.rng)
                    metrics.DELIVERIES.labels("retry").inc()
                await session.execute(update(WebhookDelivery).where(*mine).values(values))
                await session.execute(
                    subscription.where(WebhookSubscription.failing_since.is_(None)).values(
                        failing_since=now
                    )
                )
                await session.execute(
                    subscription.where(
                        WebhookSubscription.disabled_at.is_(None),
                        WebhookSubscription.failing_since <= now - self.config.disable_after,
                    ).values(
                        disabled_at=now,
                        disabled_reason="every delivery failed for "
                        f"{self.config.disable_after.days} days",
                    )
                )

    async def _update_gauges(self) -> None:
        loop = asyncio.get_running_loop()
        if loop.time() - self._gauges_at < self.config.gauges_every:
            return
        self._gauges_at = loop.time()
        depth, oldest = await pending_stats(self.db)
        metrics.QUEUE_DEPTH.set(depth)
        metrics.OLDEST_PENDING_AGE.set(
            0 if oldest is None else max(0.0, (utcnow() - oldest).total_seconds())
        )


async def pending_stats(db: Database) -> tuple[int, dt.datetime | None]:
    """How many deliveries are PENDING, and when the oldest of them was created."""
    async with db.read_session() as session:
        row = (
            await session.execute(
                select(func.count(), func.min(WebhookDelivery.created_at)).where(
                    WebhookDelivery.status == PENDING
                )
            )
        ).one()
    oldest = row[1]
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=dt.UTC)
    return int(row[0]), oldest


async def _by_id(session: AsyncSession, model: Any, ids: set[Any]) -> dict[Any, Any]:
    rows = await session.scalars(select(model).where(model.id.in_(ids)))
    return {row.id: row for row in rows}


__all__ = ["Config", "Policy", "Worker", "backoff", "message_id", "pending_stats"]
