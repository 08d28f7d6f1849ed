"""The demo directory loads through the write path, idempotently, and covers the vocabularies."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from directory.db import Database
from directory.demo.load import demo_specs, load_demo
from directory.enums import LANGUAGES, TraffickingType, VerificationStatus, Visibility
from directory.models import (
    Base,
    Contact,
    Email,
    Location,
    Organization,
    OrganizationFacet,
    Phone,
    Service,
    ServiceArea,
)
from directory.vocab.categories import SERVICE_CATEGORIES
from directory.vocab.populations import POPULATIONS

REAL_SLUGS = {
    "consejo-ciudadano-cdmx",
    "truckers-against-trafficking",
    "us-dot-stop-human-trafficking",
    "mccain-institute",
    "sin-fronteras-iap",
    "national-human-trafficking-hotline",
    "canadian-human-trafficking-hotline",
}


async def table_counts(db: Database) -> dict[str, int]:
    counts: dict[str, int] = {}
    async with db.session() as session:
        for table in Base.metadata.sorted_tables:
            counts[table.name] = int(
                await session.scalar(select(func.count()).select_from(table)) or 0
            )
    return counts


def test_fictional_organizations_are_marked_and_real_ones_are_public() -> None:
    for spec in demo_specs():
        if spec["slug"] in REAL_SLUGS:
            text = repr(spec)
            assert "CONFIDENTIAL" not in text and "PARTNERS" not in text, spec["slug"]
            assert "example" not in spec["slug"]
            continue
        assert "example" in spec["slug"]
        assert spec["website"].endswith(".example") or ".example/" in spec["website"]
        for contact in spec.get("contacts", []):
            for email in contact.get("emails", []):
                assert email["address"].endswith(".example")
    assert {spec["slug"] for spec in demo_specs()} >= REAL_SLUGS


async def test_load_twice_creates_everything_once(db: Database) -> None:
    first = await load_demo(db)
    assert first.created == len(demo_specs()) and first.skipped == 0
    after_first = await table_counts(db)
    second = await load_demo(db)
    assert second.created == 0 and second.skipped == first.created
    assert await table_counts(db) == after_first
    assert 15 <= after_first["organizations"] <= 25
    assert after_first["change_events"] == after_first["organizations"]


async def test_demo_covers_countries_vocabularies_and_visibility(db: Database) -> None:
    await load_demo(db)
    async with db.session() as session:
        countries = set(await session.scalars(select(ServiceArea.country)))
        subdivisions = set(await session.scalars(select(ServiceArea.subdivision)))
        facets = (
            await session.execute(select(OrganizationFacet.facet, OrganizationFacet.code))
        ).all()
        own_languages = set(await session.scalars(select(Organization.language)))
        visibilities = {
            model.__name__: set(await session.scalars(select(model.visibility)))
            for model in (Contact, Phone, Email, Location)
        }
        geolocated = await session.scalar(
            select(func.count()).select_from(Location).where(Location.latitude.is_not(None))
        )
        services = (await session.scalars(select(Service))).all()
        organizations = (await session.scalars(select(Organization))).all()

    assert countries == {"MX", "US", "CA"}
    for country in ("MX", "US", "CA"):
        assert len({s for s in subdivisions if s and s.startswith(country)}) >= 3, country
    by_kind: dict[str, set[str]] = {}
    for facet, code in facets:
        by_kind.setdefault(facet, set()).add(code)
    assert by_kind["category"] == set(SERVICE_CATEGORIES)
    assert by_kind["population"] == set(POPULATIONS)
    assert by_kind["trafficking-type"] == {t.value for t in TraffickingType}
    assert set(LANGUAGES) <= by_kind["language"]
    assert own_languages == set(LANGUAGES)
    every_level = {v.value for v in Visibility}
    for model in ("Contact", "Phone", "Email", "Location"):
        assert visibilities[model] == every_level, model
    assert geolocated and geolocated >= 10
    assert any(s.open_24_7 for s in services)
    assert any(s.hours and s.timezone for s in services)

    now = dt.datetime.now(dt.UTC)
    verified = [o for o in organizations if o.verification_status == VerificationStatus.VERIFIED]
    assert any(
        o.last_verified_at and now - o.last_verified_at < dt.timedelta(days=365) for o in verified
    )
    assert any(
        o.last_verified_at and now - o.last_verified_at > dt.timedelta(days=365) for o in verified
    )
    assert any(o.verification_status == VerificationStatus.UNVERIFIED for o in organizations)


async def test_real_hotlines_are_stored_in_e164(db: Database) -> None:
    await load_demo(db)
    async with db.session() as session:
        rows = (
            await session.execute(
                select(Organization.slug, Phone.e164, Phone.short_code, Phone.visibility).join(
                    Phone, Phone.organization_id == Organization.id
                )
            )
        ).all()
    numbers = {(slug, e164, short) for slug, e164, short, _ in rows}
    assert ("consejo-ciudadano-cdmx", "+528005533000", False) in numbers
    assert ("national-human-trafficking-hotline", "+18883737888", False) in numbers
    assert ("national-human-trafficking-hotline", "233733", True) in numbers
    assert ("canadian-human-trafficking-hotline", "+18339001010", False) in numbers
    assert all(vis == "PUBLIC" for slug, _, _, vis in rows if slug in REAL_SLUGS)
