"""Import: the official examples, idempotency, the round trip and fatal errors."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from directory.db import Database
from directory.hsds import state as S
from directory.hsds.export import ExportVisibility, export_csv, export_json
from directory.hsds.importer import import_path
from directory.hsds.source import NotHsds
from directory.models import ChangeEvent, Contact, Organization, Revision, Service, ServiceArea
from tests.conftest import Backends
from tests.hsds.helpers import HSDS_DIR, fixture_counts, load_fixtures, needs_hsds

EXAMPLE_ORG = uuid.UUID("d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610")


@pytest.fixture
async def empty_db(db: Database, backends: Backends) -> AsyncIterator[Database]:
    """A second fresh database on the same backend as ``db``."""
    if db.dialect == "sqlite":
        other = Database(await backends.sqlite())
        yield other
        await other.dispose()
        return
    url, name = await backends.postgresql()
    other = Database(url)
    yield other
    await other.dispose()
    await backends.drop(name)


async def counts(db: Database) -> tuple[int, int, list[tuple[uuid.UUID, int]]]:
    async with db.session() as session:
        revisions = await session.scalar(select(func.count()).select_from(Revision))
        events = await session.scalar(select(func.count()).select_from(ChangeEvent))
        versions = (
            await session.execute(
                select(Organization.id, Organization.version).order_by(Organization.id)
            )
        ).all()
    return int(revisions or 0), int(events or 0), [(i, v) for i, v in versions]


async def listing_keys(db: Database) -> dict[uuid.UUID, str]:
    async with db.session() as session:
        organizations = (await session.scalars(select(Organization))).all()
        return {
            o.id: S.listing_key((await S.load_stored(session, o)).parsed) for o in organizations
        }


@needs_hsds
@pytest.mark.parametrize(
    "example", ["organization_full.json", "service_full.json", "csv", "tabular.json"]
)
async def test_official_examples_import_cleanly(db: Database, example: str) -> None:
    report = await import_path(db, HSDS_DIR / "examples" / example)
    assert report.rejected == []
    assert "HSDS 3.0 schemas" in report.schemas
    assert report.created == 1
    async with db.session() as session:
        organization = await session.get_one(Organization, EXAMPLE_ORG)
        assert organization.name == "Example Organization Inc."
        services = (await session.scalars(select(Service))).all()
        assert [s.name for s in services] == ["Community Counselling"]
        assert services[0].hours == [{"days": ["TH", "FR"], "opens": "10:00", "closes": "18:00"}]
        contacts = (await session.scalars(select(Contact))).all()
        assert [c.name for c in contacts] == ["Ann Persona"]
        events = (await session.scalars(select(ChangeEvent))).all()
        assert [e.kind for e in events] == ["CREATED"]
    # what could not be kept is said, not silently dropped
    assert any("latitude 100" in note for note in report.notes)


@needs_hsds
async def test_list_examples_import_with_a_default_country(db: Database) -> None:
    for example in ("organization_list.json", "service_list.json"):
        report = await import_path(db, HSDS_DIR / "examples" / example, default_country="US")
        assert report.rejected == []
    no_country = await import_path(db, HSDS_DIR / "examples" / "organization_list.json")
    assert no_country.rejected_organizations == 0 or "country" in no_country.rejected[0].reason


@needs_hsds
async def test_a_second_import_changes_nothing(db: Database, tmp_path: Path) -> None:
    for example in ("organization_full.json", "csv"):
        await import_path(db, HSDS_DIR / "examples" / example)
        before = await counts(db)
        again = await import_path(db, HSDS_DIR / "examples" / example)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
        assert await counts(db) == before


@needs_hsds
@pytest.mark.parametrize("fmt", ["json", "csv"])
async def test_export_then_import_into_an_empty_database_round_trips(
    db: Database, empty_db: Database, tmp_path: Path, fmt: str
) -> None:
    await load_fixtures(db)
    out = tmp_path / ("export.json" if fmt == "json" else "package")
    everything = ExportVisibility.CONFIDENTIAL.audience()
    await (export_json if fmt == "json" else export_csv)(db, out, everything)
    report = await import_path(empty_db, out)
    assert report.rejected == []
    assert report.created == fixture_counts()[0]
    assert await listing_keys(empty_db) == await listing_keys(db)
    async with db.session() as a, empty_db.session() as b:
        for model in (Organization, Service, Contact, ServiceArea):
            assert await a.scalar(select(func.count()).select_from(model)) == await b.scalar(
                select(func.count()).select_from(model)
            )
        slugs = set((await a.scalars(select(Organization.slug))).all())
        assert set((await b.scalars(select(Organization.slug))).all()) == slugs
    # and importing the same file again changes nothing
    before = await counts(empty_db)
    again = await import_path(empty_db, out)
    assert again.unchanged == fixture_counts()[0]
    assert await counts(empty_db) == before


@needs_hsds
async def test_a_changed_organization_gets_one_new_version_with_revisions(
    db: Database, tmp_path: Path
) -> None:
    await import_path(db, HSDS_DIR / "examples" / "organization_full.json")
    source = (HSDS_DIR / "examples" / "organization_full.json").read_text()
    changed = tmp_path / "changed.json"
    changed.write_text(source.replace("Community Counselling", "Community Counseling"))
    revisions, events, _ = await counts(db)
    report = await import_path(db, changed)
    assert report.updated == 1
    async with db.session() as session:
        organization = await session.get_one(Organization, EXAMPLE_ORG)
        assert organization.version == 2
        kinds = (await session.scalars(select(ChangeEvent.kind).order_by(ChangeEvent.id))).all()
        assert kinds == ["CREATED", "UPDATED"]
        names = (await session.scalars(select(Service.name))).all()
        assert names == ["Community Counseling"]
    assert (await counts(db))[0] > revisions


@needs_hsds
async def test_a_public_file_does_not_wipe_restricted_items(db: Database, tmp_path: Path) -> None:
    await load_fixtures(db)
    await export_json(db, tmp_path / "public.json", ExportVisibility.PUBLIC.audience())
    before = await counts(db)
    report = await import_path(db, tmp_path / "public.json")
    assert report.rejected == [] and report.updated == 0
    assert any("kept" in k and "PARTNERS or CONFIDENTIAL" in k for k in report.kept)
    assert await counts(db) == before


async def test_fatal_errors_import_nothing(db: Database, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "x", "name": "A"')
    not_hsds = tmp_path / "other.json"
    not_hsds.write_text('{"hello": "world"}')
    for path in (tmp_path / "missing.json", broken, not_hsds, tmp_path):
        with pytest.raises(NotHsds):
            await import_path(db, path)
    assert (await counts(db))[0] == 0


@needs_hsds
async def test_rejected_records_are_reported_and_the_rest_imported(
    db: Database, tmp_path: Path
) -> None:
    document = tmp_path / "mixed.json"
    document.write_text(
        """[
        {"id": "org-1", "name": "Good", "description": "", "x_country": "MX",
         "phones": [{"id": "p1", "number": "not a phone"}, {"id": "p2", "number": "+52 55 5555 0100"}],
         "services": [{"id": "s1", "name": "Help", "status": "active"},
                      {"id": "s2", "name": "Broken", "status": "closed-ish"}]},
        {"id": "org-2", "description": "no name"},
        {"id": "org-3", "name": "Nowhere", "description": ""}
        ]"""
    )
    report = await import_path(db, document)
    assert report.created == 1
    reasons = " | ".join(f"{r.record}: {r.reason}" for r in report.rejected)
    assert "services" in reasons and "closed-ish" in reasons
    assert "org-2" in reasons and "org-3" in reasons
    assert "not a phone" in reasons or "phones.0" in reasons
    async with db.session() as session:
        assert (await session.scalars(select(Service.name))).all() == ["Help"]
