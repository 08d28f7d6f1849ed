"""Regression tests for the confidentiality review of this stop's merged code."""

from __future__ import annotations

import uuid

import httpx
from graphql_relay import to_global_id
from sqlalchemy import select

from auth.principal import Principal, PrincipalKind
from directory.db import Database
from directory.listings.contact_points import create_email
from directory.listings.specs import EmailSpec
from directory.models import Contact, Location, Phone
from directory.reader import Reader
from directory.visibility import Audience
from server.workspace.listing import load_listing
from tests.listings.helpers import SYSTEM, confidential_contact, make
from tests.schema.mutation_client import caller

UPDATE_PHONE = """mutation($id: ID!) { updatePhone(input: {id: $id, description: "x"}) {
  phone { id } userErrors { code } } }"""


async def test_a_hidden_phone_is_as_absent_from_a_refusal_as_from_a_read(
    client: httpx.AsyncClient, db: Database
) -> None:
    """A PUBLIC phone under another organization's CONFIDENTIAL contact: `node` says
    nothing, and `updatePhone` must not say FORBIDDEN (which tells it exists) but
    NOT_FOUND, exactly as for an id that names nothing."""
    await make(
        db,
        slug="refugio-oraculo",
        contacts=[confidential_contact(phone_visibility="PUBLIC")],
    )
    async with db.session() as session:
        hidden = (
            await session.scalars(
                select(Phone.id)
                .join(Contact, Contact.id == Phone.contact_id)
                .where(Contact.visibility == "CONFIDENTIAL")
            )
        ).one()
    outsider = await caller(client, db, "directory:read")
    codes = []
    for phone_id in (hidden, uuid.uuid4()):
        answer = await client.post(
            "/graphql",
            json={"query": UPDATE_PHONE, "variables": {"id": to_global_id("Phone", str(phone_id))}},
            headers=outsider.headers,
        )
        codes.append([e["extensions"]["code"] for e in answer.json().get("errors", [])])
    assert codes == [["NOT_FOUND"], ["NOT_FOUND"]]


async def test_the_public_preview_hides_emails_of_a_confidential_place(db: Database) -> None:
    """Staff see their listing "as the public sees it": an email under a CONFIDENTIAL place
    must not be in that view, since the public does not get it."""
    org = await make(
        db,
        slug="refugio-vista",
        locations=[{"name": "Casa segura", "country": "MX", "visibility": "CONFIDENTIAL"}],
    )
    async with db.session() as session:
        place = (
            await session.scalars(select(Location.id).where(Location.organization_id == org))
        ).one()
    async with db.write() as session:
        await create_email(
            session,
            SYSTEM,
            "location",
            place,
            EmailSpec.from_mapping({"address": "casa@refugio.example", "visibility": "PUBLIC"}),
        )
    admin = Principal(
        kind=PrincipalKind.USER, scopes=("directory:admin",), user_email="admin@example.org"
    )
    async with db.session() as session:
        organization = (await Reader(session, admin.audience()).organizations_by_id([org]))[org]
        listing = await load_listing(session, organization, admin)
        public = await Reader(session, Audience.public()).emails_by_organization([org])
    assert public[org] == []
    assert [e.address for e in listing.seen_by("public").emails] == []
    assert [e.address for e in listing.seen_by("confidential").emails] == ["casa@refugio.example"]
