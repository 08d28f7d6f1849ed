"""Plain-dict shapes of listing parts, checked and normalized into column values.

The same shapes are used by the demo dataset, GraphQL mutations and imports, so every
write path applies the same rules. Each ``parse_*`` returns column values (or None when the
part is refused) and records problems on the :class:`Checker`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from directory.enums import (
    LANGUAGES,
    LocationType,
    OrganizationKind,
    PhoneType,
    ServiceStatus,
    TraffickingType,
    VerificationStatus,
)
from directory.validation import Checker, Path

Spec = dict[str, Any]

NAME_MAX = 300
DESCRIPTION_MAX = 10_000


def _values(enum_type: Any) -> list[str]:
    return [member.value for member in enum_type]


def parse_translations(
    checker: Checker, path: Path, value: Any
) -> dict[str, dict[str, str | None]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        checker.add(path, "must map a language (en, es, fr) to a name and description")
        return {}
    kept: dict[str, dict[str, str | None]] = {}
    for language, text in value.items():
        if language not in LANGUAGES:
            checker.add((*path, language), "translations are in en, es or fr")
            continue
        if not isinstance(text, dict):
            checker.add((*path, language), "must have a name and/or description")
            continue
        name = checker.text((*path, language, "name"), text.get("name"), max_length=NAME_MAX)
        description = checker.text(
            (*path, language, "description"), text.get("description"), max_length=DESCRIPTION_MAX
        )
        if name or description:
            kept[language] = {"name": name, "description": description}
    return kept


def parse_organization(checker: Checker, spec: Spec, path: Path = ()) -> Spec:
    """Column values of an organization (without its parts)."""
    return {
        "slug": checker.slug((*path, "slug"), spec.get("slug")),
        "name": checker.text((*path, "name"), spec.get("name"), max_length=NAME_MAX, required=True),
        "alternate_names": checker.texts(
            (*path, "alternate_names"), spec.get("alternate_names"), max_length=NAME_MAX
        ),
        "description": checker.text(
            (*path, "description"), spec.get("description"), max_length=DESCRIPTION_MAX
        ),
        "kind": checker.choice(
            (*path, "kind"), spec.get("kind"), _values(OrganizationKind), default="ngo"
        ),
        "website": checker.url((*path, "website"), spec.get("website")),
        "language": checker.choice(
            (*path, "language"), spec.get("language"), LANGUAGES, default="en"
        ),
        "country": checker.country((*path, "country"), spec.get("country"), required=True),
    }


def parse_verification(checker: Checker, spec: Any, path: Path) -> Spec:
    if spec is None:
        return {}
    status = checker.choice((*path, "status"), spec.get("status"), _values(VerificationStatus))
    when = spec.get("last_verified_at")
    if isinstance(when, str):
        try:
            when = dt.datetime.fromisoformat(when)
        except ValueError:
            checker.add((*path, "last_verified_at"), "must be an ISO 8601 date-time")
            when = None
    if isinstance(when, dt.datetime) and when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return {
        "verification_status": status,
        "last_verified_at": when,
        "verified_by": checker.text(
            (*path, "verified_by"), spec.get("verified_by"), max_length=200
        ),
    }


def parse_service(checker: Checker, spec: Spec, path: Path, default_language: str) -> Spec:
    return {
        "name": checker.text((*path, "name"), spec.get("name"), max_length=NAME_MAX, required=True),
        "description": checker.text(
            (*path, "description"), spec.get("description"), max_length=DESCRIPTION_MAX
        ),
        "language": checker.choice(
            (*path, "language"), spec.get("language"), LANGUAGES, default=default_language
        ),
        "status": checker.choice(
            (*path, "status"), spec.get("status"), _values(ServiceStatus), default="active"
        ),
        "categories": checker.categories((*path, "categories"), spec.get("categories")),
        "populations": checker.populations((*path, "populations"), spec.get("populations")),
        "trafficking_types": checker.codes(
            (*path, "trafficking_types"),
            spec.get("trafficking_types"),
            _values(TraffickingType),
            "trafficking type",
        ),
        "languages": checker.languages((*path, "languages"), spec.get("languages")),
        "eligibility": checker.text(
            (*path, "eligibility"), spec.get("eligibility"), max_length=DESCRIPTION_MAX
        ),
        "fees": checker.text((*path, "fees"), spec.get("fees"), max_length=DESCRIPTION_MAX),
        "timezone": checker.timezone((*path, "timezone"), spec.get("timezone")),
        "open_24_7": checker.unknown_or_bool((*path, "open_24_7"), spec.get("open_24_7")),
        "hours": checker.hours((*path, "hours"), spec.get("hours")),
    }


def parse_area(checker: Checker, spec: Spec, path: Path) -> Spec | None:
    found = checker.jurisdiction((*path, "code"), spec.get("code"))
    municipality = checker.text((*path, "municipality"), spec.get("municipality"), max_length=200)
    if found is None:
        return None
    if municipality and found.is_country:
        checker.add(
            (*path, "municipality"), "a municipality needs a subdivision, not a whole country"
        )
        return None
    return {
        "country": found.country,
        "subdivision": None if found.is_country else found.code,
        "municipality": municipality,
    }


def parse_phone(
    checker: Checker, spec: Spec, path: Path, default_country: str | None
) -> Spec | None:
    country = spec.get("country") or default_country
    normalized = checker.phone((*path, "number"), spec.get("number"), country)
    values = {
        "type": checker.choice(
            (*path, "type"), spec.get("type"), _values(PhoneType), default="voice"
        ),
        "is_hotline": bool(spec.get("hotline", False)),
        "is_24_7": checker.unknown_or_bool((*path, "open_24_7"), spec.get("open_24_7")),
        "languages": checker.languages((*path, "languages"), spec.get("languages")),
        "description": checker.text(
            (*path, "description"), spec.get("description"), max_length=1000
        ),
        "visibility": checker.visibility((*path, "visibility"), spec.get("visibility")),
        "extension": checker.text((*path, "extension"), spec.get("extension"), max_length=20),
    }
    if normalized is None:
        return None
    values.update(
        e164=normalized.e164,
        display=normalized.display,
        short_code=normalized.short_code,
        extension=values["extension"] or normalized.extension,
    )
    return values


def parse_email(checker: Checker, spec: Spec, path: Path) -> Spec | None:
    address = checker.email((*path, "address"), spec.get("address"))
    values = {
        "description": checker.text(
            (*path, "description"), spec.get("description"), max_length=1000
        ),
        "visibility": checker.visibility((*path, "visibility"), spec.get("visibility")),
    }
    return None if address is None else {"address": address, **values}


def parse_location(checker: Checker, spec: Spec, path: Path) -> Spec:
    subdivision = spec.get("subdivision")
    if subdivision is not None:
        found = checker.jurisdiction((*path, "subdivision"), subdivision)
        if found is not None and found.is_country:
            checker.add((*path, "subdivision"), "must be a subdivision such as MX-CMX")
    return {
        "name": checker.text((*path, "name"), spec.get("name"), max_length=NAME_MAX),
        "description": checker.text(
            (*path, "description"), spec.get("description"), max_length=DESCRIPTION_MAX
        ),
        "location_type": checker.choice(
            (*path, "location_type"),
            spec.get("location_type"),
            _values(LocationType),
            default="physical",
        ),
        "address_1": checker.text((*path, "address_1"), spec.get("address_1"), max_length=300),
        "city": checker.text((*path, "city"), spec.get("city"), max_length=200),
        "subdivision": subdivision,
        "postal_code": checker.text((*path, "postal_code"), spec.get("postal_code"), max_length=20),
        "country": checker.country((*path, "country"), spec.get("country")),
        "latitude": checker.coordinate((*path, "latitude"), spec.get("latitude"), 90),
        "longitude": checker.coordinate((*path, "longitude"), spec.get("longitude"), 180),
        "url": checker.url((*path, "url"), spec.get("url")),
        "visibility": checker.visibility((*path, "visibility"), spec.get("visibility")),
    }


def parse_contact(checker: Checker, spec: Spec, path: Path) -> Spec:
    values = {
        "name": checker.text((*path, "name"), spec.get("name"), max_length=NAME_MAX),
        "title": checker.text((*path, "title"), spec.get("title"), max_length=NAME_MAX),
        "department": checker.text(
            (*path, "department"), spec.get("department"), max_length=NAME_MAX
        ),
        "visibility": checker.visibility((*path, "visibility"), spec.get("visibility")),
    }
    if not (values["name"] or values["title"] or values["department"]):
        checker.add((*path, "name"), "a contact needs a name, title or department")
    return values
