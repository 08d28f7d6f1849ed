"""HTTP steps the operations tests take against real service processes."""

from __future__ import annotations

import json
from typing import Any

import httpx

from tests.ops.conftest import run_cli

CREATE_ORGANIZATION = """
mutation Create($input: CreateOrganizationInput!) {
  createOrganization(input: $input) {
    organization { id slug version }
    userErrors { field message code }
  }
}
"""

CHANGES = """
query Feed {
  changes(first: 100) {
    edges { cursor node { id kind organizationId version position } }
    pageInfo { endCursor hasNextPage }
  }
}
"""


def create_client(env: dict[str, str], name: str, scope: str) -> tuple[str, str]:
    """A partner client made with the CLI: ``(client_id, client_secret)``."""
    done = run_cli(env, "clients", "create", "--name", name, "--scope", scope, "--json")
    assert done.returncode == 0, done.stderr
    created = json.loads(done.stdout)
    return str(created["client_id"]), str(created["client_secret"])


def client_token(base_url: str, client: tuple[str, str], scope: str | None = None) -> str:
    data = {"grant_type": "client_credentials"}
    if scope:
        data["scope"] = scope
    response = httpx.post(f"{base_url}/oauth/token", data=data, auth=client, timeout=30)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def graphql(
    base_url: str,
    query: str,
    token: str | None = None,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    sent = dict(headers or {})
    if token:
        sent["Authorization"] = f"Bearer {token}"
    body: dict[str, Any] = {"query": query}
    if variables is not None:
        body["variables"] = variables
    return httpx.post(f"{base_url}/graphql", json=body, headers=sent, timeout=60)


def organization_input(slug: str, **extra: Any) -> dict[str, Any]:
    return {
        "slug": slug,
        "name": f"Refugio {slug}",
        "country": "MX",
        "language": "es",
        "allowDuplicate": True,
        "serviceAreas": [{"code": "MX-CMX"}, {"code": "MX-JAL"}],
        "phones": [{"number": "800 55 33 000"}, {"number": "55 5346 1000"}],
        "emails": [{"address": f"{slug}@refugio.example"}],
        **extra,
    }


def error_codes(response: httpx.Response) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in response.json().get("errors", [])]
