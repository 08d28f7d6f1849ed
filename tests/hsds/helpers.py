"""HSDS reference data (read from ../shared/hsds-3.0), schema validators and fixtures data."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from directory.audit import Actor
from directory.db import Database
from directory.demo.load import demo_specs, load_demo
from directory.listings.create import create_organization
from directory.listings.specs import OrganizationSpec

HSDS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "hsds-3.0"
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema"
needs_hsds = pytest.mark.skipif(
    not (HSDS_DIR / "compiled" / "organization.json").is_file(),
    reason=f"HSDS 3.0 reference data not found at {HSDS_DIR}",
)

CANARY = "Canary7f3e"
CANARY_PHONE = "+525555550199"
CANARY_EMAIL = "canary7f3e@safehouse.example"
PARTNER_CANARY = "Partnercanary"

CANARY_SPEC: dict[str, Any] = {
    "slug": "canary-shelter",
    "name": "Canary Shelter Network",
    "description": "A public description of a shelter network.",
    "country": "MX",
    "language": "es",
    "service_areas": [{"code": "MX-CMX"}],
    "services": [
        {"name": "Refugio temporal", "categories": ["emergency-shelter"], "populations": ["women"]}
    ],
    "locations": [
        {"name": "Oficina", "city": "Ciudad de México", "country": "MX"},
        {
            "name": f"{CANARY} safe house",
            "address_1": f"{CANARY} street 1",
            "city": "Ciudad de México",
            "country": "MX",
            "visibility": "CONFIDENTIAL",
            "phones": [{"number": "+52 55 5555 0198", "visibility": "PUBLIC"}],
        },
    ],
    "contacts": [
        {"name": "Recepción", "phones": [{"number": "+52 55 5555 0100"}]},
        {
            "name": f"{CANARY} night manager",
            "visibility": "CONFIDENTIAL",
            "phones": [{"number": CANARY_PHONE, "visibility": "CONFIDENTIAL"}],
            "emails": [{"address": CANARY_EMAIL, "visibility": "CONFIDENTIAL"}],
        },
        {
            "name": f"{PARTNER_CANARY} referrals",
            "visibility": "PARTNERS",
            "emails": [{"address": "referrals@partners.example", "visibility": "PARTNERS"}],
        },
    ],
}
CANARY_STRINGS = (CANARY, "5555550199", "55 5555 0199", CANARY_EMAIL, "5555550198")


def fixture_counts() -> tuple[int, int]:
    """(organizations, services) that :func:`load_fixtures` creates."""
    specs = [*demo_specs(), CANARY_SPEC]
    return len(specs), sum(len(spec.get("services") or []) for spec in specs)


async def load_fixtures(db: Database) -> None:
    """The demo directory plus one organization holding confidential canaries."""
    await load_demo(db)
    async with db.write() as session:
        await create_organization(
            session, Actor.system("test"), OrganizationSpec.from_mapping(CANARY_SPEC)
        )


def assert_no_canary(text: str) -> None:
    for canary in CANARY_STRINGS:
        assert canary not in text, f"confidential {canary!r} leaked"


def _schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((HSDS_DIR / name).read_text(encoding="utf-8"))
    return data


@cache
def registry() -> Registry:
    resources = []
    for path in HSDS_DIR.glob("*.json"):
        if path.name == "openapi.json":
            continue
        resources.append((f"{BASE}/{path.name}", DRAFT202012.create_resource(_schema(path.name))))
    for name in ("organization", "service", "service_at_location"):
        resource = DRAFT202012.create_resource(_schema(f"compiled/{name}.json"))
        resources.append((f"{BASE}/compiled/{name}.json", resource))
    # the list forms openapi.json names are not published in 3.0: use the compiled ones
    for listed, compiled in (("service_list", "service"), ("organization_list", "organization")):
        resource = DRAFT202012.create_resource(_schema(f"compiled/{compiled}.json"))
        resources.append((f"{BASE}/compiled/{listed}.json", resource))
    return Registry().with_resources(resources)


def validator(name: str) -> Draft202012Validator:
    """A validator for ``name`` (``phone.json``, ``compiled/service.json``, …)."""
    return Draft202012Validator({"$ref": f"{BASE}/{name}"}, registry=registry())


def response_validator(path: str) -> Draft202012Validator:
    """The 200 response schema of ``GET path`` in openapi.json."""
    openapi = _schema("openapi.json")
    schema = openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]
    schema = json.loads(
        json.dumps(schema).replace("#/components/", f"{BASE}/openapi.json#/components/")
    )
    openapi_resource = Resource.from_contents(openapi, default_specification=DRAFT202012)
    return Draft202012Validator(
        schema, registry=registry().with_resource(f"{BASE}/openapi.json", openapi_resource)
    )


def errors(found: Draft202012Validator, document: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in found.iter_errors(document)]
