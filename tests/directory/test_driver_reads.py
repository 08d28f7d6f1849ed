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
from directory.organization_list import Order, OrganizationFilter
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
    await generate(db, 1, seed=8)
    slow = select(Organization.id).where(text("pg_sleep(0.5) IS NOT NULL"))
    impatient = Database(db.url, statement_timeout=0.05)  # its own pool: nothing leaks
    try:
        assert impatient.driver_reads is not None
        async with impatient.statement_session() as session:
            connection = await session.connection()
            with pytest.raises(Exception) as caught:
                await impatient.driver_reads.rows(connection, slow)
        assert is_statement_timeout(caught.value) and not is_unavailable(caught.value)

        async with impatient.statement_session() as session:
            connection = await session.connection()
            pid = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
            async with db.engine.connect() as admin:
                await admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            await asyncio.sleep(0.3)  # the server's goodbye reaches the driver
            with pytest.raises(Exception) as lost:
                await impatient.driver_reads.rows(connection, select(Organization.id))
        assert is_unavailable(lost.value)
        # The pool hands out a working connection next.
        async with impatient.statement_session() as session:
            connection = await session.connection()
            assert len(await impatient.driver_reads.rows(connection, select(Organization.id))) == 1
    finally:
        await impatient.dispose()


async def _graphql_reads(db: Database, audience: Audience, driver: bool) -> list[object]:
    """What a GraphQL page query reads, through the reader's GraphQL methods."""
    async with db.statement_session() as session:
        reader = Reader(session, audience, records=True, driver=db.driver_reads if driver else None)
        page = await reader.organization_page(
            OrganizationFilter(), order=Order.NAME, start=3, limit=15
        )
        ids = [item.organization.id for item in page.items]
        contacts = await reader.contacts_by_organization(ids)
        contact_ids = [c.id for group in contacts.values() for c in group]
        return [
            [item.organization for item in page.items],
            page.has_next,
            await reader.organization_count(OrganizationFilter()),
            await reader.services_by_organization(ids),
            await reader.service_areas_by_organization(ids),
            contacts,
            await reader.phones_by_contact(contact_ids),
            await reader.emails_by_contact(contact_ids),
            await reader.phones_by_organization(ids),
            await reader.locations_by_organization(ids),
            await reader.organizations_by_slug([item.organization.slug for item in page.items]),
        ]


async def test_graphql_reads_are_the_same_for_every_audience_in_turn(db: Database) -> None:
    """One driver's compiled statements serve audiences in turn — anonymous, partners, the
    staff of one listing, then of another — each getting exactly its own rows, as from
    SQLAlchemy's path (a compiled statement reused with another caller's values, and the
    child reads' statement templates, kept per audience, each used for its own)."""
    if db.driver_reads is None:
        pytest.skip("driver reads are asyncpg's")
    await generate(db, 30, seed=9, batch_size=30)
    async with db.statement_session() as session:
        first, second = (
            await session.scalars(select(Organization.id).order_by(Organization.sort_name).limit(5))
        ).all()[3:5]
    audiences = [
        Audience.public(),
        Audience.partners(),
        Audience.partners(own=first),
        Audience.partners(own=second),
        Audience.everything(),
        Audience.public(),
    ]
    seen = []
    for audience in audiences:
        expected = await _graphql_reads(db, audience, driver=False)
        found = await _graphql_reads(db, audience, driver=True)
        assert found == expected, audience
        seen.append(found)
    own_phones = [len([p for g in reads[8].values() for p in g]) for reads in seen]
    assert own_phones[0] < own_phones[1] < own_phones[4], "the audiences must differ"
    assert seen[2][8] != seen[3][8], "each listing's staff see their own hidden phones"


async def test_a_read_cancelled_mid_statement_leaves_no_broken_connection(db: Database) -> None:
    """A request's timeout cancels its read while the database still works on it: the
    connection must not go back to the pool as if it were idle, where the next request
    would find it busy."""
    if db.driver_reads is None:
        pytest.skip("driver reads are asyncpg's")
    await generate(db, 1, seed=10)
    single = Database(db.url, pool_size=1, max_overflow=0)  # the next read gets the same one
    assert single.driver_reads is not None
    reads = single.driver_reads

    async def slow() -> None:
        async with single.statement_session() as session:
            connection = await session.connection()
            await reads.rows(
                connection, select(Organization.id).where(text("pg_sleep(2) IS NOT NULL"))
            )

    try:
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(slow(), 0.2)
        async with single.statement_session() as session:
            connection = await session.connection()
            assert len(await reads.rows(connection, select(Organization.id))) == 1
    finally:
        await single.dispose()
