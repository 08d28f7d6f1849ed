"""Webhook delivery latency (change committed -> receiver got it) and one worker's throughput.

    .venv/bin/python bench/webhook_bench.py [--database-url URL] [--changes 200] [--burst 1000]

Without ``--database-url`` a fresh SQLite file is used. A local receiver on loopback answers
200; one embedded-style worker (default settings: 0.25 s poll, batch 20) sends. Latency:
changes are committed one at a time, spaced out, each timed from its commit to its arrival.
Throughput: ``--burst`` changes are committed with no worker running, then one worker drains
the queue and the deliveries per second are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auth.clients import create_client  # noqa: E402
from directory.audit import Actor  # noqa: E402
from directory.db import Database  # noqa: E402
from directory.listings.organizations import create_listing, update_organization  # noqa: E402
from directory.listings.specs import OrganizationSpec  # noqa: E402
from directory.migrate import upgrade  # noqa: E402
from directory.settings import Settings  # noqa: E402
from directory.webhooks.subscriptions import create_subscription  # noqa: E402
from directory.webhooks.worker import Config  # noqa: E402
from server.webhooks import build_worker, running_worker  # noqa: E402

ACTOR = Actor.system("bench")
arrivals: dict[str, float] = {}
lock = threading.Lock()


class Server(ThreadingHTTPServer):
    request_queue_size = 128  # a worker opens up to a batch of connections at once


class Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        with lock:
            arrivals.setdefault(self.headers["webhook-id"], time.perf_counter())
        self.send_response(200)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--burst", type=int, default=1000)
    args = parser.parse_args()
    url = args.database_url or f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/bench.db"
    db = Database(url)
    await upgrade(db.engine)
    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    client = await create_client(db, name="bench", scope="directory:read")
    spec = {
        "slug": f"bench-{time.time_ns()}",
        "name": "Bench",
        "country": "MX",
        "language": "es",
        "service_areas": [{"code": "MX-CMX"}],
    }
    async with db.write() as session:
        org = (
            await create_listing(
                session, ACTOR, OrganizationSpec.from_mapping(spec), allow_duplicate=True
            )
        ).id
        await create_subscription(
            session,
            client_id=client.client_id,
            scope="directory:read",
            url=endpoint,
            description=None,
            allow_private=True,
        )
    settings = dataclasses.replace(Settings(), webhook_allow_private=True)
    config = Config(allow_private=True)

    from sqlalchemy import select

    from directory.webhooks.models import WebhookDelivery
    from directory.webhooks.worker import message_id

    async def committed_update(i: int) -> tuple[str, float]:
        async with db.write() as session:
            await update_organization(
                session, ACTOR, org, OrganizationSpec.from_mapping({"description": f"cambio {i}"})
            )
            event_id = await session.scalar(
                select(WebhookDelivery.id).order_by(WebhookDelivery.created_at.desc()).limit(1)
            )
        assert event_id is not None
        return message_id(event_id), time.perf_counter()

    latencies: list[float] = []
    async with running_worker(build_worker(settings, db, config)):
        await asyncio.sleep(0.5)
        for i in range(args.changes):
            webhook_id, committed = await committed_update(i)
            while webhook_id not in arrivals:  # noqa: ASYNC110 (the receiver is a thread)
                await asyncio.sleep(0.002)
            latencies.append(arrivals[webhook_id] - committed)
            await asyncio.sleep(0.05)
    print(f"database: {db.dialect}; poll interval {config.poll} s, batch {config.batch}")
    print(
        f"latency commit -> received over {len(latencies)} changes: "
        f"p50 {percentile(latencies, 50) * 1000:.0f} ms, "
        f"p99 {percentile(latencies, 99) * 1000:.0f} ms, "
        f"mean {statistics.mean(latencies) * 1000:.0f} ms"
    )

    before = len(arrivals)
    for i in range(args.burst):
        await committed_update(10_000 + i)
    worker = build_worker(settings, db, config)
    started = time.perf_counter()
    sent = 0
    while (n := await worker.run_once()) > 0:
        sent += n
    elapsed = time.perf_counter() - started
    await worker.close()
    print(
        f"throughput of one worker: {sent} deliveries in {elapsed:.2f} s = "
        f"{sent / elapsed:.0f} per second (receiver got {len(arrivals) - before})"
    )
    server.shutdown()
    await db.dispose()


if __name__ == "__main__":
    asyncio.run(main())
