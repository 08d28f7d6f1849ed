"""Helpers the organizations types resolve through: localized text, translations, areas."""

from __future__ import annotations

import datetime as dt
from typing import Any

import graphene

from directory import models
from directory.vocab.jurisdictions import Jurisdiction, get_jurisdiction
from schema.loaders import MaybeAwaitable, then
from schema.localize import context_of, language_of


def organization_text(
    info: graphene.ResolveInfo, row: models.Organization, field: str
) -> MaybeAwaitable[str | None]:
    """``name`` or ``description`` in the answer language, else in the record's own (a plain
    value unless a translation must still be loaded)."""
    own: str | None = getattr(row, field)
    language = language_of(info)
    if language is None or language == row.language:
        return own
    found = context_of(info).loaders.organization_translations.get(row.id)
    return then(found, lambda translations: _translated(translations, language, field, own))


def service_text(
    info: graphene.ResolveInfo, row: models.Service, field: str
) -> MaybeAwaitable[str | None]:
    own: str | None = getattr(row, field)
    language = language_of(info)
    if language is None or language == row.language:
        return own
    found = context_of(info).loaders.service_translations.get(row.id)
    return then(found, lambda translations: _translated(translations, language, field, own))


def _translated(translations: list[Any], language: str, field: str, own: str | None) -> str | None:
    for t in translations:
        if t.language == language and getattr(t, field):
            return str(getattr(t, field))
    return own


def organization_translations(
    info: graphene.ResolveInfo, row: models.Organization
) -> MaybeAwaitable[list[dict[str, Any]]]:
    found = context_of(info).loaders.organization_translations.get(row.id)
    return then(found, lambda translations: _all_languages(row, translations))


def service_translations(
    info: graphene.ResolveInfo, row: models.Service
) -> MaybeAwaitable[list[dict[str, Any]]]:
    found = context_of(info).loaders.service_translations.get(row.id)
    return then(found, lambda translations: _all_languages(row, translations))


def _all_languages(
    row: models.Organization | models.Service, found: list[Any]
) -> list[dict[str, Any]]:
    """The record's own language first, then its translations into other languages."""
    return [
        {
            "language": row.language,
            "name": row.name,
            "description": row.description,
            "original": True,
        },
        *(
            {
                "language": t.language,
                "name": t.name,
                "description": t.description,
                "original": False,
            }
            for t in found
            if t.language != row.language
        ),
    ]


def known_version(
    info: graphene.ResolveInfo, row: models.Organization
) -> MaybeAwaitable[tuple[int, dt.datetime]]:
    """``(version, updated_at)`` as this caller may know them: the listing's own for callers
    who see all of it or may change it (``expectedVersion`` needs the real one); else those
    of its newest change the caller may hear of (a change to items hidden from it must not
    show as a new version or a new time)."""
    context = context_of(info)
    if context.audience.sees_all_of(row.id) or context.write_access.allows(row.id):
        return row.version, row.updated_at  # known without a read
    return context.loaders.known_version.get(row)  # the reader's rule (Reader.known_versions)


def jurisdictions_of(areas: list[models.ServiceArea]) -> list[Jurisdiction]:
    """Distinct jurisdictions of some areas, in the areas' order."""
    codes = dict.fromkeys(a.subdivision or a.country for a in areas)
    return [j for code in codes if (j := get_jurisdiction(code)) is not None]
