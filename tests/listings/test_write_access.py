"""The one write rule, below the API: every domain write function takes the caller's
WriteAccess, decides on the locked row, and refuses instead of failing open."""

from __future__ import annotations

import inspect
import uuid

import pytest
from sqlalchemy import select

from directory.access import WriteAccess
from directory.audit import Actor
from directory.db import Database
from directory.enums import Visibility
from directory.errors import Forbidden, InvalidInput, NotFound
from directory.listings import areas, contacts, organizations, services, verification
from directory.listings.rows import seen_by
from directory.listings.specs import ContactSpec, OrganizationSpec
from directory.models import ChangeEvent, Contact, Phone, Revision
from directory.visibility import Audience
from tests.listings.helpers import SYSTEM, count, make, version

WRITERS = [
    organizations.update_organization,
    organizations.archive_organization,
    organizations.create_listing,
    services.create_service,
    services.update_service,
    services.delete_service,
    contacts.create_contact,
    contacts.update_contact,
    contacts.delete_contact,
    areas.set_service_area,
    verification.verify_organization,
]


def staff_of(organization_id: uuid.UUID) -> WriteAccess:
    """A ``listings:write`` client bound to one organization (reads PUBLIC + PARTNERS)."""
    return WriteAccess(
        Actor("client:staff"),
        Audience.partners(organization_id),
        organization_id=organization_id,
        needed=("directory:write",),
    )


def reader() -> WriteAccess:
    return WriteAccess(
        Actor("client:reader"),
        Audience.partners(),
        needed=("listings:write", "directory:write"),
    )


@pytest.mark.parametrize("writer", WRITERS, ids=lambda f: f.__name__)
def test_every_write_function_requires_the_callers_access(writer: object) -> None:
    parameters = inspect.signature(writer).parameters  # type: ignore[arg-type]
    assert "access" in parameters
    assert parameters["access"].default is inspect.Parameter.empty
    assert "audience" not in parameters  # no optional audience that could be left out
    assert "actor" not in parameters


def test_seen_by_without_an_audience_refuses() -> None:
    # it used to return every row (the fail-open default)
    with pytest.raises(TypeError):
        seen_by(None, [])  # type: ignore[arg-type]


def test_write_access_without_an_audience_refuses() -> None:
    with pytest.raises(TypeError):
        WriteAccess(Actor("client:x"), None)  # type: ignore[arg-type]


async def test_staff_of_another_organization_is_refused_and_nothing_is_written(
    db: Database,
) -> None:
    mine = await make(db, slug="propia", name="Organización Propia")
    theirs = await make(db, slug="ajena", name="Otra Asociación", service_areas=[{"code": "US"}])
    events, revisions = await count(db, ChangeEvent), await count(db, Revision)
    with pytest.raises(Forbidden) as refused:
        async with db.write() as session:
            await organizations.update_organization(
                session,
                staff_of(mine),
                theirs,
                OrganizationSpec.from_mapping({"description": "not mine"}),
            )
    assert refused.value.required == ("directory:write",)
    assert await version(db, theirs) == 1
    assert (await count(db, ChangeEvent), await count(db, Revision)) == (events, revisions)
    async with db.write() as session:
        await organizations.update_organization(
            session, staff_of(mine), mine, OrganizationSpec.from_mapping({"description": "mine"})
        )
    assert await version(db, mine) == 2


async def test_a_reader_may_not_create_listings(db: Database) -> None:
    with pytest.raises(Forbidden):
        async with db.write() as session:
            await organizations.create_listing(
                session,
                reader(),
                OrganizationSpec.from_mapping({"slug": "x", "name": "Nueva Red", "country": "MX"}),
            )


async def test_a_contact_the_caller_may_not_see_is_not_found_not_forbidden(db: Database) -> None:
    org = await make(db, contacts=[{"name": "Casa", "visibility": Visibility.CONFIDENTIAL.value}])
    other = await make(db, slug="otra", name="Otra Red de Apoyo", service_areas=[{"code": "US"}])
    async with db.session() as session:
        contact_id = (
            await session.scalars(select(Contact.id).where(Contact.organization_id == org))
        ).one()
    # a writer of another organization, and a plain reader, must not learn it exists
    for access in (staff_of(other), reader()):
        with pytest.raises(NotFound):
            async with db.write() as session:
                await contacts.update_contact(
                    session, access, contact_id, ContactSpec.from_mapping({"title": "x"})
                )
        with pytest.raises(NotFound):
            async with db.write() as session:
                await contacts.delete_contact(session, access, contact_id)
    assert await version(db, org) == 1
    assert await count(db, Contact, Contact.id == contact_id) == 1


async def test_list_replacement_never_touches_phones_the_writer_cannot_see(db: Database) -> None:
    org = await make(db, contacts=[])
    async with db.write() as session:
        contact = await contacts.create_contact(
            session,
            SYSTEM,
            org,
            ContactSpec.from_mapping(
                {
                    "name": "Mesa",
                    "phones": [
                        {"number": "55 5555 0100", "visibility": "CONFIDENTIAL"},
                        {"number": "55 5555 0101"},
                    ],
                }
            ),
        )
    writer = WriteAccess(
        Actor("client:coordination"), Audience.partners(), everywhere=True, needed=()
    )
    async with db.write() as session:
        await contacts.update_contact(
            session,
            writer,
            contact.id,
            ContactSpec.from_mapping({"phones": [{"number": "55 5555 0177"}]}),
        )
    async with db.session() as session:
        numbers = sorted((await session.scalars(select(Phone.e164))).all())
    assert numbers == ["+525555550100", "+525555550177"]


async def test_a_null_visibility_never_makes_a_confidential_contact_public(db: Database) -> None:
    org = await make(db, contacts=[{"name": "Casa", "visibility": "CONFIDENTIAL"}])
    async with db.session() as session:
        contact_id = (
            await session.scalars(select(Contact.id).where(Contact.organization_id == org))
        ).one()
    with pytest.raises(InvalidInput):
        async with db.write() as session:
            await contacts.update_contact(
                session, SYSTEM, contact_id, ContactSpec.from_mapping({"visibility": None})
            )
    async with db.session() as session:
        stored = await session.get_one(Contact, contact_id)
    assert stored.visibility == "CONFIDENTIAL"
