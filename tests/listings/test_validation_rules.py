"""Every validation rule of the write path: a bad value is refused (nothing written) and a
good one is kept, through the same functions the mutations call."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from directory.db import Database
from directory.listings.areas import set_service_area
from directory.listings.contacts import update_contact
from directory.listings.organizations import create_listing, update_organization
from directory.listings.services import update_service
from directory.listings.specs import ContactSpec, OrganizationSpec, ServiceSpec, areas_from
from directory.models import (
    ChangeEvent,
    Contact,
    Email,
    Location,
    Organization,
    Phone,
    Service,
    ServiceArea,
)
from directory.validation import InvalidInput
from tests.listings.helpers import ACTOR, count, listing, make


@dataclass(frozen=True)
class Ids:
    organization: uuid.UUID
    service: uuid.UUID
    contact: uuid.UUID


Write = Callable[[AsyncSession, Ids, Any], Awaitable[Any]]
Read = Callable[[AsyncSession, Ids], Awaitable[Any]]


def org_field(name: str) -> tuple[Write, Read]:
    async def write(s: AsyncSession, ids: Ids, v: Any) -> Any:
        return await update_organization(
            s, ACTOR, ids.organization, OrganizationSpec.from_mapping({name: v})
        )

    async def read(s: AsyncSession, ids: Ids) -> Any:
        return getattr(await s.get_one(Organization, ids.organization), name)

    return write, read


def service_field(name: str) -> tuple[Write, Read]:
    async def write(s: AsyncSession, ids: Ids, v: Any) -> Any:
        return await update_service(s, ACTOR, ids.service, ServiceSpec.from_mapping({name: v}))

    async def read(s: AsyncSession, ids: Ids) -> Any:
        return getattr(await s.get_one(Service, ids.service), name)

    return write, read


def contact_field(name: str) -> tuple[Write, Read]:
    async def write(s: AsyncSession, ids: Ids, v: Any) -> Any:
        return await update_contact(s, ACTOR, ids.contact, ContactSpec.from_mapping({name: v}))

    async def read(s: AsyncSession, ids: Ids) -> Any:
        return getattr(await s.get_one(Contact, ids.contact), name)

    return write, read


def contact_phone() -> tuple[Write, Read]:
    async def write(s: AsyncSession, ids: Ids, v: Any) -> Any:
        return await update_contact(
            s, ACTOR, ids.contact, ContactSpec.from_mapping({"phones": [{"number": v}]})
        )

    async def read(s: AsyncSession, ids: Ids) -> Any:
        return (await s.scalars(select(Phone.e164).where(Phone.contact_id == ids.contact))).all()

    return write, read


def contact_email() -> tuple[Write, Read]:
    async def write(s: AsyncSession, ids: Ids, v: Any) -> Any:
        return await update_contact(
            s, ACTOR, ids.contact, ContactSpec.from_mapping({"emails": [{"address": v}]})
        )

    async def read(s: AsyncSession, ids: Ids) -> Any:
        return (await s.scalars(select(Email.address).where(Email.contact_id == ids.contact))).all()

    return write, read


def area() -> tuple[Write, Read]:
    async def write(s: AsyncSession, ids: Ids, v: Any) -> Any:
        return await set_service_area(s, ACTOR, ids.organization, areas_from([{"code": v}]))

    async def read(s: AsyncSession, ids: Ids) -> Any:
        rows = await s.scalars(
            select(ServiceArea.subdivision).where(
                ServiceArea.organization_id == ids.organization, ServiceArea.service_id.is_(None)
            )
        )
        return rows.all()

    return write, read


def location(name: str) -> tuple[Write, Read]:
    async def write(s: AsyncSession, ids: Ids, v: Any) -> Any:
        spec = listing(
            slug="con-lugar",
            name="Casa Lugar Distinto",
            locations=[{"latitude": 19.4, "longitude": -99.1, name: v}],
        )
        return await create_listing(
            s, ACTOR, OrganizationSpec.from_mapping(spec), allow_duplicate=True
        )

    async def read(s: AsyncSession, ids: Ids) -> Any:
        return (await s.scalars(select(getattr(Location, name)))).all()

    return write, read


# rule, (write, read), field path of the problem, bad value, good value, stored good value
RULES: list[tuple[str, tuple[Write, Read], tuple[str, ...], Any, Any, Any]] = [
    ("phone number for the country", contact_phone(), ("phones", "0", "number"),
     "12", "55 5533 5533", ["+525555335533"]),
    ("email address", contact_email(), ("emails", "0", "address"),
     "mesa@", "mesa@example.org", ["mesa@example.org"]),
    ("URL is http or https", org_field("website"), ("website",),
     "ftp://example.org", "https://example.org/ayuda", "https://example.org/ayuda"),
    ("ISO 3166-2 subdivision", area(), ("areas", "0", "code"),
     "MX-XX", "MX-JAL", ["MX-JAL"]),
    ("service category code", service_field("categories"), ("categories", "0"),
     ["massage"], ["legal-aid"], ["legal-aid"]),
    ("population code", service_field("populations"), ("populations", "0"),
     ["aliens"], ["migrants"], ["migrants"]),
    ("ISO 639-1 language code", service_field("languages"), ("languages", "0"),
     ["english"], ["fr"], ["fr"]),
    ("latitude range", location("latitude"), ("locations", "0", "latitude"),
     91, -33.5, [-33.5]),
    ("longitude range", location("longitude"), ("locations", "0", "longitude"),
     -181.0, 179.9, [179.9]),
    ("text length", org_field("name"), ("name",),
     "x" * 301, "Ñ" * 300, "Ñ" * 300),
    ("required text", org_field("name"), ("name",),
     "   ", "Consejo", "Consejo"),
    ("visibility value", contact_field("visibility"), ("visibility",),
     "SECRET", "CONFIDENTIAL", "CONFIDENTIAL"),
    ("IANA time zone", service_field("timezone"), ("timezone",),
     "Mars/Olympus", "America/Tijuana", "America/Tijuana"),
    ("organization kind", org_field("kind"), ("kind",),
     "cartel", "faith-based", "faith-based"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "access", "path", "bad", "good", "stored"), RULES, ids=[r[0] for r in RULES]
)
async def test_rule_refuses_bad_value_and_keeps_good_one(
    db: Database,
    rule: str,
    access: tuple[Write, Read],
    path: tuple[str, ...],
    bad: Any,
    good: Any,
    stored: Any,
) -> None:
    write, read = access
    org_id = await make(db)
    async with db.session() as session:
        ids = Ids(
            org_id,
            (await session.scalars(select(Service.id))).one(),
            (await session.scalars(select(Contact.id))).one(),
        )
        before = await read(session, ids)
    events = await count(db, ChangeEvent)
    with pytest.raises(InvalidInput) as refused:
        async with db.write() as session:
            await write(session, ids, bad)
    assert [p.field for p in refused.value.problems] == [path]
    assert refused.value.problems[0].code == "INVALID"
    async with db.session() as session:
        assert await read(session, ids) == before
    assert await count(db, ChangeEvent) == events

    async with db.write() as session:
        await write(session, ids, good)
    async with db.session() as session:
        assert await read(session, ids) == stored
    assert await count(db, ChangeEvent) == events + 1
