"""The change feed does not tell a caller about changes to items it may not see.

Each event carries the most public visibility among the rows its change touched (before and
after); `changes` and `node` return it only to callers whose scopes grant that level, or to
the organization's own staff.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
from sqlalchemy import select

from directory.access import WriteAccess
from directory.audit import Actor
from directory.db import Database
from directory.listings.contacts import update_contact
from directory.listings.organizations import update_organization
from directory.listings.specs import ContactSpec, OrganizationSpec
from directory.listings.verification import verify_organization
from directory.models import ChangeEvent, Contact
from tests.listings.helpers import confidential_contact, make
from tests.schema.mutation_client import ANONYMOUS, Caller, caller

ACTOR = WriteAccess.system(Actor.system("tests"))
FEED = """query($after: String) { changes(first: 2, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id kind version } } }"""


async def _contact(db: Database, org: uuid.UUID, visibility: str) -> uuid.UUID:
    async with db.session() as session:
        return (
            await session.scalars(
                select(Contact.id).where(
                    Contact.organization_id == org, Contact.visibility == visibility
                )
            )
        ).one()


async def _change_phone(db: Database, contact: uuid.UUID, number: str) -> None:
    async with db.write() as session:
        await update_contact(
            session,
            ACTOR,
            contact,
            ContactSpec.from_mapping(
                {"phones": [{"number": number, "visibility": "CONFIDENTIAL"}]}
            ),
        )


async def _feed(http: httpx.AsyncClient, who: Caller) -> list[dict[str, Any]]:
    """Every event the caller's feed holds, read two at a time through the cursor."""
    events: list[dict[str, Any]] = []
    after = None
    while True:
        response = await http.post(
            "/graphql", json={"query": FEED, "variables": {"after": after}}, headers=who.headers
        )
        body = response.json()
        assert "errors" not in body, body
        page = body["data"]["changes"]
        events.extend(page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            assert page["totalCount"] == len(events)
            return events
        after = page["pageInfo"]["endCursor"]


async def test_confidential_phone_change_reaches_only_confidential_readers(
    client: httpx.AsyncClient, db: Database
) -> None:
    org = await make(
        db,
        slug="refugio-example",
        contacts=[
            {"name": "Mesa", "phones": [{"number": "800 55 33 000"}]},
            confidential_contact(),
        ],
    )
    hidden = await _contact(db, org, "CONFIDENTIAL")
    await _change_phone(db, hidden, "+52 55 5000 0002")
    async with db.write() as session:
        await update_organization(
            session, ACTOR, org, OrganizationSpec.from_mapping({"description": "Nueva descripción"})
        )
    await _change_phone(db, hidden, "+52 55 5000 0003")
    async with db.write() as session:
        await update_organization(
            session, ACTOR, org, OrganizationSpec.from_mapping({"description": "Otra descripción"})
        )

    async with db.session() as session:
        levels = (await session.scalars(select(ChangeEvent.visibility).order_by("id"))).all()
    assert levels == ["PUBLIC", "CONFIDENTIAL", "PUBLIC", "CONFIDENTIAL", "PUBLIC"]

    public_view = [(e["kind"], e["version"]) for e in await _feed(client, ANONYMOUS)]
    assert public_view == [("CREATED", 1), ("UPDATED", 3), ("UPDATED", 5)]
    partner = await caller(client, db, "directory:read")
    assert [e["version"] for e in await _feed(client, partner)] == [1, 3, 5]
    confidential = await caller(client, db, "directory:read:confidential")
    everything = await _feed(client, confidential)
    assert [e["version"] for e in everything] == [1, 2, 3, 4, 5]
    own_staff = await caller(client, db, "listings:write", organization="refugio-example")
    assert [e["version"] for e in await _feed(client, own_staff)] == [1, 2, 3, 4, 5]

    hidden_event = everything[1]["id"]
    query = "query($id: ID!) { node(id: $id) { id } }"
    for who, seen in ((ANONYMOUS, None), (partner, None), (confidential, {"id": hidden_event})):
        response = await client.post(
            "/graphql",
            json={"query": query, "variables": {"id": hidden_event}},
            headers=who.headers,
        )
        assert response.json()["data"]["node"] == seen


async def test_partners_contact_change_is_a_partners_event(db: Database) -> None:
    org = await make(
        db,
        contacts=[
            {"name": "Enlace", "visibility": "PARTNERS", "phones": [{"number": "+52 55 5000 0004"}]}
        ],
    )
    contact = await _contact(db, org, "PARTNERS")
    async with db.write() as session:
        await update_contact(
            session, ACTOR, contact, ContactSpec.from_mapping({"title": "Coordinación"})
        )
    async with db.write() as session:
        # made public: the before state is PARTNERS, the after state PUBLIC
        await update_contact(
            session, ACTOR, contact, ContactSpec.from_mapping({"visibility": "PUBLIC"})
        )
    async with db.session() as session:
        levels = (await session.scalars(select(ChangeEvent.visibility).order_by("id"))).all()
    assert levels == ["PUBLIC", "PARTNERS", "PUBLIC"]


async def _with_hidden_phone(db: Database) -> uuid.UUID:
    """``refugio-example``, whose only contact and its phone are CONFIDENTIAL."""
    return await make(
        db,
        slug="refugio-example",
        contacts=[confidential_contact()],
    )


LISTING = """{ organization(slug: "refugio-example") {
  version updatedAt verification { changedSinceVerification } } }"""


async def _listing(http: httpx.AsyncClient, who: Caller) -> dict[str, Any]:
    response = await http.post("/graphql", json={"query": LISTING}, headers=who.headers)
    body = response.json()
    assert "errors" not in body, body
    found: dict[str, Any] = body["data"]["organization"]
    return found


async def test_hidden_changes_move_neither_version_nor_updated_at_for_who_cannot_see_them(
    client: httpx.AsyncClient, db: Database
) -> None:
    """A confidential edit must not tell a public caller that something changed: its
    ``version``, ``updatedAt`` and ``changedSinceVerification`` stay as they were."""
    org = await _with_hidden_phone(db)
    async with db.write() as session:
        await verify_organization(session, ACTOR, org)
    partner = await caller(client, db, "directory:read")
    confidential = await caller(client, db, "directory:read:confidential")
    own_staff = await caller(client, db, "listings:write", organization="refugio-example")
    verified = await _listing(client, ANONYMOUS)
    assert verified["verification"]["changedSinceVerification"] is False
    assert await _listing(client, confidential) == verified

    await _change_phone(db, await _contact(db, org, "CONFIDENTIAL"), "+52 55 5000 0002")
    for who in (ANONYMOUS, partner):
        assert await _listing(client, who) == verified
    for who in (confidential, own_staff):
        seen = await _listing(client, who)
        assert seen["version"] == verified["version"] + 1
        assert seen["updatedAt"] > verified["updatedAt"]
        assert seen["verification"]["changedSinceVerification"] is True

    async with db.write() as session:
        await update_organization(
            session, ACTOR, org, OrganizationSpec.from_mapping({"description": "Nueva"})
        )
    public = await _listing(client, ANONYMOUS)
    assert public == await _listing(client, confidential)  # a public change: the same for all
    assert public["version"] == verified["version"] + 2
    assert public["verification"]["changedSinceVerification"] is True


async def test_hsds_does_not_show_hidden_changes_either(
    client: httpx.AsyncClient, db: Database
) -> None:
    """The HSDS API's ``x_version`` and ``modified_after`` follow the same rule."""
    org = await _with_hidden_phone(db)
    confidential = await caller(client, db, "directory:read:confidential")

    async def seen(who: Caller, **params: str) -> list[dict[str, Any]]:
        response = await client.get("/hsds/organizations", params=params, headers=who.headers)
        assert response.status_code == 200, response.text
        contents: list[dict[str, Any]] = response.json()["contents"]
        return contents

    before = (await seen(ANONYMOUS))[0]["x_version"]
    since = dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")
    await _change_phone(db, await _contact(db, org, "CONFIDENTIAL"), "+52 55 5000 0002")
    assert (await seen(ANONYMOUS))[0]["x_version"] == before
    assert (await seen(confidential))[0]["x_version"] == before + 1
    assert await seen(ANONYMOUS, modified_after=since) == []
    assert [o["id"] for o in await seen(confidential, modified_after=since)] == [str(org)]


async def test_writers_and_readers_never_share_a_cached_version(
    client: httpx.AsyncClient, db: Database
) -> None:
    """A ``directory:write`` client sees the real version (for ``expectedVersion``), a
    ``directory:read`` client of the same visibility levels does not: the response cache must
    keep their answers apart, whichever is stored first."""
    org = await _with_hidden_phone(db)
    await _change_phone(db, await _contact(db, org, "CONFIDENTIAL"), "+52 55 5000 0002")
    writer = await caller(client, db, "directory:write")
    reader = await caller(client, db, "directory:read")
    for first, second in ((writer, reader), (reader, writer)):
        seen = {}
        for who in (first, first, second, second):  # the cache stores from the second ask
            seen[id(who)] = (await _listing(client, who))["version"]
        assert seen[id(writer)] == seen[id(reader)] + 1


async def test_updated_since_and_order_follow_what_the_caller_may_know(
    client: httpx.AsyncClient, db: Database
) -> None:
    org = await _with_hidden_phone(db)
    await make(db, slug="otra")  # listed after the first, so newer to everyone at first
    since = dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")
    await _change_phone(db, await _contact(db, org, "CONFIDENTIAL"), "+52 55 5000 0002")
    confidential = await caller(client, db, "directory:read:confidential")
    query = """query($since: DateTime) {
      recent: organizations(filter: {updatedSince: $since}) { totalCount }
      ordered: organizations(orderBy: {field: UPDATED_AT, direction: DESC}) { nodes { slug } } }"""

    async def ask(who: Caller) -> tuple[int, list[str]]:
        response = await client.post(
            "/graphql", json={"query": query, "variables": {"since": since}}, headers=who.headers
        )
        body = response.json()
        assert "errors" not in body, body
        slugs = [n["slug"] for n in body["data"]["ordered"]["nodes"]]
        return body["data"]["recent"]["totalCount"], slugs

    assert await ask(ANONYMOUS) == (0, ["otra", "refugio-example"])
    assert await ask(confidential) == (1, ["refugio-example", "otra"])
