"""Issue 13, database down: every route answers 503 with Retry-After and a clear message,
for anonymous and authenticated callers; /readyz says not ready on an unmigrated database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from directory.db import Database
from directory.settings import Settings
from server.asgi import create_app


@pytest.fixture
async def down(settings: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    """A client of an app whose database refuses connections, and a token it signed."""
    unreachable = Database("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    app = create_app(settings, database=unreachable)
    token, _ = app.state.auth.signer.issue(client_id="partner", scope=("directory:read",))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        yield http, token
    await unreachable.dispose()


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == "30"
    assert response.headers["content-type"].startswith("application/json")
    assert "cannot be reached" in response.text


async def test_every_route_is_503_when_the_database_is_down(
    down: tuple[httpx.AsyncClient, str],
) -> None:
    http, token = down
    bearer = {"Authorization": f"Bearer {token}"}
    query = {"query": "{ organizations { totalCount } }"}
    anonymous = await http.post("/graphql", json=query)
    assert_unavailable(anonymous)
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    authenticated = await http.post("/graphql", json=query, headers=bearer)
    assert_unavailable(authenticated)
    assert authenticated.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    for headers in ({}, bearer):
        hsds = await http.get("/hsds/organizations", headers=headers)
        assert_unavailable(hsds)
        assert hsds.json()["error"] == "SERVICE_UNAVAILABLE"
    grant = await http.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=("some-client", "some-secret"),
    )
    assert_unavailable(grant)
    assert grant.json()["error"] == "temporarily_unavailable"
    ready = await http.get("/readyz")
    assert ready.status_code == 503 and ready.headers["retry-after"] == "30"
    assert (await http.get("/healthz")).status_code == 200


async def test_readyz_is_not_ready_on_an_unmigrated_database(
    settings: Settings, tmp_path: Path
) -> None:
    empty = Database(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    app = create_app(settings, database=empty)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        ready = await http.get("/readyz")
        graphql = await http.post("/graphql", json={"query": "{ organizations { totalCount } }"})
    await empty.dispose()
    assert ready.status_code == 503
    assert ready.json()["database"] == "not migrated"
    assert_unavailable(graphql)


async def test_readyz_is_ready_on_a_migrated_database(client: httpx.AsyncClient) -> None:
    assert (await client.get("/readyz")).status_code == 200
