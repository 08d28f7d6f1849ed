"""Search results keep the RELEVANCE order, pages and totalCount of one sort of every match
(the list reads the names that score above 1 and the rest as two runs)."""

from __future__ import annotations

from typing import Any

import httpx

from directory.db import Database
from tests.schema.reads import data, listing

QUERY = """query($q: String!, $n: Int!, $after: String, $order: OrganizationOrder) {
  organizations(filter: {search: $q}, first: $n, after: $after, orderBy: $order) {
    totalCount nodes { name } pageInfo { hasNextPage endCursor } } }"""

# By relevance: whole name 4, name start 3, a name's word start 2, anywhere else 1 (then by name).
EXPECTED = [
    "Trata",  # 4
    "Trata Libre",  # 3
    "Red Trata",  # 2
    "Alfa",  # 1: in the description only
    "Contratación Justa",  # 1: inside a word of the name
    "Zeta",  # 1
]


async def _all(client: httpx.AsyncClient, n: int, order: Any = None) -> tuple[list[str], set[int]]:
    found: list[str] = []
    totals: set[int] = set()
    after = None
    while True:
        page = (await data(client, QUERY, q="trata", n=n, after=after, order=order))[
            "organizations"
        ]
        found += [node["name"] for node in page["nodes"]]
        totals.add(page["totalCount"])
        if not page["pageInfo"]["hasNextPage"]:
            return found, totals
        after = page["pageInfo"]["endCursor"]


async def test_relevance_pages_follow_one_order_across_name_and_text_matches(
    db: Database, client: httpx.AsyncClient
) -> None:
    await listing(db, "zeta", "Zeta", description="contra la trata de personas")
    await listing(db, "red", "Red Trata", description="red")
    await listing(db, "contratacion", "Contratación Justa", description="empleo")
    await listing(db, "trata", "Trata", description="línea")
    await listing(db, "alfa", "Alfa", description="víctimas de trata")
    await listing(db, "libre", "Trata Libre", description="refugio")
    await listing(db, "beta", "Beta", description="sin coincidencia")
    for n in (1, 2, 4, 6, 20):
        found, totals = await _all(client, n)
        assert found == EXPECTED, n
        assert totals == {len(EXPECTED)}
    reversed_order = {"field": "RELEVANCE", "direction": "ASC"}  # worst first
    found, totals = await _all(client, 4, reversed_order)
    # reversed: the score-1 run first (still by name), then the better scores
    assert found == ["Alfa", "Contratación Justa", "Zeta", "Red Trata", "Trata Libre", "Trata"]
    assert totals == {len(EXPECTED)}
    by_name, _ = await _all(client, 4, {"field": "NAME"})
    assert by_name == sorted(EXPECTED, key=lambda name: name.replace("ó", "o").lower())
