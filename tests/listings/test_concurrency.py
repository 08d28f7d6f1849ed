"""Concurrent writers: exactly one of several same-version updates wins; updates without an
expected version all apply, none lost; a failure midway leaves nothing behind."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from directory.db import Database
from directory.errors import Conflict
from directory.listings import change as change_module
from directory.listings.contacts import update_contact
from directory.listings.organizations import update_organization
from directory.listings.services import create_service
from directory.listings.specs import ContactSpec, OrganizationSpec, ServiceSpec
from directory.models import ChangeEvent, Contact, Email, Phone, Revision, Service
from tests.listings.helpers import ACTOR, concurrent, count, make, version


async def _update(db: Database, org_id: uuid.UUID, text: str, expected: int | None) -> int:
    async with db.write() as session:
        updated = await update_organization(
            session,
            ACTOR,
            org_id,
            OrganizationSpec.from_mapping({"description": text}),
            expected_version=expected,
        )
        return updated.version


async def test_twenty_updates_with_the_same_expected_version_one_wins(db: Database) -> None:
    org_id = await make(db)
    writers = concurrent(db, 20)
    results = await asyncio.gather(
        *(_update(writers, org_id, f"writer {i}", 1) for i in range(20)), return_exceptions=True
    )
    if writers is not db:
        await writers.dispose()
    wins = [r for r in results if r == 2]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert (len(wins), len(conflicts)) == (1, 19), results
    assert all(c.problems[0].code == "CONFLICT" for c in conflicts)
    assert await version(db, org_id) == 2
    assert await count(db, Revision, Revision.operation == "update") == 1
    assert await count(db, ChangeEvent, ChangeEvent.kind == "UPDATED") == 1


async def test_hundred_updates_without_expected_version_all_apply(db: Database) -> None:
    org_id = await make(db)
    writers = concurrent(db, 25)
    texts = [f"update {i}" for i in range(100)]
    versions = await asyncio.gather(*(_update(writers, org_id, t, None) for t in texts))
    if writers is not db:
        await writers.dispose()
    assert sorted(versions) == list(range(2, 102))
    assert await version(db, org_id) == 101
    async with db.session() as session:
        revisions = (
            await session.scalars(
                select(Revision)
                .where(Revision.operation == "update")
                .order_by(Revision.organization_version)
            )
        ).all()
        events = (
            await session.scalars(select(ChangeEvent).where(ChangeEvent.kind == "UPDATED"))
        ).all()
    assert len(revisions) == 100
    assert sorted(r.changes["description"]["after"] for r in revisions) == sorted(texts)
    # each writer saw the value the previous one committed: nothing was overwritten unseen
    for previous, following in zip(revisions, revisions[1:], strict=False):
        assert (
            following.changes["description"]["before"] == previous.changes["description"]["after"]
        )
    assert sorted(e.version for e in events) == list(range(2, 102))


async def test_failure_after_the_first_row_leaves_nothing(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    org_id = await make(db)
    async with db.session() as session:
        contact = (await session.scalars(select(Contact))).one()
    revisions_before = await count(db, Revision)
    real = change_module.add_revision
    calls = 0

    def failing(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls > 1:
            raise RuntimeError("injected failure after the first row")
        return real(*args, **kwargs)

    monkeypatch.setattr(change_module, "add_revision", failing)
    with pytest.raises(RuntimeError, match="injected"):
        async with db.write() as session:
            await update_contact(
                session,
                ACTOR,
                contact.id,
                ContactSpec.from_mapping(
                    {
                        "name": "Nueva mesa",
                        "phones": [{"number": "55 1234 5678"}],
                        "emails": [{"address": "mesa@example.org"}],
                    }
                ),
            )
    assert calls == 2
    with pytest.raises(RuntimeError, match="injected"):
        async with db.write() as session:
            await create_service(
                session, ACTOR, org_id, ServiceSpec.from_mapping({"name": "Refugio"})
            )
    assert await version(db, org_id) == 1
    assert await count(db, Revision) == revisions_before
    assert await count(db, ChangeEvent) == 1
    assert await count(db, Email) == 0
    assert await count(db, Service) == 1
    async with db.session() as session:
        kept = await session.get_one(Contact, contact.id)
        phones = (await session.scalars(select(Phone.e164))).all()
    assert kept.name == "Mesa"
    assert phones == ["+528005533000"]
