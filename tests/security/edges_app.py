"""The whole app in-process on the test database, seen from a chosen peer address."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

import httpx

from directory.db import Database
from directory.settings import Settings

PEER = "203.0.113.7"


@asynccontextmanager
async def running(
    db: Database, settings: Settings, *, peer: str = PEER, **changes: Any
) -> AsyncIterator[httpx.AsyncClient]:
    from server.asgi import create_app

    app = create_app(replace(settings, **changes), database=db)
    transport = httpx.ASGITransport(app=app, client=(peer, 50000))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as http,
    ):
        yield http
