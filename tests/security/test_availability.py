"""Issue 13, availability: no request can stall or exhaust the service.

Each test sends the audit's reproduction; the ones that used to hang are bounded with a
timeout and assert the refusal.
"""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from directory.db import Database
from directory.settings import Settings
from directory.unavailable import is_statement_timeout
from schema.query_cache import ByteBoundedCache, key_of
from server.asgi import create_app

STRICT = {"Accept": "application/graphql-response+json"}
HANG_GUARD = 10  # seconds; the refusals below take milliseconds


def fragment_explosion(n: int) -> str:
    """The audit's document: each fragment spreads the next one twice."""
    fragments = "".join(
        f"fragment F{i} on Viewer{{...F{i + 1} a{i}:kind ...F{i + 1}}} " for i in range(n)
    )
    return "query{viewer{...F0}} " + fragments + f"fragment F{n} on Viewer{{kind}}"


async def post(client: httpx.AsyncClient, query: str, **extra: object) -> httpx.Response:
    return await asyncio.wait_for(
        client.post("/graphql", json={"query": query, **extra}, headers=STRICT), HANG_GUARD
    )


def code(response: httpx.Response) -> str:
    return str(response.json()["errors"][0]["extensions"]["code"])


async def test_fragment_explosion_is_refused_at_once(client: httpx.AsyncClient) -> None:
    for n in (20, 30, 99):
        response = await post(client, fragment_explosion(n))
        assert response.status_code == 400
        assert code(response) == "QUERY_TOO_COMPLEX"
        assert "data" not in response.json()
    assert (await client.get("/healthz")).status_code == 200
    small = await post(client, fragment_explosion(3))  # 2^3 aliases: fine
    assert small.status_code == 200 and small.json()["data"]["viewer"]["kind"]


async def test_too_many_fragments_are_refused(client: httpx.AsyncClient) -> None:
    fragments = " ".join(f"fragment F{i} on Viewer{{kind}}" for i in range(101))
    spreads = " ".join(f"...F{i}" for i in range(101))
    response = await post(client, f"query{{viewer{{{spreads}}}}} {fragments}")
    assert response.status_code == 400
    assert code(response) == "QUERY_TOO_COMPLEX"
    assert response.json()["errors"][0]["extensions"]["maxFragmentCount"] == 100


async def test_huge_alias_documents_are_refused_by_size_and_tokens(
    client: httpx.AsyncClient,
) -> None:
    # The audit's 2.4 MB document of 149k `__typename` aliases: over the 1 MB body limit.
    huge = "{" + " ".join(f"a{i}:__typename" for i in range(149_000)) + "}"
    assert len(huge) > 2_000_000
    response = await post(client, huge)
    assert response.status_code == 413
    assert code(response) == "BAD_USER_INPUT"
    # Under the body limit, the parser stops at the token cap.
    big = "{" + " ".join(f"a{i}:__typename" for i in range(40_000)) + "}"
    assert len(big) < 1_000_000
    response = await post(client, big)
    assert response.status_code == 400
    assert code(response) == "QUERY_TOO_COMPLEX"
    assert response.json()["errors"][0]["extensions"]["maxTokenCount"] == 5_000


async def test_distinct_documents_do_not_grow_the_caches_past_their_bound() -> None:
    cache: ByteBoundedCache[str] = ByteBoundedCache(max_bytes=1_000, max_entry_bytes=400)
    for i in range(50):
        source = f"{{ a{i}: __typename }}" + " " * 300
        cache.put(key_of(source), len(source), source)
    assert cache.bytes <= 1_000 and len(cache) == 3
    big = "x" * 500
    cache.put(key_of(big), len(big), big)  # over the entry bound: never cached
    assert cache.get(key_of(big)) is None
    assert len(key_of(big)) == 32  # keyed by a hash, not by the document


async def test_aliased_plain_lists_are_counted(client: httpx.AsyncClient) -> None:
    # The audit: 3,000 aliases of `jurisdictions { code name country type }` (134 KB).
    many = "{" + " ".join(f"j{i}:jurisdictions{{code name country type}}" for i in range(3_000))
    response = await post(client, many + "}")
    assert response.status_code == 400
    assert code(response) == "QUERY_TOO_COMPLEX"
    # Fewer aliases, under the token cap: still refused by the node count.
    some = "{" + " ".join(f"j{i}:jurisdictions{{code name country type}}" for i in range(20))
    response = await post(client, some + "}")
    assert code(response) == "QUERY_TOO_COMPLEX"
    one = await post(client, "{ jurisdictions { code name country type } }")
    assert one.status_code == 200
    assert one.json()["extensions"]["cost"]["requested"] > 1  # not 1 any more


async def test_every_alias_counts_toward_the_node_limit(client: httpx.AsyncClient) -> None:
    aliases = " ".join(f"a{i}: name" for i in range(120))
    query = f"{{ organizations(first: 100) {{ nodes {{ {aliases} }} }} }}"
    response = await post(client, query)
    assert response.status_code == 400
    assert code(response) == "QUERY_TOO_COMPLEX"


async def test_introspection_is_bounded(client: httpx.AsyncClient) -> None:
    from graphql import get_introspection_query

    full = get_introspection_query()
    one = await post(client, full)
    assert one.status_code == 200 and one.json()["data"]["__schema"]["types"]
    # The audit: 60 aliases of the full introspection.
    body = full.split("{", 1)[1].rsplit("}", 1)[0].strip()  # `__schema { ... }`
    fragments = full[full.index("fragment ") :]
    aliased = " ".join(f"s{i}: {body}" for i in range(60))
    response = await post(client, f"query {{ {aliased} }} {fragments}")
    assert response.status_code == 400
    assert code(response) == "QUERY_TOO_COMPLEX"
    inside = " ".join(f"t{i}: types {{ ...FullType }}" for i in range(60))
    response = await post(client, f"query {{ __schema {{ {inside} }} }} {fragments}")
    assert response.status_code == 400
    assert code(response) == "QUERY_TOO_COMPLEX"


async def test_a_query_past_its_time_limit_is_stopped(db: Database, settings: Settings) -> None:
    hurried = dataclasses.replace(settings, query_timeout=0.000_001)
    app = create_app(hurried, database=db)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as http,
    ):
        response = await asyncio.wait_for(
            http.post(
                "/graphql",
                json={"query": "{ organizations { totalCount nodes { name } } }"},
                headers=STRICT,
            ),
            HANG_GUARD,
        )
    assert response.status_code == 400
    assert code(response) == "QUERY_TOO_COMPLEX"
    assert response.json()["errors"][0]["extensions"]["timeoutSeconds"] == 0.000_001


async def test_postgresql_statements_are_cut_by_statement_timeout(db: Database) -> None:
    if db.dialect != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")
    limited = Database(db.url, statement_timeout=0.2)
    try:
        async with limited.session() as session:
            with pytest.raises(Exception) as raised:  # noqa: B017 - the driver's error
                await asyncio.wait_for(session.execute(text("SELECT pg_sleep(5)")), HANG_GUARD)
        assert is_statement_timeout(raised.value)
    finally:
        await limited.dispose()


def test_settings_read_the_time_limits(tmp_path: Path) -> None:
    found = Settings.from_env(
        {"DIRECTORY_QUERY_TIMEOUT": "2.5", "DIRECTORY_STATEMENT_TIMEOUT": "1"}
    )
    assert found.query_timeout == 2.5 and found.statement_timeout == 1.0
    with pytest.raises(ValueError, match="DIRECTORY_QUERY_TIMEOUT"):
        Settings.from_env({"DIRECTORY_QUERY_TIMEOUT": "soon"})
