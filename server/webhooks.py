"""Wiring the webhook worker: the directory's outbox, auth's audience, schema's payload."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from auth.webhooks import subscriber_audience
from directory.db import Database
from directory.settings import Settings
from directory.webhooks.worker import Config, Policy, Worker
from schema.webhooks.payload import event_payload

log = logging.getLogger("directory.webhooks")
POLICY = Policy(audience=subscriber_audience, payload=event_payload)


def build_worker(settings: Settings, db: Database, config: Config | None = None) -> Worker:
    config = config or Config(allow_private=settings.webhook_allow_private)
    return Worker(db, POLICY, config)


@contextlib.asynccontextmanager
async def running_worker(worker: Worker) -> AsyncIterator[Worker]:
    """Run ``worker`` in the background while the block runs; stop it cleanly after."""
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop), name="webhook-worker")
    try:
        yield worker
    finally:
        stop.set()
        try:
            await asyncio.wait_for(task, worker.config.timeout + 5)
        except TimeoutError:
            log.warning("webhook worker did not stop in time; its attempts will be retried")
        await worker.close()
