"""The per-request context every resolver (queries and mutations) receives as ``info.context``.

It holds who is calling (``principal`` and its ``audience``), the answer language, the
database, the request's read boundary (one :class:`~directory.reader.Reader` on one read
session, shared by every dataloader of the request), and the loaders.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from functools import cached_property
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from auth.principal import Principal
from directory.access import WriteAccess
from directory.count_cache import CountCache
from directory.db import Database
from directory.reader import Reader
from directory.visibility import Audience
from schema.loaders import Loaders

T = TypeVar("T")


class RequestContext:
    """One GraphQL request's context.

    Read through :meth:`read`: it hands the work the request's :class:`Reader` — never a
    raw session, so every read applies the caller's audience — and serializes its use,
    because an ``AsyncSession`` allows one operation at a time while loaders run
    concurrently.
    Mutations open their own write transaction with ``context.db.write()``.
    """

    def __init__(
        self,
        db: Database,
        principal: Principal,
        *,
        language: str | None = None,
        request: Request | None = None,
        fresh: bool = False,
        counts: CountCache | None = None,
    ) -> None:
        self.db = db
        self.counts = counts
        """Search counts kept until the feed moves (replica reads only; None: count
        every time)."""
        self.fresh = fresh
        """Read the primary database, not the replica (mutations, the change feed)."""
        self.principal = principal
        self.audience: Audience = principal.audience()
        self.language = language
        """The negotiated answer language (en, es, fr), or None: each record's own."""
        self.request = request
        self.root_languages: dict[str, str | None] = {}
        """Languages chosen by a root field's ``language`` argument, by response key."""
        self._session: AsyncSession | None = None
        self._reader: Reader | None = None
        self._lock = asyncio.Lock()
        self._closed = False
        self._loaders: Loaders | None = None

    @cached_property
    def write_access(self) -> WriteAccess:
        """What this caller may change (``Principal.write_access``), made once a request."""
        return self.principal.write_access()

    @property
    def loaders(self) -> Loaders:
        """The request's dataloaders, created on first use."""
        if self._loaders is None:
            self._loaders = Loaders(self.read)
        return self._loaders

    def forget_loaded(self) -> None:
        """Drop cached rows (after a write, so the payload shows what was written)."""
        self._loaders = None

    async def read(self, work: Callable[[Reader], Awaitable[T]]) -> T:
        """Run ``work`` with the request's reader (on the replica unless ``fresh``), one at
        a time."""
        async with self._lock:
            if self._closed:
                raise RuntimeError("the request is over: its reads are closed")
            if self._reader is None:
                if self.fresh:
                    self._session, driver = self.db.session(), None
                else:  # no transaction: record reads may go past SQLAlchemy
                    self._session, driver = self.db.statement_session(), self.db.driver_reads
                self._reader = Reader(
                    self._session,
                    self.audience,
                    records=True,
                    driver=driver,
                    counts=None if self.fresh else self.counts,
                )
            return await work(self._reader)

    async def fresh_reads(self) -> None:
        """End the current read session (the next read opens a new one, which sees what a
        write just committed)."""
        if self._session is not None:
            session, self._session, self._reader = self._session, None, None
            await session.close()

    async def close(self) -> None:
        """End the request's reads for good: a read started after this (by work left over
        from the request) is refused instead of opening a session nobody would close."""
        self._closed = True
        await self.fresh_reads()
        # The loaders reach back to this context (their reads are its ``read``): dropped
        # here, the request's rows are freed as soon as the answer is written, instead of
        # waiting as a reference cycle for the collector (which walked them under load).
        self._loaders = None
