"""A listing's content as comparable keys, from a spec or from stored rows.

Import compares the two to tell an unchanged organization (nothing written) from a
changed one, and to keep every stored part whose content the file repeats.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from directory.listings.services import SCALAR_COLUMNS as SERVICE_FIELDS
from directory.listings.spec import (
    parse_area,
    parse_contact,
    parse_email,
    parse_location,
    parse_organization,
    parse_phone,
    parse_service,
    parse_translations,
)
from directory.listings.specs import (
    AreaSpec,
    ContactSpec,
    EmailSpec,
    LocationSpec,
    OrganizationSpec,
    PhoneSpec,
    ServiceSpec,
)
from directory.models import (
    Contact,
    Email,
    Location,
    Organization,
    OrganizationTranslation,
    Phone,
    Service,
    ServiceArea,
    ServiceTranslation,
)
from directory.validation import Checker, Path, Problem

ORG_FIELDS = ("name", "alternate_names", "description", "kind", "website", "language", "country")
PHONE_FIELDS = (
    "e164", "short_code", "display", "extension", "type", "is_hotline", "is_24_7",
    "languages", "description", "visibility",
)  # fmt: skip
EMAIL_FIELDS = ("address", "description", "visibility")
AREA_FIELDS = ("country", "subdivision", "municipality")
LOCATION_FIELDS = (
    "name", "description", "location_type", "address_1", "city", "subdivision",
    "postal_code", "country", "latitude", "longitude", "url", "visibility",
)  # fmt: skip
CONTACT_FIELDS = ("name", "title", "department", "visibility")


def key(values: Any, fields: tuple[str, ...] | None = None) -> str:
    if fields is not None:
        values = [values.get(f) if isinstance(values, dict) else getattr(values, f) for f in fields]
    return json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)


@dataclass
class Part:
    """One part (location, service or contact) with its children, as column values."""

    values: dict[str, Any]
    phones: list[dict[str, Any]] = field(default_factory=list)
    emails: list[dict[str, Any]] = field(default_factory=list)
    areas: list[dict[str, Any]] = field(default_factory=list)
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)
    service: int | None = None
    """For a contact: the index of its service."""


@dataclass
class Parsed:
    """A spec checked and normalized into column values (``problems`` when it is not)."""

    organization: dict[str, Any]
    translations: dict[str, dict[str, Any]]
    areas: list[dict[str, Any]]
    phones: list[dict[str, Any]]
    emails: list[dict[str, Any]]
    locations: list[Part]
    services: list[Part]
    contacts: list[Part]
    problems: list[Problem]


def _list(spec: Mapping[str, Any], name: str) -> list[tuple[Path, dict[str, Any]]]:
    value = spec.get(name) or []
    return [((name, i), item) for i, item in enumerate(value) if isinstance(item, dict)]


def parse_listing(spec: Mapping[str, Any], contact_services: dict[int, int]) -> Parsed:
    """The same checks ``create_organization`` applies (to the spec mapping an import
    builds, :meth:`OrganizationSpec.from_mapping`), without touching the database."""
    checker = Checker()
    organization = parse_organization(checker, OrganizationSpec.from_mapping(spec))
    country = organization["country"]
    language = organization["language"] or "en"

    def phones(parent: Mapping[str, Any], path: Path) -> list[dict[str, Any]]:
        found = []
        for i, item in enumerate(parent.get("phones") or []):
            parsed = parse_phone(
                checker, PhoneSpec.from_mapping(item), (*path, "phones", i), country
            )
            if parsed:
                found.append(parsed)
        return found

    def emails(parent: Mapping[str, Any], path: Path) -> list[dict[str, Any]]:
        found = []
        for i, item in enumerate(parent.get("emails") or []):
            parsed = parse_email(checker, EmailSpec.from_mapping(item), (*path, "emails", i))
            if parsed:
                found.append(parsed)
        return found

    def areas(parent: Mapping[str, Any], path: Path) -> list[dict[str, Any]]:
        found = []
        for i, item in enumerate(parent.get("service_areas") or []):
            parsed = parse_area(checker, AreaSpec.from_mapping(item), (*path, "service_areas", i))
            if parsed:
                found.append(parsed)
        return found

    locations = [
        Part(
            parse_location(checker, LocationSpec.from_mapping(item), path),
            phones=phones(item, path),
        )
        for path, item in _list(spec, "locations")
    ]
    services = [
        Part(
            parse_service(checker, ServiceSpec.from_mapping(item), path, language),
            phones=phones(item, path),
            areas=areas(item, path),
            translations=parse_translations(
                checker,
                (*path, "translations"),
                ServiceSpec.from_mapping(item).translations or None,
            ),
        )
        for path, item in _list(spec, "services")
    ]
    contacts = [
        Part(
            parse_contact(checker, ContactSpec.from_mapping(item), path),
            phones=phones(item, path),
            emails=emails(item, path),
            service=contact_services.get(index),
        )
        for index, (path, item) in enumerate(_list(spec, "contacts"))
    ]
    return Parsed(
        organization=organization,
        translations=parse_translations(
            checker, ("translations",), OrganizationSpec.from_mapping(spec).translations or None
        ),
        areas=areas(spec, ()),
        phones=phones(spec, ()),
        emails=emails(spec, ()),
        locations=locations,
        services=services,
        contacts=contacts,
        problems=checker.problems,
    )


def service_key(part: Part) -> str:
    return key(
        [
            key(part.values, SERVICE_FIELDS),
            sorted(key(t) for t in part.translations.items()),
            sorted(key(a, AREA_FIELDS) for a in part.areas),
            sorted(key(p, PHONE_FIELDS) for p in part.phones),
        ]
    )


def location_key(part: Part) -> str:
    return key(
        [key(part.values, LOCATION_FIELDS), sorted(key(p, PHONE_FIELDS) for p in part.phones)]
    )


def contact_key(part: Part, services: list[Part]) -> str:
    service = service_key(services[part.service]) if part.service is not None else None
    return key(
        [
            key(part.values, CONTACT_FIELDS),
            sorted(key(p, PHONE_FIELDS) for p in part.phones),
            sorted(key(e, EMAIL_FIELDS) for e in part.emails),
            service,
        ]
    )


def visible_only(parsed: Parsed, levels: frozenset[str]) -> tuple[Parsed, int]:
    """The listing as an export for ``levels`` shows it (items of other visibility levels
    left out, with their children), and how many items were left out."""
    left_out = 0

    def keep(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        nonlocal left_out
        kept = [i for i in items if str(i.get("visibility") or "PUBLIC") in levels]
        left_out += len(items) - len(kept)
        return kept

    def parts(items: list[Part]) -> list[Part]:
        nonlocal left_out
        found = []
        for part in items:
            if str(part.values.get("visibility") or "PUBLIC") not in levels:
                left_out += 1
                continue
            found.append(replace(part, phones=keep(part.phones), emails=keep(part.emails)))
        return found

    view = replace(
        parsed,
        phones=keep(parsed.phones),
        emails=keep(parsed.emails),
        locations=parts(parsed.locations),
        services=parts(parsed.services),
        contacts=parts(parsed.contacts),
    )
    return view, left_out


def listing_key(parsed: Parsed) -> str:
    """Everything an import can change, as one comparable string."""
    return key(
        [
            key(parsed.organization, ORG_FIELDS),
            sorted(
                key([lang, t.get("name"), t.get("description")])
                for lang, t in parsed.translations.items()
            ),
            sorted(key(a, AREA_FIELDS) for a in parsed.areas),
            sorted(key(p, PHONE_FIELDS) for p in parsed.phones),
            sorted(key(e, EMAIL_FIELDS) for e in parsed.emails),
            sorted(location_key(p) for p in parsed.locations),
            sorted(service_key(p) for p in parsed.services),
            sorted(contact_key(p, parsed.services) for p in parsed.contacts),
        ]
    )


@dataclass
class Stored:
    """An organization's rows, as parts with their row objects."""

    organization: Organization
    parsed: Parsed
    translations: list[OrganizationTranslation]
    own_phones: list[Phone]
    own_emails: list[Email]
    own_areas: list[ServiceArea]
    locations: list[tuple[Location, list[Phone]]]
    services: list[tuple[Service, list[Any]]]
    """Each service with its translations, areas and phones (rows)."""
    contacts: list[tuple[Contact, list[Any]]]
    """Each contact with its phones and emails (rows)."""


def _values(row: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: getattr(row, f) for f in fields}


async def load_stored(session: AsyncSession, organization: Organization) -> Stored:
    """Every row of the listing (no audience: the importer compares the whole listing)."""
    oid = organization.id

    async def rows(model: Any) -> list[Any]:
        return list(
            (await session.scalars(select(model).where(model.organization_id == oid))).all()
        )

    phones: list[Phone] = await rows(Phone)
    emails: list[Email] = await rows(Email)
    areas: list[ServiceArea] = await rows(ServiceArea)
    services: list[Service] = sorted(await rows(Service), key=lambda s: str(s.id))
    locations: list[Location] = await rows(Location)
    contacts: list[Contact] = await rows(Contact)
    translations: list[OrganizationTranslation] = await rows(OrganizationTranslation)
    service_translations: list[ServiceTranslation] = await rows(ServiceTranslation)
    own_phones = [p for p in phones if not (p.contact_id or p.service_id or p.location_id)]
    own_emails = [e for e in emails if e.contact_id is None]
    own_areas = [a for a in areas if a.service_id is None]
    service_parts, service_rows = [], []
    for service in services:
        children: list[Any] = [
            *(t for t in service_translations if t.service_id == service.id),
            *(a for a in areas if a.service_id == service.id),
            *(
                p
                for p in phones
                if p.service_id == service.id and p.contact_id is None and p.location_id is None
            ),
        ]
        service_parts.append(
            Part(
                _values(service, SERVICE_FIELDS),
                phones=[_values(p, PHONE_FIELDS) for p in children if isinstance(p, Phone)],
                areas=[_values(a, AREA_FIELDS) for a in children if isinstance(a, ServiceArea)],
                translations={
                    t.language: {"name": t.name, "description": t.description}
                    for t in children
                    if isinstance(t, ServiceTranslation)
                },
            )
        )
        service_rows.append((service, children))
    index = {service.id: i for i, service in enumerate(services)}
    location_rows = [
        (loc, [p for p in phones if p.location_id == loc.id and p.contact_id is None])
        for loc in locations
    ]
    contact_rows = [
        (
            c,
            [
                *(p for p in phones if p.contact_id == c.id),
                *(e for e in emails if e.contact_id == c.id),
            ],
        )
        for c in contacts
    ]
    parsed = Parsed(
        organization=_values(organization, ORG_FIELDS),
        translations={
            t.language: {"name": t.name, "description": t.description} for t in translations
        },
        areas=[_values(a, AREA_FIELDS) for a in own_areas],
        phones=[_values(p, PHONE_FIELDS) for p in own_phones],
        emails=[_values(e, EMAIL_FIELDS) for e in own_emails],
        locations=[
            Part(_values(loc, LOCATION_FIELDS), phones=[_values(p, PHONE_FIELDS) for p in ps])
            for loc, ps in location_rows
        ],
        services=service_parts,
        contacts=[
            Part(
                _values(c, CONTACT_FIELDS),
                phones=[_values(p, PHONE_FIELDS) for p in children if isinstance(p, Phone)],
                emails=[_values(e, EMAIL_FIELDS) for e in children if isinstance(e, Email)],
                service=index.get(c.service_id) if c.service_id else None,
            )
            for c, children in contact_rows
        ],
        problems=[],
    )
    return Stored(
        organization, parsed, translations, own_phones, own_emails, own_areas,
        location_rows, service_rows, contact_rows,
    )  # fmt: skip
