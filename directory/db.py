"""Async engines and sessions for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, InvalidatePoolError, NoSuchModuleError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from directory.driver_reads import DriverReads
from directory.feed_position import FeedPosition


def check_url(url: str, name: str = "DIRECTORY_DATABASE_URL") -> None:
    """Refuse, with a one-line ``ValueError``, a URL no engine can be made from: one that
    does not parse, an unknown scheme, a driver that is not installed."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ValueError(f"{name} is not a database URL") from None
    try:
        dialect = parsed.get_dialect()
    except NoSuchModuleError:
        raise ValueError(
            f"{name}: unknown scheme {parsed.drivername!r}: use sqlite+aiosqlite:// or "
            "postgresql+asyncpg://"
        ) from None
    try:
        dialect.import_dbapi()
    except ImportError as exc:
        raise ValueError(
            f"{name}: the driver of {parsed.drivername!r} is not installed ({exc.name or exc})"
        ) from None
    if not getattr(dialect, "is_async", False):
        raise ValueError(
            f"{name}: {parsed.drivername!r} is not an async driver: use sqlite+aiosqlite:// "
            "or postgresql+asyncpg://"
        )


async def probe(url: str, name: str = "DIRECTORY_DATABASE_URL") -> None:
    """Connect once and run ``SELECT 1``; raises ``ValueError`` with a one-line reason."""
    check_url(url, name)
    parsed = make_url(url)
    try:
        ensure_sqlite_dir(url)  # an explicit SQLite URL may name a folder to create
    except OSError as exc:
        raise ValueError(f"database folder: {exc.strerror or exc}: {exc.filename}") from None
    engine = create_async_engine(url, hide_parameters=True)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as exc:  # any driver's connection error: report it in one line
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        raise ValueError(
            f"database {parsed.render_as_string(hide_password=True)} is not usable: "
            f"{detail[0] if detail else type(exc).__name__}"
        ) from None
    finally:
        await engine.dispose()


def ensure_sqlite_dir(url: str) -> None:
    """Create the folder of a file-backed SQLite database."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() == "sqlite" and database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def json_loads(text: str | bytes) -> Any:
    """How JSON columns are read: orjson (several times faster than ``json.loads``, which
    decoding the JSON columns of every row of an export spent a fifth of its time in), and
    ``json.loads`` for what orjson refuses but ``json.dumps`` may have written (NaN,
    integers beyond 64 bits, lone surrogates), so every stored value reads back the same."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


POOL_SIZE = 10
"""Connections a PostgreSQL engine keeps open (a request holds one while it reads): two
processes of the service and its webhook worker stay well under PostgreSQL's default
``max_connections`` of 100."""
POOL_OVERFLOW = 10
"""Connections it may open beyond ``POOL_SIZE`` under a burst, closed when returned."""
PING_AFTER_IDLE = 10.0
"""Seconds a pooled connection may sit unused before it is tested on checkout."""


def create_engine(url: str, statement_timeout: float | None = None, **kwargs: Any) -> AsyncEngine:
    """An async engine; on SQLite with WAL, foreign keys, a busy timeout and explicit BEGINs.

    pysqlite's own transaction handling is turned off so that a write session can start
    with ``BEGIN IMMEDIATE`` (see :func:`Database.write`): two writers then queue for the
    lock instead of failing with "database is locked" halfway through.
    """
    ensure_sqlite_dir(url)
    # Statement parameters can hold confidential values and password hashes: keep them
    # out of exception messages, which end up in log lines.
    kwargs.setdefault("hide_parameters", True)
    kwargs.setdefault("json_deserializer", json_loads)
    if make_url(url).get_backend_name() != "sqlite":
        # Enough pooled connections for a busy process: beyond ``pool_size`` every checkout
        # opened a new connection (TLS negotiation included) and closed it on return.
        kwargs.setdefault("pool_size", POOL_SIZE)
        kwargs.setdefault("max_overflow", POOL_OVERFLOW)
        if statement_timeout is not None and make_url(url).get_driver_name() == "asyncpg":
            # Every statement of every pooled connection is cut after this long.
            settings = {"statement_timeout": str(max(1, int(statement_timeout * 1000)))}
            kwargs.setdefault("connect_args", {}).setdefault("server_settings", settings)
        engine = create_async_engine(url, **kwargs)
        _ping_when_idle(engine)
        return engine
    engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())

    return engine


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Test a pooled connection on checkout only when it sat unused for ``PING_AFTER_IDLE``
    seconds: one left over from before a database restart or a network cut is replaced
    before a request uses it, while a busy process pays nothing. (``pool_pre_ping`` tests
    every checkout, which on asyncpg costs three round trips: BEGIN, ``;``, ROLLBACK.)"""

    @event.listens_for(engine.sync_engine, "checkin")
    def _returned(_dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _taken(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get("returned_at")
        if returned is None or time.monotonic() - returned < PING_AFTER_IDLE:
            return  # just connected, or used a moment ago
        try:
            dbapi_connection.ping()
        except Exception as exc:  # any driver error: the pool connects again, and every
            # connection opened before this one is tested too (the database restarted)
            raise InvalidatePoolError(str(exc)) from exc


class Database:
    """The primary engine (writes, fresh reads) and an optional read replica."""

    def __init__(
        self,
        url: str,
        read_url: str | None = None,
        statement_timeout: float | None = None,
        **engine_kwargs: Any,
    ) -> None:
        """``statement_timeout``: seconds one statement may run (PostgreSQL only)."""
        self.url = url
        engine_kwargs["statement_timeout"] = statement_timeout
        self.engine = create_engine(url, **engine_kwargs)
        self.read_engine = create_engine(read_url, **engine_kwargs) if read_url else self.engine
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = async_sessionmaker(self.read_engine, expire_on_commit=False)
        # PostgreSQL reads at READ COMMITTED see a snapshot per statement, in a transaction
        # or not: without one, a query's statements skip BEGIN and ROLLBACK (two round trips
        # of nine for a page of organizations). SQLite keeps its explicit transactions.
        self.statement_engine = (
            self.read_engine
            if self.read_engine.dialect.name == "sqlite"
            else self.read_engine.execution_options(isolation_level="AUTOCOMMIT")
        )
        """The read engine, each statement on its own (see :meth:`statement_session`)."""
        self._statement_sessions = async_sessionmaker(self.statement_engine, expire_on_commit=False)
        self.driver_reads = (
            DriverReads(self.read_engine.dialect)
            if self.read_engine.dialect.driver == "asyncpg"
            else None
        )
        """Record reads past SQLAlchemy's execution layer, for statement sessions on
        asyncpg (:mod:`directory.driver_reads`); None elsewhere."""
        self.feed_position = FeedPosition(self.statement_engine, self.driver_reads)
        """The change feed's newest position on the read database, one read shared by the
        requests asking at one time (:mod:`directory.feed_position`)."""

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> AsyncSession:
        """A session on the primary; the caller commits."""
        return self._sessions()

    def read_session(self) -> AsyncSession:
        """A session for read-only work; on the replica when one is configured."""
        return self._read_sessions()

    def statement_session(self) -> AsyncSession:
        """A read session where each statement stands alone (no transaction on PostgreSQL,
        whose READ COMMITTED gives each statement its own snapshot anyway): for GraphQL
        queries, which only read. On the replica when one is configured."""
        return self._statement_sessions()

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """One write transaction on the primary: committed on success, rolled back on error."""
        async with self._sessions() as session:
            await session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.read_engine is not self.engine:
            await self.read_engine.dispose()
