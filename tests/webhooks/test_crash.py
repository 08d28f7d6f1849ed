"""A worker process killed with SIGKILL between the commit and the send loses no event."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
from sqlalchemy import select

from directory.access import WriteAccess
from directory.audit import Actor
from directory.db import Database
from directory.listings.organizations import update_organization
from directory.listings.specs import OrganizationSpec
from directory.webhooks.models import DeliveryStatus, WebhookDelivery
from tests.listings.helpers import make
from tests.schema.mutation_client import caller
from tests.webhooks.conftest import subscribe
from tests.webhooks.receiver import receiver


def _worker(db: Database, tmp_path: Path) -> subprocess.Popen[bytes]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DIRECTORY_DATABASE_URL": db.url,
        "DIRECTORY_WEBHOOK_ALLOW_PRIVATE": "true",
        "DIRECTORY_VAR_DIR": str(tmp_path),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "server", "worker", "--lease", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


async def test_kill_9_between_commit_and_send_loses_no_event(
    app_client: httpx.AsyncClient, db: Database, tmp_path: Path
) -> None:
    org = await make(db)
    partner = await caller(app_client, db, "directory:read")
    with receiver(hang=True) as endpoint:
        await subscribe(app_client, partner, endpoint.url)
        async with db.write() as session:  # committed; nothing sent yet
            await update_organization(
                session,
                WriteAccess.system(Actor.system("tests")),
                org,
                OrganizationSpec.from_mapping({"description": "x"}),
            )
        first = _worker(db, tmp_path)
        try:
            [in_flight] = await endpoint.wait_for(1, seconds=30)  # sent, no answer yet
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait()
        async with db.session() as session:
            delivery = (await session.scalars(select(WebhookDelivery))).one()
        assert delivery.status == DeliveryStatus.PENDING.value

        second = _worker(db, tmp_path)
        try:
            received = await endpoint.wait_for(2, seconds=30)
            for _ in range(100):
                async with db.session() as session:
                    status = await session.scalar(select(WebhookDelivery.status))
                if status == DeliveryStatus.DELIVERED.value:
                    break
                await asyncio.sleep(0.1)
        finally:
            second.send_signal(signal.SIGTERM)
            assert second.wait(timeout=30) == 0, second.stderr.read() if second.stderr else ""
    assert received[1].headers["webhook-id"] == in_flight.headers["webhook-id"]
    assert status == DeliveryStatus.DELIVERED.value
