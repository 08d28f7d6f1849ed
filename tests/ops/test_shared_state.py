"""Two service processes on one PostgreSQL database and one Redis share every piece of
state a caller can notice: revocations, cost budgets, idempotency keys, the change feed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import redis.asyncio as redis

from tests.ops.conftest import (
    REDIS_URL,
    Service,
    create_database,
    drop_database,
    run_cli,
    service_env,
)
from tests.ops.flows import (
    CHANGES,
    CREATE_ORGANIZATION,
    client_token,
    create_client,
    error_codes,
    graphql,
    organization_input,
)

BUDGET = 12
VIEWER = "query Me { viewer { kind clientId } }"


class Pair:
    def __init__(self, env: dict[str, str], a: Service, b: Service) -> None:
        self.env, self.a, self.b = env, a, b


@pytest.fixture(scope="module")
async def pair(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Pair]:
    url = await create_database()
    store = redis.from_url(REDIS_URL)
    try:
        await store.ping()
    except Exception as exc:
        await store.aclose()
        await drop_database(url)
        pytest.skip(f"Redis at {REDIS_URL} is unreachable ({type(exc).__name__})")
    await store.flushdb()
    tmp: Path = tmp_path_factory.mktemp("pair")
    env = service_env(
        tmp,
        url,
        DIRECTORY_REDIS_URL=REDIS_URL,
        DIRECTORY_CLIENT_BUDGET_PER_HOUR=str(BUDGET),
        DIRECTORY_ISSUER="http://directory.test",
    )
    assert run_cli(env, "db", "upgrade").returncode == 0
    a = Service(env, tmp / "a.log").start()
    b = Service(env, tmp / "b.log").start()
    try:
        yield Pair(env, a, b)
    finally:
        a.stop()
        b.stop()
        await store.flushdb()
        await store.aclose()
        await drop_database(url)


def test_a_token_revoked_through_one_process_is_refused_by_the_other(pair: Pair) -> None:
    client = create_client(pair.env, "revocation-check", "directory:read")
    token = client_token(pair.a.url, client)
    seen = graphql(pair.b.url, VIEWER, token)
    assert seen.status_code == 200 and seen.json()["data"]["viewer"]["kind"] == "CLIENT"

    revoke = httpx.post(f"{pair.a.url}/oauth/revoke", data={"token": token}, auth=client)
    assert revoke.status_code == 200
    refused = graphql(pair.b.url, VIEWER, token)
    assert refused.status_code == 401
    assert "UNAUTHENTICATED" in error_codes(refused)


def test_a_clients_cost_budget_is_shared(pair: Pair) -> None:
    client = create_client(pair.env, "budget-check", "directory:read")
    token = client_token(pair.a.url, client)
    remaining = []
    for i in range(BUDGET):
        service = pair.a if i % 2 == 0 else pair.b
        response = graphql(service.url, VIEWER, token)
        assert response.status_code == 200, response.text
        remaining.append(response.json()["extensions"]["cost"]["remaining"])
    # Each process counts the other's spending: one budget, drawn down in order.
    assert remaining == list(range(BUDGET - 1, -1, -1))
    for service in (pair.a, pair.b):
        refused = graphql(service.url, VIEWER, token)
        assert refused.status_code == 429
        assert error_codes(refused) == ["RATE_LIMITED"]


def test_an_idempotency_key_used_on_one_process_is_honoured_by_the_other(pair: Pair) -> None:
    client = create_client(pair.env, "idempotency-check", "directory:write")
    token = client_token(pair.a.url, client)
    variables = {"input": organization_input("refugio-idempotente")}
    key = {"Idempotency-Key": "create-refugio-idempotente-1"}
    first = graphql(pair.a.url, CREATE_ORGANIZATION, token, variables, key)
    assert first.status_code == 200, first.text
    created = first.json()["data"]["createOrganization"]
    assert created["userErrors"] == [] and created["organization"]["slug"] == "refugio-idempotente"

    again = graphql(pair.b.url, CREATE_ORGANIZATION, token, variables, key)
    assert again.status_code == 200
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json()["data"] == first.json()["data"]
    listed = graphql(
        pair.b.url, '{ organization(slug: "refugio-idempotente") { id version } }', token
    )
    assert listed.json()["data"]["organization"] == {
        "id": created["organization"]["id"],
        "version": 1,
    }
    feed = graphql(pair.a.url, CHANGES, token).json()["data"]["changes"]["edges"]
    mine = [e for e in feed if e["node"]["organizationId"] == created["organization"]["id"]]
    assert len(mine) == 1


def test_the_change_feed_is_the_same_from_either_process(pair: Pair) -> None:
    client = create_client(pair.env, "feed-check", "directory:write")
    token = client_token(pair.a.url, client)
    for i, service in enumerate([pair.a, pair.b, pair.a, pair.b]):
        variables = {"input": organization_input(f"refugio-feed-{i}")}
        done = graphql(service.url, CREATE_ORGANIZATION, token, variables)
        assert done.json()["data"]["createOrganization"]["userErrors"] == [], done.text
    # A page of 10 (about 1 point): this module's clients have a budget of 12 points, and a
    # page of 100 with every field counted costs 10.
    feed = CHANGES.replace("changes(first: 100)", "changes(first: 10)")
    from_a = graphql(pair.a.url, feed, token)
    from_b = graphql(pair.b.url, feed, token)
    assert from_a.status_code == from_b.status_code == 200
    feed_a = from_a.json()["data"]["changes"]
    assert feed_a == from_b.json()["data"]["changes"]
    positions = [edge["node"]["position"] for edge in feed_a["edges"]]
    assert positions == sorted(positions) and len(positions) >= 4
