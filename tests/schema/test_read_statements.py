"""The standard query runs a fixed number of SQL statements, whatever the page size."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import event

from directory.db import Database
from tests.schema.reads import listing

STANDARD = """
query($n: Int!) { organizations(first: $n) { nodes {
  id name
  services(first: 10) { nodes { id name categories { code name } } }
  serviceAreas { jurisdiction { code name } municipality }
  contacts { name phones { number } }
} } }
"""


async def statements_for(
    db: Database, client: httpx.AsyncClient, n: int, query: str = STANDARD
) -> int:
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", count)
    try:
        response = await client.post("/graphql", json={"query": query, "variables": {"n": n}})
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", count)
    body = response.json()
    assert "errors" not in body, body
    assert len(body["data"]["organizations"]["nodes"]) == n
    return len(seen)


async def test_statement_count_does_not_grow_with_the_page(
    db: Database, client: httpx.AsyncClient
) -> None:
    for i in range(50):
        await listing(
            db,
            f"org-{i:02}",
            f"Organización {i:02}",
            service_areas=[{"code": "MX-CMX"}],
            services=[
                {
                    "name": "Albergue",
                    "categories": ["emergency-shelter"],
                    "service_areas": [{"code": "MX-JAL"}],
                },
                {"name": "Asesoría", "categories": ["legal-aid"]},
            ],
            contacts=[{"name": "Mesa", "phones": [{"number": f"+52 55 5555 {1000 + i}"}]}],
        )
    five = await statements_for(db, client, 5)
    fifty = await statements_for(db, client, 50)
    assert five == fifty
    assert fifty <= 6
    # The total rides on the page's own statement: asking for it costs no statement more.
    counted = STANDARD.replace(
        "organizations(first: $n) {", "organizations(first: $n) { totalCount"
    )
    assert counted != STANDARD
    assert await statements_for(db, client, 50, counted) == fifty
