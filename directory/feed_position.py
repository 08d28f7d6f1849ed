"""The change feed's newest position, read once for every request that asks at one time.

The response cache (``schema.response_cache``) keys each stored answer by the feed
position, and a request reads that position before it may take a stored answer, so that a
write committed through any process is seen by the very next request. That read is one
statement, but on its own path it cost a cached request half of its work: a session, a
connection checkout and return, the statement's construction, and the round trip.

Here requests share reads, without giving up that guarantee: a request joins the next read
*not yet sent* (starting one when none is waiting), never a read already on its way. Every
read therefore starts after every request it answers had asked, so it sees each write
committed before any of them asked: what a read of their own would have seen, or newer.
Under load one read answers all the requests that arrived during the previous one.

Nothing is kept between reads (no process holds a position another does not), so the
service stays stateless; a failed read fails the requests that waited for it, as their own
read would have.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from directory.driver_reads import DriverReads
from directory.models import ChangeEvent

NEWEST = select(func.max(ChangeEvent.id))
"""The newest change id, whoever may read that change: only a version number for caches,
never shown to a caller (it moves with changes an audience may not see)."""


class FeedPosition:
    """Reads :data:`NEWEST` on ``engine`` (no transaction on PostgreSQL), shared as above."""

    def __init__(self, engine: AsyncEngine, driver: DriverReads | None) -> None:
        self._engine = engine
        self._driver = driver
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiting: asyncio.Future[int] | None = None
        """The next read's answer, for the requests that asked since the last read left."""
        self._reading: asyncio.Task[None] | None = None
        self.reads = 0
        """Reads sent so far (for tests and benchmarks)."""

    async def read(self) -> int:
        """A position at least as new as every change committed before this call."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # a new event loop (tests): nothing of the old one is usable
            self._loop, self._waiting, self._reading = loop, None, None
        if self._waiting is None:
            self._waiting = loop.create_future()
            self._waiting.add_done_callback(_retrieved)
        answer = self._waiting
        if self._reading is None:
            self._reading = loop.create_task(self._read_while_asked())
        # A request that stops waiting (its timeout) leaves the read to the others.
        return await asyncio.shield(answer)

    async def _read_while_asked(self) -> None:
        try:
            while self._waiting is not None:
                answer, self._waiting = self._waiting, None
                try:
                    position = await self._newest()
                except Exception as error:
                    answer.set_exception(error)
                except BaseException:  # cancelled (the loop is closing): nobody waits on
                    answer.cancel()
                    if self._waiting is not None:
                        self._waiting.cancel()
                        self._waiting = None
                    raise
                else:
                    answer.set_result(position)
        finally:
            if self._loop is asyncio.get_running_loop():  # not a new loop's reader (tests)
                self._reading = None

    async def _newest(self) -> int:
        self.reads += 1
        async with self._engine.connect() as connection:
            if self._driver is not None:
                found = await self._driver.scalar(connection, NEWEST)
            else:
                found = (await connection.execute(NEWEST)).scalar()
        return int(found or 0)


def _retrieved(answer: asyncio.Future[Any]) -> None:
    """Mark a failed read's error as seen even when every request waiting for it has gone
    (no "exception was never retrieved" in the log; the requests got it, or timed out)."""
    if not answer.cancelled():
        answer.exception()
