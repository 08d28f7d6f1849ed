"""An app per test on each database backend, with access to its parts."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from auth.service import AuthService
from directory.db import Database
from directory.settings import Settings


@dataclass
class Service:
    http: httpx.AsyncClient
    app: Starlette
    db: Database

    @property
    def auth(self) -> AuthService:
        service: AuthService = self.app.state.auth
        return service


@pytest.fixture
def start(db: Database, settings: Settings) -> Callable[..., Any]:
    """Start the whole ASGI app on the test database, with some settings changed."""
    from contextlib import asynccontextmanager

    from server.asgi import create_app

    @asynccontextmanager
    async def started(**changes: Any) -> AsyncIterator[Service]:
        app = create_app(replace(settings, **changes), database=db)
        transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as http,
        ):
            yield Service(http, app, db)

    return started


@pytest.fixture
async def service(start: Callable[..., Any]) -> AsyncIterator[Service]:
    async with start() as running:
        yield running
