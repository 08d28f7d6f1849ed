"""Phones and emails as items of their own: created for one owner (the organization, or
one of its services, contacts or locations), changed field by field, deleted.

Every function takes the caller's WriteAccess: an owner or item the caller may not see is
NotFound, a listing it may not change is Forbidden (decided in ``ListingChange.begin``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.errors import NotFound
from directory.listings.change import ListingChange
from directory.listings.create import add_in_dependency_order, snapshot
from directory.listings.parts import unknown_fields
from directory.listings.rows import OWNERS, owner_of, part
from directory.listings.spec import parse_email, parse_phone
from directory.listings.specs import UNSET, EmailSpec, PhoneSpec, SpecBase
from directory.models import Email, Phone
from directory.validation import Checker

OwnerKind = Literal["organization", "service", "contact", "location"]

PHONE_FIELDS = (
    "number",
    "type",
    "visibility",
    "extension",
    "description",
    "hotline",
    "open24x7",
    "languages",
)
"""Phone fields a caller may set (``country`` is only for imports' national numbers)."""
NOT_CLEARABLE = ("number", "address", "visibility")
"""Fields an explicit null may not clear (a null visibility must never widen who sees it)."""


def phone_spec(phone: Phone) -> PhoneSpec:
    """A stored phone as the spec that would create it (for partial updates)."""
    return PhoneSpec(
        number=phone.e164,
        type=phone.type,
        visibility=phone.visibility,
        extension=phone.extension,
        description=phone.description,
        hotline=phone.is_hotline,
        open24x7=phone.is_24_7,
        languages=list(phone.languages or []),
    )


def email_spec(email: Email) -> EmailSpec:
    return EmailSpec(
        address=email.address, visibility=email.visibility, description=email.description
    )


async def _owner_organization(
    session: AsyncSession, access: WriteAccess, owner: OwnerKind, owner_id: uuid.UUID
) -> uuid.UUID:
    if owner not in OWNERS:
        raise NotFound("owner", owner_id)
    model = OWNERS[owner]
    if model is None:
        return owner_id
    return await owner_of(session, access.audience, model, owner_id)


async def _check_owner(
    session: AsyncSession,
    access: WriteAccess,
    owner: OwnerKind,
    owner_id: uuid.UUID,
    org: uuid.UUID,
) -> dict[str, uuid.UUID]:
    """The link columns of a new phone or email, once its owner is found (after the lock)."""
    model = OWNERS[owner]
    if model is None:
        return {}
    await part(session, access.audience, model, owner_id, org)
    return {f"{owner}_id": owner_id}


def _refuse_cleared(checker: Checker, changes: SpecBase) -> None:
    for name in NOT_CLEARABLE:
        if getattr(changes, name, UNSET) is None:
            checker.add((name,), "cannot be cleared")


async def _visible(session: AsyncSession, access: WriteAccess, row: Phone | Email) -> None:
    """A phone or email under a contact or location the caller may not see is not found."""
    for name in ("contact", "location"):
        parent = getattr(row, f"{name}_id", None)
        if parent is not None:
            model = OWNERS[name]
            assert model is not None
            await part(session, access.audience, model, parent, row.organization_id)


async def _open(
    session: AsyncSession,
    access: WriteAccess,
    model: type[Phone] | type[Email],
    item_id: uuid.UUID,
    expected_version: int | None,
    at: dt.datetime | None,
) -> tuple[ListingChange, Phone | Email]:
    """Begin the change of the listing that owns this phone or email and load the item,
    once the caller may change that listing and see the item (NOT_FOUND otherwise)."""
    org_id = await owner_of(session, access.audience, model, item_id)
    change = await ListingChange.begin(session, access, org_id, expected_version, at)
    item = await part(session, access.audience, model, item_id, org_id)
    await _visible(session, access, item)
    return change, item


async def _delete(
    session: AsyncSession,
    access: WriteAccess,
    model: type[Phone] | type[Email],
    item_id: uuid.UUID,
    expected_version: int | None,
    at: dt.datetime | None,
) -> Phone | Email:
    change, item = await _open(session, access, model, item_id, expected_version, at)
    change.deleted(item)
    await session.delete(item)
    await change.finish()
    return item


async def create_phone(
    session: AsyncSession,
    access: WriteAccess,
    owner: OwnerKind,
    owner_id: uuid.UUID,
    spec: PhoneSpec,
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Phone:
    """Add a phone to the organization or one of its services, contacts or locations."""
    org_id = await _owner_organization(session, access, owner, owner_id)
    change = await ListingChange.begin(session, access, org_id, expected_version, at)
    links = await _check_owner(session, access, owner, owner_id, org_id)
    checker = Checker()
    unknown_fields(checker, spec, PHONE_FIELDS)
    parsed = parse_phone(checker, spec, (), change.organization.country)
    checker.raise_if_any()
    assert parsed is not None
    phone = Phone(id=uuid.uuid4(), organization_id=org_id, **links, **parsed)
    await add_in_dependency_order(session, [phone])
    change.created(phone)
    await change.finish()
    return phone


async def update_phone(
    session: AsyncSession,
    access: WriteAccess,
    phone_id: uuid.UUID,
    changes: PhoneSpec,
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Phone:
    """Change the given fields of a phone; the others (type, hotline, 24/7, languages…)
    stay as they are. An explicit None clears a field where that is allowed."""
    change, phone = await _open(session, access, Phone, phone_id, expected_version, at)
    assert isinstance(phone, Phone)
    checker = Checker()
    unknown_fields(checker, changes, PHONE_FIELDS)
    _refuse_cleared(checker, changes)
    merged = dataclasses.replace(phone_spec(phone), **changes.given())
    if changes.has("number") and not changes.has("extension"):
        # a new number brings its own extension (if any)
        merged = dataclasses.replace(merged, extension=None)
    parsed = parse_phone(checker, merged, (), change.organization.country)
    checker.raise_if_any()
    assert parsed is not None
    before = snapshot(phone)
    for name, value in parsed.items():
        setattr(phone, name, value)
    change.record("update", phone, before, snapshot(phone))
    await change.finish()
    return phone


async def delete_phone(
    session: AsyncSession,
    access: WriteAccess,
    phone_id: uuid.UUID,
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Phone:
    """Delete a phone (its values stay in the audit trail)."""
    deleted = await _delete(session, access, Phone, phone_id, expected_version, at)
    assert isinstance(deleted, Phone)
    return deleted


async def create_email(
    session: AsyncSession,
    access: WriteAccess,
    owner: OwnerKind,
    owner_id: uuid.UUID,
    spec: EmailSpec,
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Email:
    """Add an email to the organization or one of its services, contacts or locations."""
    org_id = await _owner_organization(session, access, owner, owner_id)
    change = await ListingChange.begin(session, access, org_id, expected_version, at)
    links = await _check_owner(session, access, owner, owner_id, org_id)
    checker = Checker()
    unknown_fields(checker, spec)
    parsed = parse_email(checker, spec, ())
    checker.raise_if_any()
    assert parsed is not None
    email = Email(id=uuid.uuid4(), organization_id=org_id, **links, **parsed)
    await add_in_dependency_order(session, [email])
    change.created(email)
    await change.finish()
    return email


async def update_email(
    session: AsyncSession,
    access: WriteAccess,
    email_id: uuid.UUID,
    changes: EmailSpec,
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Email:
    """Change the given fields of an email; the others stay as they are."""
    change, email = await _open(session, access, Email, email_id, expected_version, at)
    assert isinstance(email, Email)
    checker = Checker()
    unknown_fields(checker, changes)
    _refuse_cleared(checker, changes)
    parsed = parse_email(checker, dataclasses.replace(email_spec(email), **changes.given()), ())
    checker.raise_if_any()
    assert parsed is not None
    before = snapshot(email)
    for name, value in parsed.items():
        setattr(email, name, value)
    change.record("update", email, before, snapshot(email))
    await change.finish()
    return email


async def delete_email(
    session: AsyncSession,
    access: WriteAccess,
    email_id: uuid.UUID,
    *,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Email:
    """Delete an email (its values stay in the audit trail)."""
    deleted = await _delete(session, access, Email, email_id, expected_version, at)
    assert isinstance(deleted, Email)
    return deleted
