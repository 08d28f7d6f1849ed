"""The service against PostGraphile 5 on the same PostgreSQL tables (issue 14's table).

Fills (or reuses) a database with N generated organizations, vacuums and analyzes it,
starts ``directory serve`` on loopback (one process by default, ``--workers 1,2`` for more
runs; a huge anonymous budget) once with ``DIRECTORY_RESPONSE_CACHE=off`` and once with it
on, and for each runs the peer tools' ``compare.sh`` (install them once:
``../shared/peer/install.sh /tmp/directory-peer``). Prints one row per query, cache
setting and process count: peer req/s, service req/s, ratio.

    .venv/bin/python bench/peer_compare.py \\
        --url postgresql+asyncpg://postgres@127.0.0.1:5432/directory_peer \\
        --peer /tmp/directory-peer --rounds 3 --seconds 10

The machine is shared: only the ratios (runs alternate with the peer) mean anything.
No timing is asserted anywhere: this script prints numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
DIRECTORY = str(ROOT / ".venv" / "bin" / "directory")
RESULT = re.compile(
    r"query (\S+): peer median ([0-9.]+) req/s, service median ([0-9.]+) req/s, "
    r"ratio service/peer ([0-9.]+)"
)
RUNS: tuple[tuple[str, str], ...] = (("off", "50 50u 10"), ("on", "50 50u 10"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _organizations(dsn: str) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        return int(await conn.fetchval("SELECT count(*) FROM organizations"))
    except asyncpg.UndefinedTableError:
        return 0
    finally:
        await conn.close()


def prepare(url: str, organizations: int) -> str:
    """The database filled with ``organizations`` (reused when it holds them); its libpq DSN."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    admin = make_url(dsn).set(database="postgres").render_as_string(hide_password=False)
    name = make_url(dsn).database

    async def create() -> None:
        conn = await asyncpg.connect(admin)
        try:
            if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
                await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    asyncio.run(create())
    if asyncio.run(_organizations(dsn)) >= organizations:
        return dsn
    env = {**os.environ, "DIRECTORY_DATABASE_URL": url}
    subprocess.run([DIRECTORY, "db", "upgrade"], env=env, check=True)
    subprocess.run(
        [DIRECTORY, "demo", "generate", "--organizations", str(organizations), "--seed", "1"],
        env=env,
        check=True,
    )

    async def analyze() -> None:
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute("VACUUM ANALYZE")
        finally:
            await conn.close()

    asyncio.run(analyze())
    return dsn


def serve(url: str, cache: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DIRECTORY_DATABASE_URL": url,
        "DIRECTORY_ANONYMOUS_BUDGET_PER_HOUR": "1000000000",
        "DIRECTORY_RESPONSE_CACHE": cache,
        "DIRECTORY_EMBEDDED_WORKER": "false",
        "DIRECTORY_VAR_DIR": str(ROOT / "var" / "peer-bench"),
    }
    process = subprocess.Popen(
        [DIRECTORY, "serve", "--port", str(port), "--no-worker", "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    process.terminate()
    raise SystemExit("the service did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--url",
        default=os.environ.get(
            "DIRECTORY_PEER_DATABASE_URL",
            "postgresql+asyncpg://postgres@127.0.0.1:5432/directory_peer",
        ),
    )
    parser.add_argument("--organizations", type=int, default=10_000)
    parser.add_argument("--peer", default="/tmp/directory-peer", help="install.sh's directory")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument(
        "--cache", choices=["off", "on", "both"], default="both", help="response cache runs"
    )
    parser.add_argument(
        "--workers",
        default="1",
        help="service processes, comma-separated for several runs (e.g. 1,2); the issue's "
        "table is for one",
    )
    args = parser.parse_args()
    compare = Path(args.peer) / "compare.sh"
    if not compare.exists():
        raise SystemExit(f"no {compare}: run ../shared/peer/install.sh {args.peer} first")
    dsn = prepare(args.url, args.organizations)
    rows: list[tuple[str, str, int, float, float, float]] = []
    runs = [
        (cache, queries, int(workers))
        for workers in args.workers.split(",")
        for cache, queries in RUNS
        if args.cache in (cache, "both")
    ]
    for cache, queries, workers in runs:
        port = _free_port()
        process = serve(args.url, cache, port, workers)
        try:
            out = subprocess.run(
                [
                    str(compare),
                    dsn,
                    f"http://127.0.0.1:{port}/graphql",
                    str(args.rounds),
                    str(args.concurrency),
                    str(args.seconds),
                ],
                env={**os.environ, "QUERIES": queries},
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        finally:
            process.terminate()
            process.wait(timeout=30)
        for line in out.splitlines():
            print(f"[cache {cache}, {workers} process(es)] {line}", file=sys.stderr)
            found = RESULT.match(line)
            if found:
                q, peer, svc, ratio = found.groups()
                rows.append((f"proj{q}", cache, workers, float(peer), float(svc), float(ratio)))
    print(
        f"{'query':8} {'cache':5} {'procs':>5} {'peer req/s':>11} {'service req/s':>14} "
        f"{'ratio':>6}"
    )
    for q, cache, workers, peer, svc, ratio in rows:
        print(f"{q:8} {cache:5} {workers:5d} {peer:11.1f} {svc:14.1f} {ratio:6.2f}")


if __name__ == "__main__":
    main()
