"""Pooled PostgreSQL connections: a connection the server dropped while it sat in the pool is
replaced before a request uses it, without testing every checkout."""

from __future__ import annotations

import pytest
from sqlalchemy import text

import directory.db
from directory.db import Database


async def _backend_pid(db: Database) -> int:
    async with db.engine.connect() as connection:
        return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def test_a_connection_dropped_while_idle_is_replaced(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    if db.dialect != "postgresql":
        pytest.skip("SQLite has no server to drop a connection")
    monkeypatch.setattr(directory.db, "PING_AFTER_IDLE", 0.0)  # every idle connection is old
    service = Database(db.url)
    try:
        first = await _backend_pid(service)
        # The server ends the pooled connection (a restart, an idle timeout, a failover).
        async with db.engine.connect() as admin:
            await admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        # The next checkout notices and connects again: the read succeeds.
        assert await _backend_pid(service) != first
    finally:
        await service.dispose()
