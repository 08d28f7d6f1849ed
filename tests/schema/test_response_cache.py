"""The response cache, persisted queries and conditional GETs, over HTTP in-process."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import httpx
import pytest
from graphql import get_operation_ast, parse
from sqlalchemy import event

from directory.db import Database
from schema.response_cache import cacheable
from tests.auth.helpers import client_token, partner
from tests.schema.reads import listing
from tests.schema.test_read_canary import CANARIES, EVERYTHING, plant

LIST = "query List { organizations(first: 20) { totalCount nodes { slug name } } }"


class Statements:
    """SQL statements run on a database while the block runs."""

    def __init__(self, db: Database) -> None:
        self.db, self.seen = db, 0
        self.texts: list[str] = []

    def _count(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.seen += 1
        self.texts.append(statement)

    def read(self, table: str) -> bool:
        return any(f"FROM {table}" in text for text in self.texts)

    def __enter__(self) -> Statements:
        event.listen(self.db.engine.sync_engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.db.engine.sync_engine, "before_cursor_execute", self._count)


async def _slugs(http: httpx.AsyncClient, **headers: str) -> list[str]:
    response = await http.post("/graphql", json={"query": LIST}, headers=headers)
    assert response.status_code == 200, response.text
    return [n["slug"] for n in response.json()["data"]["organizations"]["nodes"]]


async def test_a_partners_answer_is_never_served_to_an_anonymous_caller(
    db: Database, client: httpx.AsyncClient
) -> None:
    await plant(db)
    reader = await partner(db, "directory:read")
    token = await client_token(client, reader)
    as_partner = {"Authorization": f"Bearer {token}"}
    answers = []
    for _ in range(3):  # stored from the second time, served from the cache the third
        response = await client.post("/graphql", json={"query": EVERYTHING}, headers=as_partner)
        assert response.status_code == 200
        answers.append(response.json()["data"])
    assert "CANARY-PARTNERS-7731" in str(answers[-1])
    assert answers[0] == answers[1] == answers[2]
    for _ in range(3):
        anonymous = await client.post("/graphql", json={"query": EVERYTHING})
        assert anonymous.status_code == 200
        assert anonymous.json()["data"]["organizations"]["totalCount"] >= 1
        for canary in CANARIES:
            assert canary not in anonymous.text


async def test_a_write_is_seen_by_the_very_next_read(
    db: Database, client: httpx.AsyncClient
) -> None:
    await listing(db, "primero", "Primero")
    for _ in range(3):
        assert await _slugs(client) == ["primero"]
    await listing(db, "segundo", "Segundo")
    assert await _slugs(client) == ["primero", "segundo"]


async def test_a_hit_reads_only_the_feed_position_and_still_charges_the_budget(
    db: Database, client: httpx.AsyncClient
) -> None:
    await listing(db, "primero", "Primero")
    remaining = []
    for _ in range(2):
        response = await client.post("/graphql", json={"query": LIST})
        remaining.append(response.json()["extensions"]["cost"]["remaining"])
    with Statements(db) as hit:
        response = await client.post("/graphql", json={"query": LIST})
    cost = response.json()["extensions"]["cost"]
    remaining.append(cost["remaining"])
    assert cost["requested"] == 1 and remaining == [999, 998, 997]
    # The newest change id (and SQLite's BEGIN): the listing itself is not read again.
    assert hit.seen <= 2 and not hit.read("organizations")
    assert response.json()["data"]["organizations"]["nodes"] == [
        {"slug": "primero", "name": "Primero"}
    ]


async def test_switched_off_every_answer_is_recomputed(
    db: Database, uncached: httpx.AsyncClient
) -> None:
    await listing(db, "primero", "Primero")
    for _ in range(3):
        with Statements(db) as run:
            assert await _slugs(uncached) == ["primero"]
        assert run.read("organizations")


async def test_conditional_get_answers_304_until_a_write(
    db: Database, client: httpx.AsyncClient
) -> None:
    await listing(db, "primero", "Primero")
    first = await client.get("/graphql", params={"query": LIST})
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, no-cache"
    assert "Authorization" in first.headers["vary"]
    same = await client.get("/graphql", params={"query": LIST}, headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.content == b""
    assert same.headers["etag"] == etag
    await listing(db, "segundo", "Segundo")
    changed = await client.get("/graphql", params={"query": LIST}, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert len(changed.json()["data"]["organizations"]["nodes"]) == 2


async def test_answers_to_a_token_are_private(db: Database, client: httpx.AsyncClient) -> None:
    reader = await partner(db, "directory:read")
    token = await client_token(client, reader)
    response = await client.get(
        "/graphql", params={"query": LIST}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, no-cache"
    posted = await client.post("/graphql", json={"query": LIST})
    assert "etag" not in posted.headers and "cache-control" not in posted.headers


async def test_automatic_persisted_queries(db: Database, client: httpx.AsyncClient) -> None:
    await listing(db, "primero", "Primero")
    digest = hashlib.sha256(LIST.encode()).hexdigest()
    persisted = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    unknown = await client.post("/graphql", json={"extensions": persisted})
    assert unknown.status_code == 200
    assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert unknown.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    registered = await client.post("/graphql", json={"query": LIST, "extensions": persisted})
    assert registered.status_code == 200
    assert registered.json()["data"]["organizations"]["totalCount"] == 1
    by_hash = await client.get(
        "/graphql",
        params={"extensions": json.dumps(persisted)},
    )
    assert by_hash.status_code == 200
    assert by_hash.json()["data"] == registered.json()["data"]
    wrong = {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}
    mismatch = await client.post("/graphql", json={"query": LIST, "extensions": wrong})
    assert mismatch.status_code == 400
    assert mismatch.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("{ organizations(first: 1) { totalCount } }", True),
        ("query { changes(first: 1) { totalCount } serviceCategories { code } }", True),
        ("{ viewer { kind } }", False),
        ("{ organizations(first: 1) { totalCount } viewer { kind } }", False),
        ("{ ...V } fragment V on Query { viewer { kind } }", False),
        ("{ ... on Query { viewer { kind } } }", False),
        ("mutation { __typename }", False),
    ],
)
def test_only_queries_of_listing_data_are_cacheable(query: str, expected: bool) -> None:
    document = parse(query)
    operation = get_operation_ast(document)
    assert operation is not None
    assert cacheable(document, operation) is expected
