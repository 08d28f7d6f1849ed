"""Helpers the organizations types resolve through: localized text, translations, areas."""

from __future__ import annotations

from typing import Any

import graphene

from directory import models
from directory.vocab.jurisdictions import Jurisdiction, get_jurisdiction
from schema.localize import context_of, language_of


async def organization_text(
    info: graphene.ResolveInfo, row: models.Organization, field: str
) -> str | None:
    """``name`` or ``description`` in the answer language, else in the record's own."""
    own = getattr(row, field)
    language = language_of(info)
    if language is None or language == row.language:
        return own
    for t in await context_of(info).loaders.organization_translations.load(row.id):
        if t.language == language and getattr(t, field):
            return str(getattr(t, field))
    return own


async def service_text(info: graphene.ResolveInfo, row: models.Service, field: str) -> str | None:
    own = getattr(row, field)
    language = language_of(info)
    if language is None or language == row.language:
        return own
    for t in await context_of(info).loaders.service_translations.load(row.id):
        if t.language == language and getattr(t, field):
            return str(getattr(t, field))
    return own


async def organization_translations(
    info: graphene.ResolveInfo, row: models.Organization
) -> list[dict[str, Any]]:
    found = await context_of(info).loaders.organization_translations.load(row.id)
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


async def service_translations(
    info: graphene.ResolveInfo, row: models.Service
) -> list[dict[str, Any]]:
    found = await context_of(info).loaders.service_translations.load(row.id)
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


def jurisdictions_of(areas: list[models.ServiceArea]) -> list[Jurisdiction]:
    """Distinct jurisdictions of some areas, in the areas' order."""
    codes = dict.fromkeys(a.subdivision or a.country for a in areas)
    return [j for code in codes if (j := get_jurisdiction(code)) is not None]
