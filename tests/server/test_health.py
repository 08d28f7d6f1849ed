"""Liveness and readiness endpoints."""

from __future__ import annotations

import httpx

from directory.db import Database
from directory.settings import Settings
from server.asgi import create_app


async def test_healthz_and_readyz_answer_ok(client: httpx.AsyncClient, db: Database) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["database"] == db.dialect


async def test_readyz_is_503_when_the_database_is_unreachable(settings: Settings) -> None:
    unreachable = Database("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    app = create_app(settings, database=unreachable)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        assert (await http.get("/healthz")).status_code == 200
        response = await http.get("/readyz")
    await unreachable.dispose()
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
