"""Creating, updating and deleting an organization's contacts with their phones and emails."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.listings.change import ListingChange
from directory.listings.create import add_in_dependency_order, snapshot
from directory.listings.parts import email_rows, phone_rows, replace_rows, unknown_fields
from directory.listings.rows import children, own_emails, own_phones, owner_of, part
from directory.listings.spec import parse_contact
from directory.listings.specs import ContactSpec, known
from directory.models import Contact, Email, Organization, Phone, Service
from directory.models.base import Base
from directory.validation import Checker

SCALAR_FIELDS = ("name", "title", "department", "visibility")


async def _service_link(
    session: AsyncSession, checker: Checker, organization: Organization, value: Any
) -> uuid.UUID | None:
    """The contact's service, which must belong to the same organization."""
    if value is None:
        return None
    found = None
    if isinstance(value, uuid.UUID):
        found = await session.scalar(
            select(Service.id).where(
                Service.id == value, Service.organization_id == organization.id
            )
        )
    if found is None:
        checker.add(("service_id",), "is not a service of this organization")
        return None
    return value


def _parts(
    checker: Checker, spec: ContactSpec, organization: Organization, contact_id: uuid.UUID
) -> tuple[list[Phone] | None, list[Email] | None]:
    phones = (
        phone_rows(
            checker,
            spec.phones,
            ("phones",),
            organization.id,
            organization.country,
            contact_id=contact_id,
        )
        if spec.has("phones")
        else None
    )
    emails = (
        email_rows(checker, spec.emails, ("emails",), organization.id, contact_id=contact_id)
        if spec.has("emails")
        else None
    )
    return phones, emails


async def create_contact(
    session: AsyncSession,
    access: WriteAccess,
    organization_id: uuid.UUID,
    spec: ContactSpec,
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Contact:
    """Add a contact with its phones and emails as a new listing version."""
    change = await ListingChange.begin(session, access, organization_id, expected_version, at)
    organization = change.organization
    checker = Checker()
    unknown_fields(checker, spec)
    contact = Contact(
        id=uuid.uuid4(),
        organization_id=organization.id,
        service_id=await _service_link(session, checker, organization, known(spec.service_id)),
        **parse_contact(checker, spec, ()),
    )
    phones, emails = _parts(checker, spec, organization, contact.id)
    checker.raise_if_any()
    rows: list[Base] = [contact, *(phones or []), *(emails or [])]
    await add_in_dependency_order(session, rows)
    for row in rows:
        change.created(row)
    await change.finish()
    return contact


async def update_contact(
    session: AsyncSession,
    access: WriteAccess,
    contact_id: uuid.UUID,
    changes: ContactSpec,
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Contact:
    """Apply the given fields of a contact (absent ones are kept); ``phones`` and
    ``emails``, when given, replace the contact's that the caller may see. A contact the
    caller may not see is NotFound."""
    audience = access.audience
    organization_id = await owner_of(session, audience, Contact, contact_id)
    change = await ListingChange.begin(session, access, organization_id, expected_version, at)
    organization = change.organization
    contact = await part(session, audience, Contact, contact_id, organization_id)
    checker = Checker()
    unknown_fields(checker, changes)
    if changes.visibility is None:
        # a cleared visibility would read as PUBLIC: never widen who sees a contact by null
        checker.add(("visibility",), "cannot be cleared")
    current = ContactSpec(**{name: getattr(contact, name) for name in SCALAR_FIELDS})
    given = {name: value for name, value in changes.given().items() if name in SCALAR_FIELDS}
    values = parse_contact(checker, dataclasses.replace(current, **given), ())
    service_id = contact.service_id
    if changes.has("service_id"):
        service_id = await _service_link(session, checker, organization, changes.service_id)
    phones, emails = _parts(checker, changes, organization, contact.id)
    checker.raise_if_any()

    before = snapshot(contact)
    for name in given:
        setattr(contact, name, values[name])
    contact.service_id = service_id
    change.record("update", contact, before, snapshot(contact))
    if phones is not None:
        await replace_rows(
            change, await own_phones(session, audience, "contact", contact.id), phones
        )
    if emails is not None:
        await replace_rows(
            change, await own_emails(session, audience, "contact", contact.id), emails
        )
    await change.finish()
    return contact


async def delete_contact(
    session: AsyncSession,
    access: WriteAccess,
    contact_id: uuid.UUID,
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Contact:
    """Delete a contact with its phones and emails; each removed row gets a revision. A
    contact the caller may not see is NotFound."""
    organization_id = await owner_of(session, access.audience, Contact, contact_id)
    change = await ListingChange.begin(session, access, organization_id, expected_version, at)
    contact = await part(session, access.audience, Contact, contact_id, organization_id)
    for model in (Phone, Email):
        for row in await children(session, model, "contact_id", contact_id):
            change.deleted(row)
            await session.delete(row)
    await session.flush()
    change.deleted(contact)
    await session.delete(contact)
    await change.finish()
    return contact
