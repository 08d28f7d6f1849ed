"""Idempotency-Key on mutations: a retry replays the first response and writes nothing."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from graphql_relay import to_global_id
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from auth.principal import Principal, PrincipalKind
from directory.db import Database
from directory.models import ChangeEvent, Organization
from schema.mutations.idempotency import IdempotencyMiddleware
from tests.listings.helpers import count, load, make
from tests.schema.mutation_client import SCHEMA


class PrincipalFromHeader:
    """Test-only authentication: the caller named by ``X-Test-Client`` with write rights."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            client = dict(scope["headers"]).get(b"x-test-client")
            scope.setdefault("state", {})["principal"] = (
                Principal(PrincipalKind.CLIENT, ("directory:write",), client.decode())
                if client
                else Principal.anonymous()
            )
        await self.app(scope, receive, send)


async def graphql(request: Request) -> JSONResponse:
    body = await request.json()
    result = await SCHEMA.execute_async(
        body["query"],
        variable_values=body.get("variables"),
        context_value={"principal": request.state.principal, "db": request.app.state.db},
    )
    payload: dict[str, object] = {"data": result.data}
    if result.errors:
        payload["errors"] = [e.formatted for e in result.errors]
    return JSONResponse(payload)


@pytest.fixture
async def http(db: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = Starlette(
        routes=[Route("/graphql", graphql, methods=["POST"])],
        middleware=[Middleware(PrincipalFromHeader), Middleware(IdempotencyMiddleware)],
    )
    app.state.db = db
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        yield client


UPDATE = (
    "mutation U($input: UpdateOrganizationInput!) { updateOrganization(input: $input) "
    "{ organization { version description } userErrors { code } } }"
)


def body(org: object, text: str) -> dict[str, object]:
    gid = to_global_id("Organization", str(org))
    return {"query": UPDATE, "variables": {"input": {"id": gid, "description": text}}}


async def test_retry_with_the_same_key_replays_and_writes_once(
    db: Database, http: httpx.AsyncClient
) -> None:
    org = await make(db)
    headers = {"Idempotency-Key": "retry-1", "X-Test-Client": "hotline"}
    first = await http.post("/graphql", json=body(org, "uno"), headers=headers)
    again = await http.post("/graphql", json=body(org, "uno"), headers=headers)
    assert first.status_code == again.status_code == 200
    assert json.loads(again.content) == json.loads(first.content)
    assert again.headers["idempotent-replayed"] == "true"
    assert first.json()["data"]["updateOrganization"]["organization"]["version"] == 2
    assert (await load(db, Organization, org)).version == 2
    assert await count(db, ChangeEvent) == 2


async def test_same_key_with_another_body_is_refused(db: Database, http: httpx.AsyncClient) -> None:
    org = await make(db)
    headers = {"Idempotency-Key": "k", "X-Test-Client": "hotline"}
    await http.post("/graphql", json=body(org, "uno"), headers=headers)
    other = await http.post("/graphql", json=body(org, "dos"), headers=headers)
    assert other.status_code == 422
    assert other.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert (await load(db, Organization, org)).description == "uno"


async def test_keys_are_per_caller_and_absent_keys_run_every_time(
    db: Database, http: httpx.AsyncClient
) -> None:
    org = await make(db)
    await http.post(
        "/graphql", json=body(org, "a"), headers={"Idempotency-Key": "k", "X-Test-Client": "one"}
    )
    await http.post(
        "/graphql", json=body(org, "a"), headers={"Idempotency-Key": "k", "X-Test-Client": "two"}
    )
    await http.post("/graphql", json=body(org, "b"), headers={"X-Test-Client": "one"})
    await http.post("/graphql", json=body(org, "b"), headers={"X-Test-Client": "one"})
    assert (await load(db, Organization, org)).version == 5
