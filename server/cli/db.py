"""``directory db upgrade``: apply the Alembic migrations."""

from __future__ import annotations

import argparse

from directory.db import Database
from directory.migrate import current_revision, upgrade
from directory.settings import Settings


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("db", help="database schema")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    up = actions.add_parser("upgrade", help="apply every pending migration")
    up.set_defaults(handler=run_upgrade)


async def run_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    db = Database(settings.database_url)
    try:
        await upgrade(db.engine)
        print(f"database at revision {await current_revision(db.engine)}")
    finally:
        await db.dispose()
    return 0
