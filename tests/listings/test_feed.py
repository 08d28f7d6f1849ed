"""A partner polling ``changes after cursor`` while writers commit concurrently sees every
event exactly once, in order.

Writers hold their transaction open for a moment after appending their event, the window
in which, on PostgreSQL, an event with a smaller id could otherwise commit after a larger
one and be skipped by a reader whose cursor has already passed it. The advisory lock taken
by ``append_change`` closes that window (see ``directory.audit``).
"""

from __future__ import annotations

import asyncio
import random
import uuid

from sqlalchemy import select

from directory.db import Database
from directory.listings.organizations import create_listing, update_organization
from directory.listings.specs import OrganizationSpec
from directory.models import ChangeEvent
from tests.listings.helpers import ACTOR, concurrent, listing, make


async def _write(db: Database, org_id: uuid.UUID, i: int, pause: float) -> None:
    async with db.write() as session:
        await update_organization(
            session, ACTOR, org_id, OrganizationSpec.from_mapping({"description": f"update {i}"})
        )
        await asyncio.sleep(pause)  # still inside the transaction, event appended


async def _create(db: Database, i: int, pause: float) -> None:
    async with db.write() as session:
        spec = listing(slug=f"nueva-{i}", name=f"Nueva {i}", service_areas=[{"code": "CA-ON"}])
        await create_listing(
            session, ACTOR, OrganizationSpec.from_mapping(spec), allow_duplicate=True
        )
        await asyncio.sleep(pause)


async def test_reader_polling_during_concurrent_writes_sees_every_event_once(
    db: Database,
) -> None:
    organizations = [await make(db, slug=f"org-{n}", name=f"Org {n}") for n in range(12)]
    writers = concurrent(db, 16)
    rng = random.Random(5)
    done = asyncio.Event()
    seen: list[int] = []

    async def reader() -> None:
        cursor = 0
        while True:
            finished = done.is_set()
            async with db.read_session() as session:
                ids = (
                    await session.scalars(
                        select(ChangeEvent.id)
                        .where(ChangeEvent.id > cursor)
                        .order_by(ChangeEvent.id)
                    )
                ).all()
            seen.extend(ids)
            if ids:
                cursor = ids[-1]
            if finished:
                return
            await asyncio.sleep(0)

    jobs = [
        _write(writers, organizations[i % len(organizations)], i, rng.uniform(0, 0.01))
        for i in range(72)
    ] + [_create(writers, i, rng.uniform(0, 0.01)) for i in range(8)]
    rng.shuffle(jobs)
    polling = asyncio.create_task(reader())
    await asyncio.gather(*jobs)
    done.set()
    await polling
    if writers is not db:
        await writers.dispose()

    async with db.session() as session:
        committed = (await session.scalars(select(ChangeEvent.id).order_by(ChangeEvent.id))).all()
    assert len(committed) == 12 + 72 + 8
    assert len(seen) == len(set(seen)), "an event was delivered twice"
    assert seen == list(committed), "the reader skipped an event or saw them out of order"
