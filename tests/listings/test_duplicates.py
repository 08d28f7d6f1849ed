"""The duplicate guard on createOrganization."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from directory.db import Database
from directory.listings import organizations
from directory.listings.duplicates import similarity
from directory.listings.organizations import create_listing
from directory.listings.specs import OrganizationSpec
from directory.models import Organization
from directory.validation import InvalidInput
from tests.listings.helpers import ACTOR, count, listing, make


async def create(db: Database, allow: bool = False, **overrides: Any) -> Organization:
    async with db.write() as session:
        return await create_listing(
            session,
            ACTOR,
            OrganizationSpec.from_mapping(listing(**overrides)),
            allow_duplicate=allow,
        )


async def test_near_match_in_overlapping_area_is_suspected(db: Database) -> None:
    await make(db, name="Fundación Camino a Casa", service_areas=[{"code": "MX"}])
    with pytest.raises(InvalidInput) as refused:
        await create(
            db,
            slug="camino",
            name="Fundacion  camino a casa A.C.",
            service_areas=[{"code": "MX-JAL"}],
        )
    problem = refused.value.problems[0]
    assert (problem.field, problem.code) == (("name",), "DUPLICATE_SUSPECTED")
    assert "Fundación Camino a Casa" in problem.message
    assert await count(db, Organization) == 1


async def test_allow_duplicate_creates_it_anyway(db: Database) -> None:
    await make(db, name="Fundación Camino a Casa")
    created = await create(db, allow=True, slug="camino", name="Fundacion Camino a Casa")
    assert created.slug == "camino"
    assert await count(db, Organization) == 2


async def test_same_name_in_a_disjoint_area_is_not_a_duplicate(db: Database) -> None:
    await make(db, name="Casa del Migrante", service_areas=[{"code": "MX-BCN"}])
    created = await create(
        db, slug="casa-sonora", name="Casa del Migrante", service_areas=[{"code": "MX-SON"}]
    )
    assert created.slug == "casa-sonora"


async def test_a_different_name_in_the_same_area_is_not_a_duplicate(db: Database) -> None:
    await make(db, name="Casa Alianza México")
    created = await create(db, slug="refugio", name="Refugio Esperanza")
    assert created.slug == "refugio"


async def test_duplicate_is_reported_with_the_other_bad_fields(db: Database) -> None:
    await make(db)
    with pytest.raises(InvalidInput) as refused:
        await create(db, slug="Bad Slug")
    assert {(p.field, p.code) for p in refused.value.problems} == {
        (("name",), "DUPLICATE_SUSPECTED"),
        (("slug",), "INVALID"),
    }


async def test_archived_organizations_are_not_compared(db: Database) -> None:
    from directory.listings.organizations import archive_organization

    org_id = await make(db)
    async with db.write() as session:
        await archive_organization(session, ACTOR, org_id)
    created = await create(db, slug="again")
    assert created.slug == "again"


def test_similarity_ignores_case_accents_and_word_order() -> None:
    assert similarity("Québec Solidarité", "quebec solidarite") == 100
    assert similarity("Centro Fray Julián Garcés", "Garcés Julián Fray Centro") == 100
    assert similarity("Casa Alianza", "Casa Hogar") < 90


async def test_concurrent_creates_of_the_same_name_leave_one(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = organizations.duplicate_problems

    async def slow_check(session: Any, spec: Any) -> Any:
        found = await checked(session, spec)
        await asyncio.sleep(0.3)  # both writers would have checked before either commits
        return found

    monkeypatch.setattr(organizations, "duplicate_problems", slow_check)
    outcomes = await asyncio.gather(
        create(db, slug="refugio-a", name="Refugio Luz del Norte", service_areas=[{"code": "MX"}]),
        create(db, slug="refugio-b", name="Refugio Luz del Norte", service_areas=[{"code": "MX"}]),
        return_exceptions=True,
    )
    refused = [o for o in outcomes if isinstance(o, InvalidInput)]
    assert len(refused) == 1, outcomes
    assert refused[0].problems[0].code == "DUPLICATE_SUSPECTED"
    assert await count(db, Organization) == 1
