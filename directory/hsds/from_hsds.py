"""HSDS 3.0 organization objects → listing specs (the shape ``create_organization`` takes).

Our own ``x_`` extensions are read back first; foreign HSDS data is mapped as far as the
directory can hold it, and every value left behind is named in ``notes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pycountry

from directory.enums import LANGUAGES, PhoneType
from directory.hsds.taxonomy import CATEGORIES, POPULATIONS_TAXONOMY, find_term
from directory.hsds.to_hsds import SLUG_IDENTIFIER_TYPE
from directory.text import fold
from directory.vocab.jurisdictions import COUNTRIES, all_jurisdictions, get_jurisdiction
from directory.vocab.languages import is_language_code

Json = dict[str, Any]

HSDS_PHONE_TYPES = {"text": "sms", "textphone": "tty", "fax": "fax"}
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)")


@dataclass
class Mapped:
    """One HSDS organization as a listing spec, with what could not be kept."""

    hsds_id: str
    spec: dict[str, Any]
    """The spec mapping (``OrganizationSpec.from_mapping`` makes the typed spec)."""
    contact_services: dict[int, int] = field(default_factory=dict)
    """Contact index → index of the service it belongs to."""
    slug_hint: str | None = None
    notes: list[str] = field(default_factory=list)


def _lang(code: Any) -> str | None:
    if not isinstance(code, str):
        return None
    code = code.strip().lower()
    if is_language_code(code):
        return code
    found = pycountry.languages.get(alpha_3=code) if len(code) == 3 else None
    alpha2 = getattr(found, "alpha_2", None)
    return alpha2 if alpha2 and is_language_code(alpha2) else None


def _languages(items: Any, where: str, notes: list[str]) -> list[str]:
    found: list[str] = []
    for item in items or []:
        code = _lang(item.get("code") if isinstance(item, dict) else item)
        if code is None:
            notes.append(
                f"{where}: language {item.get('code') if isinstance(item, dict) else item!r} is not an ISO 639 code: not kept"
            )
        elif code not in found:
            found.append(code)
    return found


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def area_code(item: Json) -> tuple[str, str | None] | None:
    """(jurisdiction code, municipality) of a service area, from ``x_code`` or its name."""
    code = item.get("x_code")
    if isinstance(code, str) and get_jurisdiction(code):
        return code.upper(), _text(item.get("x_municipality"))
    name = _text(item.get("name"))
    if name is None:
        return None
    found = get_jurisdiction(name)
    if found is not None:
        return found.code, None
    wanted = fold(name)
    for jurisdiction in all_jurisdictions().values():
        if wanted in (fold(n) for n in jurisdiction.names.values()):
            return jurisdiction.code, None
    return None


def _areas(items: Any, where: str, notes: list[str]) -> list[Json]:
    found = []
    for item in items or []:
        if not isinstance(item, dict) or item.get("x_inherited"):
            continue
        code = area_code(item)
        if code is None:
            notes.append(
                f"{where}: service area {item.get('name') or item.get('id')!r} is not a "
                "country (MX, US, CA) or a subdivision of one: not kept"
            )
            continue
        area = {"code": code[0]}
        if code[1]:
            area["municipality"] = code[1]
        found.append(area)
    return found


def _phone(item: Json) -> Json:
    number = str(item.get("number") or "").strip().strip("\"'")
    kind = item.get("x_type")
    if kind not in {t.value for t in PhoneType}:
        kind = HSDS_PHONE_TYPES.get(str(item.get("type") or "").lower(), "voice")
    phone: Json = {
        "number": number,
        "type": kind,
        "hotline": bool(item.get("x_hotline", False)),
        "open24x7": item.get("x_24_7"),
        "description": _text(item.get("description")),
        "visibility": item.get("x_visibility"),
        "languages": [
            c
            for c in (
                _lang(lang.get("code"))
                for lang in item.get("languages") or []
                if isinstance(lang, dict)
            )
            if c
        ],
    }
    if item.get("extension") is not None:
        phone["extension"] = str(item["extension"])
    return phone


def _emails(item: Json) -> list[Json]:
    given = item.get("x_emails")
    if isinstance(given, list):
        return [
            {
                "address": e.get("address"),
                "description": e.get("description"),
                "visibility": e.get("visibility"),
            }
            for e in given
            if isinstance(e, dict)
        ]
    return [{"address": item["email"]}] if item.get("email") else []


def _subdivision(value: Any, country: str | None) -> str | None:
    text = _text(value)
    if text is None or country is None:
        return None
    for code in (text, f"{country}-{text}"):
        found = get_jurisdiction(code)
        if found is not None and not found.is_country and found.country == country:
            return found.code
    wanted = fold(text)
    for jurisdiction in all_jurisdictions().values():
        names = (fold(n) for n in jurisdiction.names.values())
        if jurisdiction.country == country and not jurisdiction.is_country and wanted in names:
            return jurisdiction.code
    return None


def _location(item: Json, notes: list[str]) -> Json:
    where = f"location {item.get('id')}"
    address = next((a for a in item.get("addresses") or [] if isinstance(a, dict)), {})
    country = _text(address.get("country"))
    if country is not None:
        country = country.upper()
        if country not in COUNTRIES:
            notes.append(f"{where}: country {country!r} is not MX, US or CA: not kept")
            country = None
    subdivision = _subdivision(address.get("state_province"), country)
    if address.get("state_province") and subdivision is None:
        notes.append(
            f"{where}: state_province {address.get('state_province')!r} is not a subdivision we know: not kept"
        )
    location: Json = {
        "name": _text(item.get("name")),
        "description": _text(item.get("description")),
        "location_type": item.get("location_type") or "physical",
        "address_1": _text(address.get("address_1")),
        "city": _text(address.get("city")),
        "subdivision": subdivision,
        "postal_code": _text(address.get("postal_code")),
        "country": country,
        "url": _text(item.get("url")),
        "visibility": item.get("x_visibility"),
        "phones": [],
    }
    for axis, limit in (("latitude", 90), ("longitude", 180)):
        value = item.get(axis)
        if isinstance(value, int | float) and not isinstance(value, bool):
            if -limit <= value <= limit:
                location[axis] = float(value)
            else:
                notes.append(f"{where}: {axis} {value} is out of range: not kept")
    return location


def _schedule(service: Json, items: Any, where: str, notes: list[str]) -> None:
    hours: list[Json] = []
    for item in items or []:
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("x_timezone"), str):
            service["timezone"] = item["x_timezone"]
        if item.get("x_open_24_7"):
            service["open24x7"] = True
            continue
        days = [d.strip().upper() for d in str(item.get("byday") or "").split(",") if d.strip()]
        opens = TIME.match(str(item.get("opens_at") or ""))
        closes = TIME.match(str(item.get("closes_at") or ""))
        weekly = (item.get("freq") or "WEEKLY") == "WEEKLY"
        if not (weekly and days and all(d in WEEKDAYS for d in days) and opens and closes):
            notes.append(
                f"{where}: schedule {item.get('id')} is not weekly opening hours: not kept"
            )
            continue
        hours.append({"days": days, "opens": opens.group(0), "closes": closes.group(0)})
    if hours:
        service["hours"] = hours


def _attributes(items: Any, where: str, notes: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {
        "categories": [],
        "populations": [],
        "trafficking_types": [],
        "kind": [],
    }
    for item in items or []:
        if not isinstance(item, dict):
            continue
        link_type = item.get("link_type")
        value = item.get("value")
        term = find_term(str(item.get("taxonomy_term_id") or ""))
        if term is not None:
            target = "categories" if term[0] is CATEGORIES else "populations"
            found[target].append(term[1])
        elif link_type == CATEGORIES.key and value in CATEGORIES.terms:
            found["categories"].append(value)
        elif link_type == POPULATIONS_TAXONOMY.key and value in POPULATIONS_TAXONOMY.terms:
            found["populations"].append(value)
        elif link_type == "trafficking_type" and value:
            found["trafficking_types"].append(value)
        elif link_type == "organization_kind" and value:
            found["kind"].append(value)
        elif link_type in ("verification_status", "last_verified_at"):
            continue
        else:
            notes.append(
                f"{where}: attribute {item.get('id')} ({link_type}) has no place in the directory: not kept"
            )
    return found


def _translations(value: Any) -> Json | None:
    if not isinstance(value, dict):
        return None
    return {k: v for k, v in value.items() if k in LANGUAGES and isinstance(v, dict)} or None


def _country(organization: Json) -> str | None:
    given = organization.get("x_country")
    if isinstance(given, str) and given.upper() in COUNTRIES:
        return given.upper()
    for location in organization.get("locations") or []:
        for address in location.get("addresses") or []:
            country = str(address.get("country") or "").upper()
            if country in COUNTRIES:
                return country
    for area in organization.get("x_service_areas") or []:
        code = area_code(area) if isinstance(area, dict) else None
        if code:
            return code[0][:2]
    for service in organization.get("services") or []:
        for area in service.get("service_areas") or []:
            code = area_code(area) if isinstance(area, dict) else None
            if code:
                return code[0][:2]
    return None


def map_organization(
    organization: Json, default_language: str = "en", default_country: str | None = None
) -> Mapped:
    """The listing spec of one (schema-valid) HSDS organization."""
    notes: list[str] = []
    hsds_id = str(organization["id"])
    language = organization.get("x_language")
    language = language if language in LANGUAGES else default_language
    attributes = _attributes(organization.get("attributes"), "organization", notes)
    alternates = organization.get("x_alternate_names")
    if not isinstance(alternates, list):
        alternates = [organization["alternate_name"]] if organization.get("alternate_name") else []
    seen_phones: set[str] = set()

    def phones(items: Any) -> list[Json]:
        found = []
        for item in items or []:
            if not isinstance(item, dict):
                continue
            key = str(item.get("id"))
            if key in seen_phones:
                continue
            seen_phones.add(key)
            found.append(_phone(item))
        return found

    spec: dict[str, Any] = {
        "name": organization.get("name"),
        "alternate_names": alternates,
        "description": _text(organization.get("description")),
        "kind": attributes["kind"][0] if attributes["kind"] else None,
        "website": _text(organization.get("website")),
        "language": language,
        "country": _country(organization) or default_country,
        "translations": _translations(organization.get("x_translations")),
        "service_areas": _areas(organization.get("x_service_areas"), "organization", notes),
        "emails": _emails(organization),
    }
    services: list[Json] = []
    contacts: list[Json] = []
    contact_index: dict[str, int] = {}
    contact_services: dict[int, int] = {}

    def add_contact(item: Json, service_index: int | None) -> None:
        key = str(item.get("id"))
        if key not in contact_index:
            contact_index[key] = len(contacts)
            contacts.append(
                {
                    "name": _text(item.get("name")),
                    "title": _text(item.get("title")),
                    "department": _text(item.get("department")),
                    "visibility": item.get("x_visibility"),
                    "phones": phones(item.get("phones")),
                    "emails": _emails(item),
                }
            )
        if service_index is not None:
            contact_services[contact_index[key]] = service_index

    service_ids = [str(s.get("id")) for s in organization.get("services") or []]
    for item in organization.get("contacts") or []:
        if isinstance(item, dict):
            linked = str(item.get("service_id"))
            add_contact(item, service_ids.index(linked) if linked in service_ids else None)
    locations: list[Json] = []
    location_ids: set[str] = set()
    for item in organization.get("locations") or []:
        if isinstance(item, dict) and str(item.get("id")) not in location_ids:
            location_ids.add(str(item.get("id")))
            location = _location(item, notes)
            location["phones"] = phones(item.get("phones"))
            locations.append(location)
            for contact in item.get("contacts") or []:
                if isinstance(contact, dict):
                    add_contact(contact, None)
    for index, item in enumerate(organization.get("services") or []):
        where = f"service {item.get('id')}"
        found = _attributes(item.get("attributes"), where, notes)
        service: Json = {
            "name": item.get("name"),
            "description": _text(item.get("description")),
            "language": item.get("x_language") if item.get("x_language") in LANGUAGES else language,
            "status": item.get("status"),
            "categories": list(dict.fromkeys(found["categories"])),
            "populations": list(dict.fromkeys(found["populations"])),
            "trafficking_types": list(dict.fromkeys(found["trafficking_types"])),
            "languages": _languages(item.get("languages"), where, notes),
            "eligibility": _text(item.get("eligibility_description")),
            "fees": _text(item.get("fees_description") or item.get("fees")),
            "translations": _translations(item.get("x_translations")),
            "service_areas": _areas(item.get("service_areas"), where, notes),
        }
        _schedule(service, item.get("schedules"), where, notes)
        for contact in item.get("contacts") or []:
            if isinstance(contact, dict):
                add_contact(contact, index)
        for link in item.get("service_at_locations") or []:
            for contact in (link.get("contacts") or []) if isinstance(link, dict) else []:
                if isinstance(contact, dict):
                    add_contact(contact, index)
        services.append(service)
    # Phones last, most specific owner first: a phone repeated under several owners stays
    # with the first (contacts and locations above), then services, then the organization.
    for service, item in zip(services, organization.get("services") or [], strict=True):
        service["phones"] = phones(item.get("phones"))
    spec["phones"] = phones(organization.get("phones"))
    spec["locations"] = locations
    spec["services"] = services
    spec["contacts"] = contacts
    for key in ("programs", "funding"):
        if organization.get(key):
            notes.append(f"organization: {key} have no place in the directory: not kept")
    slug = next(
        (
            str(i.get("identifier"))
            for i in organization.get("organization_identifiers") or []
            if isinstance(i, dict) and i.get("identifier_type") == SLUG_IDENTIFIER_TYPE
        ),
        None,
    )
    return Mapped(hsds_id, spec, contact_services, slug, notes)
