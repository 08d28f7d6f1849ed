"""Search counts kept until the change feed moves: reused while nothing changed (paging
through a search counts its matches once), never one audience's for another, recounted
after any write, and recounted every time with the response cache switched off."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from directory.db import Database
from directory.listings.organizations import archive_organization
from directory.settings import Settings
from tests.listings.helpers import SYSTEM, make
from tests.schema.mutation_client import ANONYMOUS, Caller, caller
from tests.schema.test_response_cache import Statements

SEARCH = """query Search($after: String, $archived: Boolean) {
  organizations(first: 1, after: $after, filter: {search: "casa", includeArchived: $archived}) {
    totalCount pageInfo { endCursor } nodes { name } } }"""


async def _search(
    http: httpx.AsyncClient, who: Caller = ANONYMOUS, **variables: Any
) -> dict[str, Any]:
    response = await http.post(
        "/graphql", json={"query": SEARCH, "variables": variables}, headers=who.headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return dict(body["data"]["organizations"])


def _counted(run: Statements) -> bool:
    return any("count(*)" in text for text in run.texts)


async def _houses(db: Database, *names: str) -> None:
    for n, name in enumerate(names):
        await make(db, slug=f"casa-{n}-{name.lower()}", name=f"Casa {name}")


async def test_paging_through_a_search_counts_its_matches_once(
    db: Database, client: httpx.AsyncClient
) -> None:
    await _houses(db, "Azul", "Roja", "Verde")
    with Statements(db) as first:
        page = await _search(client)
    assert page["totalCount"] == 3 and _counted(first)
    names = [page["nodes"][0]["name"]]
    for _ in range(2):  # each page is a new answer: only the count is kept
        with Statements(db) as later:
            page = await _search(client, after=page["pageInfo"]["endCursor"])
        assert page["totalCount"] == 3 and not _counted(later)
        assert later.read("organizations")  # the page itself is read
        names.append(page["nodes"][0]["name"])
    assert names == ["Casa Azul", "Casa Roja", "Casa Verde"]


async def test_a_write_is_in_the_very_next_count(db: Database, client: httpx.AsyncClient) -> None:
    await _houses(db, "Azul")
    assert (await _search(client))["totalCount"] == 1
    await make(db, slug="casa-nueva", name="Casa Nueva")
    assert (await _search(client))["totalCount"] == 2


async def test_one_audiences_count_is_never_anothers(
    db: Database, client: httpx.AsyncClient
) -> None:
    await _houses(db, "Azul", "Cerrada")
    closed = await make(db, slug="casa-oculta", name="Casa Oculta")
    async with db.write() as session:
        await archive_organization(session, SYSTEM, closed)
    admin = await caller(client, db, "directory:admin")
    partner = await caller(client, db, "directory:read:confidential")
    for _ in range(2):  # in either order, and again once each count is kept
        assert (await _search(client, admin, archived=True))["totalCount"] == 3
        assert (await _search(client, partner, archived=True))["totalCount"] == 2
        assert (await _search(client, archived=True))["totalCount"] == 2
        assert (await _search(client, admin))["totalCount"] == 2


async def test_switched_off_with_the_response_cache_every_search_is_counted(
    db: Database, uncached: httpx.AsyncClient
) -> None:
    await _houses(db, "Azul", "Roja")
    for _ in range(3):
        with Statements(db) as run:
            assert (await _search(uncached))["totalCount"] == 2
        assert _counted(run)


async def test_a_kept_count_needs_no_second_connection(db: Database, settings: Settings) -> None:
    """The feed position of a count is read on the request's own connection: a request
    never waits for a second one, which many concurrent requests could not all get."""
    if db.dialect != "postgresql":
        pytest.skip("SQLite's pool hands out one connection per use anyway")
    from server.asgi import create_app

    await _houses(db, "Azul", "Roja", "Verde")
    one = Database(db.url, pool_size=1, max_overflow=0, pool_timeout=2)
    app = create_app(settings, database=one)
    last = '{ organizations(last: 2, filter: {search: "casa"}) { totalCount nodes { name } } }'
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http,
        ):
            for _ in range(2):  # counted (first, to place the page), then kept
                response = await http.post("/graphql", json={"query": last})
                body = response.json()
                assert "errors" not in body, body
                assert body["data"]["organizations"]["totalCount"] == 3
                names = [n["name"] for n in body["data"]["organizations"]["nodes"]]
                assert names == ["Casa Roja", "Casa Verde"]
    finally:
        await one.dispose()
