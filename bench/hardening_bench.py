"""Issue 13's availability reproductions against the in-process app: how long each refusal
takes, and how much the process grows after distinct large documents.

Run: .venv/bin/python -m bench.hardening_bench
"""

from __future__ import annotations

import asyncio
import resource
import tempfile
import time
from pathlib import Path

import httpx
from graphql import get_introspection_query

from directory.db import Database
from directory.migrate import upgrade
from directory.settings import Settings
from server.asgi import create_app


def _fragments(n: int) -> str:
    body = "".join(
        f"fragment F{i} on Viewer{{...F{i + 1} a{i}:kind ...F{i + 1}}} " for i in range(n)
    )
    return "query{viewer{...F0}} " + body + f"fragment F{n} on Viewer{{kind}}"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        db = Database(url)
        await upgrade(db.engine)
        settings = Settings(
            database_url=url,
            issuer="http://bench",
            signing_key=Path(folder) / "key.pem",
            var_dir=Path(folder),
            anonymous_budget_per_hour=10**9,
        )
        app = create_app(settings, database=db)
        full = get_introspection_query()
        inner = full.split("{", 1)[1].rsplit("}", 1)[0].strip()
        cases = {
            "fragment explosion n=30": _fragments(30),
            "149k __typename aliases (2.4 MB)": "{"
            + " ".join(f"a{i}:__typename" for i in range(149_000))
            + "}",
            "3,000 jurisdictions aliases": "{"
            + " ".join(f"j{i}:jurisdictions{{code name country type}}" for i in range(3_000))
            + "}",
            "60 full introspections": "query{"
            + " ".join(f"s{i}:{inner}" for i in range(60))
            + "} "
            + full[full.index("fragment ") :],
        }
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://bench"
            ) as http,
        ):
            for name, query in cases.items():
                started = time.perf_counter()
                response = await http.post("/graphql", json={"query": query})
                elapsed = (time.perf_counter() - started) * 1000
                code = response.json()["errors"][0]["extensions"]["code"]
                print(f"{name:40} {response.status_code} {code:18} {elapsed:8.1f} ms")
            before = _rss_mb()
            for i in range(5):
                doc = "{" + f"x{i}: __typename " + " " * 900_000 + "}"
                await http.post("/graphql", json={"query": doc})
            print(f"max RSS after 5 distinct 0.9 MB documents: {before:.0f} -> {_rss_mb():.0f} MB")
        await db.dispose()


if __name__ == "__main__":
    asyncio.run(main())
