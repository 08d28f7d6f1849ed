"""Time and peak memory of ``directory export`` on N organizations on PostgreSQL.

Fills a PostgreSQL database with N generated organizations (``directory demo generate``;
reused when it already holds exactly N), then runs ``directory export`` for each format in
a fresh process and reports wall time, peak resident memory of that process (getrusage
of the child) and the size of what it wrote.

    DIRECTORY_TEST_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/directory_dev \\
        .venv/bin/python bench/export_bench.py --organizations 100000

Run it with a smaller N as well: flat memory means the peak hardly moves with N.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE = "directory_bench_export"
PEAK_WRAPPER = (
    "import resource, sys\n"
    "from server.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "sys.stderr.write(f'PEAK_KIB {peak}\\n')\n"
    "sys.exit(code)\n"
)
"""Runs the CLI in the child and reports the child's own peak RSS (KiB on Linux)."""


def _dsn(url: str, database: str) -> str:
    return make_url(url).set(drivername="postgresql", database=database).render_as_string(False)


async def _prepare(base_url: str, database: str) -> tuple[str, int]:
    admin = await asyncpg.connect(_dsn(base_url, "postgres"))
    try:
        exists = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database)
        if not exists:
            await admin.execute(f'CREATE DATABASE "{database}"')
    finally:
        await admin.close()
    url = make_url(base_url).set(database=database).render_as_string(False)
    count = 0
    connection = await asyncpg.connect(_dsn(base_url, database))
    try:
        if await connection.fetchval("SELECT to_regclass('organizations')"):
            count = await connection.fetchval("SELECT count(*) FROM organizations")
    finally:
        await connection.close()
    return url, int(count)


def _directory(args: list[str], url: str) -> tuple[float, int, subprocess.CompletedProcess[str]]:
    """Run ``directory ARGS`` in a child; wall seconds and the child's peak RSS in KiB."""
    env = {**os.environ, "DIRECTORY_DATABASE_URL": url}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", PEAK_WRAPPER, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"directory {' '.join(args)} failed: {result.stderr.strip()}")
    peak = int(result.stderr.rsplit("PEAK_KIB ", 1)[1].split()[0])
    return elapsed, peak, result


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organizations", type=int, default=100_000)
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--visibility", default="public")
    parser.add_argument(
        "--format",
        choices=("hsds-json", "hsds-csv"),
        action="append",
        dest="formats",
        help="only this format (repeatable; both by default)",
    )
    args = parser.parse_args()
    base = os.environ.get("DIRECTORY_TEST_POSTGRES_URL")
    if not base:
        raise SystemExit("set DIRECTORY_TEST_POSTGRES_URL to a PostgreSQL URL")
    url, count = asyncio.run(_prepare(base, args.database))
    _directory(["db", "upgrade"], url)
    if count != args.organizations:
        if count:
            raise SystemExit(
                f"{args.database} holds {count} organizations, not {args.organizations}: "
                "drop it or pass --database"
            )
        seconds, _, result = _directory(
            ["demo", "generate", "--organizations", str(args.organizations)], url
        )
        print(f"generate: {result.stdout.strip()} ({seconds:.0f}s)")
    out = Path(tempfile.mkdtemp(prefix="export-bench-"))
    print(f"export of {args.organizations} organizations ({args.visibility}) on PostgreSQL")
    print(f"{'format':<10} {'seconds':>8} {'orgs/s':>8} {'peak RSS MiB':>13} {'output MiB':>11}")
    try:
        for fmt, name in (("hsds-json", "export.json"), ("hsds-csv", "package")):
            if args.formats and fmt not in args.formats:
                continue
            target = out / name
            seconds, peak_kib, _ = _directory(
                ["export", "--format", fmt, "--out", str(target), "--visibility", args.visibility],
                url,
            )
            print(
                f"{fmt:<10} {seconds:>8.1f} {args.organizations / seconds:>8.0f} "
                f"{peak_kib / 1024:>13.0f} {_size(target) / 2**20:>11.0f}"
            )
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
