"""Exports validate against the official HSDS 3.0 schemas and never leak what they must not."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from directory.db import Database
from directory.hsds.export import ExportVisibility, export_csv, export_json
from tests.hsds.helpers import (
    CANARY,
    PARTNER_CANARY,
    assert_no_canary,
    errors,
    fixture_counts,
    load_fixtures,
    needs_hsds,
    validator,
)

PER_OBJECT = {
    "contacts": "contact.json",
    "phones": "phone.json",
    "locations": "location.json",
    "addresses": "address.json",
    "schedules": "schedule.json",
    "service_areas": "service_area.json",
    "x_service_areas": "service_area.json",
    "service_at_locations": "service_at_location.json",
    "languages": "language.json",
    "attributes": "attribute.json",
    "metadata": "metadata.json",
    "organization_identifiers": "organization_identifier.json",
}


def objects(item: Any, key: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(item, dict):
        if key in PER_OBJECT:
            found.append((PER_OBJECT[key], item))
        for child_key, value in item.items():
            if isinstance(value, list):
                for child in value:
                    found += objects(child, child_key)
            elif child_key == "taxonomy_term" and isinstance(value, dict):
                found.append(("taxonomy_term.json", value))
    return found


@needs_hsds
async def test_every_organization_of_a_full_export_validates(db: Database, tmp_path: Path) -> None:
    await load_fixtures(db)
    out = tmp_path / "all.json"
    report = await export_json(db, out, ExportVisibility.CONFIDENTIAL.audience())
    data = json.loads(out.read_text())
    assert report.organizations == len(data) == fixture_counts()[0]
    organization_schema = validator("compiled/organization.json")
    service_schema = validator("compiled/service.json")
    checked = 0
    for organization in data:
        assert errors(organization_schema, organization) == [], organization["name"]
        assert errors(validator("organization.json"), organization) == []
        for service in organization["services"]:
            assert errors(service_schema, service) == [], service["name"]
        for schema_name, item in objects(organization):
            assert errors(validator(schema_name), item) == [], (schema_name, item)
            checked += 1
    assert checked > 200
    assert CANARY in out.read_text(), "the confidential export holds confidential items"


@needs_hsds
async def test_the_default_public_export_holds_no_restricted_item(
    db: Database, tmp_path: Path
) -> None:
    await load_fixtures(db)
    await export_json(db, tmp_path / "public.json", ExportVisibility.PUBLIC.audience())
    text = (tmp_path / "public.json").read_text()
    assert_no_canary(text)
    assert PARTNER_CANARY not in text
    assert "CONFIDENTIAL" not in text and "PARTNERS" not in text
    data = json.loads(text)
    canary = next(o for o in data if o["name"] == "Canary Shelter Network")
    assert [loc["name"] for loc in canary["locations"]] == ["Oficina"]
    assert [c["name"] for c in canary["contacts"]] == ["Recepción"]
    # public phones are there (hotlines must reach the public)
    assert any(
        p["number"] == "+528005533000" for o in data for s in o["services"] for p in s["phones"]
    )

    await export_csv(db, tmp_path / "csv", ExportVisibility.PUBLIC.audience())
    for path in (tmp_path / "csv").iterdir():
        assert_no_canary(path.read_text())
        assert PARTNER_CANARY not in path.read_text()

    await export_json(db, tmp_path / "partners.json", ExportVisibility.PARTNERS.audience())
    partners = (tmp_path / "partners.json").read_text()
    assert PARTNER_CANARY in partners
    assert_no_canary(partners)


@needs_hsds
async def test_csv_package_has_a_table_per_object_and_a_descriptor(
    db: Database, tmp_path: Path
) -> None:
    await load_fixtures(db)
    report = await export_csv(db, tmp_path / "pkg", ExportVisibility.PUBLIC.audience())
    package = json.loads((tmp_path / "pkg" / "datapackage.json").read_text())
    names = {r["name"] for r in package["resources"]}
    assert {
        "organizations",
        "services",
        "phones",
        "contacts",
        "schedules",
        "taxonomy_terms",
    } <= names
    with (tmp_path / "pkg" / "organizations.csv").open() as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == report.organizations == fixture_counts()[0]
    with (tmp_path / "pkg" / "taxonomy_terms.csv").open() as stream:
        terms = list(csv.DictReader(stream))
    hotline = next(t for t in terms if t["code"] == "hotline")
    assert json.loads(hotline["x_translations"])["es"]["name"] == "Línea de ayuda"


@needs_hsds
async def test_the_json_export_names_taxonomy_terms_by_id_and_each_id_is_a_published_term(
    db: Database, tmp_path: Path
) -> None:
    await load_fixtures(db)
    await export_json(db, tmp_path / "all.json", ExportVisibility.PUBLIC.audience())
    data = json.loads((tmp_path / "all.json").read_text())
    await export_csv(db, tmp_path / "pkg", ExportVisibility.PUBLIC.audience())
    with (tmp_path / "pkg" / "taxonomy_terms.csv").open() as stream:
        published = {t["id"]: t for t in csv.DictReader(stream)}
    categorized = [
        attribute
        for organization in data
        for service in organization["services"]
        for attribute in service["attributes"]
        if attribute["link_type"] == "service_category"
    ]
    assert categorized
    for attribute in categorized:
        assert "taxonomy_term" not in attribute, "the term is published once, not repeated"
        assert published[attribute["taxonomy_term_id"]]["code"] == attribute["value"]


async def test_export_refuses_a_non_empty_folder_and_leaves_it_alone(
    db: Database, tmp_path: Path
) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    try:
        await export_csv(db, target, ExportVisibility.PUBLIC.audience())
    except ValueError as exc:
        assert "not an empty folder" in str(exc)
    else:
        raise AssertionError("export into a non-empty folder was not refused")
    assert sorted(p.name for p in target.iterdir()) == ["keep.txt"]
