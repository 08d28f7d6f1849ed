"""Signed webhook deliveries to a real receiver on loopback."""

from __future__ import annotations

import asyncio
import json
import uuid

import httpx
from sqlalchemy import select, update
from standardwebhooks import Webhook

from auth.clients import revoke_client
from auth.models import OAuthClient
from directory.access import WriteAccess
from directory.audit import Actor
from directory.db import Database
from directory.listings.contacts import update_contact
from directory.listings.organizations import update_organization
from directory.listings.specs import ContactSpec, OrganizationSpec
from directory.models import Contact
from directory.settings import Settings
from server.webhooks import running_worker
from tests.listings.helpers import confidential_contact, make
from tests.schema.mutation_client import caller
from tests.webhooks.conftest import SUBSCRIPTIONS, drain, graphql, subscribe, worker
from tests.webhooks.receiver import receiver

ACTOR = WriteAccess.system(Actor.system("tests"))


async def _describe(db: Database, org: uuid.UUID, text: str) -> None:
    async with db.write() as session:
        await update_organization(
            session, ACTOR, org, OrganizationSpec.from_mapping({"description": text})
        )


async def test_update_reaches_the_subscriber_signed_within_seconds(
    app_client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    org = await make(db)
    partner = await caller(app_client, db, "directory:read")
    with receiver() as endpoint:
        created = await subscribe(app_client, partner, endpoint.url)
        assert created["secret"].startswith("whsec_")
        async with running_worker(worker(db, settings)):
            await _describe(db, org, "Línea actualizada")
            [got] = await endpoint.wait_for(1, seconds=10)

    payload = Webhook(created["secret"]).verify(got.body, got.headers)
    assert got.headers["webhook-signature"].startswith("v1,")
    assert payload["type"] == "organization.updated"
    data = payload["data"]
    assert data["kind"] == "UPDATED" and data["version"] == 2
    assert set(data) == {"changeId", "organizationId", "version", "kind", "cursor"}
    # the cursor resumes the feed right after this event
    feed = await graphql(
        app_client,
        partner,
        "query($a: String) { changes(after: $a) { nodes { id } } }",
        a=data["cursor"],
    )
    assert feed["data"]["changes"]["nodes"] == []
    listed = await graphql(app_client, partner, SUBSCRIPTIONS)
    [subscription] = listed["data"]["viewer"]["webhookSubscriptions"]
    [delivery] = subscription["deliveries"]
    assert delivery["status"] == "DELIVERED" and delivery["webhookId"] == got.headers["webhook-id"]
    assert delivery["changeId"] == data["changeId"]


async def test_retries_send_the_same_webhook_id(
    app_client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    org = await make(db)
    partner = await caller(app_client, db, "directory:read")
    with receiver(answers=[500, 500, 200]) as endpoint:
        await subscribe(app_client, partner, endpoint.url)
        await _describe(db, org, "Nueva")
        w = worker(db, settings)
        for _ in range(3):
            await endpoint.wait_for(0)
            await drain(w)
            await asyncio.sleep(0.2)  # past the (tiny) backoff
        await drain(w)
        await w.close()
        received = await endpoint.wait_for(3)
    assert len(received) == 3
    assert len({r.headers["webhook-id"] for r in received}) == 1
    [subscription] = (await graphql(app_client, partner, SUBSCRIPTIONS))["data"]["viewer"][
        "webhookSubscriptions"
    ]
    [delivery] = subscription["deliveries"]
    assert (delivery["status"], delivery["attemptCount"], delivery["lastStatusCode"]) == (
        "DELIVERED",
        3,
        200,
    )


async def test_confidential_change_reaches_only_confidential_subscribers(
    app_client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    org = await make(
        db,
        contacts=[confidential_contact()],
    )
    async with db.session() as session:
        contact = (
            await session.scalars(select(Contact.id).where(Contact.organization_id == org))
        ).one()
    reader = await caller(app_client, db, "directory:read")
    confidential = await caller(app_client, db, "directory:read:confidential")
    with receiver() as to_reader, receiver() as to_confidential:
        await subscribe(app_client, reader, to_reader.url)
        await subscribe(app_client, confidential, to_confidential.url)
        async with db.write() as session:
            await update_contact(
                session,
                ACTOR,
                contact,
                ContactSpec.from_mapping(
                    {"phones": [{"number": "+52 55 5000 0002", "visibility": "CONFIDENTIAL"}]}
                ),
            )
        w = worker(db, settings)
        await drain(w)
        await w.close()
        [got] = await to_confidential.wait_for(1)
        assert to_reader.received == []
    assert json.loads(got.body)["data"]["version"] == 2
    listed = await graphql(app_client, reader, SUBSCRIPTIONS)
    assert listed["data"]["viewer"]["webhookSubscriptions"][0]["deliveries"] == []


async def test_revoked_client_receives_nothing_more(
    app_client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    org = await make(db)
    partner = await caller(app_client, db, "directory:read")
    assert partner.client is not None
    with receiver() as endpoint:
        await subscribe(app_client, partner, endpoint.url)
        await _describe(db, org, "Antes")
        w = worker(db, settings)
        await drain(w)
        await endpoint.wait_for(1)
        await revoke_client(db, partner.client.client_id)
        await _describe(db, org, "Después")
        await drain(w)
        await w.close()
        assert len(endpoint.received) == 1


async def test_reduced_scope_reduces_what_is_sent(
    app_client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    org = await make(db, contacts=[{"name": "Enlace", "visibility": "PARTNERS", "phones": []}])
    partner = await caller(app_client, db, "directory:read")
    assert partner.client is not None
    async with db.session() as session:
        contact = (
            await session.scalars(select(Contact.id).where(Contact.organization_id == org))
        ).one()
    with receiver() as endpoint:
        await subscribe(app_client, partner, endpoint.url)
        async with db.write() as session:  # an administrator narrows the client to nothing
            await session.execute(
                update(OAuthClient)
                .where(OAuthClient.client_id == partner.client.client_id)
                .values(scope="")
            )
        async with db.write() as session:
            await update_contact(
                session, ACTOR, contact, ContactSpec.from_mapping({"title": "Coordinación"})
            )
        await _describe(db, org, "Pública")
        w = worker(db, settings)
        await drain(w)
        await w.close()
        [got] = await endpoint.wait_for(1)
        await asyncio.sleep(0.2)
        assert len(endpoint.received) == 1
    assert json.loads(got.body)["data"]["version"] == 3  # the PUBLIC change only


async def test_two_workers_send_each_attempt_once(
    app_client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    orgs = [await make(db, slug=f"org-{n}", name=f"Organización {n}") for n in range(4)]
    partner = await caller(app_client, db, "directory:read")
    with receiver() as endpoint:
        await subscribe(app_client, partner, endpoint.url)
        for i in range(24):
            await _describe(db, orgs[i % 4], f"cambio {i}")
        other = Database(db.url)
        try:
            async with (
                running_worker(worker(db, settings, batch=3)),
                running_worker(worker(other, settings, batch=3)),
            ):
                received = await endpoint.wait_for(24, seconds=30)
                await asyncio.sleep(0.5)
        finally:
            await other.dispose()
        ids = [r.headers["webhook-id"] for r in endpoint.received]
    assert len(received) >= 24
    assert len(ids) == len(set(ids)) == 24
