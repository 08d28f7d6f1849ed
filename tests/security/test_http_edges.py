"""Issue 13, network edges: nosniff everywhere, and GraphQL-over-HTTP status codes."""

from __future__ import annotations

import httpx

GRAPHQL_RESPONSE = {"Accept": "application/graphql-response+json"}


async def test_every_response_says_nosniff(client: httpx.AsyncClient) -> None:
    responses = [
        await client.get("/healthz"),
        await client.get("/readyz"),
        await client.post("/graphql", json={"query": "{ viewer { kind } }"}),
        await client.get("/graphql", headers={"Accept": "text/html"}),
        await client.get("/hsds/"),
        await client.get("/hsds/organizations/not-an-id"),
        await client.get("/no/such/page"),
        await client.get("/.well-known/oauth-authorization-server"),
        await client.post("/oauth/token", data={"grant_type": "nope"}),
        await client.get("/hsds/organizations?search=%00"),
        await client.post(
            "/graphql", content=b"x" * 1_000_001, headers={"Content-Type": "application/json"}
        ),
    ]
    for response in responses:
        assert response.headers.get("x-content-type-options") == "nosniff", response.url


async def test_request_errors_are_200_under_json_and_4xx_under_graphql_response(
    client: httpx.AsyncClient,
) -> None:
    cases = [
        {"query": "{"},  # does not parse
        {"query": "{ nothingHere }"},  # does not validate
        {"query": "query($n: Int!) { organizations(first: $n) { totalCount } }"},  # variables
    ]
    for body in cases:
        plain = await client.post("/graphql", json=body, headers={"Accept": "application/json"})
        assert plain.status_code == 200, body
        assert "data" not in plain.json()
        strict = await client.post("/graphql", json=body, headers=GRAPHQL_RESPONSE)
        assert strict.status_code == 400, body
        assert strict.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_body_over_one_megabyte_is_413(client: httpx.AsyncClient) -> None:
    query = "{ viewer { kind } }" + " " * 1_000_001
    response = await client.post("/graphql", json={"query": query})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
