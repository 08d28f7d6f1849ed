"""Typed specs of listing parts (:mod:`directory.listings.specs`) checked and normalized
into column values.

The same specs are built by GraphQL mutations, the workspace, the demo dataset and
imports, so every write path applies the same rules. Each ``parse_*`` returns column values
(or None when the part is refused) and records problems on the :class:`Checker`, at the
path of the spec field (``("phones", 0, "number")``).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, TypeVar

from directory.enums import (
    LANGUAGES,
    LocationType,
    OrganizationKind,
    PhoneType,
    ServiceStatus,
    TraffickingType,
    VerificationStatus,
)
from directory.listings.specs import (
    AreaSpec,
    ContactSpec,
    EmailSpec,
    LocationSpec,
    OpeningHoursSpec,
    OrganizationSpec,
    PhoneSpec,
    ServiceSpec,
    SpecBase,
    TranslationSpec,
    VerificationSpec,
    known,
)
from directory.validation import Checker, Path

S = TypeVar("S", bound=SpecBase)

Values = dict[str, Any]
"""Column values of one row, as parsed from a spec."""

NAME_MAX = 300
DESCRIPTION_MAX = 10_000


def _values(enum_type: type[enum.Enum]) -> list[str]:
    return [member.value for member in enum_type]


def translations_by_language(value: Any) -> Any:
    """Translation specs as ``{language: {name, description} | None}`` (None: remove);
    any other value as it is (refused by :func:`parse_translations`)."""
    if isinstance(value, tuple) and all(isinstance(t, TranslationSpec) for t in value):
        return {
            str(t.language): None
            if t.remove
            else {"name": known(t.name), "description": known(t.description)}
            for t in value
        }
    return value


def hours_as_lists(value: Any) -> Any:
    """Opening hours specs as the ``{days, opens, closes}`` objects ``Checker.hours`` reads."""
    if isinstance(value, tuple) and all(isinstance(h, OpeningHoursSpec) for h in value):
        return [
            {"days": known(h.days), "opens": known(h.opens), "closes": known(h.closes)}
            for h in value
        ]
    return value


def parse_translations(
    checker: Checker, path: Path, value: Any
) -> dict[str, dict[str, str | None]]:
    value = translations_by_language(value)
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


def parse_organization(checker: Checker, spec: OrganizationSpec, path: Path = ()) -> Values:
    """Column values of an organization (without its parts)."""
    return {
        "slug": checker.slug((*path, "slug"), known(spec.slug)),
        "name": checker.text((*path, "name"), known(spec.name), max_length=NAME_MAX, required=True),
        "alternate_names": checker.texts(
            (*path, "alternate_names"), known(spec.alternate_names), max_length=NAME_MAX
        ),
        "description": checker.text(
            (*path, "description"), known(spec.description), max_length=DESCRIPTION_MAX
        ),
        "kind": checker.choice(
            (*path, "kind"), known(spec.kind), _values(OrganizationKind), default="ngo"
        ),
        "website": checker.url((*path, "website"), known(spec.website)),
        "language": checker.choice(
            (*path, "language"), known(spec.language), LANGUAGES, default="en"
        ),
        "country": checker.country((*path, "country"), known(spec.country), required=True),
    }


def parse_verification(checker: Checker, spec: VerificationSpec | None, path: Path) -> Values:
    if spec is None:
        return {}
    status = checker.choice((*path, "status"), known(spec.status), _values(VerificationStatus))
    when = known(spec.last_verified_at)
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
            (*path, "verified_by"), known(spec.verified_by), max_length=200
        ),
    }


def parse_service(checker: Checker, spec: ServiceSpec, path: Path, default_language: str) -> Values:
    return {
        "name": checker.text((*path, "name"), known(spec.name), max_length=NAME_MAX, required=True),
        "description": checker.text(
            (*path, "description"), known(spec.description), max_length=DESCRIPTION_MAX
        ),
        "language": checker.choice(
            (*path, "language"), known(spec.language), LANGUAGES, default=default_language
        ),
        "status": checker.choice(
            (*path, "status"), known(spec.status), _values(ServiceStatus), default="active"
        ),
        "categories": checker.categories((*path, "categories"), known(spec.categories)),
        "populations": checker.populations((*path, "populations"), known(spec.populations)),
        "trafficking_types": checker.codes(
            (*path, "trafficking_types"),
            known(spec.trafficking_types),
            _values(TraffickingType),
            "trafficking type",
        ),
        "languages": checker.languages((*path, "languages"), known(spec.languages)),
        "eligibility": checker.text(
            (*path, "eligibility"), known(spec.eligibility), max_length=DESCRIPTION_MAX
        ),
        "fees": checker.text((*path, "fees"), known(spec.fees), max_length=DESCRIPTION_MAX),
        "timezone": checker.timezone((*path, "timezone"), known(spec.timezone)),
        "open_24_7": checker.unknown_or_bool((*path, "open24x7"), known(spec.open24x7)),
        "hours": checker.hours((*path, "hours"), hours_as_lists(known(spec.hours))),
    }


def parse_area(checker: Checker, spec: AreaSpec, path: Path) -> Values | None:
    found = checker.jurisdiction((*path, "code"), known(spec.code))
    municipality = checker.text((*path, "municipality"), known(spec.municipality), max_length=200)
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
    checker: Checker, spec: PhoneSpec, path: Path, default_country: str | None
) -> Values | None:
    country = known(spec.country) or default_country
    normalized = checker.phone((*path, "number"), known(spec.number), country)
    values = {
        "type": checker.choice(
            (*path, "type"), known(spec.type), _values(PhoneType), default="voice"
        ),
        "is_hotline": bool(known(spec.hotline)),
        "is_24_7": checker.unknown_or_bool((*path, "open24x7"), known(spec.open24x7)),
        "languages": checker.languages((*path, "languages"), known(spec.languages)),
        "description": checker.text(
            (*path, "description"), known(spec.description), max_length=1000
        ),
        "visibility": checker.visibility((*path, "visibility"), known(spec.visibility)),
        "extension": checker.text((*path, "extension"), known(spec.extension), max_length=20),
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


def parse_email(checker: Checker, spec: EmailSpec, path: Path) -> Values | None:
    address = checker.email((*path, "address"), known(spec.address))
    values = {
        "description": checker.text(
            (*path, "description"), known(spec.description), max_length=1000
        ),
        "visibility": checker.visibility((*path, "visibility"), known(spec.visibility)),
    }
    return None if address is None else {"address": address, **values}


def parse_location(checker: Checker, spec: LocationSpec, path: Path) -> Values:
    subdivision = known(spec.subdivision)
    if subdivision is not None:
        found = checker.jurisdiction((*path, "subdivision"), subdivision)
        if found is not None and found.is_country:
            checker.add((*path, "subdivision"), "must be a subdivision such as MX-CMX")
    return {
        "name": checker.text((*path, "name"), known(spec.name), max_length=NAME_MAX),
        "description": checker.text(
            (*path, "description"), known(spec.description), max_length=DESCRIPTION_MAX
        ),
        "location_type": checker.choice(
            (*path, "location_type"),
            known(spec.location_type),
            _values(LocationType),
            default="physical",
        ),
        "address_1": checker.text((*path, "address_1"), known(spec.address_1), max_length=300),
        "city": checker.text((*path, "city"), known(spec.city), max_length=200),
        "subdivision": subdivision,
        "postal_code": checker.text((*path, "postal_code"), known(spec.postal_code), max_length=20),
        "country": checker.country((*path, "country"), known(spec.country)),
        "latitude": checker.coordinate((*path, "latitude"), known(spec.latitude), 90),
        "longitude": checker.coordinate((*path, "longitude"), known(spec.longitude), 180),
        "url": checker.url((*path, "url"), known(spec.url)),
        "visibility": checker.visibility((*path, "visibility"), known(spec.visibility)),
    }


def parse_contact(checker: Checker, spec: ContactSpec, path: Path) -> Values:
    values = {
        "name": checker.text((*path, "name"), known(spec.name), max_length=NAME_MAX),
        "title": checker.text((*path, "title"), known(spec.title), max_length=NAME_MAX),
        "department": checker.text(
            (*path, "department"), known(spec.department), max_length=NAME_MAX
        ),
        "visibility": checker.visibility((*path, "visibility"), known(spec.visibility)),
    }
    if not (values["name"] or values["title"] or values["department"]):
        checker.add((*path, "name"), "a contact needs a name, title or department")
    return values


def items_of(checker: Checker, value: Any, path: Path, kind: type[S]) -> list[tuple[Path, S]]:
    """The specs of a list field, each with its path; a problem when it is not one."""
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(v, kind) for v in value):
        checker.add(path, "must be a list of objects")
        return []
    return [((*path, i), item) for i, item in enumerate(value)]
