"""The location form (address, coordinates; its phones are edited one by one) and the
spec ``create_location`` / ``update_location`` take."""

from __future__ import annotations

from typing import Any

from directory.enums import LocationType
from directory.models import Location
from directory.vocab.jurisdictions import COUNTRIES, all_jurisdictions
from server.workspace.choices import visibility
from server.workspace.forms import Field, changed, number_or_text, text_or_none


def _(message: str) -> str:
    """Marks a message for the catalogue; the template translates it."""
    return message


GROUP = _("Place")
ADDRESS = _("Address")
TYPE_LABELS = {
    "physical": _("A place people can visit"),
    "postal": _("A postal address only"),
    "virtual": _("Online only"),
}


def _subdivisions() -> list[tuple[str, Any]]:
    return [("", _("(none)"))] + [
        (j.code, {lang: f"{j.name(lang)} ({j.code})" for lang in ("en", "es", "fr")})
        for j in all_jurisdictions().values()
        if not j.is_country
    ]


def _countries() -> list[tuple[str, Any]]:
    found = all_jurisdictions()
    return [("", _("(none)"))] + [(c, found[c].names) for c in COUNTRIES]


def fields() -> list[Field]:
    return [
        Field("name", _("Name of the place"), ("name",), group=GROUP),
        Field(
            "location_type",
            _("Kind of place"),
            ("location_type",),
            kind="select",
            choices=[(t.value, TYPE_LABELS[t.value]) for t in LocationType],
            group=GROUP,
        ),
        Field("description", _("Description"), ("description",), "textarea", group=GROUP),
        Field("url", _("Web address"), ("url",), "url", group=GROUP),
        Field("address_1", _("Street and number"), ("address_1",), group=ADDRESS),
        Field("city", _("City"), ("city",), group=ADDRESS),
        Field(
            "subdivision",
            _("State or province"),
            ("subdivision",),
            kind="select",
            choices=_subdivisions(),
            group=ADDRESS,
        ),
        Field("postal_code", _("Postal code"), ("postal_code",), group=ADDRESS),
        Field(
            "country",
            _("Country"),
            ("country",),
            kind="select",
            choices=_countries(),
            group=ADDRESS,
        ),
        Field(
            "latitude",
            _("Latitude"),
            ("latitude",),
            kind="decimal",
            hint=_("Decimal degrees, for example 19.4326"),
            group=ADDRESS,
        ),
        Field(
            "longitude",
            _("Longitude"),
            ("longitude",),
            kind="decimal",
            hint=_("Decimal degrees, for example -99.1332"),
            group=ADDRESS,
        ),
        visibility(_("Who can see it")),
    ]


def blank() -> dict[str, str]:
    values = {f.name: "" for f in fields()}
    values.update(location_type="physical", visibility="CONFIDENTIAL")
    return values


def _decimal(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def initial(location: Location) -> dict[str, str]:
    return {
        "name": location.name or "",
        "location_type": location.location_type,
        "description": location.description or "",
        "url": location.url or "",
        "address_1": location.address_1 or "",
        "city": location.city or "",
        "subdivision": location.subdivision or "",
        "postal_code": location.postal_code or "",
        "country": location.country or "",
        "latitude": _decimal(location.latitude),
        "longitude": _decimal(location.longitude),
        "visibility": location.visibility,
    }


def spec(values: dict[str, str]) -> dict[str, Any]:
    return {
        "name": text_or_none(values["name"]),
        "location_type": values["location_type"] or None,
        "description": text_or_none(values["description"]),
        "url": text_or_none(values["url"]),
        "address_1": text_or_none(values["address_1"]),
        "city": text_or_none(values["city"]),
        "subdivision": values["subdivision"] or None,
        "postal_code": text_or_none(values["postal_code"]),
        "country": values["country"] or None,
        "latitude": number_or_text(values["latitude"]),
        "longitude": number_or_text(values["longitude"]),
        "visibility": values["visibility"] or "CONFIDENTIAL",
    }


def changes(values: dict[str, str], before: dict[str, str]) -> dict[str, Any]:
    return changed(spec(values), spec(before))
