"""Issue 13, bad input: each gets a 4xx and a code, never a 500 (on both databases)."""

from __future__ import annotations

import base64
import json

import httpx

from schema.ids import encode

STRICT = {"Accept": "application/graphql-response+json"}


def code(response: httpx.Response) -> str:
    return str(response.json()["errors"][0]["extensions"]["code"])


async def test_nul_bytes_are_bad_input_everywhere(client: httpx.AsyncClient) -> None:
    search = "query($q: String) { organizations(search: $q) { totalCount } }"
    response = await client.post(
        "/graphql", json={"query": search, "variables": {"q": "trata\x00"}}, headers=STRICT
    )
    assert response.status_code == 400 and code(response) == "BAD_USER_INPUT"
    literal = '{ organizations(search: "a\\u0000b") { totalCount } }'
    response = await client.post("/graphql", json={"query": literal}, headers=STRICT)
    assert response.status_code == 400 and code(response) == "BAD_USER_INPUT"
    name = 'mutation { createOrganization(input: {name: "x\\u0000"}) { userErrors { code } } }'
    response = await client.post("/graphql", json={"query": name}, headers=STRICT)
    assert response.status_code == 400 and code(response) == "BAD_USER_INPUT"
    slug = await client.get("/graphql", params={"query": '{ organization(slug: "a\x00") { id } }'})
    assert slug.status_code == 400 and code(slug) == "BAD_USER_INPUT"
    for url in (
        "/hsds/organizations?search=%00",
        "/hsds/services?taxonomy_term_id=a%00b",
        "/hsds/organizations/%00",
        "/hsds/taxonomy_terms/x%00",
    ):
        response = await client.get(url)
        assert response.status_code == 400, url
        assert response.json()["error"] == "BAD_USER_INPUT"
    token = await client.post(
        "/oauth/token", data={"grant_type": "client_credentials", "client_id": "a\x00"}
    )
    assert token.status_code == 400
    assert token.json()["error"] == "invalid_request"


async def test_overflowing_ids_cursors_and_pages(client: httpx.AsyncClient) -> None:
    for raw in ("99999999999999999999999", "²"):
        query = f'{{ node(id: "{encode("Change", raw)}") {{ id }} }}'
        response = await client.post("/graphql", json={"query": query})
        assert response.status_code == 200
        assert code(response) == "BAD_USER_INPUT", response.text
    cursor = base64.urlsafe_b64encode(b"organizations:" + b"9" * 23).decode().rstrip("=")
    for field in ("organizations", "changes"):
        wide = base64.urlsafe_b64encode(f"{field}:{'9' * 23}".encode()).decode().rstrip("=")
        query = f'{{ {field}(after: "{wide}") {{ pageInfo {{ hasNextPage }} }} }}'
        response = await client.post("/graphql", json={"query": query})
        assert code(response) == "BAD_USER_INPUT", response.text
    assert cursor
    for url in (
        "/hsds/organizations?page=9223372036854775807",
        "/hsds/services?page=99999999999999999999999",
        "/hsds/organizations?per_page=²",
    ):
        response = await client.get(url)
        assert response.status_code == 400, url
        assert response.json()["error"] == "BAD_USER_INPUT"


async def test_huge_integer_literal_is_bad_input(client: httpx.AsyncClient) -> None:
    query = "{ organizations(first: " + "9" * 4_301 + ") { totalCount } }"
    response = await client.post("/graphql", json={"query": query}, headers=STRICT)
    assert response.status_code == 400
    assert code(response) == "BAD_USER_INPUT"
    assert len(response.text) < 1_000  # the digits are not echoed back


async def test_over_long_number_literals_are_bad_input(client: httpx.AsyncClient) -> None:
    # Just past each limit: 51 digits; a float of 101 characters in three runs of digits.
    for literal in ("1" * 51, "1" * 34 + "." + "1" * 33 + "e" + "1" * 33):
        query = f'{{ organizations(first: 5, filter: {{search: "a", near: {{latitude: {literal}, longitude: 1, radiusKm: 1}}}}) {{ totalCount }} }}'
        response = await client.post("/graphql", json={"query": query}, headers=STRICT)
        assert response.status_code == 400, literal
        assert code(response) == "BAD_USER_INPUT"
        assert "literal has" in response.json()["errors"][0]["message"]


async def test_deeply_nested_json_is_bad_input(client: httpx.AsyncClient) -> None:
    body = '{"query": "{ viewer { kind } }", "variables": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = await client.post(
        "/graphql", content=body.encode(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    assert code(response) == "BAD_USER_INPUT"
    assert json.loads(response.text)["errors"]
