"""``directory worker``: send webhook deliveries until SIGTERM or SIGINT.

``directory serve`` runs one inside each service process unless ``--no-worker``; run
separate workers when several service processes share a database and you want sending
apart from serving. Any number of workers may run against one PostgreSQL database.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import signal

from directory.db import Database
from directory.settings import Settings
from directory.webhooks.worker import Config


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("worker", help="send webhook deliveries (until SIGTERM)")
    parser.add_argument(
        "--batch", type=int, default=20, help="deliveries claimed and sent at once (default 20)"
    )
    parser.add_argument(
        "--lease",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="how long a claimed attempt stays reserved; a worker killed mid-send has its "
        "attempts sent again after this (default 30; keep it above the 10 s send timeout)",
    )
    parser.set_defaults(handler=run_worker)


async def run_worker(args: argparse.Namespace, settings: Settings) -> int:
    from server.webhooks import build_worker

    if args.batch < 1:
        raise ValueError("--batch must be at least 1")
    if args.lease <= 0:
        raise ValueError("--lease must be positive")
    db = Database(settings.database_url)
    worker = build_worker(
        settings,
        db,
        Config(
            allow_private=settings.webhook_allow_private,
            batch=args.batch,
            lease=dt.timedelta(seconds=args.lease),
        ),
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await worker.run(stop)
    finally:
        await worker.close()
        await db.dispose()
    return 0
