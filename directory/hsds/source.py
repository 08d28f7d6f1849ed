"""Reading an HSDS document into nested organization objects.

Accepted inputs: a JSON array of organizations; an object with ``organizations``; one
organization; an HSDS page (``contents``); one service or a list of services (each with
its ``organization``); the tabular JSON form (``{"organizations.csv": [...], …}``); and a
CSV data package (a folder of HSDS CSVs, or its ``datapackage.json``). Tables are joined
back into nested organizations through their id columns.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from directory.hsds.formulas import restore
from directory.hsds.tables import BOOLEAN_COLUMNS, JSON_COLUMNS, NUMBER_COLUMNS

Json = dict[str, Any]

KEEP_EMPTY = frozenset(
    {
        "address_1", "city", "state_province", "postal_code", "country", "description",
        "field_name", "previous_value", "replacement_value", "updated_by",
    }
)  # fmt: skip
"""Text columns HSDS requires: an empty cell is an empty string, not a missing value."""


class NotHsds(ValueError):
    """The input cannot be read as HSDS: nothing is imported."""


def read_source(path: Path) -> list[Json]:
    """The organizations of the document at ``path`` (fatal :class:`NotHsds` otherwise)."""
    if not path.exists():
        raise NotHsds(f"{path} does not exist")
    if path.is_dir():
        return organizations_from_tables(read_csv_tables(path))
    if path.name == "datapackage.json" or path.suffix.lower() == ".csv":
        return organizations_from_tables(read_csv_tables(path.parent))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotHsds(f"{path} is not JSON: {exc}") from None
    return organizations_from_json(data)


def _is_service(item: Any) -> bool:
    return isinstance(item, dict) and "status" in item and "organization" in item


def organizations_from_json(data: Any) -> list[Json]:
    if isinstance(data, dict) and any(str(k).endswith(".csv") for k in data):
        tables = {Path(k).stem: v for k, v in data.items() if isinstance(v, list)}
        return organizations_from_tables(
            {k: [_typed(r, csv_file=False) for r in v] for k, v in tables.items()}
        )
    if isinstance(data, dict) and isinstance(data.get("organizations"), list):
        data = data["organizations"]
    elif isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise NotHsds("expected HSDS organizations or services")
    if data and all(_is_service(item) for item in data):
        return organizations_of_services(data)
    if not all(isinstance(item, dict) and "id" in item for item in data) or not any(
        "name" in item for item in data
    ):
        raise NotHsds("expected HSDS organizations (objects with id and name) or services")
    return list(data)


def organizations_of_services(services: list[Json]) -> list[Json]:
    """Services with their ``organization``, regrouped into organizations."""
    found: dict[str, Json] = {}
    for item in services:
        service = {k: v for k, v in item.items() if k != "organization"}
        organization = item["organization"]
        if not isinstance(organization, dict) or "id" not in organization:
            raise NotHsds(f"service {item.get('id')!r} has no organization")
        target = found.setdefault(str(organization["id"]), {**organization, "services": []})
        target["services"].append(service)
        for link in service.get("service_at_locations") or []:
            location = link.get("location") if isinstance(link, dict) else None
            if isinstance(location, dict):
                target.setdefault("locations", [])
                if all(loc.get("id") != location.get("id") for loc in target["locations"]):
                    target["locations"].append(location)
    return list(found.values())


def _typed(row: dict[str, Any], *, csv_file: bool = True) -> Json:
    """A CSV row with empty cells dropped and numbers, booleans and JSON cells decoded (and,
    from a CSV file, formula-neutralized text restored: ``directory.hsds.formulas``)."""
    typed: Json = {}
    for key, value in row.items():
        if key is None or value is None or (value == "" and key not in KEEP_EMPTY):
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            typed[key] = value if key in NUMBER_COLUMNS else str(value)
            continue
        if isinstance(value, str):
            if csv_file and key not in NUMBER_COLUMNS:
                value = restore(value)
            if key in NUMBER_COLUMNS:
                try:
                    number = float(value)
                except ValueError:
                    typed[key] = value
                    continue
                typed[key] = int(number) if number.is_integer() else number
                continue
            if key in BOOLEAN_COLUMNS:
                typed[key] = value.strip().lower() == "true"
                continue
            if key in JSON_COLUMNS:
                try:
                    typed[key] = json.loads(value)
                except json.JSONDecodeError:
                    typed[key] = value
                continue
        typed[key] = value
    return typed


def read_csv_tables(folder: Path) -> dict[str, list[Json]]:
    """Every ``<table>.csv`` of the package (``datapackage.json``, when readable, may name
    other paths)."""
    paths: dict[str, Path] = {p.stem: p for p in folder.glob("*.csv")}
    package = folder / "datapackage.json"
    if package.is_file():
        try:
            described = json.loads(package.read_text(encoding="utf-8"))
            for resource in described.get("resources", []):
                if isinstance(resource, dict) and resource.get("path"):
                    paths[str(resource.get("name") or Path(resource["path"]).stem)] = (
                        folder / resource["path"]
                    )
        except (json.JSONDecodeError, UnicodeDecodeError, AttributeError):
            pass  # an unreadable descriptor: the well-known file names still apply
    if "organizations" not in paths or not paths["organizations"].is_file():
        raise NotHsds(f"{folder} has no organizations.csv: not an HSDS CSV package")
    tables: dict[str, list[Json]] = {}
    for name, path in paths.items():
        if not path.is_file():
            continue
        try:
            with path.open(encoding="utf-8-sig", newline="") as stream:
                tables[name] = [_typed(row) for row in csv.DictReader(stream)]
        except (UnicodeDecodeError, csv.Error) as exc:
            raise NotHsds(f"{path.name} is not a readable CSV: {exc}") from None
    return tables


def organizations_from_tables(tables: dict[str, list[Json]]) -> list[Json]:
    """Nest the flat tables into organizations through their id columns."""

    def by(table: str, column: str) -> dict[str, list[Json]]:
        grouped: dict[str, list[Json]] = defaultdict(list)
        for row in tables.get(table, []):
            if row.get(column):
                grouped[str(row[column])].append(row)
        return grouped

    terms = {str(t.get("id")): t for t in tables.get("taxonomy_terms", [])}
    languages_of = {
        column: by("languages", column) for column in ("phone_id", "service_id", "location_id")
    }
    attributes = by("attributes", "link_id")
    addresses = by("addresses", "location_id")
    schedules = by("schedules", "service_id")
    areas = by("service_areas", "service_id")
    org_areas = by("service_areas", "x_organization_id")
    identifiers = by("organization_identifiers", "organization_id")
    links = by("service_at_location", "service_id")
    services = {str(s["id"]): dict(s) for s in tables.get("services", []) if s.get("id")}
    locations = {str(loc["id"]): dict(loc) for loc in tables.get("locations", []) if loc.get("id")}
    contacts = {str(c["id"]): dict(c) for c in tables.get("contacts", []) if c.get("id")}

    def with_attributes(item: Json) -> Json:
        found = []
        for attribute in attributes.get(str(item.get("id")), []):
            attribute = dict(attribute)
            term = terms.get(str(attribute.get("taxonomy_term_id")))
            if term is not None:
                attribute["taxonomy_term"] = term
            found.append(attribute)
        if found:
            item["attributes"] = found
        return item

    phone_parent: dict[str, list[Json]] = defaultdict(list)
    for phone in tables.get("phones", []):
        phone = dict(phone)
        if phone.get("id"):
            phone["languages"] = languages_of["phone_id"].get(str(phone["id"]), [])
        for column in ("contact_id", "location_id", "service_id", "organization_id"):
            if phone.get(column):
                phone_parent[f"{column}:{phone[column]}"].append(phone)
                break

    known = {str(o.get("id")) for o in tables.get("organizations", [])}
    service_org = {sid: str(s.get("organization_id")) for sid, s in services.items()}
    location_org: dict[str, str] = {}
    for lid, location in locations.items():
        location_org[lid] = str(location.get("organization_id"))
    for link in tables.get("service_at_location", []):
        lid, sid = str(link.get("location_id")), str(link.get("service_id"))
        if lid in locations and sid in service_org and location_org.get(lid) not in known:
            location_org[lid] = service_org[sid]

    for sid, service in services.items():
        service["phones"] = phone_parent.get(f"service_id:{sid}", [])
        service["schedules"] = schedules.get(sid, [])
        service["service_areas"] = areas.get(sid, [])
        service["languages"] = languages_of["service_id"].get(sid, [])
        service["service_at_locations"] = links.get(sid, [])
        with_attributes(service)
    for lid, location in locations.items():
        location["addresses"] = addresses.get(lid, [])
        location["phones"] = phone_parent.get(f"location_id:{lid}", [])
    for cid, contact in contacts.items():
        contact["phones"] = phone_parent.get(f"contact_id:{cid}", [])

    organizations = []
    for row in tables.get("organizations", []):
        organization = dict(row)
        oid = str(organization.get("id"))
        own_services = [s for sid, s in services.items() if service_org[sid] == oid]
        service_ids = {str(s["id"]) for s in own_services}
        own_locations = [loc for lid, loc in locations.items() if location_org.get(lid) == oid]
        location_ids = {str(loc["id"]) for loc in own_locations}
        organization["services"] = own_services
        organization["locations"] = own_locations
        organization["contacts"] = [
            c
            for c in contacts.values()
            if str(c.get("organization_id")) == oid
            or str(c.get("service_id")) in service_ids
            or str(c.get("location_id")) in location_ids
        ]
        organization["phones"] = phone_parent.get(f"organization_id:{oid}", [])
        organization["organization_identifiers"] = identifiers.get(oid, [])
        if org_areas.get(oid):
            organization["x_service_areas"] = org_areas[oid]
        with_attributes(organization)
        organizations.append(organization)
    return organizations
