"""Applying Alembic migrations from code (``directory db upgrade``, tests, start-up)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK_KEY = 0x4D49_4752  # "MIGR": several processes migrating on start take turns


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def upgrade(engine: AsyncEngine, revision: str = "heads") -> None:
    """Bring the database behind ``engine`` up to ``revision``."""
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        await connection.run_sync(_upgrade_sync, revision)


def _upgrade_sync(connection: Connection, revision: str) -> None:
    config = alembic_config(connection.engine.url.render_as_string(hide_password=False))
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


@lru_cache(maxsize=1)
def expected_heads() -> str:
    """The head revision(s) of the migrations shipped with the code, as
    :func:`current_revision` writes them."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return ",".join(sorted(script.get_heads()))


async def current_revision(engine: AsyncEngine) -> str | None:
    """The applied revision; with several branches, their heads joined by commas."""
    from alembic.runtime.migration import MigrationContext

    async with engine.connect() as connection:
        heads = await connection.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_heads()
        )
    return ",".join(sorted(heads)) or None
