"""Requests/s of the standard GraphQL query with 1 and with 2 service worker processes.

Fills a PostgreSQL database with N generated organizations (``directory demo generate``;
reused when it already holds them), then for each worker count starts ``directory serve
--workers W`` on a free port and drives the standard query — the first 50 organizations
with their services, service areas, and contacts with phones — at concurrency C for S
seconds. Prints requests/s, latency percentiles and what the service's own ``/metrics``
says (SQL statements per request, pool use), the numbers a dashboard should chart.

    DIRECTORY_TEST_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/directory_dev \\
        .venv/bin/python bench/workers_bench.py --organizations 10000 --concurrency 8

The load generator runs on the same machine as the service: with few CPUs it competes
with the workers, so compare the two rows with each other, not with another machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncpg
import httpx
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE = "directory_bench_workers"

STANDARD_QUERY = """query StandardQuery { organizations(first: 50) { totalCount nodes {
  id name services(first: 10) { nodes { id name categories { code name } } }
  serviceAreas { jurisdiction { code name } municipality }
  contacts { name phones { number display } } } } }"""
"""The same standard query as ``bench/graphql_bench.py``, for the first 50 organizations."""


def database_url(args: argparse.Namespace) -> str:
    if args.database_url:
        return str(args.database_url)
    base = os.environ.get("DIRECTORY_BENCH_POSTGRES_URL") or os.environ.get(
        "DIRECTORY_TEST_POSTGRES_URL"
    )
    if not base:
        sys.exit("set --database-url or DIRECTORY_TEST_POSTGRES_URL (a PostgreSQL server)")
    return make_url(base).set(database=DEFAULT_DATABASE).render_as_string(hide_password=False)


async def ensure_database(url: str) -> None:
    parsed = make_url(url)
    admin_dsn = parsed.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    admin = await asyncpg.connect(admin_dsn)
    try:
        exists = await admin.fetchval(
            "SELECT 1 FROM pg_database WHERE datname = $1", parsed.database
        )
        if not exists:
            await admin.execute(f'CREATE DATABASE "{parsed.database}"')
    finally:
        await admin.close()


async def organization_count(url: str) -> int:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        return int(await connection.fetchval("SELECT count(*) FROM organizations"))
    finally:
        await connection.close()


def directory(env: dict[str, str], *args: str) -> None:
    command = [sys.executable, "-m", "server", *args]
    print("$ directory", " ".join(args), flush=True)
    subprocess.run(command, env=env, cwd=REPO, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_service(
    env: dict[str, str], workers: int, log: Path
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    with log.open("ab") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "server",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            env=env,
            cwd=REPO,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the service exited early; see {log}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    process.kill()
    sys.exit(f"the service did not become ready; see {log}")


def stop_service(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


async def drive(url: str, concurrency: int, seconds: float) -> tuple[int, int, list[float]]:
    """Send the standard query from ``concurrency`` loops for ``seconds``; count answers."""
    ok = failed = 0
    latencies: list[float] = []
    body = {"query": STANDARD_QUERY, "operationName": "StandardQuery"}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as http:
        first = await http.post("/graphql", json=body)
        payload = first.json()
        if first.status_code != 200 or payload.get("errors"):
            sys.exit(f"the standard query failed: {first.status_code} {str(payload)[:500]}")
        nodes = payload["data"]["organizations"]["nodes"]
        print(f"  standard query returns {len(nodes)} organizations", flush=True)
        deadline = time.perf_counter() + seconds

        async def loop() -> None:
            nonlocal ok, failed
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                response = await http.post("/graphql", json=body)
                if response.status_code == 200 and '"errors"' not in response.text[:200]:
                    ok += 1
                    latencies.append(time.perf_counter() - started)
                else:
                    failed += 1

        await asyncio.gather(*(loop() for _ in range(concurrency)))
    return ok, failed, latencies


def service_metrics(url: str) -> dict[str, float]:
    """A few of the service's own numbers from ``/metrics`` (summed over its workers)."""
    text = httpx.get(f"{url}/metrics", timeout=10).text
    found: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = sample.labels
            if labels.get("route") == "/graphql" or sample.name.startswith(
                ("directory_db_pool", "directory_graphql_query_cost")
            ):
                key = sample.name + (f"[{labels['database']}]" if "database" in labels else "")
                if key.endswith(("_sum", "_count")) or "pool" in key or "status" in labels:
                    found[key] = found.get(key, 0.0) + sample.value
    return found


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL URL (default: a bench database)")
    parser.add_argument("--organizations", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()

    url = database_url(args)
    asyncio.run(ensure_database(url))
    scratch = Path(tempfile.mkdtemp(prefix="workers-bench-"))
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "DIRECTORY_DATABASE_URL": url,
        "DIRECTORY_VAR_DIR": str(scratch),
        # The bench measures throughput, not the hourly cost budget.
        "DIRECTORY_ANONYMOUS_BUDGET_PER_HOUR": str(10**12),
        "DIRECTORY_CLIENT_BUDGET_PER_HOUR": str(10**12),
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    directory(env, "db", "upgrade")
    have = asyncio.run(organization_count(url))
    if have < args.organizations:
        directory(env, "demo", "generate", "--organizations", str(args.organizations - have))
    print(
        f"{asyncio.run(organization_count(url))} organizations on PostgreSQL, "
        f"concurrency {args.concurrency}, {args.seconds:.0f} s per run, {os.cpu_count()} CPUs",
        flush=True,
    )

    rows = []
    for workers in args.workers:
        print(f"\n--workers {workers}", flush=True)
        process, service = start_service(env, workers, scratch / f"serve-{workers}.log")
        try:
            ok, failed, latencies = asyncio.run(drive(service, args.concurrency, args.seconds))
            metrics = service_metrics(service)
        finally:
            stop_service(process)
        rate = ok / args.seconds
        statements = metrics.get("directory_sql_statements_per_request_sum", 0.0) / max(
            metrics.get("directory_sql_statements_per_request_count", 0.0), 1.0
        )
        rows.append((workers, rate, latencies, failed, statements))
        print(
            f"  {rate:.1f} requests/s, p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
            f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms, "
            f"mean {statistics.fmean(latencies) * 1000 if latencies else float('nan'):.0f} ms, "
            f"{failed} failed; {statements:.1f} SQL statements per request",
            flush=True,
        )
        for key, value in sorted(metrics.items()):
            print(f"    {key} = {value:g}")

    print("\nworkers  requests/s  p50 ms  p99 ms  failed  sql/request")
    for workers, rate, latencies, failed, statements in rows:
        print(
            f"{workers:>7}  {rate:>10.1f}  {percentile(latencies, 0.5) * 1000:>6.0f}  "
            f"{percentile(latencies, 0.99) * 1000:>6.0f}  {failed:>6}  {statements:>11.1f}"
        )


if __name__ == "__main__":
    main()
