"""The read authorization matrix and the canary test, with real tokens over HTTP.

Every read root field answers every caller (none is scope-gated today); what differs is
which of an organization's items each caller sees. The tables below are the expected
outcomes: the canary strings planted at PARTNERS and CONFIDENTIAL visibility must appear
for exactly the callers marked, on every read path (list, single organization, node,
nodes, HSDS), and nowhere else. Search matches PUBLIC text only, so a canary is never a
search hit for anyone. The mutation half of the matrix is in tests/schema.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from directory.models import Contact, Location, Organization
from schema.ids import encode
from tests.auth.conftest import Service
from tests.auth.helpers import client_token, code_for, exchange, partner, staff
from tests.schema.reads import listing

PARTNERS_CANARY = "CANARY-PARTNERS-7731"
CONFIDENTIAL_CANARIES = ("CANARY-CONFIDENTIAL-9914", "CANARY-SAFEHOUSE-ADDRESS")

# caller: (how the token is obtained, sees PARTNERS items, sees CONFIDENTIAL items)
# "own" is the organization holding the canaries; "other" is a second organization.
CALLERS: dict[str, tuple[tuple[str, str | None], bool, bool]] = {
    "anonymous": (("none", None), False, False),
    "directory:read": (("client", None), True, False),
    "directory:read:confidential": (("client", None), True, True),
    "listings:write own": (("client", "own"), True, True),
    "listings:write other": (("client", "other"), False, False),
    "directory:write": (("client", None), True, False),
    "directory:admin": (("client", None), True, True),
    "staff own (directory:read listings:write)": (("user", "own"), True, True),
    "staff other (directory:read listings:write)": (("user", "other"), True, False),
}

ROOT_FIELDS: dict[str, str] = {
    "viewer": "{ viewer { kind scopes } }",
    "serviceCategories": "{ serviceCategories { code } }",
    "populations": "{ populations { code } }",
    "jurisdictions": "{ jurisdictions(country: MX) { code } }",
    "changes": "{ changes(first: 5) { totalCount } }",
    "organizations": "{ organizations(first: 5) { totalCount } }",
    "organization": '{ organization(slug: "refugio") { slug } }',
    "node": "query($id: ID!) { node(id: $id) { id } }",
    "nodes": "query($id: ID!) { nodes(ids: [$id]) { id } }",
}
"""Every read root field; each must answer every caller of CALLERS without an error."""

DETAIL = """{ id name phones { number } emails { address }
  locations { name address1 } contacts { name phones { number } emails { address } } }"""
LIST = "{ organizations(first: 50) { nodes " + DETAIL + " } }"
SINGLE = '{ organization(slug: "refugio") ' + DETAIL + " }"
NODES = (
    "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Contact { name } "
    "... on Location { address1 } } }"
)
SEARCH = '{ organizations(first: 50, filter: {search: "CANARY"}) { totalCount } }'


async def _plant(service: Service) -> dict[str, Any]:
    await listing(
        service.db,
        "refugio",
        "Refugio Caribe",
        service_areas=[{"code": "MX-ROO"}],
        contacts=[
            {"name": "Recepción", "phones": [{"number": "+52 998 555 0100"}]},
            {"name": PARTNERS_CANARY, "visibility": "PARTNERS"},
            {"name": CONFIDENTIAL_CANARIES[0], "visibility": "CONFIDENTIAL"},
        ],
        locations=[
            {
                "name": "Casa segura",
                "address_1": CONFIDENTIAL_CANARIES[1],
                "visibility": "CONFIDENTIAL",
                "latitude": 21.16,
                "longitude": -86.85,
            }
        ],
    )
    await listing(service.db, "otra", "Otra Organización", service_areas=[{"code": "MX-CMX"}])
    async with service.db.session() as session:
        orgs = dict((await session.execute(select(Organization.slug, Organization.id))).all())
        hidden = (
            await session.scalars(select(Contact.id).where(Contact.name.like("CANARY%")))
        ).all()
        location = (await session.scalars(select(Location.id))).one()
    return {
        "orgs": orgs,
        "ids": [encode("Contact", i) for i in hidden] + [encode("Location", location)],
    }


async def _tokens(service: Service, orgs: dict[str, uuid.UUID]) -> dict[str, str | None]:
    slugs = {"own": "refugio", "other": "otra"}
    tokens: dict[str, str | None] = {}
    app = await partner(service.db, "directory:read listings:write", grant="authorization_code")
    for name, ((kind, org), _, _) in CALLERS.items():
        if kind == "none":
            tokens[name] = None
        elif kind == "client":
            scope = name.split()[0]
            client = await partner(service.db, scope, organization=slugs[org] if org else None)
            tokens[name] = await client_token(service.http, client)
        else:
            assert org is not None
            email = f"staff@{slugs[org]}.example"
            await staff(service.db, email, slugs[org])
            code, verifier = await code_for(service.http, app, email)
            tokens[name] = (await exchange(service.http, app, code, verifier)).json()[
                "access_token"
            ]
    return tokens


async def _post(service: Service, token: str | None, query: str, **variables: Any) -> str:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await service.http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    assert "errors" not in response.json(), response.text
    return response.text


async def test_every_root_field_answers_every_caller(service: Service) -> None:
    planted = await _plant(service)
    tokens = await _tokens(service, planted["orgs"])
    org_id = encode("Organization", planted["orgs"]["refugio"])
    for caller, token in tokens.items():
        for field, query in ROOT_FIELDS.items():
            variables = {"id": org_id} if "$id" in query else {}
            text = await _post(service, token, query, **variables)
            assert '"data"' in text, (caller, field)


async def test_canaries_reach_exactly_the_callers_who_may_see_them(service: Service) -> None:
    planted = await _plant(service)
    tokens = await _tokens(service, planted["orgs"])
    refugio = planted["orgs"]["refugio"]
    for caller, (_, partners, confidential) in CALLERS.items():
        token = tokens[caller]
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        paths = {
            "organizations": await _post(service, token, LIST),
            "organization": await _post(service, token, SINGLE),
            "nodes": await _post(service, token, NODES, ids=planted["ids"]),
            "hsds organization": (
                await service.http.get(f"/hsds/organizations/{refugio}", headers=headers)
            ).text,
            "hsds organizations": (
                await service.http.get("/hsds/organizations", headers=headers)
            ).text,
        }
        for path, text in paths.items():
            assert "Refugio Caribe" in text or path == "nodes", (caller, path)
            if path == "hsds organizations":
                # The list may abbreviate; it must never show more than the caller may see.
                if not partners:
                    assert PARTNERS_CANARY not in text, (caller, path)
                if not confidential:
                    assert all(c not in text for c in CONFIDENTIAL_CANARIES), (caller, path)
                continue
            assert (PARTNERS_CANARY in text) == partners, (caller, path)
            for canary in CONFIDENTIAL_CANARIES:
                assert (canary in text) == confidential, (caller, path, canary)
        search = await _post(service, token, SEARCH)
        assert '"totalCount":0' in search.replace(" ", ""), caller
