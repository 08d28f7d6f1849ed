"""updateOrganization requests/s at concurrency C on PostgreSQL, over HTTP (uvicorn on
loopback).

Creates (or recreates) a PostgreSQL database, migrates it and creates one organization per
client task, starts uvicorn in a subprocess serving the mutation schema, then drives
``updateOrganization`` with C concurrent clients for S seconds, twice: each client on its
own organization (writers only meet on the feed lock), and all clients on one organization
(writers also queue on its row). Prints requests/s and latency percentiles, and checks
afterwards that every accepted update left exactly one revision and one change event and
that the feed has no gap.

    DIRECTORY_TEST_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/directory_dev \\
        .venv/bin/python bench/mutation_bench.py --concurrency 8 --seconds 10

The app served is ``bench.mutation_bench:bench_app``: the served schema (``schema.api``)
with a fixed ``directory:write`` caller,
so what is measured is the write path (parse, authorize, validate, version bump,
revision, reindex, feed event, commit), not token verification.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from directory.audit import Actor  # noqa: E402
from directory.db import Database  # noqa: E402
from directory.listings.organizations import create_listing  # noqa: E402
from directory.listings.specs import OrganizationSpec  # noqa: E402
from directory.migrate import upgrade  # noqa: E402
from directory.models import ChangeEvent, Revision  # noqa: E402

DATABASE = "directory_bench_mutations"
UPDATE = (
    "mutation U($input: UpdateOrganizationInput!) { updateOrganization(input: $input) "
    "{ organization { version } userErrors { code } } }"
)


def bench_app() -> Any:
    """The ASGI app uvicorn serves (``--factory``)."""
    from graphql_relay import to_global_id  # noqa: F401
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from auth.principal import Principal, PrincipalKind
    from schema.api import build_schema
    from schema.context import RequestContext

    schema = build_schema()
    db = Database(os.environ["BENCH_DATABASE_URL"], pool_size=16, max_overflow=0)
    caller = Principal(PrincipalKind.CLIENT, ("directory:write",), "bench")

    async def graphql(request: Request) -> JSONResponse:
        body = await request.json()
        context = RequestContext(db, caller, fresh=True)
        try:
            result = await schema.execute_async(
                body["query"], variable_values=body.get("variables"), context_value=context
            )
        finally:
            await context.close()
        payload: dict[str, Any] = {"data": result.data}
        if result.errors:
            payload["errors"] = [e.formatted for e in result.errors]
        return JSONResponse(payload)

    return Starlette(routes=[Route("/graphql", graphql, methods=["POST"])])


async def prepare(url: str, organizations: int) -> list[uuid.UUID]:
    parsed = make_url(url)
    admin = await asyncpg.connect(
        parsed.set(drivername="postgresql", database="postgres").render_as_string(False)
    )
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{DATABASE}"')
    finally:
        await admin.close()
    db = Database(bench_url(url))
    await upgrade(db.engine)
    ids = []
    for i in range(organizations):
        async with db.write() as session:
            spec = {
                "slug": f"bench-{i}",
                "name": f"Bench organization {i}",
                "country": "MX",
                "service_areas": [{"code": "MX-CMX"}],
                "services": [{"name": "Línea", "categories": ["hotline"]}],
            }
            org = await create_listing(
                session,
                Actor.system("bench"),
                OrganizationSpec.from_mapping(spec),
                allow_duplicate=True,
            )
            ids.append(org.id)
    await db.dispose()
    return ids


def bench_url(url: str) -> str:
    return make_url(url).set(database=DATABASE).render_as_string(False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def drive(
    base: str, targets: list[uuid.UUID], concurrency: int, seconds: float
) -> tuple[int, list[float], int]:
    from graphql_relay import to_global_id

    latencies: list[float] = []
    failures = 0
    deadline = time.perf_counter() + seconds

    async def client(n: int) -> None:
        nonlocal failures
        target = to_global_id("Organization", str(targets[n % len(targets)]))
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            i = 0
            while time.perf_counter() < deadline:
                i += 1
                variables = {"input": {"id": target, "description": f"client {n} update {i}"}}
                start = time.perf_counter()
                response = await http.post(
                    "/graphql", json={"query": UPDATE, "variables": variables}
                )
                latencies.append(time.perf_counter() - start)
                data = response.json()
                if (
                    response.status_code != 200
                    or data.get("errors")
                    or data["data"]["updateOrganization"]["userErrors"]
                ):
                    failures += 1

    await asyncio.gather(*(client(n) for n in range(concurrency)))
    return len(latencies), latencies, failures


async def check(url: str) -> tuple[int, int, int, int]:
    db = Database(bench_url(url))
    async with db.session() as session:
        revisions = await session.scalar(
            select(func.count()).select_from(Revision).where(Revision.operation == "update")
        )
        events = await session.scalar(
            select(func.count()).select_from(ChangeEvent).where(ChangeEvent.kind == "UPDATED")
        )
        low, high, total = (
            await session.execute(
                select(func.min(ChangeEvent.id), func.max(ChangeEvent.id), func.count())
            )
        ).one()
    await db.dispose()
    return int(revisions or 0), int(events or 0), int(high - low + 1), int(total)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--database-url", default=os.environ.get("DIRECTORY_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith("postgresql"):
        sys.exit("set DIRECTORY_TEST_POSTGRES_URL (or --database-url) to a PostgreSQL URL")
    targets = asyncio.run(prepare(args.database_url, args.concurrency))
    port = free_port()
    env = {**os.environ, "BENCH_DATABASE_URL": bench_url(args.database_url)}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "bench.mutation_bench:bench_app",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"],
        cwd=REPO, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.post(f"{base}/graphql", json={"query": "{ __typename }"}, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        total_ok = 0
        print(
            f"updateOrganization over HTTP, concurrency {args.concurrency}, {args.seconds:g} s each"
        )
        for label, chosen in (
            ("one organization per client", targets),
            ("all clients on one organization", targets[:1]),
        ):
            count, latencies, failures = asyncio.run(
                drive(base, chosen, args.concurrency, args.seconds)
            )
            total_ok += count - failures
            q = statistics.quantiles(latencies, n=100)
            print(
                f"  {label:34} {count / args.seconds:8.1f} req/s   p50 {q[49] * 1000:6.1f} ms"
                f"   p95 {q[94] * 1000:6.1f} ms   p99 {q[98] * 1000:6.1f} ms   failures {failures}"
            )
        revisions, events, span, feed = asyncio.run(check(args.database_url))
        print(
            f"  accepted updates {total_ok}, update revisions {revisions}, UPDATED events {events};"
            f" feed ids span {span} for {feed} events ({'no gap' if span == feed else 'GAP'})"
        )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
