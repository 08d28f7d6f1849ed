"""Migrations build the schema from an empty database, and match the models."""

from __future__ import annotations

import contextlib

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from directory.db import Database
from directory.migrate import alembic_config, current_revision
from directory.models import Base

# Tables of the other packages live on the same metadata once their models are imported.
for _module in ("auth.models",):
    with contextlib.suppress(ModuleNotFoundError):
        __import__(_module)


async def test_migrated_database_is_at_every_head(db: Database) -> None:
    heads = set(ScriptDirectory.from_config(alembic_config(db.url)).get_heads())
    async with db.engine.connect() as connection:
        current = await connection.run_sync(
            lambda sync: set(MigrationContext.configure(sync).get_current_heads())
        )
    assert current == heads
    assert await current_revision(db.engine) is not None or len(heads) > 1


async def test_migrations_match_the_models(db: Database) -> None:
    def differences(sync: object) -> list[object]:
        context = MigrationContext.configure(sync, opts={"compare_type": False})  # type: ignore[arg-type]
        return [d for d in compare_metadata(context, Base.metadata) if d[0] != "remove_index"]

    async with db.engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
        diff = await connection.run_sync(differences)
    assert {
        "organizations",
        "services",
        "contacts",
        "phones",
        "change_events",
        "revisions",
    } <= tables
    assert diff == []
