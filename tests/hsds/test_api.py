"""The /hsds/ API: responses follow openapi.json, and what the caller may not see is absent."""

from __future__ import annotations

import json
import uuid

import httpx
from sqlalchemy import select

from directory.access import WriteAccess
from directory.audit import Actor
from directory.db import Database
from directory.listings.organizations import archive_organization
from directory.models import Organization, Service
from tests.hsds.helpers import (
    CANARY,
    assert_no_canary,
    errors,
    fixture_counts,
    load_fixtures,
    needs_hsds,
    response_validator,
    validator,
)


@needs_hsds
async def test_root_and_pages_follow_the_openapi_response_schemas(
    db: Database, client: httpx.AsyncClient
) -> None:
    await load_fixtures(db)
    root = await client.get("/hsds/")
    assert root.status_code == 200
    assert root.json()["version"] == "3.0"
    assert errors(response_validator("/"), root.json()) == []

    for path, query in [
        ("/organizations", {}),
        ("/organizations", {"full": "true", "full_service": "true", "per_page": "5"}),
        ("/services", {}),
        ("/services", {"full": "true", "per_page": "3", "page": "2"}),
        ("/taxonomies", {}),
        ("/taxonomy_terms", {"per_page": "100"}),
    ]:
        response = await client.get(f"/hsds{path}", params=query)
        assert response.status_code == 200, (path, response.text)
        body = response.json()
        assert errors(response_validator(path), body) == [], path
        assert set(body) >= {
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        }

    organizations = (await client.get("/hsds/organizations", params={"per_page": "100"})).json()
    assert organizations["total_items"] == organizations["size"] == fixture_counts()[0]
    for item in organizations["contents"][:5]:
        one = await client.get(f"/hsds/organizations/{item['id']}", params={"full_service": "true"})
        assert errors(response_validator("/organizations/{id}"), one.json()) == []
    services = (await client.get("/hsds/services", params={"per_page": "100"})).json()
    for item in services["contents"][:5]:
        one = await client.get(f"/hsds/services/{item['id']}")
        assert errors(response_validator("/services/{id}"), one.json()) == []
    terms = (await client.get("/hsds/taxonomy_terms", params={"per_page": "100"})).json()[
        "contents"
    ]
    one = await client.get(f"/hsds/taxonomy_terms/{terms[0]['id']}")
    assert errors(validator("taxonomy_term.json"), one.json()) == []


@needs_hsds
async def test_filters_and_paging(db: Database, client: httpx.AsyncClient) -> None:
    await load_fixtures(db)
    total = fixture_counts()[0]
    last = -(-total // 10)
    page = (
        await client.get("/hsds/organizations", params={"per_page": "10", "page": str(last)})
    ).json()
    assert (page["page_number"], page["total_pages"], page["last_page"]) == (last, last, True)
    assert page["size"] == total - 10 * (last - 1)
    found = (await client.get("/hsds/organizations", params={"search": "Quebec"})).json()
    assert any("Québec" in o["name"] or "Refuge" in o["name"] for o in found["contents"])
    terms = (await client.get("/hsds/taxonomy_terms", params={"search": "línea de ayuda"})).json()
    hotline = terms["contents"][0]
    assert hotline["code"] == "hotline"
    hotlines = (
        await client.get(
            "/hsds/services", params={"taxonomy_term_id": hotline["id"], "per_page": "100"}
        )
    ).json()
    assert hotlines["total_items"] >= 1
    for item in hotlines["contents"]:
        full = (await client.get(f"/hsds/services/{item['id']}")).json()
        assert any(a.get("taxonomy_term_id") == hotline["id"] for a in full["attributes"])
    future = (
        await client.get("/hsds/services", params={"modified_after": "2999-01-01T00:00:00Z"})
    ).json()
    assert future["empty"] is True and future["total_items"] == 0
    bad = await client.get("/hsds/services", params={"per_page": "0"})
    assert bad.status_code == 400 and bad.json()["error"] == "BAD_USER_INPUT"


@needs_hsds
async def test_ndjson_streams_every_result(db: Database, client: httpx.AsyncClient) -> None:
    await load_fixtures(db)
    response = await client.get(
        "/hsds/organizations", params={"format": "ndjson", "full": "true", "full_service": "true"}
    )
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert len(lines) == fixture_counts()[0]
    assert_no_canary(response.text)
    services = await client.get("/hsds/services", params={"format": "ndjson", "full": "true"})
    assert len(services.text.splitlines()) == fixture_counts()[1]
    assert_no_canary(services.text)


@needs_hsds
async def test_confidential_canary_never_reaches_anonymous_callers(
    db: Database, client: httpx.AsyncClient
) -> None:
    await load_fixtures(db)
    seen: list[str] = []
    listing = await client.get(
        "/hsds/organizations", params={"full": "true", "full_service": "true", "per_page": "100"}
    )
    seen.append(listing.text)
    for item in listing.json()["contents"]:
        seen.append(
            (
                await client.get(
                    f"/hsds/organizations/{item['id']}", params={"full_service": "true"}
                )
            ).text
        )
    services = await client.get("/hsds/services", params={"full": "true", "per_page": "100"})
    seen.append(services.text)
    for item in services.json()["contents"]:
        seen.append((await client.get(f"/hsds/services/{item['id']}")).text)
    for text in seen:
        assert_no_canary(text)
        assert "CONFIDENTIAL" not in text
    for term in (CANARY, "safe house", "5555550199"):
        for path in ("/hsds/organizations", "/hsds/services"):
            found = (await client.get(path, params={"search": term})).json()
            assert found["total_items"] == 0, (path, term)


async def test_unknown_and_invisible_ids_give_the_same_404(
    db: Database, client: httpx.AsyncClient
) -> None:
    await load_fixtures(db)
    async with db.write() as session:
        organization = (
            await session.scalars(select(Organization).where(Organization.slug == "canary-shelter"))
        ).one()
        service_id = (
            await session.scalars(
                select(Service.id).where(Service.organization_id == organization.id)
            )
        ).one()
        await archive_organization(
            session, WriteAccess.system(Actor.system("test")), organization.id
        )
    for path, hidden in (("organizations", organization.id), ("services", service_id)):
        unknown = await client.get(f"/hsds/{path}/{uuid.uuid4()}")
        invisible = await client.get(f"/hsds/{path}/{hidden}")
        assert unknown.status_code == invisible.status_code == 404
        assert unknown.json() == invisible.json()
        assert str(hidden) not in invisible.text
    listing = await client.get("/hsds/organizations", params={"search": "Canary Shelter"})
    assert listing.json()["total_items"] == 0
