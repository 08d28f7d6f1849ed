"""What only administrators (and, for the audit trail, an organization's own staff) read,
through the whole app with real bearer tokens: ``Organization.revisions``,
``verification.verifiedBy``, and archived listings."""

from __future__ import annotations

from typing import Any

import httpx
from graphql_relay import from_global_id

from directory.db import Database
from tests.auth.helpers import code_for, exchange, partner, staff
from tests.listings.helpers import make
from tests.schema.mutation_client import ANONYMOUS, Call, Caller, call, caller
from tests.schema.reads import gql

CANARY = "CANARY-SAFEHOUSE-REV-5521"
REVISIONS = """query($id: ID!, $first: Int, $after: String) { organization(id: $id) {
  name
  revisions(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node {
      actor at operation entityType entityId organizationVersion
      changes { field before after }
    } }
  }
} }"""


async def signed_in_staff(http: httpx.AsyncClient, db: Database, slug: str) -> Caller:
    """A staff member of ``slug`` signed in through the authorization-code flow."""
    app = await partner(db, "directory:read listings:write", grant="authorization_code")
    email = f"coordinacion@{slug}.example"
    await staff(db, email, slug)
    code, verifier = await code_for(http, app, email)
    token = (await exchange(http, app, code, verifier)).json()["access_token"]
    return Caller(token)


async def ask(
    http: httpx.AsyncClient, who: Caller, query: str, status: int = 200, **variables: Any
) -> dict[str, Any]:
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=who.headers
    )
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def edited_refuge(http: httpx.AsyncClient, db: Database) -> tuple[str, Caller]:
    """The "refugio" listing with a confidential contact added and a description edited
    by a coordinating body; returns its global ID and that writer."""
    await make(db, slug="refugio", name="Refugio Esperanza")
    await make(db, slug="otra", name="Otra Asociación", service_areas=[{"code": "US"}])
    writer = await caller(http, db, "directory:write")
    found = await gql(http, '{ organization(slug: "refugio") { id } }')
    org_id: str = found["data"]["organization"]["id"]
    created = await call(
        http,
        writer,
        Call(
            "createContact",
            {"organizationId": org_id, "name": CANARY, "visibility": "CONFIDENTIAL"},
        ),
    )
    assert created.errors == [] and created.payload and created.payload["userErrors"] == []
    updated = await call(
        http, writer, Call("updateOrganization", {"id": org_id, "description": "Acogida 24 h"})
    )
    assert updated.errors == [] and updated.payload and updated.payload["userErrors"] == []
    return org_id, writer


async def test_revisions_are_forbidden_to_everyone_but_admins_and_own_staff(
    db: Database, client: httpx.AsyncClient
) -> None:
    org_id, _ = await edited_refuge(client, db)
    refused = {
        "anonymous": ANONYMOUS,
        "partner": await caller(client, db, "directory:read"),
        "confidential partner": await caller(client, db, "directory:read:confidential"),
        "coordinating body": await caller(client, db, "directory:write"),
        "another organization's staff": await caller(client, db, "listings:write", "otra"),
        "read-only client bound to it": await caller(client, db, "directory:read", "refugio"),
    }
    for name, who in refused.items():
        body = await ask(client, who, REVISIONS, id=org_id)
        assert body["data"]["organization"] == {"name": "Refugio Esperanza", "revisions": None}
        [error] = body["errors"]
        assert error["path"] == ["organization", "revisions"], name
        assert error["extensions"]["code"] == "FORBIDDEN", name
        assert error["extensions"]["requiredScopes"] == ["directory:admin"], name
        assert CANARY not in str(body), name
        assert "Acogida" not in str(body), name


async def test_admins_and_own_staff_read_every_change_newest_first(
    db: Database, client: httpx.AsyncClient
) -> None:
    org_id, writer = await edited_refuge(client, db)
    readers = {
        "admin": await caller(client, db, "directory:admin"),
        "signed-in staff": await signed_in_staff(client, db, "refugio"),
        "its own listings client": await caller(client, db, "listings:write", "refugio"),
    }
    for name, who in readers.items():
        body = await ask(client, who, REVISIONS, id=org_id, first=2)
        assert "errors" not in body, (name, body)
        revisions = body["data"]["organization"]["revisions"]
        newest, contact = (edge["node"] for edge in revisions["edges"])
        assert newest["operation"] == "update" and newest["entityType"] == "Organization"
        assert newest["actor"] == writer.actor
        assert newest["organizationVersion"] == 3
        assert from_global_id(newest["entityId"]).type == "Organization"
        assert {"field": "description", "before": None, "after": "Acogida 24 h"} in newest[
            "changes"
        ]
        assert contact["operation"] == "create" and contact["entityType"] == "Contact"
        assert contact["organizationVersion"] == 2
        changed = {c["field"]: c for c in contact["changes"]}
        assert changed["name"]["after"] == CANARY and changed["name"]["before"] is None
        assert changed["visibility"]["after"] == "CONFIDENTIAL"
        assert revisions["pageInfo"]["hasNextPage"] is True
        assert revisions["pageInfo"]["hasPreviousPage"] is False
        # the rest of the trail (the listing's creation) on the next page
        rest = await ask(
            client, who, REVISIONS, id=org_id, first=100, after=revisions["pageInfo"]["endCursor"]
        )
        older = rest["data"]["organization"]["revisions"]
        assert older["pageInfo"] == {
            "hasNextPage": False,
            "hasPreviousPage": True,
            "endCursor": older["edges"][-1]["cursor"],
        }
        assert {e["node"]["operation"] for e in older["edges"]} == {"create"}
        assert {e["node"]["organizationVersion"] for e in older["edges"]} == {1}
        assert revisions["totalCount"] == older["totalCount"] == 2 + len(older["edges"])


async def test_a_bad_revisions_cursor_or_size_is_bad_user_input(
    db: Database, client: httpx.AsyncClient
) -> None:
    org_id, _ = await edited_refuge(client, db)
    admin = await caller(client, db, "directory:admin")
    # a size out of range is refused before the query runs (400); a bad cursor as it runs
    for status, variables in ((200, {"after": "not-a-cursor"}), (400, {"first": 0})):
        body = await ask(client, admin, REVISIONS, status, id=org_id, **variables)
        assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"], variables


VERIFICATION = """query($id: ID!) { organization(id: $id) {
  verification { status lastVerifiedAt verifiedBy changedSinceVerification } } }"""


async def test_the_verifier_is_shown_to_admins_only_and_a_later_edit_shows(
    db: Database, client: httpx.AsyncClient
) -> None:
    await make(db, slug="refugio", name="Refugio Esperanza")
    found = await gql(client, '{ organization(slug: "refugio") { id } }')
    org_id = found["data"]["organization"]["id"]
    admin = await caller(client, db, "directory:admin")
    verified = await call(client, admin, Call("verifyOrganization", {"id": org_id}))
    assert verified.payload and verified.payload["userErrors"] == []
    others = {
        "anonymous": ANONYMOUS,
        "partner": await caller(client, db, "directory:read:confidential"),
        "own staff": await caller(client, db, "listings:write", "refugio"),
    }
    for name, who in {**others, "admin": admin}.items():
        body = await ask(client, who, VERIFICATION, id=org_id)
        assert "errors" not in body, (name, body)
        verification = body["data"]["organization"]["verification"]
        assert verification["status"] == "VERIFIED", name
        assert verification["lastVerifiedAt"] is not None, name
        assert verification["changedSinceVerification"] is False, name
        assert verification["verifiedBy"] == (admin.actor if who is admin else None), name
        assert admin.actor not in str(body) or who is admin, name
    edit = await call(
        client,
        others["own staff"],
        Call("updateOrganization", {"id": org_id, "description": "Nuevo horario"}),
    )
    assert edit.payload and edit.payload["userErrors"] == []
    for name, who in {**others, "admin": admin}.items():
        body = await ask(client, who, VERIFICATION, id=org_id)
        verification = body["data"]["organization"]["verification"]
        assert verification["changedSinceVerification"] is True, name
        assert verification["status"] == "VERIFIED", name


ARCHIVED = """query($id: ID!) {
  organization(id: $id) { name archived }
  bySlug: organization(slug: "archivada") { name }
  node(id: $id) { ... on Organization { name archived } }
  organizations(first: 100) { nodes { name } }
  changes(first: 100) { nodes { kind organizationId version organization { name } } }
}"""


async def test_an_archived_listing_is_read_by_admins_and_absent_for_others_and_in_the_feed(
    db: Database, client: httpx.AsyncClient
) -> None:
    await make(db, slug="archivada", name="Casa Archivada")
    await make(db, slug="activa", name="Casa Activa", service_areas=[{"code": "US"}])
    found = await gql(client, '{ organization(slug: "archivada") { id } }')
    org_id = found["data"]["organization"]["id"]
    writer = await caller(client, db, "directory:write")
    archived = await call(client, writer, Call("archiveOrganization", {"id": org_id}))
    assert archived.payload and archived.payload["organization"]["archived"] is True
    admin = await caller(client, db, "directory:admin")

    body = await ask(client, admin, ARCHIVED, id=org_id)
    assert "errors" not in body, body
    data = body["data"]
    assert data["organization"] == {"name": "Casa Archivada", "archived": True}
    assert data["node"] == {"name": "Casa Archivada", "archived": True}
    assert data["bySlug"] == {"name": "Casa Archivada"}
    last = data["changes"]["nodes"][-1]
    assert (last["kind"], last["organizationId"], last["version"]) == ("ARCHIVED", org_id, 2)
    assert last["organization"] == {"name": "Casa Archivada"}
    trail = await ask(client, admin, REVISIONS, id=org_id, first=1)
    assert trail["data"]["organization"]["revisions"]["edges"][0]["node"]["operation"] == "archive"

    for who in (
        ANONYMOUS,
        await caller(client, db, "directory:read:confidential"),
        await caller(client, db, "directory:write"),
        await caller(client, db, "listings:write", "activa"),
    ):
        body = await ask(client, who, ARCHIVED, id=org_id)
        assert "errors" not in body, body
        data = body["data"]
        assert data["organization"] is None and data["node"] is None and data["bySlug"] is None
        assert [n["name"] for n in data["organizations"]["nodes"]] == ["Casa Activa"]
        kinds = [(n["kind"], n["organizationId"]) for n in data["changes"]["nodes"]]
        assert kinds[-1] == ("ARCHIVED", org_id)
        assert data["changes"]["nodes"][-1]["organization"] is None
        assert "Casa Archivada" not in str(body)


LIST_ARCHIVED = """query($include: Boolean) {
  organizations(first: 100, filter: {includeArchived: $include}) { nodes { name archived } }
}"""


async def test_archived_listings_leave_default_lists_and_only_admins_can_ask_for_them(
    db: Database, client: httpx.AsyncClient
) -> None:
    await make(db, slug="archivada", name="Casa Archivada")
    await make(db, slug="activa", name="Casa Activa", service_areas=[{"code": "US"}])
    found = await gql(client, '{ organization(slug: "archivada") { id } }')
    writer = await caller(client, db, "directory:write")
    await call(
        client, writer, Call("archiveOrganization", {"id": found["data"]["organization"]["id"]})
    )
    admin = await caller(client, db, "directory:admin")
    partner = await caller(client, db, "directory:read:confidential")

    def names(body: dict) -> list[str]:  # type: ignore[type-arg]
        assert "errors" not in body, body
        return sorted(n["name"] for n in body["data"]["organizations"]["nodes"])

    assert names(await ask(client, admin, LIST_ARCHIVED, include=None)) == ["Casa Activa"]
    assert names(await ask(client, admin, LIST_ARCHIVED, include=True)) == [
        "Casa Activa",
        "Casa Archivada",
    ]
    for who in (ANONYMOUS, partner, writer):
        assert names(await ask(client, who, LIST_ARCHIVED, include=True)) == ["Casa Activa"]
