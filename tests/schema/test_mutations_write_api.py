"""The lossless write API over HTTP: locations, phones and emails as items of their own,
partial updates, unknown 24/7 hours, no-op writes and "still accurate"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from directory.db import Database
from directory.hsds.export import ExportVisibility, export_json
from directory.models import ChangeEvent, Revision
from schema.ids import encode
from tests.listings.helpers import count, make
from tests.schema.mutation_client import ANONYMOUS, Call, Caller, call, caller

SAFE_HOUSE = "CANARY-WRITE-SAFEHOUSE"
SAFE_PHONE = "55 5555 0166"
SAFE_POINT = {"latitude": 19.4326, "longitude": -99.1332}

READ_ALL = """
query($f: OrganizationFilter) { organizations(first: 50, filter: $f) { totalCount nodes {
  id phones { number description } emails { address }
  locations { id name address1 latitude longitude phones { number } emails { address } }
  services(first: 10) { nodes { id phones { number } emails { address } } } } } }
"""


async def run(http: httpx.AsyncClient, who: Caller, query: str, variables: Any = None) -> Any:
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=who.headers
    )
    assert response.status_code == 200, response.text
    return response


async def test_a_confidential_location_is_absent_from_every_read_path(
    db: Database, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    org = await make(db, slug="refugio", name="Refugio Centro", service_areas=[{"code": "MX-CMX"}])
    writer = await caller(client, db, "directory:write")
    staff = await caller(client, db, "listings:write", "refugio")
    created = await call(
        client,
        staff,
        Call(
            "createLocation",
            {
                "organizationId": encode("Organization", org),
                "name": SAFE_HOUSE,
                "address1": SAFE_HOUSE,
                "visibility": "CONFIDENTIAL",
                "phones": [{"number": SAFE_PHONE, "visibility": "PUBLIC"}],
                **SAFE_POINT,
            },
        ),
    )
    assert created.errors == [] and created.payload is not None
    assert created.payload["userErrors"] == []
    location_id = created.payload["location"]["id"]
    email = await call(
        client,
        staff,
        Call("createEmail", {"ownerId": location_id, "address": "casa@example.org"}),
    )
    assert email.payload is not None and email.payload["userErrors"] == []

    reader = await caller(client, db, "directory:read")
    for who in (ANONYMOUS, reader, writer):
        listed = await run(client, who, READ_ALL)
        assert SAFE_HOUSE not in listed.text and "555550166" not in listed.text
        assert "casa@example.org" not in listed.text
        for search in ("CANARY", "casa@example.org", "5555 0166"):
            found = await run(client, who, READ_ALL, {"f": {"search": search}})
            assert found.json()["data"]["organizations"]["totalCount"] == 0
        near = await run(client, who, READ_ALL, {"f": {"near": {**SAFE_POINT, "radiusKm": 2}}})
        assert near.json()["data"]["organizations"]["totalCount"] == 0
        node = await run(
            client,
            who,
            "query($id: ID!) { node(id: $id) { id } }",
            {"id": location_id},
        )
        assert node.json()["data"] == {"node": None}
        hsds = await client.get(f"/hsds/organizations/{org}", headers=who.headers)
        assert hsds.status_code == 200
        assert SAFE_HOUSE not in hsds.text and "555550166" not in hsds.text

    for visibility in (ExportVisibility.PUBLIC, ExportVisibility.PARTNERS):
        out = tmp_path / f"{visibility.value}.json"
        await export_json(db, out, visibility.audience())
        text = out.read_text()
        assert SAFE_HOUSE not in text and "555550166" not in text

    # its own staff see it, with its phone and email
    mine = await run(client, staff, READ_ALL)
    assert SAFE_HOUSE in mine.text and "+525555550166" in mine.text
    assert "casa@example.org" in mine.text


async def test_updating_a_phone_number_keeps_its_other_fields(
    db: Database, client: httpx.AsyncClient
) -> None:
    org = await make(db, slug="linea", name="Línea Ejemplo", contacts=[])
    writer = await caller(client, db, "directory:write")
    created = await call(
        client,
        writer,
        Call(
            "createPhone",
            {
                "ownerId": encode("Organization", org),
                "number": "800 55 33 000",
                "type": "VOICE",
                "hotline": True,
                "open24x7": True,
                "languages": ["es"],
            },
        ),
    )
    assert created.payload is not None
    phone = created.payload["phone"]["id"]
    changed = await call(
        client, writer, Call("updatePhone", {"id": phone, "number": "55 5555 0177"})
    )
    assert changed.payload is not None and changed.payload["userErrors"] == []
    assert changed.payload["phone"] == {
        "id": phone,
        "number": "+525555550177",
        "type": "VOICE",
        "hotline": True,
        "open24x7": True,
        "languages": ["es"],
    }
    unknown = await call(client, writer, Call("updatePhone", {"id": phone, "open24x7": None}))
    assert unknown.payload is not None
    assert unknown.payload["phone"]["open24x7"] is None
    assert unknown.payload["phone"]["hotline"] is True
    cleared = await call(client, writer, Call("updatePhone", {"id": phone, "visibility": None}))
    assert cleared.payload is not None
    assert [e["code"] for e in cleared.payload["userErrors"]] == ["INVALID"]


async def test_a_partial_organization_update_keeps_every_other_field(
    db: Database, client: httpx.AsyncClient
) -> None:
    org = await make(
        db,
        description="Atención a víctimas",
        website="https://example.org",
        alternate_names=["CEM"],
        translations={"en": {"name": "Example Council", "description": "Victim support"}},
    )
    writer = await caller(client, db, "directory:write")
    query = (
        "query($id: ID!) { node(id: $id) { ... on Organization { name description website "
        "alternateNames kind country language translations { language name description } "
        "phones { number } } } }"
    )
    before = (await run(client, writer, query, {"id": encode("Organization", org)})).json()
    result = await call(
        client,
        writer,
        Call(
            "updateOrganization",
            {"id": encode("Organization", org), "website": "https://ejemplo.mx"},
        ),
    )
    assert result.payload is not None and result.payload["userErrors"] == []
    after = (await run(client, writer, query, {"id": encode("Organization", org)})).json()
    expected = before["data"]["node"] | {"website": "https://ejemplo.mx"}
    assert after["data"]["node"] == expected


async def test_a_no_op_update_leaves_version_revisions_and_feed(
    db: Database, client: httpx.AsyncClient
) -> None:
    org = await make(db, description="Igual")
    writer = await caller(client, db, "directory:write")
    trail = (await count(db, Revision), await count(db, ChangeEvent))
    result = await call(
        client,
        writer,
        Call("updateOrganization", {"id": encode("Organization", org), "description": "Igual"}),
    )
    assert result.payload is not None
    assert result.payload["organization"]["version"] == 1
    assert (await count(db, Revision), await count(db, ChangeEvent)) == trail
    feed = await run(client, writer, "{ changes(first: 100) { nodes { version } } }")
    assert [n["version"] for n in feed.json()["data"]["changes"]["nodes"]] == [1]


async def test_services_own_phones_and_emails_say_what_they_belong_to(
    db: Database, client: httpx.AsyncClient
) -> None:
    org = await make(db, slug="apoyo", name="Apoyo Legal", contacts=[])
    writer = await caller(client, db, "directory:write")
    service = await call(
        client,
        writer,
        Call(
            "createService",
            {"organizationId": encode("Organization", org), "name": "Asesoría", "open24x7": None},
        ),
    )
    assert service.payload is not None
    service_id = service.payload["service"]["id"]
    await call(
        client, writer, Call("createPhone", {"ownerId": service_id, "number": "55 5555 0150"})
    )
    await call(
        client, writer, Call("createEmail", {"ownerId": service_id, "address": "s@example.org"})
    )
    query = (
        "query($id: ID!) { node(id: $id) { ... on Service { open24x7 phones { id number owner "
        "{ ... on Service { id } } } emails { id address owner { ... on Service { id } } } } } }"
    )
    found = (await run(client, ANONYMOUS, query, {"id": service_id})).json()["data"]["node"]
    assert found["open24x7"] is None
    assert [p["number"] for p in found["phones"]] == ["+525555550150"]
    assert found["phones"][0]["owner"] == {"id": service_id}
    assert found["emails"][0]["owner"] == {"id": service_id}
    node = await run(
        client,
        ANONYMOUS,
        "query($id: ID!) { node(id: $id) { id } }",
        {"id": found["phones"][0]["id"]},
    )
    assert node.json()["data"]["node"] == {"id": found["phones"][0]["id"]}


async def test_confirm_listing_current_records_who_and_when_without_verifying(
    db: Database, client: httpx.AsyncClient
) -> None:
    org = await make(db, slug="propia", name="Organización Propia")
    staff = await caller(client, db, "listings:write", "propia")
    admin = await caller(client, db, "directory:admin")
    done = await call(
        client,
        staff,
        Call("confirmListingCurrent", {"organizationId": encode("Organization", org)}),
    )
    assert done.payload is not None and done.payload["userErrors"] == []
    assert done.payload["organization"]["verification"]["confirmedAt"] is not None
    query = (
        "query($id: ID!) { node(id: $id) { ... on Organization { verification { status "
        "confirmedAt confirmedBy lastVerifiedAt } } } }"
    )
    seen = (await run(client, admin, query, {"id": encode("Organization", org)})).json()
    verification = seen["data"]["node"]["verification"]
    assert verification["status"] == "UNVERIFIED" and verification["lastVerifiedAt"] is None
    assert verification["confirmedBy"] == staff.actor
