"""Updating an organization: one new version, revisions with before/after, one event."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from directory.db import Database
from directory.errors import Conflict, NotFound
from directory.listings.organizations import update_organization
from directory.listings.specs import OrganizationSpec
from directory.models import ChangeEvent, Organization, OrganizationTranslation, Phone, Revision
from directory.validation import InvalidInput
from tests.listings.helpers import ACTOR, count, load, make, version


async def test_update_changes_fields_and_records_before_and_after(db: Database) -> None:
    org_id = await make(db)
    async with db.write() as session:
        updated = await update_organization(
            session,
            ACTOR,
            org_id,
            OrganizationSpec.from_mapping(
                {"description": "Atención 24 horas", "website": "https://example.org"}
            ),
            expected_version=1,
        )
    assert updated.version == 2
    stored = await load(db, Organization, org_id)
    assert (stored.description, stored.website, stored.version) == (
        "Atención 24 horas",
        "https://example.org",
        2,
    )
    async with db.session() as session:
        revision = (
            await session.scalars(select(Revision).where(Revision.operation == "update"))
        ).one()
        events = (await session.scalars(select(ChangeEvent).order_by(ChangeEvent.id))).all()
    assert revision.actor == "user:staff@example.org"
    assert revision.organization_version == 2
    assert revision.changes == {
        "description": {"before": None, "after": "Atención 24 horas"},
        "website": {"before": None, "after": "https://example.org"},
    }
    assert [(e.kind, e.version) for e in events] == [("CREATED", 1), ("UPDATED", 2)]


async def test_update_reindexes_search_columns(db: Database) -> None:
    org_id = await make(db)
    async with db.write() as session:
        await update_organization(
            session, ACTOR, org_id, OrganizationSpec.from_mapping({"name": "Refugio Álamo"})
        )
    stored = await load(db, Organization, org_id)
    assert stored.sort_name == "refugio alamo"
    assert "refugio alamo" in stored.search_text


async def test_stale_expected_version_is_a_conflict_and_writes_nothing(db: Database) -> None:
    org_id = await make(db)
    async with db.write() as session:
        await update_organization(
            session, ACTOR, org_id, OrganizationSpec.from_mapping({"description": "v2"})
        )
    with pytest.raises(Conflict) as refused:
        async with db.write() as session:
            await update_organization(
                session,
                ACTOR,
                org_id,
                OrganizationSpec.from_mapping({"description": "stale"}),
                expected_version=1,
            )
    assert refused.value.problems[0].code == "CONFLICT"
    assert refused.value.current == 2
    stored = await load(db, Organization, org_id)
    assert (stored.description, stored.version) == ("v2", 2)
    assert await count(db, ChangeEvent) == 2


async def test_unknown_organization_is_not_found(db: Database) -> None:
    import uuid

    with pytest.raises(NotFound):
        async with db.write() as session:
            await update_organization(
                session, ACTOR, uuid.uuid4(), OrganizationSpec.from_mapping({"name": "X"})
            )


async def test_every_bad_field_is_reported_and_nothing_is_written(db: Database) -> None:
    org_id = await make(db)
    with pytest.raises(InvalidInput) as refused:
        async with db.write() as session:
            await update_organization(
                session,
                ACTOR,
                org_id,
                OrganizationSpec.from_mapping(
                    {
                        "name": "",
                        "website": "javascript:alert(1)",
                        "kind": "cartel",
                        "phones": [{"number": "12"}],
                        "colour": "red",
                    }
                ),
                expected_version=1,
            )
    fields = {p.field for p in refused.value.problems}
    assert fields == {("name",), ("website",), ("kind",), ("phones", "0", "number"), ("colour",)}
    assert await version(db, org_id) == 1
    assert await count(db, Revision, Revision.operation != "create") == 0
    assert await count(db, ChangeEvent) == 1


async def test_taken_slug_is_refused(db: Database) -> None:
    first = await make(db)
    await make(db, slug="otra", name="Otra Organización Distinta", service_areas=[{"code": "US"}])
    with pytest.raises(InvalidInput, match="already taken"):
        async with db.write() as session:
            await update_organization(
                session, ACTOR, first, OrganizationSpec.from_mapping({"slug": "otra"})
            )


async def test_translations_and_own_phones_are_replaced_as_sets(db: Database) -> None:
    org_id = await make(db, phones=[{"number": "55 5533 5533"}])
    async with db.write() as session:
        await update_organization(
            session,
            ACTOR,
            org_id,
            OrganizationSpec.from_mapping(
                {
                    "translations": {"en": {"name": "Example Council"}, "fr": None},
                    "phones": [{"number": "55 5533 5533"}, {"number": "800 123 4567"}],
                }
            ),
        )
    async with db.session() as session:
        translations = (await session.scalars(select(OrganizationTranslation))).all()
        phones = (await session.scalars(select(Phone).where(Phone.contact_id.is_(None)))).all()
        revisions = (
            await session.scalars(select(Revision).where(Revision.organization_version == 2))
        ).all()
    assert [(t.language, t.name) for t in translations] == [("en", "Example Council")]
    assert sorted(p.e164 for p in phones) == ["+525555335533", "+528001234567"]
    # the unchanged phone keeps its row: only the added phone and translation are recorded
    assert sorted((r.operation, r.entity_type) for r in revisions) == [
        ("create", "OrganizationTranslation"),
        ("create", "Phone"),
    ]
