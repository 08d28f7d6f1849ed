"""Directory rows → HSDS 3.0 objects (see the package docstring for the mapping)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
import zoneinfo
from collections.abc import Iterable
from functools import cache
from typing import Any

from directory.audit import jsonable
from directory.enums import PhoneType
from directory.hsds.bundle import Listing
from directory.hsds.ids import derived_id
from directory.hsds.taxonomy import CATEGORIES, POPULATIONS_TAXONOMY, Taxonomy, term_json
from directory.models import (
    Contact,
    Email,
    Location,
    Organization,
    Phone,
    Revision,
    Service,
    ServiceArea,
)
from directory.vocab.jurisdictions import get_jurisdiction
from directory.vocab.languages import language_name

Json = dict[str, Any]

SLUG_IDENTIFIER_TYPE = "Partner directory slug"
WEEK = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PHONE_TYPES = {
    PhoneType.VOICE.value: "voice",
    PhoneType.SMS.value: "text",
    PhoneType.WHATSAPP.value: "cell",
    PhoneType.TTY.value: "textphone",
    PhoneType.FAX.value: "fax",
}
METADATA_FIELDS = frozenset(
    {
        "name",
        "alternate_names",
        "description",
        "kind",
        "website",
        "language",
        "country",
        "slug",
        "status",
        "categories",
        "populations",
        "trafficking_types",
        "languages",
        "eligibility",
        "fees",
        "timezone",
        "open_24_7",
        "hours",
        "verification_status",
        "last_verified_at",
        "archived",
    }
)
"""Audit-trail fields that may appear in HSDS metadata: public columns only."""


def compact(values: Json) -> Json:
    """Drop absent values: HSDS fields are typed and do not accept null."""
    return {key: value for key, value in values.items() if value is not None}


def timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _translations(rows: Iterable[Any]) -> Json | None:
    found = {
        row.language: compact({"name": row.name, "description": row.description}) for row in rows
    }
    return found or None


def _languages(codes: Iterable[str], key: str, parent: str) -> list[Json]:
    """HSDS ``language`` items of one phone or service (``key``: ``phone_id`` or
    ``service_id``), the parent id given as text once (exports build hundreds of thousands
    of these)."""
    return [
        {
            "id": derived_id("language", parent, code),
            key: parent,
            "name": language_name(code),
            "code": code,
        }
        for code in codes
    ]


def phone_json(phone: Phone) -> Json:
    extension = phone.extension if phone.extension and phone.extension.isdigit() else None
    return compact(
        {
            "id": str(phone.id),
            "organization_id": str(phone.organization_id),
            "contact_id": str(phone.contact_id) if phone.contact_id else None,
            "service_id": str(phone.service_id) if phone.service_id else None,
            "location_id": str(phone.location_id) if phone.location_id else None,
            "number": phone.e164,
            "extension": int(extension) if extension else None,
            "type": PHONE_TYPES.get(phone.type, "voice"),
            "description": phone.description,
            "languages": _languages(phone.languages, "phone_id", str(phone.id)),
            "x_type": phone.type,
            "x_hotline": phone.is_hotline,
            "x_24_7": phone.is_24_7,
            "x_visibility": phone.visibility,
        }
    )


def email_json(email: Email) -> Json:
    return compact(
        {"address": email.address, "description": email.description, "visibility": email.visibility}
    )


def contact_json(contact: Contact, phones: list[Phone], emails: list[Email]) -> Json:
    own_emails = [e for e in emails if e.contact_id == contact.id]
    return compact(
        {
            "id": str(contact.id),
            "organization_id": str(contact.organization_id),
            "service_id": str(contact.service_id) if contact.service_id else None,
            "name": contact.name,
            "title": contact.title,
            "department": contact.department,
            "email": own_emails[0].address if own_emails else None,
            "phones": [phone_json(p) for p in phones if p.contact_id == contact.id],
            "x_emails": [email_json(e) for e in own_emails],
            "x_visibility": contact.visibility,
        }
    )


def address_json(location: Location, organization: Organization) -> Json | None:
    if not (location.address_1 or location.city or location.postal_code or location.subdivision):
        return None
    subdivision = location.subdivision or ""
    return {
        "id": derived_id("address", location.id),
        "location_id": str(location.id),
        "address_1": location.address_1 or "",
        "city": location.city or "",
        "state_province": subdivision.partition("-")[2] or subdivision,
        "postal_code": location.postal_code or "",
        "country": location.country or organization.country,
        "address_type": location.location_type,
    }


def location_json(location: Location, listing: Listing) -> Json:
    address = address_json(location, listing.organization)
    return compact(
        {
            "id": str(location.id),
            "organization_id": str(location.organization_id),
            "location_type": location.location_type,
            "url": location.url,
            "name": location.name,
            "description": location.description,
            "latitude": location.latitude,
            "longitude": location.longitude,
            "addresses": [address] if address else [],
            "phones": [phone_json(p) for p in listing.phones if p.location_id == location.id],
            "x_visibility": location.visibility,
        }
    )


@cache
def _jurisdiction_name(code: str, language: str) -> str:
    found = get_jurisdiction(code)
    return found.name(language) if found else code


def area_json(area: ServiceArea, language: str, service_id: uuid.UUID | str | None = None) -> Json:
    code = area.subdivision or area.country
    name = _jurisdiction_name(code, language)
    owner = service_id or area.service_id
    return compact(
        {
            "id": str(area.id) if service_id is None else derived_id("area", service_id, area.id),
            "service_id": str(owner) if owner else None,
            "name": f"{area.municipality}, {name}" if area.municipality else name,
            "x_code": code,
            "x_municipality": area.municipality,
            "x_inherited": True if service_id is not None else None,
        }
    )


@cache
def standard_offset(timezone: str | None) -> float | None:
    """The zone's UTC offset in hours outside daylight saving time (HSDS ``timezone``)."""
    if not timezone:
        return None
    try:
        zone = zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    winter = dt.datetime(2025, 1, 15, 12, tzinfo=zone)
    offset = (winter.utcoffset() or dt.timedelta()) - (winter.dst() or dt.timedelta())
    hours = offset.total_seconds() / 3600
    return int(hours) if hours.is_integer() else hours


def schedules_json(service: Service) -> list[Json]:
    common = compact(
        {
            "service_id": str(service.id),
            "timezone": standard_offset(service.timezone),
            "x_timezone": service.timezone,
            "freq": "WEEKLY",
            "wkst": "MO",
        }
    )
    found: list[Json] = []
    if service.open_24_7:
        found.append(
            {
                "id": derived_id("schedule", service.id, "24/7"),
                **common,
                "byday": ",".join(WEEK),
                "opens_at": "00:00",
                "closes_at": "23:59",
                "description": "Open 24 hours a day, 7 days a week.",
                "x_open_24_7": True,
            }
        )
    for index, hours in enumerate(service.hours or []):
        days = ",".join(hours["days"])
        found.append(
            {
                "id": derived_id("schedule", service.id, index, days, hours["opens"]),
                **common,
                "byday": days,
                "opens_at": hours["opens"],
                "closes_at": hours["closes"],
            }
        )
    return found


def attribute_json(
    link_id: uuid.UUID,
    link_entity: str,
    link_type: str,
    value: str,
    taxonomy: Taxonomy | None,
    *,
    with_term: bool = True,
) -> Json:
    """One attribute; a taxonomy term is always named by ``taxonomy_term_id`` and, with
    ``with_term``, also repeated whole in ``taxonomy_term`` (HSDS allows either)."""
    attribute: Json = {
        "id": derived_id("attribute", link_id, link_type, value),
        "link_id": str(link_id),
        "link_type": link_type,
        "link_entity": link_entity,
        "value": value,
    }
    if taxonomy is not None and value in taxonomy.terms:
        attribute["taxonomy_term_id"] = taxonomy.term_id(value)
        if with_term:
            attribute["taxonomy_term"] = term_json(taxonomy, taxonomy.terms[value])
    return attribute


def service_attributes(service: Service, *, with_terms: bool = True) -> list[Json]:
    return [
        *(
            attribute_json(
                service.id, "service", CATEGORIES.key, c, CATEGORIES, with_term=with_terms
            )
            for c in service.categories
        ),
        *(
            attribute_json(
                service.id,
                "service",
                POPULATIONS_TAXONOMY.key,
                p,
                POPULATIONS_TAXONOMY,
                with_term=with_terms,
            )
            for p in service.populations
        ),
        *(
            attribute_json(service.id, "service", "trafficking_type", t, None)
            for t in service.trafficking_types
        ),
    ]


def _actor(actor: str) -> str:
    kind, _, _ = actor.partition(":")
    return actor if kind == "system" else kind


def _text(value: Any) -> str:
    value = jsonable(value)
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def metadata_json(revisions: Iterable[Revision], entity_id: uuid.UUID) -> list[Json]:
    """HSDS metadata of one organization or service from its audit trail."""
    found: list[Json] = []
    for revision in revisions:
        if revision.entity_id != entity_id:
            continue
        common = {
            "resource_id": str(entity_id),
            "resource_type": revision.entity_type.lower(),
            "last_action_date": timestamp(revision.at),
            "last_action_type": revision.operation,
            "updated_by": _actor(revision.actor),
        }
        changes = revision.changes  # decoded once (records decode JSON when read)
        fields = [] if revision.operation in ("create", "archive") else sorted(changes)
        if not fields:
            found.append(
                {
                    "id": derived_id("metadata", revision.id),
                    **common,
                    "field_name": "",
                    "previous_value": "",
                    "replacement_value": "",
                }
            )
        for name in fields:
            if name not in METADATA_FIELDS:
                continue
            change = changes[name]
            found.append(
                {
                    "id": derived_id("metadata", revision.id, name),
                    **common,
                    "field_name": name,
                    "previous_value": _text(change.get("before")),
                    "replacement_value": _text(change.get("after")),
                }
            )
    return found


def organization_brief(organization: Organization, emails: list[Email] | None = None) -> Json:
    """The one-to-one fields of an organization (HSDS list form)."""
    own = [e for e in emails or [] if e.contact_id is None]
    return compact(
        {
            "id": str(organization.id),
            "name": organization.name,
            "alternate_name": next(iter(organization.alternate_names or []), None),
            "description": organization.description or "",
            "email": own[0].address if own else None,
            "website": organization.website,
            "x_alternate_names": organization.alternate_names or None,
            "x_language": organization.language,
            "x_country": organization.country,
            "x_version": organization.version,
        }
    )


def service_brief(service: Service, listing: Listing) -> Json:
    """The one-to-one fields of a service (HSDS list form), with its organization."""
    return _service_fields(
        service, listing, organization_brief(listing.organization, listing.emails)
    )


def _service_fields(service: Service, listing: Listing, organization: Json | None) -> Json:
    """:func:`service_brief`, without ``organization`` when it is None."""
    return compact(
        {
            "id": str(service.id),
            "organization_id": str(service.organization_id),
            "name": service.name,
            "description": service.description,
            "status": service.status,
            "eligibility_description": service.eligibility,
            "fees_description": service.fees,
            "last_modified": timestamp(max(service.updated_at, listing.organization.updated_at)),
            "organization": organization,
            "x_language": service.language,
            "x_translations": _translations(listing.service_translations.get(service.id, [])),
        }
    )


def service_json(
    service: Service, listing: Listing, *, nested_locations: bool, with_terms: bool = True
) -> Json:
    """A fully nested service. ``nested_locations`` repeats each location inside its
    service_at_location (the standalone form); inside an organization, ids suffice.
    ``with_terms`` False names taxonomy terms by id only (see :func:`attribute_json`)."""
    organization = listing.organization
    sid = str(service.id)  # derived ids take the text of the UUID: the same id
    own_areas = [a for a in listing.areas if a.service_id == service.id]
    if own_areas:
        areas = [area_json(a, organization.language) for a in own_areas]
    else:
        inherited = [a for a in listing.areas if a.service_id is None]
        areas = [area_json(a, organization.language, sid) for a in inherited]
    located = []
    for location in listing.locations:
        lid = str(location.id)
        link: Json = {
            "id": derived_id("service_at_location", sid, lid),
            "service_id": sid,
            "location_id": lid,
        }
        if nested_locations:
            link["location"] = location_json(location, listing)
        located.append(link)
    return {
        **_service_fields(service, listing, None),
        "languages": _languages(service.languages, "service_id", sid),
        "phones": [phone_json(p) for p in listing.phones if p.service_id == service.id],
        "schedules": schedules_json(service),
        "service_areas": areas,
        "service_at_locations": located,
        "contacts": [
            contact_json(c, listing.phones, listing.emails)
            for c in listing.contacts
            if c.service_id == service.id
        ],
        "attributes": service_attributes(service, with_terms=with_terms),
        "metadata": metadata_json(listing.revisions, service.id),
    }


def standalone_service_json(service: Service, listing: Listing) -> Json:
    """``/services/{id}``: the service with its organization's one-to-one fields."""
    found = service_json(service, listing, nested_locations=True)
    found["organization"] = organization_brief(listing.organization, listing.emails)
    return found


def organization_attributes(organization: Organization) -> list[Json]:
    found = [
        attribute_json(
            organization.id, "organization", "organization_kind", organization.kind, None
        )
    ]
    found.append(
        attribute_json(
            organization.id,
            "organization",
            "verification_status",
            organization.verification_status,
            None,
        )
    )
    if organization.last_verified_at is not None:
        found.append(
            attribute_json(
                organization.id,
                "organization",
                "last_verified_at",
                timestamp(organization.last_verified_at),
                None,
            )
        )
    return found


def organization_json(
    listing: Listing, *, full_services: bool = True, with_terms: bool = True
) -> Json:
    """A fully nested organization; with ``full_services`` False its services carry only
    their one-to-one fields. With ``with_terms`` False the attributes of its services name
    their taxonomy terms by ``taxonomy_term_id`` only (exports: the terms are published
    once, as the ``taxonomy_terms`` table or by the API, not repeated in every attribute)."""
    organization = listing.organization
    own_emails = [e for e in listing.emails if e.contact_id is None]
    services = (
        [
            service_json(s, listing, nested_locations=False, with_terms=with_terms)
            for s in listing.services
        ]
        if full_services
        else [_service_fields(s, listing, None) for s in listing.services]
    )
    return {
        **organization_brief(organization, listing.emails),
        **compact(
            {
                "x_translations": _translations(listing.translations),
                "x_emails": [email_json(e) for e in own_emails] or None,
                "x_service_areas": [
                    area_json(a, organization.language)
                    for a in listing.areas
                    if a.service_id is None
                ]
                or None,
            }
        ),
        "contacts": [contact_json(c, listing.phones, listing.emails) for c in listing.contacts],
        "phones": [
            phone_json(p)
            for p in listing.phones
            if p.contact_id is None and p.service_id is None and p.location_id is None
        ],
        "locations": [location_json(loc, listing) for loc in listing.locations],
        "organization_identifiers": [
            {
                "id": derived_id("organization_identifier", organization.id, "slug"),
                "organization_id": str(organization.id),
                "identifier_type": SLUG_IDENTIFIER_TYPE,
                "identifier": organization.slug,
            }
        ],
        "attributes": organization_attributes(organization),
        "metadata": metadata_json(listing.revisions, organization.id),
        "services": services,
    }
