"""Partner-only and confidential items never reach an anonymous caller, on any path."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from auth.principal import Principal, PrincipalKind
from directory.db import Database
from directory.models import Contact, Location
from schema.api import build_schema
from schema.context import RequestContext
from schema.ids import encode
from tests.schema.reads import gql, listing

CANARIES = [
    "CANARY-PARTNERS-7731",
    "CANARY-CONFIDENTIAL-9914",
    "canary-confidential@example.org",
    "canary-partners@example.org",
    "CANARY-SAFEHOUSE-ADDRESS",
    "5555 0199",
    "555550199",
    "5555 0198",
    "555550198",
]
SAFE_HOUSE = {"latitude": 21.1619, "longitude": -86.8515}

EVERYTHING = """
query($f: OrganizationFilter) { organizations(first: 100, filter: $f) { totalCount edges { distanceKm node {
  id name description phones { number display description } emails { address description }
  locations { id name address1 description latitude longitude }
  contacts { id name title department phones { number display } emails { address } }
  services(first: 10) { nodes { id name description } }
  translations { name description } } } } }
"""


async def plant(db: Database) -> None:
    await listing(
        db,
        "refugio",
        "Refugio Caribe",
        service_areas=[{"code": "MX-ROO"}],
        phones=[{"number": "+52 998 555 0100"}],
        contacts=[
            {
                "name": "Recepción",
                "phones": [{"number": "+52 55 5555 0198", "visibility": "CONFIDENTIAL"}],
            },
            {
                "name": "CANARY-PARTNERS-7731",
                "visibility": "PARTNERS",
                "emails": [{"address": "canary-partners@example.org"}],
            },
            {
                "name": "CANARY-CONFIDENTIAL-9914",
                "visibility": "CONFIDENTIAL",
                "phones": [{"number": "+52 55 5555 0199"}],
                "emails": [{"address": "canary-confidential@example.org"}],
            },
        ],
        emails=[{"address": "canary-confidential@example.org", "visibility": "CONFIDENTIAL"}],
        locations=[
            {
                "name": "Casa segura",
                "address_1": "CANARY-SAFEHOUSE-ADDRESS",
                "visibility": "CONFIDENTIAL",
                **SAFE_HOUSE,
            }
        ],
    )


def assert_clean(text: str) -> None:
    for canary in CANARIES:
        assert canary not in text, f"{canary!r} leaked"


async def test_canaries_never_reach_anonymous_callers(
    db: Database, client: httpx.AsyncClient
) -> None:
    await plant(db)
    async with db.session() as session:
        hidden = (
            await session.scalars(select(Contact.id).where(Contact.name.like("CANARY%")))
        ).all()
        location = (await session.scalars(select(Location.id))).one()
    hidden_ids = [encode("Contact", i) for i in hidden] + [encode("Location", location)]

    listed = await client.post("/graphql", json={"query": EVERYTHING})
    assert listed.status_code == 200
    assert listed.json()["data"]["organizations"]["totalCount"] == 1
    assert_clean(listed.text)

    for search in ("CANARY", "canary-partners", "safehouse", "5555 0199"):
        response = await client.post(
            "/graphql", json={"query": EVERYTHING, "variables": {"f": {"search": search}}}
        )
        assert response.json()["data"]["organizations"]["totalCount"] == 0, search
        assert_clean(response.text)

    near = await client.post(
        "/graphql",
        json={"query": EVERYTHING, "variables": {"f": {"near": {**SAFE_HOUSE, "radiusKm": 5}}}},
    )
    assert near.json()["data"]["organizations"]["totalCount"] == 0

    node_query = (
        "query($ids: [ID!]!, $id: ID!) { nodes(ids: $ids) { id ... on Contact { name phones"
        " { number } } ... on Location { name address1 } } node(id: $id) { id } }"
    )
    found = await gql(client, node_query, {"ids": hidden_ids, "id": hidden_ids[0]})
    assert found["data"] == {"nodes": [None] * len(hidden_ids), "node": None}
    assert "errors" not in found

    by_get = await client.get(
        "/graphql",
        params={
            "query": EVERYTHING.replace("$f: OrganizationFilter", "$f: OrganizationFilter = null")
        },
    )
    assert by_get.status_code == 200
    assert_clean(by_get.text)


async def test_scoped_callers_see_their_levels_only(db: Database) -> None:
    await plant(db)
    schema = build_schema()

    async def run(scopes: tuple[str, ...]) -> str:
        principal = Principal(kind=PrincipalKind.CLIENT, scopes=scopes, client_id="partner")
        context = RequestContext(db, principal)
        try:
            result = await schema.execute_async(EVERYTHING, context_value=context)
        finally:
            await context.close()
        assert not result.errors, result.errors
        return str(result.data)

    partners = await run(("directory:read",))
    assert "CANARY-PARTNERS-7731" in partners
    assert "CANARY-CONFIDENTIAL-9914" not in partners
    assert "CANARY-SAFEHOUSE-ADDRESS" not in partners
    confidential = await run(("directory:read:confidential",))
    assert "CANARY-CONFIDENTIAL-9914" in confidential
    assert "CANARY-SAFEHOUSE-ADDRESS" in confidential
