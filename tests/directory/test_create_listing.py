"""Creating a listing writes its rows, revisions and change event together, or nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from directory.audit import Actor
from directory.db import Database
from directory.listings.create import create_organization
from directory.listings.specs import OrganizationSpec
from directory.models import ChangeEvent, Organization, Phone, Revision, Service
from directory.validation import InvalidInput

ACTOR = Actor.system("test")


def spec(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "slug": "consejo-example",
        "name": "Consejo Ejemplo de México",
        "country": "MX",
        "language": "es",
        "service_areas": [{"code": "MX-CMX"}],
        "services": [{"name": "Línea de ayuda", "categories": ["hotline"]}],
        "contacts": [{"name": "Mesa", "phones": [{"number": "800 55 33 000", "hotline": True}]}],
    }
    base.update(overrides)
    return base


async def count(db: Database, model: type) -> int:
    async with db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_create_writes_listing_revisions_and_one_change_event(db: Database) -> None:
    async with db.write() as session:
        organization = await create_organization(
            session, ACTOR, OrganizationSpec.from_mapping(spec())
        )
    assert organization.version == 1
    assert await count(db, Organization) == 1
    assert await count(db, Service) == 1
    async with db.session() as session:
        phone = (await session.scalars(select(Phone))).one()
        events = (await session.scalars(select(ChangeEvent))).all()
        revisions = (await session.scalars(select(Revision))).all()
    assert phone.e164 == "+528005533000"
    assert [(e.kind, e.version) for e in events] == [("CREATED", 1)]
    assert {r.entity_type for r in revisions} >= {"Organization", "Service", "Contact", "Phone"}
    assert all(r.actor == "system:test" for r in revisions)


async def test_bad_field_refuses_the_whole_listing(db: Database) -> None:
    bad = spec(service_areas=[{"code": "MX-XX"}], website="ftp://example.org")
    with pytest.raises(InvalidInput) as refused:
        async with db.write() as session:
            await create_organization(session, ACTOR, OrganizationSpec.from_mapping(bad))
    fields = {p.field for p in refused.value.problems}
    assert fields == {("service_areas", "0", "code"), ("website",)}
    for model in (Organization, Service, Phone, Revision, ChangeEvent):
        assert await count(db, model) == 0


async def test_failure_after_rows_are_written_leaves_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.write() as session:
            await create_organization(session, ACTOR, OrganizationSpec.from_mapping(spec()))
            assert await session.scalar(select(func.count()).select_from(Revision))
            raise RuntimeError("injected failure after the first rows")
    for model in (Organization, Service, Phone, Revision, ChangeEvent):
        assert await count(db, model) == 0


async def test_taken_slug_is_refused(db: Database) -> None:
    async with db.write() as session:
        await create_organization(session, ACTOR, OrganizationSpec.from_mapping(spec()))
    with pytest.raises(InvalidInput, match="already taken"):
        async with db.write() as session:
            await create_organization(
                session, ACTOR, OrganizationSpec.from_mapping(spec(name="Another"))
            )
    assert await count(db, Organization) == 1
