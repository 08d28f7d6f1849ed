"""Replacing a stored listing with an imported one, as one new version.

Parts whose content the import repeats keep their rows; the others are deleted or
created, each with its revision, and the version bump and UPDATED event come from
:class:`~directory.listings.change.ListingChange` like every other write. Rows marked
PARTNERS or CONFIDENTIAL are only removed when the caller allows it: an import of a
PUBLIC export must not wipe restricted data it never carried.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from directory.enums import Visibility
from directory.hsds import state as S
from directory.listings.change import ListingChange
from directory.listings.create import add_in_dependency_order, snapshot
from directory.listings.parts import apply_translations
from directory.models import (
    Contact,
    Email,
    Location,
    OrganizationTranslation,
    Phone,
    Service,
    ServiceArea,
    ServiceTranslation,
)
from directory.models.base import Base


class RestrictedRemoval(ValueError):
    def __init__(self, count: int) -> None:
        super().__init__(
            f"the import would remove {count} PARTNERS or CONFIDENTIAL items that the file "
            "does not carry (import with --replace-restricted to allow it)"
        )


def _restricted(rows: list[Any]) -> int:
    return sum(
        1 for row in rows if getattr(row, "visibility", Visibility.PUBLIC) != Visibility.PUBLIC
    )


async def replace_listing(
    change: ListingChange,
    stored: S.Stored,
    wanted: S.Parsed,
    *,
    allow_restricted: bool = False,
    at: dt.datetime | None = None,
) -> None:
    session = change.session
    organization = change.organization
    oid = organization.id
    deleted: list[Base] = []
    created: list[Base] = []

    def phone(values: dict[str, Any], **links: uuid.UUID) -> Phone:
        return Phone(id=uuid.uuid4(), organization_id=oid, **links, **values)

    def diff(old: list[tuple[str, list[Base]]], new: list[tuple[str, Any]]) -> list[Any]:
        """Delete old groups whose key is not wanted; return new items not stored yet."""
        remaining = [k for k, _ in old]
        missing = []
        for k, item in new:
            if k in remaining:
                remaining.remove(k)
            else:
                missing.append(item)
        for k, rows in old:
            if k in remaining:
                remaining.remove(k)
                deleted.extend(rows)
        return missing

    # organization-level rows
    for values in diff(
        [(S.key(p, S.PHONE_FIELDS), [p]) for p in stored.own_phones],
        [(S.key(p, S.PHONE_FIELDS), p) for p in wanted.phones],
    ):
        created.append(phone(values))
    for values in diff(
        [(S.key(e, S.EMAIL_FIELDS), [e]) for e in stored.own_emails],
        [(S.key(e, S.EMAIL_FIELDS), e) for e in wanted.emails],
    ):
        created.append(Email(id=uuid.uuid4(), organization_id=oid, **values))
    for values in diff(
        [(S.key(a, S.AREA_FIELDS), [a]) for a in stored.own_areas],
        [(S.key(a, S.AREA_FIELDS), a) for a in wanted.areas],
    ):
        created.append(ServiceArea(id=uuid.uuid4(), organization_id=oid, service_id=None, **values))
    # locations with their phones
    old_locations = [
        (S.location_key(part), [*phones, location])
        for part, (location, phones) in zip(stored.parsed.locations, stored.locations, strict=True)
    ]
    for part in diff(old_locations, [(S.location_key(p), p) for p in wanted.locations]):
        location = Location(id=uuid.uuid4(), organization_id=oid, **part.values)
        created += [location, *(phone(p, location_id=location.id) for p in part.phones)]
    # services, then contacts (a contact's key includes its service's)
    service_ids: dict[str, uuid.UUID] = {
        S.service_key(part): service.id
        for part, (service, _) in zip(stored.parsed.services, stored.services, strict=True)
    }
    old_services = [
        (S.service_key(part), [*children, service])
        for part, (service, children) in zip(stored.parsed.services, stored.services, strict=True)
    ]
    for part in diff(old_services, [(S.service_key(p), p) for p in wanted.services]):
        now = change.at
        service = Service(
            id=uuid.uuid4(), organization_id=oid, created_at=now, updated_at=now, **part.values
        )
        service_ids[S.service_key(part)] = service.id
        created.append(service)
        created += [
            ServiceTranslation(service_id=service.id, organization_id=oid, language=lang, **text)
            for lang, text in part.translations.items()
        ]
        created += [
            ServiceArea(id=uuid.uuid4(), organization_id=oid, service_id=service.id, **a)
            for a in part.areas
        ]
        created += [phone(p, service_id=service.id) for p in part.phones]
    old_contacts = [
        (S.contact_key(part, stored.parsed.services), [*children, contact])
        for part, (contact, children) in zip(stored.parsed.contacts, stored.contacts, strict=True)
    ]
    new_contacts = [(S.contact_key(p, wanted.services), p) for p in wanted.contacts]
    for part in diff(old_contacts, new_contacts):
        linked = None
        if part.service is not None:
            linked = service_ids[S.service_key(wanted.services[part.service])]
        contact = Contact(id=uuid.uuid4(), organization_id=oid, service_id=linked, **part.values)
        created += [contact, *(phone(p, contact_id=contact.id) for p in part.phones)]
        created += [
            Email(id=uuid.uuid4(), organization_id=oid, contact_id=contact.id, **e)
            for e in part.emails
        ]

    restricted = _restricted(deleted)
    if restricted and not allow_restricted:
        raise RestrictedRemoval(restricted)

    before = snapshot(organization)
    for name in S.ORG_FIELDS:
        setattr(organization, name, wanted.organization[name])
    change.record("update", organization, before, snapshot(organization))
    await apply_translations(
        change,
        stored.translations,
        [t.language for t in stored.translations if t.language not in wanted.translations],
        wanted.translations,
        lambda language, text: OrganizationTranslation(
            organization_id=oid, language=language, **text
        ),
    )
    # children before parents; contacts before the services they point to
    order = (Phone, Email, ServiceTranslation, ServiceArea, Contact, Service, Location)
    for model in order:
        for row in deleted:
            if isinstance(row, model):
                change.deleted(row)
                await session.delete(row)
        await session.flush()
    await add_in_dependency_order(session, created)
    for row in created:
        change.created(row)
