"""The synthetic generator writes realistic, searchable, feed-ordered organizations."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import phonenumbers
from sqlalchemy import func, select

from directory.db import Database
from directory.demo.generate import generate
from directory.enums import Visibility
from directory.listings.index import facet_rows
from directory.migrate import upgrade
from directory.models import (
    ChangeEvent,
    Contact,
    Email,
    Location,
    Organization,
    OrganizationFacet,
    Phone,
    Revision,
    Service,
    ServiceArea,
)
from directory.text import fold, like_pattern
from directory.vocab.categories import SERVICE_CATEGORIES
from directory.vocab.populations import POPULATIONS

BOXES = {  # (south, north, west, east), generous
    "MX": (14.0, 33.0, -118.5, -86.0),
    "US": (24.0, 49.5, -125.0, -66.0),
    "CA": (42.0, 60.0, -141.0, -52.0),
}
LEVELS = {v.value: i for i, v in enumerate(Visibility)}


async def names_in(db: Database) -> list[tuple[str, str]]:
    async with db.session() as session:
        rows = await session.execute(select(Organization.slug, Organization.name))
        return sorted((slug, name) for slug, name in rows)


async def test_generated_organizations_have_realistic_shapes(db: Database) -> None:
    counts = await generate(db, 50, seed=3, batch_size=20)
    async with db.session() as session:
        organizations = {o.id: o for o in await session.scalars(select(Organization))}
        services = (await session.scalars(select(Service))).all()
        contacts = {c.id: c for c in await session.scalars(select(Contact))}
        phones = (await session.scalars(select(Phone))).all()
        emails = (await session.scalars(select(Email))).all()
        areas = (await session.scalars(select(ServiceArea))).all()
        locations = (await session.scalars(select(Location))).all()
        revisions = (await session.scalars(select(Revision))).all()

    assert len(organizations) == counts["organizations"] == 50
    assert counts["services"] == len(services)
    assert counts["phones"] == len(phones)
    assert {o.country for o in organizations.values()} == {"MX", "US", "CA"}
    assert {o.language for o in organizations.values()} >= {"es", "en", "fr"}
    assert all(o.website and o.website.endswith(".example") for o in organizations.values())

    per_org = Counter(s.organization_id for s in services)
    assert set(per_org) == set(organizations)
    assert 3 <= len(services) / 50 <= 5
    assert 2 <= len(contacts) / 50 <= 4
    assert 1 <= len(areas) / 50 <= 3
    contacts_per_org = Counter(c.organization_id for c in contacts.values())
    assert min(contacts_per_org[o] for o in organizations) >= 2
    assert {code for s in services for code in s.categories} <= set(SERVICE_CATEGORIES)
    assert {code for s in services for code in s.populations} <= set(POPULATIONS)
    assert any(s.open_24_7 for s in services)
    assert all(s.timezone for s in services if s.hours or s.open_24_7)

    for location in locations:
        south, north, west, east = BOXES[organizations[location.organization_id].country]
        assert location.latitude is not None and location.longitude is not None
        assert south <= location.latitude <= north and west <= location.longitude <= east
    for area in areas:
        assert area.country == organizations[area.organization_id].country
        assert area.subdivision is None or area.subdivision.startswith(area.country + "-")

    for phone in phones:
        assert phonenumbers.is_valid_number(phonenumbers.parse(phone.e164)), phone.e164
    assert {c.visibility for c in contacts.values()} == set(LEVELS)
    parts = [(p.contact_id, p.visibility) for p in phones]
    parts += [(e.contact_id, e.visibility) for e in emails]
    for contact_id, visibility in parts:
        if contact_id is not None:
            assert LEVELS[visibility] >= LEVELS[contacts[contact_id].visibility]

    assert Counter(r.organization_id for r in revisions) == Counter(list(organizations))


async def test_change_events_follow_creation_order_one_per_organization(db: Database) -> None:
    await generate(db, 30, seed=4, batch_size=7)
    async with db.session() as session:
        events = (
            await session.execute(
                select(ChangeEvent.kind, ChangeEvent.version, Organization.slug)
                .join(Organization, Organization.id == ChangeEvent.organization_id)
                .order_by(ChangeEvent.id)
            )
        ).all()
    assert [(kind, version) for kind, version, _ in events] == [("CREATED", 1)] * 30
    numbers = [int(slug.rsplit("-", 1)[1]) for _, _, slug in events]
    assert numbers == list(range(30))


async def test_facets_match_services_and_search_finds_folded_names(db: Database) -> None:
    await generate(db, 40, seed=5)
    async with db.session() as session:
        organizations = (await session.scalars(select(Organization))).all()
        services = (await session.scalars(select(Service))).all()
        facets = (await session.execute(select(OrganizationFacet))).scalars().all()
        by_org = defaultdict(list)
        for service in services:
            by_org[service.organization_id].append(service)
        stored = defaultdict(set)
        for facet in facets:
            stored[facet.organization_id].add((facet.facet, facet.code))
        for organization in organizations:
            expected = facet_rows(organization.id, organization.language, by_org[organization.id])
            assert stored[organization.id] == {(r["facet"], r["code"]) for r in expected}

        accented = next(o for o in organizations if fold(o.name) != o.name.lower())
        term = fold(accented.name).upper()
        found = set(
            await session.scalars(
                select(Organization.id).where(
                    Organization.search_text.like(like_pattern(term), escape="\\")
                )
            )
        )
        service_name = by_org[accented.id][0].name
        by_service = set(
            await session.scalars(
                select(Organization.id).where(
                    Organization.search_text.like(like_pattern(service_name), escape="\\")
                )
            )
        )
    assert accented.id in found
    assert accented.id in by_service
    assert accented.sort_name == fold(accented.name)


async def test_same_seed_same_names_and_reruns_never_collide(db: Database, tmp_path: Path) -> None:
    await generate(db, 15, seed=7, batch_size=4)
    first = await names_in(db)

    other = Database(f"sqlite+aiosqlite:///{tmp_path / 'other.db'}")
    try:
        await upgrade(other.engine)
        await generate(other, 15, seed=7)
        assert await names_in(other) == first
    finally:
        await other.dispose()

    again = await generate(db, 15, seed=7)
    assert again["organizations"] == 15
    both = await names_in(db)
    assert len({slug for slug, _ in both}) == 30
    async with db.session() as session:
        events = await session.scalar(select(func.count()).select_from(ChangeEvent))
    assert events == 30
