"""Idempotency-Key on mutations, through the whole app with real bearer tokens: a retry
replays the first response and writes nothing; keys belong to one caller."""

from __future__ import annotations

import json

import httpx
from graphql_relay import to_global_id

from directory.db import Database
from directory.models import ChangeEvent, Organization
from tests.auth.helpers import client_token, partner
from tests.listings.helpers import count, load, make
from tests.schema.mutation_client import Caller, caller

UPDATE = (
    "mutation U($input: UpdateOrganizationInput!) { updateOrganization(input: $input) "
    "{ organization { version description } userErrors { code } } }"
)


def body(org: object, text: str) -> dict[str, object]:
    gid = to_global_id("Organization", str(org))
    return {"query": UPDATE, "variables": {"input": {"id": gid, "description": text}}}


async def post(
    http: httpx.AsyncClient, who: Caller, payload: dict[str, object], key: str | None = None
) -> httpx.Response:
    headers = {**who.headers, **({"Idempotency-Key": key} if key else {})}
    return await http.post("/graphql", json=payload, headers=headers)


async def test_retry_with_the_same_key_replays_and_writes_once(
    db: Database, client: httpx.AsyncClient
) -> None:
    org = await make(db)
    hotline = await caller(client, db, "directory:write")
    first = await post(client, hotline, body(org, "uno"), "retry-1")
    again = await post(client, hotline, body(org, "uno"), "retry-1")
    assert first.status_code == again.status_code == 200
    assert json.loads(again.content) == json.loads(first.content)
    assert again.headers["idempotent-replayed"] == "true"
    assert first.json()["data"]["updateOrganization"]["organization"]["version"] == 2
    assert (await load(db, Organization, org)).version == 2
    assert await count(db, ChangeEvent) == 2


async def test_same_key_with_another_body_is_refused(
    db: Database, client: httpx.AsyncClient
) -> None:
    org = await make(db)
    hotline = await caller(client, db, "directory:write")
    await post(client, hotline, body(org, "uno"), "k")
    other = await post(client, hotline, body(org, "dos"), "k")
    assert other.status_code == 422
    assert other.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert (await load(db, Organization, org)).description == "uno"


async def test_keys_are_per_caller_and_absent_keys_run_every_time(
    db: Database, client: httpx.AsyncClient
) -> None:
    org = await make(db)
    one = await caller(client, db, "directory:write")
    two = await caller(client, db, "directory:write")
    await post(client, one, body(org, "a"), "k")
    await post(client, two, body(org, "b"), "k")
    # without a key the same body runs again (each run here changes the listing: a write
    # that changes nothing would be a no-op and leave the version as it is)
    await post(client, one, body(org, "c"))
    await post(client, one, body(org, "d"))
    await post(client, one, body(org, "c"))
    stored = await load(db, Organization, org)
    assert (stored.version, stored.description) == (6, "c")


async def test_a_refused_caller_gets_forbidden_and_its_key_writes_nothing(
    db: Database, client: httpx.AsyncClient
) -> None:
    org = await make(db)
    reader = await caller(client, db, "directory:read")
    refused = await post(client, reader, body(org, "nope"), "r")
    again = await post(client, reader, body(org, "nope"), "r")
    for response in (refused, again):
        assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await load(db, Organization, org)).version == 1
    assert await count(db, ChangeEvent) == 1


async def test_a_narrower_token_of_the_same_client_is_not_replayed_a_confidential_answer(
    db: Database, client: httpx.AsyncClient
) -> None:
    org = await make(db)
    both = await partner(db, "directory:write directory:read:confidential")
    broad = Caller(await client_token(client, both), both)
    narrow = Caller(await client_token(client, both, "directory:write"), both)
    create = {
        "query": (
            "mutation C($input: CreateContactInput!) { createContact(input: $input) "
            "{ contact { name phones { number } } userErrors { code } } }"
        ),
        "variables": {
            "input": {
                "organizationId": to_global_id("Organization", str(org)),
                "name": "Casa segura canario-77",
                "visibility": "CONFIDENTIAL",
                "phones": [{"number": "+52 55 5555 0177", "visibility": "CONFIDENTIAL"}],
            }
        },
    }
    first = await post(client, broad, create, "safe-house-1")
    assert "canario-77" in first.text
    replayed = await post(client, narrow, create, "safe-house-1")
    assert replayed.status_code == 422
    assert "canario-77" not in replayed.text and "0177" not in replayed.text
    assert replayed.headers.get("idempotent-replayed") != "true"
    assert await count(db, ChangeEvent) == 2  # created, then one contact write — not two
