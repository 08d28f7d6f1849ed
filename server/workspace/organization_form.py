"""The organization details form: its fields, their values from the listing, and the
changes it asks ``update_organization`` for."""

from __future__ import annotations

from typing import Any

from directory.enums import LANGUAGES, OrganizationKind
from directory.listings.specs import OrganizationSpec
from directory.models import Organization, OrganizationTranslation
from directory.vocab.jurisdictions import COUNTRIES
from server.workspace.forms import Field, lines, text_or_none

LANGUAGE_LABELS = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
}  # _("English") _("Spanish") _("French")


def _(message: str) -> str:
    """Marks a message for the catalogue; the template translates it."""
    return message


def fields() -> list[Field]:
    found = [
        Field("name", _("Name"), ("name",), required=True, group=_("Details")),
        Field(
            "alternate_names",
            _("Other names and acronyms"),
            ("alternate_names",),
            kind="lines",
            hint=_("One a line."),
            group=_("Details"),
        ),
        Field(
            "description",
            _("What the organization does"),
            ("description",),
            kind="textarea",
            group=_("Details"),
        ),
        Field(
            "kind",
            _("Kind of organization"),
            ("kind",),
            kind="select",
            choices=[(k.value, k.value) for k in OrganizationKind],
            group=_("Details"),
        ),
        Field(
            "website",
            _("Website"),
            ("website",),
            kind="url",
            hint=_("Starts with https:// or http://"),
            group=_("Details"),
        ),
        Field(
            "language",
            _("Language the listing is written in"),
            ("language",),
            kind="select",
            choices=[(code, _(LANGUAGE_LABELS[code])) for code in LANGUAGES],
            group=_("Details"),
        ),
        Field(
            "country",
            _("Headquarters country"),
            ("country",),
            kind="select",
            choices=[(code, code) for code in COUNTRIES],
            group=_("Details"),
        ),
    ]
    for language in LANGUAGES:
        group = f"translation:{language}"
        found.append(
            Field(
                f"translations-{language}-name",
                _("Name"),
                ("translations", language, "name"),
                group=group,
            )
        )
        found.append(
            Field(
                f"translations-{language}-description",
                _("Description"),
                ("translations", language, "description"),
                kind="textarea",
                group=group,
            )
        )
    return found


def initial(
    organization: Organization, translations: list[OrganizationTranslation]
) -> dict[str, str]:
    values = {
        "name": organization.name,
        "alternate_names": "\n".join(organization.alternate_names or []),
        "description": organization.description or "",
        "kind": organization.kind,
        "website": organization.website or "",
        "language": organization.language,
        "country": organization.country,
    }
    for language in LANGUAGES:
        values[f"translations-{language}-name"] = ""
        values[f"translations-{language}-description"] = ""
    for row in translations:
        values[f"translations-{row.language}-name"] = row.name or ""
        values[f"translations-{row.language}-description"] = row.description or ""
    return values


def changes(values: dict[str, str], existing: list[OrganizationTranslation]) -> OrganizationSpec:
    """The spec of ``update_organization``: every field, translations set or removed."""
    spec: dict[str, Any] = {
        "name": values["name"],
        "alternate_names": lines(values["alternate_names"]),
        "description": text_or_none(values["description"]),
        "kind": values["kind"] or None,
        "website": text_or_none(values["website"]),
        "language": values["language"] or None,
        "country": values["country"] or None,
    }
    have = {row.language for row in existing}
    translations: dict[str, Any] = {}
    for language in LANGUAGES:
        name = text_or_none(values[f"translations-{language}-name"])
        description = text_or_none(values[f"translations-{language}-description"])
        if name or description:
            translations[language] = {"name": name, "description": description}
        elif language in have:
            translations[language] = None
    if translations:
        spec["translations"] = translations
    return OrganizationSpec.from_mapping(spec)
