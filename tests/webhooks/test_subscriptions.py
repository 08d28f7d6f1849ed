"""Who may subscribe, where webhooks may go, and that clients never see each other's."""

from __future__ import annotations

import dataclasses

import httpx
import pytest

from directory.db import Database
from directory.settings import Settings
from directory.webhooks.addresses import public
from tests.listings.helpers import make
from tests.schema.mutation_client import ANONYMOUS, caller
from tests.webhooks.conftest import SUBSCRIBE, SUBSCRIPTIONS, graphql, subscribe


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.0.10",
        "169.254.169.254",
        "100.64.0.1",
        "::1",
        "fd00:ec2::254",
        "::ffff:127.0.0.1",
        "0.0.0.0",
        "224.0.0.1",
    ],
)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert not public(address)


def test_public_addresses_are_allowed() -> None:
    assert public("8.8.8.8") and public("2606:4700:4700::1111")


async def test_private_url_is_refused_without_the_development_switch(
    client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    assert not settings.webhook_allow_private
    partner = await caller(client, db, "directory:read")
    for url in (
        "https://127.0.0.1:8443/hooks",
        "https://localhost/hooks",
        "http://partner.example.org/hooks",
        "https://user:pw@example.org/x",
        "ftp://x",
    ):
        body = await graphql(client, partner, SUBSCRIBE, input={"url": url})
        payload = body["data"]["createWebhookSubscription"]
        assert payload["subscription"] is None and payload["secret"] is None, url
        assert payload["userErrors"][0]["field"] == ["url"], url
    listed = await graphql(client, partner, SUBSCRIPTIONS)
    assert listed["data"]["viewer"]["webhookSubscriptions"] == []


async def test_only_reading_clients_may_subscribe(
    app_client: httpx.AsyncClient, db: Database
) -> None:
    await make(db, slug="propia")
    staff = await caller(app_client, db, "listings:write", organization="propia")
    for who in (ANONYMOUS, staff):
        body = await graphql(app_client, who, SUBSCRIBE, input={"url": "http://127.0.0.1:9/x"})
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    anonymous = await graphql(app_client, ANONYMOUS, SUBSCRIPTIONS)
    assert anonymous["data"]["viewer"]["webhookSubscriptions"] == []


async def test_a_client_never_sees_or_changes_another_clients_subscription(
    app_client: httpx.AsyncClient, db: Database
) -> None:
    owner = await caller(app_client, db, "directory:read")
    other = await caller(app_client, db, "directory:read:confidential")
    created = await subscribe(app_client, owner, "http://127.0.0.1:9/hooks")
    subscription_id = created["subscription"]["id"]

    seen = await graphql(app_client, other, SUBSCRIPTIONS)
    assert seen["data"]["viewer"]["webhookSubscriptions"] == []
    delete = """mutation($id: ID!) { deleteWebhookSubscription(input: {id: $id}) {
      deletedSubscriptionId userErrors { code } } }"""
    refused = await graphql(app_client, other, delete, id=subscription_id)
    assert refused["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert (
        len(
            (await graphql(app_client, owner, SUBSCRIPTIONS))["data"]["viewer"][
                "webhookSubscriptions"
            ]
        )
        == 1
    )

    done = await graphql(app_client, owner, delete, id=subscription_id)
    assert done["data"]["deleteWebhookSubscription"]["deletedSubscriptionId"] == subscription_id
    assert (await graphql(app_client, owner, SUBSCRIPTIONS))["data"]["viewer"][
        "webhookSubscriptions"
    ] == []


def test_development_switch_is_read_from_the_environment() -> None:
    on = Settings.from_env({"DIRECTORY_WEBHOOK_ALLOW_PRIVATE": "true"})
    assert on.webhook_allow_private
    assert not Settings.from_env({}).webhook_allow_private
    assert dataclasses.replace(on, webhook_allow_private=False) != on
