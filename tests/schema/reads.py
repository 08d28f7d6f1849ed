"""Helpers of the read API tests: listings made through the real write path, and queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx

from directory.audit import Actor
from directory.db import Database
from directory.listings.create import create_organization
from directory.listings.specs import OrganizationSpec

ACTOR = Actor.system("tests")


async def listing(db: Database, slug: str, name: str, **spec: Any) -> str:
    """Create one organization listing; returns its global ID."""
    from schema.ids import encode

    spec.setdefault("country", "MX")
    spec.setdefault("language", "es")
    at = spec.pop("_at", None)
    async with db.write() as session:
        organization = await create_organization(
            session,
            ACTOR,
            OrganizationSpec.from_mapping({"slug": slug, "name": name, **spec}),
            at=at,
        )
    return encode("Organization", organization.id)


async def gql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    status: int = 200,
) -> dict[str, Any]:
    """POST a query; assert the status; return the whole JSON body."""
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers or {}
    )
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def data(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    """The ``data`` of a query that must succeed without errors."""
    body = await gql(client, query, variables)
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]
    return result


def days_ago(days: int) -> dt.datetime:
    return dt.datetime.now(dt.UTC) - dt.timedelta(days=days)


async def names(client: httpx.AsyncClient, filter: dict[str, Any], **extra: Any) -> list[str]:
    """Names of the organizations matching ``filter``, in the list's order."""
    found = await data(
        client,
        "query($f: OrganizationFilter, $o: OrganizationOrder) {"
        " organizations(first: 100, filter: $f, orderBy: $o) { nodes { name } } }",
        f=filter,
        o=extra.get("order"),
    )
    return [n["name"] for n in found["organizations"]["nodes"]]
