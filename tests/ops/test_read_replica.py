"""With ``DIRECTORY_READ_DATABASE_URL``, read-only GraphQL and HSDS read the replica while
mutations and the change feed use the primary.

The "replica" here is a second database that differs from the primary on purpose: each
holds one listing the other lacks, so every answer shows which database it came from.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from auth.clients import create_client
from directory.access import WriteAccess
from directory.audit import Actor
from directory.db import Database
from directory.listings.organizations import create_listing
from directory.listings.specs import OrganizationSpec
from directory.models import Organization
from directory.settings import Settings
from tests.conftest import BACKENDS, Backends

ACTOR = WriteAccess.system(Actor.system("test"))


def listing(slug: str, name: str) -> dict[str, Any]:
    return {
        "slug": slug,
        "name": name,
        "country": "MX",
        "language": "es",
        "service_areas": [{"code": "MX-CMX"}],
        "contacts": [{"name": "Mesa", "phones": [{"number": "800 55 33 000"}]}],
    }


async def add(db: Database, slug: str, name: str) -> None:
    async with db.write() as session:
        await create_listing(
            session, ACTOR, OrganizationSpec.from_mapping(listing(slug, name)), allow_duplicate=True
        )


@pytest.fixture(params=BACKENDS)
async def split(request: pytest.FixtureRequest, backends: Backends) -> AsyncIterator[Database]:
    """A Database whose primary holds "primary-only" and whose replica "replica-only"."""
    names: list[str] = []
    urls: list[str] = []
    for _ in range(2):
        if request.param == "sqlite":
            urls.append(await backends.sqlite())
        else:
            url, name = await backends.postgresql()
            urls.append(url)
            names.append(name)
    primary, replica = Database(urls[0]), Database(urls[1])
    await add(primary, "primary-only", "Refugio del Primario")
    await add(replica, "replica-only", "Refugio de la Réplica")
    await primary.dispose()
    await replica.dispose()
    database = Database(urls[0], read_url=urls[1])
    yield database
    await database.dispose()
    for name in names:
        await backends.drop(name)


@pytest.fixture
async def http(split: Database, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    from server.asgi import create_app

    settings = Settings(
        database_url="unused://",
        issuer="http://testserver",
        signing_key=tmp_path / "var" / "signing-key.pem",
        var_dir=tmp_path / "var",
    )
    app = create_app(settings, database=split)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
    ):
        yield client


async def graphql(http: httpx.AsyncClient, query: str, **headers: str) -> dict[str, Any]:
    response = await http.post("/graphql", json={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return dict(body["data"])


async def test_read_only_graphql_reads_the_replica(http: httpx.AsyncClient) -> None:
    data = await graphql(http, "{ organizations(first: 10) { nodes { slug } } }")
    assert [n["slug"] for n in data["organizations"]["nodes"]] == ["replica-only"]
    found = await graphql(http, '{ organization(slug: "replica-only") { name } }')
    assert found["organization"]["name"] == "Refugio de la Réplica"


async def test_hsds_reads_the_replica(http: httpx.AsyncClient) -> None:
    response = await http.get("/hsds/organizations")
    assert response.status_code == 200
    assert "Refugio de la Réplica" in response.text
    assert "Refugio del Primario" not in response.text


async def test_the_change_feed_and_what_it_embeds_come_from_the_primary(
    http: httpx.AsyncClient,
) -> None:
    data = await graphql(http, "{ changes(first: 10) { nodes { kind organization { slug } } } }")
    assert [n["organization"]["slug"] for n in data["changes"]["nodes"]] == ["primary-only"]
    # Through a fragment too: the whole request reads one database.
    data = await graphql(
        http,
        "query Sync { ...Feed organizations(first: 10) { nodes { slug } } }"
        " fragment Feed on Query { changes(first: 10) { nodes { kind } } }",
    )
    assert [n["slug"] for n in data["organizations"]["nodes"]] == ["primary-only"]


async def test_mutations_write_and_read_back_on_the_primary(
    http: httpx.AsyncClient, split: Database
) -> None:
    writer = await create_client(split, name="Coordination desk", scope="directory:write")
    token = await http.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(writer.client_id, writer.client_secret),
    )
    bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}
    created = await http.post(
        "/graphql",
        json={
            "query": "mutation New($input: CreateOrganizationInput!) { createOrganization("
            "input: $input) { organization { slug name version } userErrors { code } } }",
            "variables": {
                "input": {"slug": "written-primary", "name": "Refugio Nuevo", "country": "MX"}
            },
        },
        headers=bearer,
    )
    payload = created.json()["data"]["createOrganization"]
    # The payload is read back from the primary, where the write went.
    assert payload == {
        "organization": {"slug": "written-primary", "name": "Refugio Nuevo", "version": 1},
        "userErrors": [],
    }
    async with split.session() as session:
        on_primary = await session.scalar(
            select(Organization.id).where(Organization.slug == "written-primary")
        )
    async with split.read_session() as session:
        on_replica = await session.scalar(
            select(Organization.id).where(Organization.slug == "written-primary")
        )
    assert on_primary is not None and on_replica is None
    # Plain reads keep going to the replica; the feed shows the write at once.
    listed = await graphql(http, "{ organizations(first: 10) { nodes { slug } } }", **bearer)
    assert [n["slug"] for n in listed["organizations"]["nodes"]] == ["replica-only"]
    feed = await graphql(
        http, "{ changes(first: 10) { nodes { organization { slug } } } }", **bearer
    )
    slugs = [n["organization"]["slug"] for n in feed["changes"]["nodes"]]
    assert slugs == ["primary-only", "written-primary"]


async def test_readiness_needs_the_replica_too(split: Database, tmp_path: Path) -> None:
    from server.asgi import create_app

    settings = Settings(database_url="unused://", var_dir=tmp_path / "var")
    ready = create_app(settings, database=split)
    transport = httpx.ASGITransport(app=ready)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        answer = await http.get("/readyz")
    assert answer.status_code == 200
    assert answer.json()["replica"] == "ok"

    # Nothing listens on port 1: the replica is down, the process must not take traffic.
    broken = Database(split.url, read_url="postgresql+asyncpg://postgres@127.0.0.1:1/replica")
    app = create_app(settings, database=broken)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        answer = await http.get("/readyz")
    await broken.dispose()
    assert answer.status_code == 503
    assert answer.json() == {"status": "unavailable", "replica": "unreachable"}
