"""``directory demo load | generate``: the demo dataset and synthetic data for scale work."""

from __future__ import annotations

import argparse
import time

from directory.db import Database
from directory.demo.load import load_demo
from directory.settings import Settings


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("demo", help="demo and synthetic data")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    load = actions.add_parser("load", help="load the demo directory (idempotent)")
    load.add_argument(
        "--if-empty", action="store_true", help="only when the directory has no organization yet"
    )
    load.set_defaults(handler=run_load)
    generate = actions.add_parser("generate", help="add N synthetic organizations")
    generate.add_argument("--organizations", type=int, required=True, metavar="N")
    generate.add_argument("--seed", type=int, default=1)
    generate.add_argument("--batch-size", type=int, default=2000)
    generate.set_defaults(handler=run_generate)


async def run_load(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy import func, select

    from directory.models import Organization

    db = Database(settings.database_url)
    try:
        if args.if_empty:
            async with db.session() as session:
                if await session.scalar(select(func.count()).select_from(Organization)):
                    print("demo load skipped: the directory already has organizations")
                    return 0
        report = await load_demo(db)
    finally:
        await db.dispose()
    print(f"demo load: {report.created} organizations created, {report.skipped} already present")
    return 0


async def run_generate(args: argparse.Namespace, settings: Settings) -> int:
    if args.organizations < 1:
        raise ValueError("--organizations must be at least 1")
    if args.batch_size < 1:
        raise ValueError("--batch-size must be at least 1")
    from directory.demo.generate import generate

    db = Database(settings.database_url)
    started = time.perf_counter()
    try:
        counts = await generate(db, args.organizations, seed=args.seed, batch_size=args.batch_size)
    finally:
        await db.dispose()
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{n} {table}" for table, n in counts.items())
    print(f"generated {summary} in {elapsed:.1f}s")
    return 0
