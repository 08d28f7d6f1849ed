"""Requests/s, p50 and p99 of the standard and a search GraphQL query, and SQL per request.

Fills a database with N generated organizations (``directory.demo.generate``; reused when it
already holds them), serves it with uvicorn on loopback in a child process, and drives each
query over HTTP at concurrency C for S seconds. SQL statements per request are counted
in-process with a SQLAlchemy ``before_cursor_execute`` hook on the same database.

    .venv/bin/python bench/graphql_bench.py --organizations 10000 --first 50 \\
        --concurrency 8 --seconds 20 \\
        --url postgresql+asyncpg://postgres@127.0.0.1:5432/directory_graphql_bench

On PostgreSQL the filled database is vacuumed and analyzed before measuring, as autovacuum
does on a running server (the dev server runs with ``autovacuum = off``): without planner
statistics the batch queries ``WHERE organization_id IN (…)`` fall back to sequential scans,
and without a visibility map ``totalCount`` cannot use an index-only scan.

No timing is asserted anywhere: this script prints numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directory.db import Database  # noqa: E402
from directory.migrate import upgrade  # noqa: E402
from directory.models import Organization  # noqa: E402
from directory.settings import Settings  # noqa: E402

STANDARD = """query Standard($n: Int!) { organizations(first: $n) { totalCount nodes {
  id name services(first: 10) { nodes { id name categories { code name } } }
  serviceAreas { jurisdiction { code name } municipality }
  contacts { name phones { number display } } } } }"""
SEARCH = """query Search($n: Int!, $q: String!) { organizations(first: $n, filter: {search: $q}) {
  totalCount nodes { id name jurisdictions { code name } phones { number } } } }"""


async def ensure_database(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    admin = await asyncpg.connect(
        parsed.set(drivername="postgresql", database="postgres").render_as_string(False)
    )
    try:
        exists = await admin.fetchval(
            "SELECT 1 FROM pg_database WHERE datname = $1", parsed.database
        )
        if not exists:
            await admin.execute(f'CREATE DATABASE "{parsed.database}"')
    finally:
        await admin.close()


async def vacuum_analyze(url: str) -> None:
    """Planner statistics and the visibility map, as autovacuum keeps them on a live server."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    connection = await asyncpg.connect(parsed.set(drivername="postgresql").render_as_string(False))
    try:
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()


async def fill(url: str, organizations: int, seed: int) -> int:
    await ensure_database(url)
    db = Database(url)
    try:
        await upgrade(db.engine)
        async with db.session() as session:
            have = int(await session.scalar(select(func.count()).select_from(Organization)) or 0)
        if have < organizations:
            from directory.demo.generate import generate

            await generate(db, organizations - have, seed=seed)
        await vacuum_analyze(url)
        async with db.session() as session:
            return int(await session.scalar(select(func.count()).select_from(Organization)) or 0)
    finally:
        await db.dispose()


def create_app(settings: Settings | None = None, database: Database | None = None) -> Any:
    """The whole service; if it cannot be imported (a half-finished part of the working
    tree), a Starlette app with only ``/graphql`` and ``/healthz``, wired the same way."""
    try:
        from server.asgi import create_app as full_app
    except ImportError as missing:
        print(f"note: serving /graphql alone ({missing})", file=sys.stderr)
    else:
        return full_app(settings, database)
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from auth.budget import MemoryBudget
    from server.graphql_http import graphql_endpoint

    settings = settings or Settings.from_env()
    db = database or Database(settings.database_url)

    async def healthz(request: Any) -> PlainTextResponse:
        return PlainTextResponse("ok")

    app = Starlette(routes=[Route("/healthz", healthz), Route("/graphql", graphql_endpoint(None))])
    app.state.settings, app.state.db, app.state.budget = settings, db, MemoryBudget()
    return app


async def statements_per_request(url: str, payload: dict[str, Any]) -> int:
    db = Database(url)
    app = create_app(Settings(database_url=url, anonymous_budget_per_hour=10**9), database=db)
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            await client.post("/graphql", json=payload)  # warm caches
            event.listen(db.engine.sync_engine, "before_cursor_execute", count)
            response = await client.post("/graphql", json=payload)
            event.remove(db.engine.sync_engine, "before_cursor_execute", count)
            assert "errors" not in response.json(), response.text[:500]
    finally:
        await db.dispose()
    return len(seen)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_service(url: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DIRECTORY_DATABASE_URL": url,
        "DIRECTORY_VAR_DIR": tempfile.mkdtemp(prefix="graphql-bench-"),
        "DIRECTORY_ANONYMOUS_BUDGET_PER_HOUR": str(10**9),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "server.asgi:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("the service did not start")


async def drive(
    base: str, payload: dict[str, Any], concurrency: int, seconds: float
) -> tuple[int, int, list[float]]:
    latencies: list[float] = []
    failures = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        await client.post("/graphql", json=payload)
        stop = time.monotonic() + seconds

        async def loop() -> None:
            nonlocal failures
            while time.monotonic() < stop:
                began = time.perf_counter()
                response = await client.post("/graphql", json=payload)
                latencies.append(time.perf_counter() - began)
                if response.status_code != 200 or "errors" in response.json():
                    failures += 1

        await asyncio.gather(*(loop() for _ in range(concurrency)))
    return len(latencies), failures, latencies


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--url",
        default=os.environ.get("DIRECTORY_BENCH_DATABASE_URL")
        or "postgresql+asyncpg://postgres@127.0.0.1:5432/directory_graphql_bench",
    )
    parser.add_argument("--organizations", type=int, default=10_000)
    parser.add_argument("--first", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--search", default="trata")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    total = asyncio.run(fill(args.url, args.organizations, args.seed))
    queries = {
        "standard": {"query": STANDARD, "variables": {"n": args.first}},
        "search": {"query": SEARCH, "variables": {"n": args.first, "q": args.search}},
    }
    statements = {
        name: asyncio.run(statements_per_request(args.url, payload))
        for name, payload in queries.items()
    }
    port = free_port()
    process = start_service(args.url, port)
    try:
        print(
            f"{total} organizations on {make_url(args.url).get_backend_name()}, first "
            f"{args.first}, concurrency {args.concurrency}, {args.seconds:g} s per query; "
            f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
        )
        print(f"{'query':10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'SQL/req':>8} {'failed':>7}")
        for name, payload in queries.items():
            done, failed, latencies = asyncio.run(
                drive(f"http://127.0.0.1:{port}", payload, args.concurrency, args.seconds)
            )
            print(
                f"{name:10} {done / args.seconds:8.1f} "
                f"{statistics.median(latencies) * 1000 if latencies else 0:8.1f} "
                f"{percentile(latencies, 0.99) * 1000:8.1f} {statements[name]:8d} {failed:7d}"
            )
        print(f"load average {os.getloadavg()[0]:.2f} at the end")
    finally:
        process.terminate()
        process.wait(timeout=15)


if __name__ == "__main__":
    main()
