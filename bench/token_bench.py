"""Requests/s of the token endpoint (client_credentials) and of a bearer-checked request.

Migrates a fresh database (SQLite in a temporary folder by default, or ``--database-url``),
registers one client, starts ``uvicorn --factory server.asgi:create_app`` on loopback and
drives ``POST /oauth/token`` at concurrency C for S seconds; then the same for a
``{ viewer { kind } }`` GraphQL query carrying one of the issued tokens (signature check
plus the per-request revocation lookup). Prints requests/s and latency percentiles.

    .venv/bin/python bench/token_bench.py --concurrency 8 --seconds 10
    .venv/bin/python bench/token_bench.py \\
        --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/directory_bench_tokens

Each token request authenticates the client: the first verification of a secret costs one
argon2 hash (~50 ms), later ones hit the per-process cache of accepted secrets; each token
is one signed JWT and one row insert. The load generator shares the machine's CPUs.
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

import asyncpg
import httpx
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from auth.clients import create_client  # noqa: E402
from directory.db import Database  # noqa: E402
from directory.migrate import upgrade  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def fresh_postgres(url: str) -> None:
    parsed = make_url(url)
    dsn = parsed.set(drivername="postgresql", database="postgres").render_as_string(False)
    admin = await asyncpg.connect(dsn)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{parsed.database}"')
    finally:
        await admin.close()


async def prepare(url: str) -> tuple[str, str]:
    if make_url(url).get_backend_name() == "postgresql":
        await fresh_postgres(url)
    db = Database(url)
    try:
        await upgrade(db.engine)
        client = await create_client(db, name="bench", scope="directory:read")
    finally:
        await db.dispose()
    return client.client_id, client.client_secret


async def drive(send: object, concurrency: int, seconds: float) -> tuple[int, list[float], int]:
    latencies: list[float] = []
    failures = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal failures
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            ok = await send()  # type: ignore[operator]
            latencies.append(time.perf_counter() - started)
            failures += 0 if ok else 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return len(latencies), latencies, failures


def report(name: str, count: int, latencies: list[float], failures: int, seconds: float) -> None:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p95 = ordered[int(len(ordered) * 0.95) - 1] * 1000
    print(
        f"{name:<28} {count / seconds:8.1f} req/s   p50 {p50:6.1f} ms   p95 {p95:6.1f} ms"
        f"   failures {failures}"
    )


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{tmp}/bench.db"
        client_id, secret = await prepare(url)
        port = free_port()
        env = {
            **os.environ,
            "DIRECTORY_DATABASE_URL": url,
            "DIRECTORY_VAR_DIR": tmp,
            "DIRECTORY_ISSUER": f"http://127.0.0.1:{port}",
        }
        server = subprocess.Popen(  # noqa: ASYNC220 - a long-lived child, not awaited
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
            cwd=REPO,
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            limits = httpx.Limits(max_connections=args.concurrency)
            async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
                for _ in range(100):
                    try:
                        if (await http.get("/healthz")).status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    await asyncio.sleep(0.1)
                auth = httpx.BasicAuth(client_id, secret)
                form = {"grant_type": "client_credentials"}
                token = (await http.post("/oauth/token", data=form, auth=auth)).json()[
                    "access_token"
                ]

                async def get_token() -> bool:
                    return (
                        await http.post("/oauth/token", data=form, auth=auth)
                    ).status_code == 200

                headers = {"Authorization": f"Bearer {token}"}
                query = {"query": "{ viewer { kind } }"}

                async def use_token() -> bool:
                    response = await http.post("/graphql", json=query, headers=headers)
                    return response.status_code == 200

                backend = make_url(url).get_backend_name()
                print(
                    f"database {backend}, concurrency {args.concurrency}, {args.seconds:.0f} s each"
                )
                count, latencies, failures = await drive(get_token, args.concurrency, args.seconds)
                report("POST /oauth/token", count, latencies, failures, args.seconds)
                count, latencies, failures = await drive(use_token, args.concurrency, args.seconds)
                report("POST /graphql with bearer", count, latencies, failures, args.seconds)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--database-url")
    asyncio.run(main(parser.parse_args()))
