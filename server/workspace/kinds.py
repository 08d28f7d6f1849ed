"""The kinds of listing items the workspace edits one by one (services, contacts,
locations, phones, emails): for each, its form module, how to read one through the
Reader, and the domain functions that create, change and delete it."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.listings import contact_points, contacts, locations, services
from directory.listings.specs import (
    ContactSpec,
    EmailSpec,
    LocationSpec,
    PhoneSpec,
    ServiceSpec,
    SpecBase,
)
from directory.reader import Reader
from server.workspace import (
    contact_form,
    email_form,
    location_form,
    phone_form,
    service_form,
)


def _(message: str) -> str:
    """Marks a message for the catalogue; the template translates it."""
    return message


Load = Callable[[Reader, list[uuid.UUID]], Awaitable[dict[Any, Any]]]
Create = Callable[..., Awaitable[Any]]

OWNER_KINDS = ("organization", "service", "contact", "location")
"""What a phone or an email may belong to (``?owner=contact:ID``)."""


@dataclass(frozen=True)
class Kind:
    name: str
    """The URL segment: ``/manage/o/{slug}/{name}/…``."""
    form: ModuleType
    """``fields()``, ``blank()``, ``initial(row)``, ``spec(values)``, ``changes(values, before)``."""
    new_title: str
    edit_title: str
    load: Load
    create: Create
    update: Callable[..., Awaitable[Any]]
    delete: Callable[..., Awaitable[Any]]
    spec_type: type[SpecBase] = SpecBase
    """The domain spec the form's values become (``spec_type.from_mapping``)."""
    owned: bool = False
    """Created for an owner (the organization, a service, contact or location)."""

    def problem_path(self, values: dict[str, str], path: tuple[Any, ...]) -> tuple[Any, ...]:
        remap = getattr(self.form, "problem_path", None)
        return remap(values, path) if remap else path


async def _create_for_organization(
    fn: Create,
    session: AsyncSession,
    access: WriteAccess,
    organization_id: uuid.UUID,
    owner: tuple[str, uuid.UUID] | None,
    spec: dict[str, Any],
    expected_version: int,
) -> Any:
    return await fn(session, access, organization_id, spec, expected_version=expected_version)


def _plain(fn: Create) -> Create:
    async def create(*args: Any) -> Any:
        return await _create_for_organization(fn, *args)

    return create


def _owned(fn: Create) -> Create:
    async def create(
        session: AsyncSession,
        access: WriteAccess,
        organization_id: uuid.UUID,
        owner: tuple[str, uuid.UUID] | None,
        spec: dict[str, Any],
        expected_version: int,
    ) -> Any:
        kind, owner_id = owner or ("organization", organization_id)
        return await fn(session, access, kind, owner_id, spec, expected_version=expected_version)

    return create


KINDS: dict[str, Kind] = {
    "services": Kind(
        "services",
        service_form,
        _("Add a service"),
        _("Edit the service"),
        lambda reader, ids: reader.services_by_id(ids),
        _plain(services.create_service),
        services.update_service,
        services.delete_service,
        spec_type=ServiceSpec,
    ),
    "contacts": Kind(
        "contacts",
        contact_form,
        _("Add a contact"),
        _("Edit the contact"),
        lambda reader, ids: reader.contacts_by_id(ids),
        _plain(contacts.create_contact),
        contacts.update_contact,
        contacts.delete_contact,
        spec_type=ContactSpec,
    ),
    "locations": Kind(
        "locations",
        location_form,
        _("Add a place"),
        _("Edit the place"),
        lambda reader, ids: reader.locations_by_id(ids),
        _plain(locations.create_location),
        locations.update_location,
        locations.delete_location,
        spec_type=LocationSpec,
    ),
    "phones": Kind(
        "phones",
        phone_form,
        _("Add a phone number"),
        _("Edit the phone number"),
        lambda reader, ids: reader.phones_by_id(ids),
        _owned(contact_points.create_phone),
        contact_points.update_phone,
        contact_points.delete_phone,
        spec_type=PhoneSpec,
        owned=True,
    ),
    "emails": Kind(
        "emails",
        email_form,
        _("Add an email address"),
        _("Edit the email address"),
        lambda reader, ids: reader.emails_by_id(ids),
        _owned(contact_points.create_email),
        contact_points.update_email,
        contact_points.delete_email,
        spec_type=EmailSpec,
        owned=True,
    ),
}
OWNER_LOADS: dict[str, Load] = {
    "service": KINDS["services"].load,
    "contact": KINDS["contacts"].load,
    "location": KINDS["locations"].load,
}
