"""Record reads on asyncpg itself (``directory.driver_reads``) answer what SQLAlchemy's path
answers, and fail the way it fails."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import uuid

import pytest
from sqlalchemy import select, text

from directory.db import Database
from directory.demo.generate import generate
from directory.models import Organization
from directory.reader import Reader
from directory.unavailable import is_statement_timeout, is_unavailable
from directory.visibility import Audience

REVISIONS = ("organization", "service")


async def _listings(
    db: Database, driver: bool, audience: Audience
) -> tuple[list[uuid.UUID], object]:
    async with db.statement_session() as session:
        reader = Reader(session, audience, records=True, driver=db.driver_reads if driver else None)
        ids = list((await session.scalars(select(Organization.id).order_by(Organization.id))).all())
        return ids, await reader.listing_records(ids, REVISIONS)


AUDIENCES = {"everything": Audience.everything(), "public": Audience.public()}


def _rows(part: dict[uuid.UUID, object]) -> list[tuple[object, ...]]:
    return [r for group in part.values() for r in (group if isinstance(group, list) else [group])]  # type: ignore[misc]


@pytest.mark.parametrize("audience", AUDIENCES)
async def test_every_record_type_reads_the_same_through_the_driver(
    db: Database, audience: str
) -> None:
    if db.driver_reads is None:
        pytest.skip("driver reads are asyncpg's")
    await generate(db, 25, seed=7, batch_size=25)
    ids, through_sqlalchemy = await _listings(db, False, AUDIENCES[audience])
    same_ids, through_driver = await _listings(db, True, AUDIENCES[audience])
    assert ids == same_ids and len(ids) == 25
    for part in dataclasses.fields(through_driver):  # type: ignore[arg-type]
        expected = _rows(getattr(through_sqlalchemy, part.name))
        found = _rows(getattr(through_driver, part.name))
        assert found == expected, part.name
        assert found or part.name == "revisions", f"no {part.name} to compare"
        for row, same in zip(found, expected, strict=True):  # the same types, not only values
            assert [type(v) for v in row] == [type(v) for v in same], part.name
            assert all(v.tzinfo is dt.UTC for v in row if isinstance(v, dt.datetime))


async def test_driver_errors_are_sqlalchemy_errors(db: Database) -> None:
    """A statement cut by ``statement_timeout`` is told apart from a lost database, as on
    SQLAlchemy's path (the endpoint answers the one QUERY_TOO_COMPLEX, the other 503)."""
    if db.driver_reads is None:
        pytest.skip("driver reads are asyncpg's")
    slow = select(Organization.id).where(text("pg_sleep(0.5) IS NOT NULL"))
    async with db.statement_session() as session:
        connection = await session.connection()
        await connection.execute(text("SET statement_timeout = 50"))
        await generate(db, 1, seed=8)
        with pytest.raises(Exception) as caught:
            await db.driver_reads.rows(connection, slow)
    assert is_statement_timeout(caught.value) and not is_unavailable(caught.value)

    async with db.statement_session() as session:
        connection = await session.connection()
        pid = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        async with db.engine.connect() as admin:
            await admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        await asyncio.sleep(0.3)  # the server's goodbye reaches the driver
        with pytest.raises(Exception) as lost:
            await db.driver_reads.rows(connection, select(Organization.id))
    assert is_unavailable(lost.value)
