"""The export reads rows as records, not ORM objects: its documents are exactly what the
same listings built from ORM objects give, for every audience, canaries included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from directory.db import Database
from directory.hsds.bundle import METADATA_ENTITIES, Listing
from directory.hsds.export import ExportVisibility, export_json
from directory.hsds.to_hsds import organization_json
from directory.models import Organization
from directory.reader import Reader
from tests.hsds.helpers import CANARY, PARTNER_CANARY, load_fixtures


async def _from_orm_objects(db: Database, visibility: ExportVisibility) -> list[dict[str, object]]:
    """The export built the way it was before records: ORM objects from the Reader's batch
    methods, one listing per readable organization, by id."""
    audience = visibility.audience()
    async with db.read_session() as session:
        reader = Reader(session, audience)
        ids = await reader.ids(
            select(Organization.id)
            .where(audience.archived_clause(Organization))
            .order_by(Organization.id)
        )
        organizations = await reader.organizations_by_id(ids)
        services = await reader.services_by_organization(ids)
        service_ids = [s.id for group in services.values() for s in group]
        translations = await reader.organization_translations(ids)
        service_translations = await reader.service_translations(service_ids)
        areas = await reader.service_areas_by_organization(ids)
        contacts = await reader.contacts_by_organization(ids)
        phones = await reader.phones_by_organization(ids)
        emails = await reader.emails_by_organization(ids)
        locations = await reader.locations_by_organization(ids)
        revisions = await reader.revisions_by_organization(ids, METADATA_ENTITIES)
        return [
            organization_json(
                Listing(
                    organization=organizations[i],
                    translations=translations[i],
                    services=services[i],
                    service_translations={s.id: service_translations[s.id] for s in services[i]},
                    areas=areas[i],
                    contacts=contacts[i],
                    phones=phones[i],
                    emails=emails[i],
                    locations=locations[i],
                    revisions=revisions[i],
                ),
                with_terms=False,
            )
            for i in ids
        ]


async def test_the_export_is_what_orm_objects_give_for_every_audience(
    db: Database, tmp_path: Path
) -> None:
    await load_fixtures(db)
    texts = {}
    for visibility in ExportVisibility:
        out = tmp_path / f"{visibility.value}.json"
        report = await export_json(db, out, visibility.audience())
        texts[visibility] = out.read_text()
        exported = json.loads(texts[visibility])
        assert report.organizations == len(exported) > 1
        assert exported == await _from_orm_objects(db, visibility), visibility
    assert CANARY in texts[ExportVisibility.CONFIDENTIAL]
    assert PARTNER_CANARY in texts[ExportVisibility.PARTNERS]
    assert CANARY not in texts[ExportVisibility.PARTNERS]
    assert PARTNER_CANARY not in texts[ExportVisibility.PUBLIC]
    assert CANARY not in texts[ExportVisibility.PUBLIC]


async def test_a_batch_smaller_than_the_directory_gives_the_same_export(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches are read ahead of writing and by id range: small batches change nothing."""
    import directory.hsds.export as export_module

    await load_fixtures(db)
    whole = tmp_path / "whole.json"
    await export_json(db, whole, ExportVisibility.CONFIDENTIAL.audience())
    monkeypatch.setattr(export_module, "BATCH_SIZE", 2)
    monkeypatch.setattr(export_module, "YIELD_EVERY", 1)
    small = tmp_path / "small.json"
    await export_json(db, small, ExportVisibility.CONFIDENTIAL.audience())
    assert small.read_bytes() == whole.read_bytes()
