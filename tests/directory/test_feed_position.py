"""The feed position the response cache checks: shared by requests asking at one time, never
older than a change committed before a request asked."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from directory.db import Database
from directory.feed_position import FeedPosition
from directory.models import ChangeEvent
from tests.listings.helpers import make


def _listing(n: int) -> dict[str, str]:
    return {"slug": f"refugio-{n}", "name": f"Refugio {n}"}


async def _newest(db: Database) -> int:
    async with db.read_session() as session:
        return int((await session.scalar(select(func.max(ChangeEvent.id)))) or 0)


class _Held(FeedPosition):
    """Holds each answer, already read, until the test lets it go: a read on its way."""

    def __init__(self, db: Database) -> None:
        super().__init__(db.statement_engine, db.driver_reads)
        self.read_done = asyncio.Event()
        self.release = asyncio.Event()
        self.fail_next = False

    async def _newest(self) -> int:
        position = await super()._newest()
        self.read_done.set()
        await self.release.wait()
        if self.fail_next:
            self.fail_next = False
            raise ConnectionError("the database went away")
        return position


async def test_requests_asking_at_once_share_one_read(db: Database) -> None:
    await make(db, **_listing(1))
    await make(db, **_listing(2))
    positions = await asyncio.gather(*(db.feed_position.read() for _ in range(8)))
    assert positions == [await _newest(db)] * 8
    assert db.feed_position.reads == 1


async def test_a_read_already_sent_does_not_answer_a_later_request(db: Database) -> None:
    await make(db, **_listing(3))
    feed = _Held(db)
    first = asyncio.create_task(feed.read())
    await feed.read_done.wait()  # the first read has its answer, not yet delivered
    await make(db, **_listing(4))  # a change committed after it was read
    second = asyncio.create_task(feed.read())
    await asyncio.sleep(0)
    feed.release.set()
    before, after = await first, await second
    assert after == await _newest(db) > before
    assert feed.reads == 2


async def test_a_failed_read_fails_its_requests_and_the_next_one_reads_again(
    db: Database,
) -> None:
    await make(db, **_listing(5))
    feed = _Held(db)
    feed.fail_next = True
    feed.release.set()
    waiting = [feed.read(), feed.read()]
    results = await asyncio.gather(*waiting, return_exceptions=True)
    assert all(isinstance(r, ConnectionError) for r in results)
    assert await feed.read() == await _newest(db)


async def test_a_request_that_stops_waiting_leaves_the_read_to_the_others(
    db: Database,
) -> None:
    await make(db, **_listing(6))
    feed = _Held(db)
    impatient = asyncio.create_task(feed.read())
    patient = asyncio.create_task(feed.read())
    await feed.read_done.wait()
    impatient.cancel()
    with pytest.raises(asyncio.CancelledError):
        await impatient
    feed.release.set()
    assert await patient == await _newest(db)
