"""Shared fixtures: a fresh, migrated database per test on every configured backend.

Storage tests take the ``db`` fixture and run once on SQLite and, when
``DIRECTORY_TEST_POSTGRES_URL`` is set, once on PostgreSQL. Each test gets its own database
cloned from a template migrated once per run (a file copy on SQLite, ``CREATE DATABASE …
TEMPLATE`` on PostgreSQL), so tests never see each other's rows and nothing is mocked.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import shutil
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from directory.db import Database
from directory.migrate import upgrade
from directory.settings import Settings

POSTGRES_URL = os.environ.get("DIRECTORY_TEST_POSTGRES_URL") or None
BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]
_counter = itertools.count()
_ran: Counter[str] = Counter()


def _asyncpg_dsn(url: str, database: str) -> str:
    parsed = make_url(url).set(drivername="postgresql", database=database)
    return parsed.render_as_string(hide_password=False)


class Backends:
    """Builds migrated templates lazily and clones one database per test from them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sqlite_template: Path | None = None
        self.pg_template: str | None = None
        self.run_id = uuid.uuid4().hex[:8]
        self.admin: asyncpg.Connection | None = None

    async def sqlite(self) -> str:
        if self.sqlite_template is None:
            path = self.root / "template.db"
            db = Database(f"sqlite+aiosqlite:///{path}")
            await upgrade(db.engine)
            await db.dispose()
            self.sqlite_template = path
        target = self.root / f"test-{next(_counter)}.db"
        shutil.copyfile(self.sqlite_template, target)
        return f"sqlite+aiosqlite:///{target}"

    async def _admin(self) -> asyncpg.Connection:
        """One maintenance connection for the whole run (CREATE/DROP DATABASE)."""
        assert POSTGRES_URL is not None
        if self.admin is None:
            self.admin = await asyncpg.connect(_asyncpg_dsn(POSTGRES_URL, "postgres"))
        return self.admin

    async def postgresql(self) -> tuple[str, str]:
        assert POSTGRES_URL is not None
        server = make_url(POSTGRES_URL)
        base = server.database or "directory_test"
        admin = await self._admin()
        if self.pg_template is None:
            template = f"{base}_tpl_{self.run_id}"
            await admin.execute(f'CREATE DATABASE "{template}"')
            db = Database(server.set(database=template).render_as_string(False))
            await upgrade(db.engine)
            await db.dispose()
            self.pg_template = template
        name = f"{base}_{self.run_id}_{next(_counter)}"
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.pg_template}"')
        return server.set(database=name).render_as_string(False), name

    async def drop(self, name: str) -> None:
        admin = await self._admin()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    async def close(self) -> None:
        if self.pg_template:
            await self.drop(self.pg_template)
        if self.admin is not None:
            await self.admin.close()


@pytest.fixture(scope="session")
async def backends(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Backends]:
    found = Backends(tmp_path_factory.mktemp("databases"))
    yield found
    await found.close()


@pytest.fixture(params=BACKENDS)
async def db(request: pytest.FixtureRequest, backends: Backends) -> AsyncIterator[Database]:
    """A fresh, migrated, empty database on each backend."""
    backend: str = request.param
    _ran[backend] += 1
    if backend == "sqlite":
        database = Database(await backends.sqlite())
        yield database
        await database.dispose()
        return
    url, name = await backends.postgresql()
    database = Database(url)
    yield database
    await database.dispose()
    await backends.drop(name)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for an app under test, with its own var folder (signing keys)."""
    return Settings(
        database_url="unused://",
        issuer="http://testserver",
        signing_key=tmp_path / "var" / "signing-key.pem",
        var_dir=tmp_path / "var",
    )


async def _app_client(db: Database, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    from server.asgi import create_app

    app = create_app(settings, database=db)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as http,
    ):
        yield http


@pytest.fixture
async def client(db: Database, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the whole ASGI app in-process, on the ``db`` database."""
    async for http in _app_client(db, settings):
        yield http


@pytest.fixture
async def uncached(db: Database, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """:func:`client` with ``DIRECTORY_RESPONSE_CACHE=off``."""
    async for http in _app_client(db, dataclasses.replace(settings, response_cache=False)):
        yield http


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _ran:
        counts = ", ".join(f"{backend}: {_ran[backend]}" for backend in BACKENDS)
        terminalreporter.write_line(f"storage tests per database backend — {counts}")
    if not POSTGRES_URL:
        terminalreporter.write_line(
            "PostgreSQL storage tests did not run: set DIRECTORY_TEST_POSTGRES_URL to run them"
        )
