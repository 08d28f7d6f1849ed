"""An app with the development switch on (webhooks to loopback), and webhook helpers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from directory.db import Database
from directory.settings import Settings
from directory.webhooks.worker import Config, Worker
from server.webhooks import build_worker
from tests.schema.mutation_client import Caller

FAST = Config(allow_private=True, poll=0.05, backoff=0.05, lease=dt.timedelta(seconds=30))

SUBSCRIBE = """mutation($input: CreateWebhookSubscriptionInput!) {
  createWebhookSubscription(input: $input) {
    subscription { id url enabled } secret userErrors { field message code } } }"""
SUBSCRIPTIONS = """{ viewer { webhookSubscriptions { id url enabled disabledReason
  deliveries { id webhookId kind status attemptCount lastStatusCode changeId } } } }"""


@pytest.fixture
async def app_client(db: Database, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The whole app on ``db`` with DIRECTORY_WEBHOOK_ALLOW_PRIVATE=true (no embedded worker:
    tests run their own, to decide when deliveries are sent)."""
    from server.asgi import create_app

    app = create_app(dataclasses.replace(settings, webhook_allow_private=True), database=db)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as http,
    ):
        yield http


def worker(db: Database, settings: Settings, **config: Any) -> Worker:
    return build_worker(settings, db, dataclasses.replace(FAST, **config))


async def graphql(
    http: httpx.AsyncClient, who: Caller, query: str, **variables: Any
) -> dict[str, Any]:
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=who.headers
    )
    body: dict[str, Any] = response.json()
    return body


async def subscribe(http: httpx.AsyncClient, who: Caller, url: str) -> dict[str, Any]:
    body = await graphql(http, who, SUBSCRIBE, input={"url": url, "description": "tests"})
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["createWebhookSubscription"]
    assert payload["userErrors"] == [], payload
    return payload


async def drain(w: Worker, rounds: int = 50) -> None:
    """Run the worker until a round finds nothing due."""
    for _ in range(rounds):
        if await w.run_once() == 0:
            return
