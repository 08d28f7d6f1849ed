"""The organizations list loads related rows ahead for the whole page and counts search
matches in the same pass: the answers stay exactly what the fields themselves give."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import event

from directory.db import Database
from tests.schema.reads import data, gql, listing

FIELDS = """
  id name description languages jurisdictions { code name }
  services(first: 10) { nodes { id name serviceAreas { municipality } translations { name } } }
  serviceAreas { jurisdiction { code } municipality service { name } }
  contacts { name phones { number } emails { address } }
  phones { number } emails { address } locations { name }
"""
BY_NODES = "query { organizations(first: 10) { nodes {" + FIELDS + "} } }"
BY_FRAGMENTS = (
    "query { organizations(first: 10) { edges { node { ...Listing } } } }"
    " fragment Listing on Organization { id ... on Organization {" + FIELDS + "} }"
)


async def seed(db: Database, count: int, word: str = "Refugio") -> None:
    for i in range(count):
        await listing(
            db,
            f"{word.lower()}-{i:02}",
            f"{word} {i:02}",
            description="Acompañamiento",
            translations={"en": {"name": f"Shelter {i:02}"}},
            service_areas=[{"code": "MX-CMX"}],
            phones=[{"number": f"+52 55 5555 {2000 + i}"}],
            services=[
                {
                    "name": "Albergue",
                    "translations": {"en": {"name": "Shelter"}},
                    "service_areas": [{"code": "MX-JAL", "municipality": "Guadalajara"}],
                }
            ],
            contacts=[
                {"name": "Mesa", "phones": [{"number": f"+52 55 5555 {1000 + i}"}]},
                {
                    "name": "Solo aliados",
                    "visibility": "PARTNERS",
                    "phones": [{"number": f"+52 55 5555 {3000 + i}"}],
                    "emails": [{"address": f"aliados{i}@example.org"}],
                },
            ],
        )


async def statements(
    db: Database, client: httpx.AsyncClient, query: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, Any]]:
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", count)
    try:
        body = await gql(client, query, headers=headers)
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", count)
    assert "errors" not in body, body
    return len(seen), body["data"]


async def test_nodes_edges_and_fragments_answer_alike(
    db: Database, client: httpx.AsyncClient
) -> None:
    await seed(db, 3)
    nodes = (await data(client, BY_NODES))["organizations"]["nodes"]
    edges = (await data(client, BY_FRAGMENTS))["organizations"]["edges"]
    assert [edge["node"] for edge in edges] == nodes
    first = nodes[0]
    assert first["contacts"] == [
        {"name": "Mesa", "phones": [{"number": "+525555551000"}], "emails": []}
    ]
    assert "aliados" not in str(nodes) and "3000" not in str(nodes)
    assert first["services"]["nodes"][0]["serviceAreas"] == [{"municipality": "Guadalajara"}]
    assert first["serviceAreas"][0]["jurisdiction"] == {"code": "MX-CMX"}
    english = await gql(client, BY_NODES, headers={"Accept-Language": "en"})
    named = english["data"]["organizations"]["nodes"][0]
    assert (named["name"], named["services"]["nodes"][0]["name"]) == ("Shelter 00", "Shelter")


async def test_statements_do_not_grow_with_the_page_in_another_language(
    db: Database, client: httpx.AsyncClient
) -> None:
    await seed(db, 12)
    english = {"Accept-Language": "en"}
    small, _ = await statements(db, client, BY_NODES.replace("first: 10", "first: 2"), english)
    large, found = await statements(db, client, BY_NODES, english)
    assert len(found["organizations"]["nodes"]) == 10
    assert small == large


async def test_search_total_count_on_every_page(db: Database, client: httpx.AsyncClient) -> None:
    await seed(db, 5, word="Trata")
    await seed(db, 2, word="Refugio")
    query = (
        "query($after: String, $last: Int, $first: Int) { organizations("
        ' filter: {search: "trata"}, first: $first, after: $after, last: $last)'
        " { totalCount nodes { name } pageInfo { endCursor } } }"
    )
    first = (await data(client, query, first=2))["organizations"]
    assert first["totalCount"] == 5 and len(first["nodes"]) == 2
    rest = await data(client, query, first=10, after=first["pageInfo"]["endCursor"])
    assert rest["organizations"]["totalCount"] == 5 and len(rest["organizations"]["nodes"]) == 3
    end = rest["organizations"]["pageInfo"]["endCursor"]
    past = (await data(client, query, first=10, after=end))["organizations"]
    assert past["totalCount"] == 5 and past["nodes"] == []
    last = (await data(client, query, last=2))["organizations"]
    assert last["totalCount"] == 5 and len(last["nodes"]) == 2
    none = await data(client, '{ organizations(filter: {search: "zzz"}) { totalCount } }')
    assert none["organizations"]["totalCount"] == 0


async def test_search_counts_its_matches_without_another_statement(
    db: Database, uncached: httpx.AsyncClient
) -> None:
    # With the response cache on, the feed position is read too: the count may be kept
    # (tests/schema/test_count_cache.py).
    await seed(db, 3, word="Trata")
    plain = '{ organizations(filter: {search: "trata"}) { nodes { name } } }'
    counted = '{ organizations(filter: {search: "trata"}) { totalCount nodes { name } } }'
    without, _ = await statements(db, uncached, plain)
    with_total, found = await statements(db, uncached, counted)
    assert found["organizations"]["totalCount"] == 3
    assert with_total == without
