"""GraphQL over HTTP: methods, media types, request errors, limits and cost."""

from __future__ import annotations

import httpx

from directory.db import Database
from tests.schema.reads import gql, listing

QUERY = "{ organizations(first: 2) { totalCount } }"


async def test_post_and_get_answer_with_cost(client: httpx.AsyncClient) -> None:
    posted = await client.post("/graphql", json={"query": QUERY})
    assert posted.status_code == 200
    assert posted.headers["content-type"].startswith("application/json")
    cost = posted.json()["extensions"]["cost"]
    assert cost["requested"] == 1 and cost["remaining"] == 999 and cost["resetAt"]
    got = await client.get(
        "/graphql", params={"query": QUERY}, headers={"Accept": "application/graphql-response+json"}
    )
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("application/graphql-response+json")
    assert got.json()["data"] == {"organizations": {"totalCount": 0}}


async def test_mutation_over_get_is_405(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql",
        params={
            "query": 'mutation { archiveOrganization(input: {id: "x"}) { userErrors { code } } }'
        },
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_request_errors(client: httpx.AsyncClient) -> None:
    not_json = await client.post(
        "/graphql", content=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert not_json.status_code == 400
    assert not_json.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "cost" in not_json.json()["extensions"]
    strict = {"Accept": "application/graphql-response+json"}
    unparsable = await client.post("/graphql", json={"query": "{ organizations("}, headers=strict)
    assert unparsable.status_code == 400
    assert "data" not in unparsable.json()
    invalid = await client.post("/graphql", json={"query": "{ nothingHere }"}, headers=strict)
    assert invalid.status_code == 400
    # Under application/json the GraphQL-over-HTTP spec answers these with 200.
    for query in ("{ organizations(", "{ nothingHere }"):
        plain = await client.post("/graphql", json={"query": query})
        assert plain.status_code == 200
        assert "data" not in plain.json()
        assert plain.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    form = await client.post(
        "/graphql", content=b"query={x}", headers={"Content-Type": "text/plain"}
    )
    assert form.status_code == 415
    xml = await client.post(
        "/graphql", json={"query": QUERY}, headers={"Accept": "application/xml"}
    )
    assert xml.status_code == 406
    put = await client.put("/graphql", json={"query": QUERY})
    assert put.status_code == 405
    for body in (await client.post("/graphql", json={"query": "{ boom"})).json()["errors"]:
        assert "Traceback" not in body["message"]


async def test_page_sizes_depth_and_node_count_are_limited(client: httpx.AsyncClient) -> None:
    for size in (0, 101, -1):
        body = await gql(client, f"{{ organizations(first: {size}) {{ totalCount }} }}", status=400)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    body = await gql(client, "{ organizations(last: 200) { totalCount } }", status=400)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    wide = "{ organizations(first: 100) { nodes { services(first: 100) { nodes { name } } } } }"
    body = await gql(client, wide, status=400)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert "data" not in body
    ok = "{ organizations(first: 100) { nodes { services(first: 48) { nodes { name } } } } }"
    body = await gql(client, ok)
    # 101 (organizations and its 100 items) + 1 (nodes) + 100 * (1 + 48 + 1 + 48): each
    # services connection and its items, its nodes field and each item's name.
    assert body["extensions"]["cost"]["nodeCount"] == 9_902
    assert body["extensions"]["cost"]["requested"] == 99
    deep = (
        "{ organizations { nodes { services { nodes { organization { services { nodes {"
        " organization { services { nodes { organization { name } } } } } } } } } } } }"
    )
    body = await gql(client, deep, status=400)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    nested = "name"
    for _ in range(12):
        nested = f"name ofType {{ {nested} }}"
    introspection = f"{{ __schema {{ types {{ name fields {{ name type {{ {nested} }} }} }} }} }}"
    body = await gql(client, introspection)
    assert body["data"]["__schema"]["types"]


async def test_spent_budget_is_rate_limited(client: httpx.AsyncClient) -> None:
    big = "{ organizations(first: 100) { nodes { services(first: 48) { nodes { name } } } } }"
    for _ in range(10):  # 10 x 99 points of the anonymous budget of 1,000
        assert (await gql(client, big))["extensions"]["cost"]["remaining"] >= 0
    body = await gql(client, big, status=429)
    assert body["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert body["extensions"]["cost"]["remaining"] == 10


async def test_browser_get_renders_graphiql(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"Accept": "text/html,application/xhtml+xml"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "GraphiQL" in response.text or "graphiql" in response.text


async def test_field_errors_keep_data_and_have_codes(
    db: Database, client: httpx.AsyncClient
) -> None:
    await listing(db, "uno", "Uno")
    body = await gql(client, '{ a: organization(slug: "uno") { name } b: organization { name } }')
    assert body["data"]["a"] == {"name": "Uno"} and body["data"]["b"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["path"] == ["b"]
