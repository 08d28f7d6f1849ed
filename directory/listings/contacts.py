"""Creating, updating and deleting an organization's contacts with their phones and emails."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from directory.audit import Actor
from directory.listings.change import ListingChange
from directory.listings.create import add_in_dependency_order, snapshot
from directory.listings.organizations import refuse_archived
from directory.listings.parts import (
    email_rows,
    fresh,
    organization_of,
    phone_rows,
    replace_rows,
    seen_by,
    unknown_fields,
)
from directory.listings.spec import Spec, parse_contact
from directory.models import Contact, Email, Organization, Phone, Service
from directory.models.base import Base
from directory.validation import Checker
from directory.visibility import Audience

SCALAR_FIELDS = ("name", "title", "department", "visibility")
FIELDS = (*SCALAR_FIELDS, "service_id", "phones", "emails")


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
    checker: Checker, spec: Spec, organization: Organization, contact_id: uuid.UUID
) -> tuple[list[Phone] | None, list[Email] | None]:
    phones = (
        phone_rows(
            checker,
            spec["phones"],
            ("phones",),
            organization.id,
            organization.country,
            contact_id=contact_id,
        )
        if "phones" in spec
        else None
    )
    emails = (
        email_rows(checker, spec["emails"], ("emails",), organization.id, contact_id=contact_id)
        if "emails" in spec
        else None
    )
    return phones, emails


async def create_contact(
    session: AsyncSession,
    actor: Actor,
    organization_id: uuid.UUID,
    spec: Spec,
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Contact:
    """Add a contact with its phones and emails as a new listing version."""
    change = await ListingChange.begin(session, actor, organization_id, expected_version, at)
    organization = change.organization
    refuse_archived(organization)
    checker = Checker()
    unknown_fields(checker, spec, FIELDS)
    contact = Contact(
        id=uuid.uuid4(),
        organization_id=organization.id,
        service_id=await _service_link(session, checker, organization, spec.get("service_id")),
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
    actor: Actor,
    contact_id: uuid.UUID,
    changes: Spec,
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
    audience: Audience | None = None,
) -> Contact:
    """Apply the given fields of a contact (absent ones are kept); ``phones`` and
    ``emails``, when given, replace the contact's that ``audience`` may see."""
    organization_id = await organization_of(session, Contact, contact_id)
    change = await ListingChange.begin(session, actor, organization_id, expected_version, at)
    organization = change.organization
    refuse_archived(organization)
    contact: Contact = await fresh(session, Contact, contact_id)
    checker = Checker()
    unknown_fields(checker, changes, FIELDS)
    current = {name: getattr(contact, name) for name in SCALAR_FIELDS}
    given = {name: value for name, value in changes.items() if name in SCALAR_FIELDS}
    values = parse_contact(checker, current | given, ())
    service_id = contact.service_id
    if "service_id" in changes:
        service_id = await _service_link(session, checker, organization, changes["service_id"])
    phones, emails = _parts(checker, changes, organization, contact.id)
    checker.raise_if_any()

    before = snapshot(contact)
    for name in given:
        setattr(contact, name, values[name])
    contact.service_id = service_id
    change.record("update", contact, before, snapshot(contact))
    if phones is not None:
        await replace_rows(change, seen_by(audience, await _of(session, Phone, contact.id)), phones)
    if emails is not None:
        await replace_rows(change, seen_by(audience, await _of(session, Email, contact.id)), emails)
    await change.finish()
    return contact


async def _of(session: AsyncSession, model: Any, contact_id: uuid.UUID) -> list[Any]:
    return list((await session.scalars(select(model).where(model.contact_id == contact_id))).all())


async def delete_contact(
    session: AsyncSession,
    actor: Actor,
    contact_id: uuid.UUID,
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Contact:
    """Delete a contact with its phones and emails; each removed row gets a revision."""
    organization_id = await organization_of(session, Contact, contact_id)
    change = await ListingChange.begin(session, actor, organization_id, expected_version, at)
    refuse_archived(change.organization)
    contact: Contact = await fresh(session, Contact, contact_id)
    for model in (Phone, Email):
        for row in await _of(session, model, contact_id):
            change.deleted(row)
            await session.delete(row)
    await session.flush()
    change.deleted(contact)
    await session.delete(contact)
    await change.finish()
    return contact
