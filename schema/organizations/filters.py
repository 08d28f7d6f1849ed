"""The ``organizations`` list's filter and order inputs, checked into domain values."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import graphene

from directory import organization_list as listing
from directory.organization_list import Near, Order
from directory.vocab.categories import SERVICE_CATEGORIES
from directory.vocab.jurisdictions import get_jurisdiction
from directory.vocab.languages import is_language_code
from directory.vocab.populations import POPULATIONS
from schema.errors import bad_input
from schema.organizations.enums import OrderDirection, OrganizationOrderField
from schema.vocabularies.enums import CountryCode

MAX_RADIUS_KM = 2000.0
MAX_VALUES = 50


class GeoPointRadius(graphene.InputObjectType):
    """A circle on the map."""

    latitude = graphene.Float(required=True, description="WGS 84 latitude, -90 to 90.")
    longitude = graphene.Float(required=True, description="WGS 84 longitude, -180 to 180.")
    radius_km = graphene.Float(
        required=True,
        description=f"Radius in kilometres, more than 0 and at most {MAX_RADIUS_KM:g}.",
    )


class OrganizationFilter(graphene.InputObjectType):
    """Conditions an organization must all meet (AND); a list matches any of its values (OR)."""

    search = graphene.String(
        description="Words found in names, descriptions or service names; accent- and "
        "case-insensitive, in en/es/fr. Every word must match."
    )
    countries = graphene.List(
        graphene.NonNull(CountryCode), description="Organizations serving one of these countries."
    )
    subdivisions = graphene.List(
        graphene.NonNull(graphene.String),
        description='ISO 3166-2 codes ("MX-CMX", "US-TX", "CA-ON"). An organization serving '
        "a whole country matches every subdivision of it.",
    )
    service_categories = graphene.List(
        graphene.NonNull(graphene.String),
        description='Category codes, e.g. "hotline" (see `serviceCategories`).',
    )
    populations = graphene.List(
        graphene.NonNull(graphene.String),
        description='Population codes, e.g. "migrants" (see `populations`).',
    )
    languages = graphene.List(
        graphene.NonNull(graphene.String),
        description="ISO 639-1 codes; matches the languages the organization or one of its "
        "services works in.",
    )
    near = graphene.InputField(
        GeoPointRadius,
        description="Organizations with a location (one you may see) within the circle.",
    )
    updated_since = graphene.DateTime(description="Changed at or after this time.")
    verified_only = graphene.Boolean(
        description="Only organizations verified within the last 365 days."
    )
    include_archived = graphene.Boolean(
        description=(
            "Also list archived organizations. Only administrators (and an organization's "
            "own staff, for their own listing) get them; for everyone else archived "
            "listings stay absent."
        )
    )


class OrganizationOrder(graphene.InputObjectType):
    """How to sort organizations."""

    field = graphene.Field(OrganizationOrderField, required=True, description="What to sort by.")
    direction = graphene.Field(
        OrderDirection,
        description="ASC or DESC; by default ASC for NAME and DISTANCE, DESC for UPDATED_AT "
        "and RELEVANCE (best first).",
    )


def _codes(name: str, values: list[str] | None, known: Any) -> tuple[str, ...]:
    found = tuple(dict.fromkeys(v.strip().lower() for v in values or []))
    if len(found) > MAX_VALUES:
        raise bad_input(f"`{name}` takes at most {MAX_VALUES} values", argument=name)
    unknown = [v for v in found if not known(v)]
    if unknown:
        raise bad_input(f"unknown code(s) in `{name}`: {', '.join(unknown)}", argument=name)
    return found


def _subdivisions(values: list[str] | None) -> tuple[str, ...]:
    found = tuple(dict.fromkeys(v.strip().upper() for v in values or []))
    if len(found) > MAX_VALUES:
        raise bad_input(f"`subdivisions` takes at most {MAX_VALUES} values")
    for code in found:
        jurisdiction = get_jurisdiction(code)
        if jurisdiction is None or jurisdiction.is_country:
            raise bad_input(
                f"{code!r} is not an ISO 3166-2 subdivision of MX, US or CA",
                argument="subdivisions",
            )
    return found


def _near(value: Any) -> Near | None:
    if value is None:
        return None
    lat, lon, radius = value.latitude, value.longitude, value.radius_km
    if not all(math.isfinite(x) for x in (lat, lon, radius)):
        raise bad_input("`near` needs finite numbers")
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise bad_input("`near` latitude must be within -90..90 and longitude within -180..180")
    if not 0 < radius <= MAX_RADIUS_KM:
        raise bad_input(f"`near.radiusKm` must be more than 0 and at most {MAX_RADIUS_KM:g}")
    return Near(lat, lon, radius)


def to_filter(value: Any) -> listing.OrganizationFilter:
    """The domain filter of a GraphQL ``OrganizationFilter`` input (BAD_USER_INPUT if wrong)."""
    if value is None:
        return listing.OrganizationFilter()
    search = value.get("search")
    if search is not None and len(search) > 200:
        raise bad_input("`search` is at most 200 characters")
    updated: dt.datetime | None = value.get("updated_since")
    if updated is not None and updated.tzinfo is None:
        updated = updated.replace(tzinfo=dt.UTC)
    countries = tuple(getattr(c, "value", c) for c in value.get("countries") or [])
    return listing.OrganizationFilter(
        search=search.strip() or None if search else None,
        countries=tuple(dict.fromkeys(countries)),
        subdivisions=_subdivisions(value.get("subdivisions")),
        categories=_codes(
            "serviceCategories", value.get("service_categories"), SERVICE_CATEGORIES.__contains__
        ),
        populations=_codes("populations", value.get("populations"), POPULATIONS.__contains__),
        languages=_codes("languages", value.get("languages"), is_language_code),
        near=_near(value.get("near")),
        updated_since=updated,
        verified_only=bool(value.get("verified_only")),
        include_archived=bool(value.get("include_archived")),
    )


def to_order(value: Any, wanted: listing.OrganizationFilter) -> tuple[Order, bool]:
    """(order, descending); by default RELEVANCE with a search, DISTANCE with near, else NAME."""
    if value is None:
        if wanted.search_words:
            return Order.RELEVANCE, False
        if wanted.near is not None:
            return Order.DISTANCE, False
        return Order.NAME, False
    order = Order(getattr(value.field, "value", value.field))
    if order is Order.RELEVANCE and not wanted.search_words:
        raise bad_input("ordering by RELEVANCE needs `filter.search`", argument="orderBy")
    if order is Order.DISTANCE and wanted.near is None:
        raise bad_input("ordering by DISTANCE needs `filter.near`", argument="orderBy")
    direction = getattr(value.direction, "value", value.direction)
    if direction is None:
        return order, order is Order.UPDATED_AT
    if order is Order.RELEVANCE:
        # the list's natural relevance order is best first, which is DESC
        return order, direction == "ASC"
    return order, direction == "DESC"
