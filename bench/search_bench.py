"""p50/p95 latency of the search GraphQL query against databases of different sizes.

Runs ``organizations(filter: {search: …})`` (the query of ``bench/graphql_bench.py``:
first 50, ``totalCount``, names, jurisdictions, phones) in-process over ASGI, one request
at a time, against each database given, with the response cache off (every answer is
recomputed), or with ``--new-documents`` on but missed by every request (a new alias each
time: only the search's count is kept, until the change feed moves). Only reads: the databases are not migrated, filled or written to (no
lifespan runs, so the workspace client is not registered).

    .venv/bin/python bench/search_bench.py --runs 50 \\
        postgresql+asyncpg://postgres@127.0.0.1:5432/directory_peer \\
        postgresql+asyncpg://postgres@127.0.0.1:5432/directory_100k

It prints numbers and the ratio of each p50 to the first database's; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directory.db import Database  # noqa: E402
from directory.models import Organization  # noqa: E402
from directory.settings import Settings  # noqa: E402
from server.asgi import create_app  # noqa: E402

SEARCH = """query Search($n: Int!, $q: String!) { organizations(first: $n, filter: {search: $q}) {
  totalCount nodes { id name jurisdictions { code name } phones { number } } } }"""
SEARCH_NO_TOTAL = """query Search($n: Int!, $q: String!) {
  organizations(first: $n, filter: {search: $q}) {
  nodes { id name jurisdictions { code name } phones { number } } } }"""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


async def measure(
    url: str, payload: dict[str, Any], runs: int, new_documents: bool = False
) -> tuple[int, list[float], Any]:
    """(organizations in the database, latencies in seconds, the last answer's data).

    ``new_documents``: the response cache on, and every request a new document (its root
    field aliased ``o<run>``), so no answer is served from it: what is kept between
    requests is the search's count (``directory.count_cache``)."""
    settings = Settings(
        database_url=url,
        anonymous_budget_per_hour=10**9,
        response_cache=new_documents,
        var_dir=Path(tempfile.mkdtemp(prefix="search-bench-")),
    )
    db = Database(url)
    app = create_app(settings, database=db)
    latencies: list[float] = []
    data: Any = None
    try:
        async with db.read_session() as session:
            count = int(await session.scalar(select(func.count()).select_from(Organization)) or 0)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for run in range(runs + 3):  # three warm-up requests
                sent = payload
                if new_documents:
                    query = payload["query"].replace("organizations(", f"o{run}: organizations(", 1)
                    sent = {**payload, "query": query}
                began = time.perf_counter()
                response = await client.post("/graphql", json=sent)
                elapsed = time.perf_counter() - began
                body = response.json()
                if response.status_code != 200 or "errors" in body:
                    raise SystemExit(f"{url}: {response.status_code} {response.text[:300]}")
                if run >= 3:
                    latencies.append(elapsed)
                data = {"organizations": next(iter(body["data"].values()))}
    finally:
        await db.dispose()
    return count, latencies, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+", metavar="URL", help="database URLs, smallest first")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--first", type=int, default=50)
    parser.add_argument("--search", default="trata")
    parser.add_argument("--no-total", action="store_true", help="leave totalCount out of the query")
    parser.add_argument(
        "--new-documents",
        action="store_true",
        help="response cache on, a new document every request (only the count is kept)",
    )
    args = parser.parse_args()
    payload = {
        "query": SEARCH_NO_TOTAL if args.no_total else SEARCH,
        "variables": {"n": args.first, "q": args.search},
    }
    print(
        f"search {args.search!r}, first {args.first}, "
        f"{'without' if args.no_total else 'with'} totalCount, {args.runs} runs, "
        f"{'a new document each request, response cache on' if args.new_documents else 'response cache off'}; "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
    )
    print(f"{'database':<20} {'orgs':>8} {'total':>8} {'p50 ms':>8} {'p95 ms':>8} {'x p50':>6}")
    first_p50: float | None = None
    for url in args.urls:
        count, latencies, data = asyncio.run(measure(url, payload, args.runs, args.new_documents))
        p50 = statistics.median(latencies) * 1000
        first_p50 = first_p50 or p50
        total = data["organizations"].get("totalCount", "-")
        print(
            f"{make_url(url).database or url:<20} {count:>8} {total!s:>8} {p50:>8.1f} "
            f"{percentile(latencies, 0.95) * 1000:>8.1f} {p50 / first_p50:>6.2f}"
        )
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
