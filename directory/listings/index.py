"""Keeps an organization's search columns and filter facets in step with its content."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from directory.enums import FacetKind
from directory.models import (
    Organization,
    OrganizationFacet,
    OrganizationTranslation,
    Service,
    ServiceTranslation,
)
from directory.text import fold, fold_all


def facet_rows(
    organization_id: uuid.UUID, organization_language: str, services: Iterable[Service]
) -> list[dict[str, object]]:
    """Facet rows for one organization: its services' categories, populations, trafficking
    types and languages, plus the organization's own language."""
    found: set[tuple[str, str]] = {(FacetKind.LANGUAGE.value, organization_language)}
    for service in services:
        found.update((FacetKind.CATEGORY.value, c) for c in service.categories or [])
        found.update((FacetKind.POPULATION.value, p) for p in service.populations or [])
        found.update((FacetKind.TRAFFICKING_TYPE.value, t) for t in service.trafficking_types or [])
        found.update((FacetKind.LANGUAGE.value, lang) for lang in service.languages or [])
    return [
        {"organization_id": organization_id, "facet": facet, "code": code}
        for facet, code in sorted(found)
    ]


def search_columns(
    name: str,
    alternate_names: Iterable[str],
    description: str | None,
    translated: Iterable[tuple[str | None, str | None]],
    service_texts: Iterable[tuple[str | None, str | None]],
) -> dict[str, str]:
    """The folded search columns. Only PUBLIC text goes in: names and descriptions of the
    organization and its services, never contacts, phones, emails or locations."""
    translated = list(translated)
    names = [name, *alternate_names, *(n for n, _ in translated)]
    descriptions = [description, *(d for _, d in translated)]
    services = [t for pair in service_texts for t in pair]
    return {
        "sort_name": fold(name)[:300],
        "search_name": fold_all(names),
        "search_text": fold_all([*names, *descriptions, *services]),
    }


async def reindex_organization(session: AsyncSession, organization_id: uuid.UUID) -> None:
    """Recompute search columns and facets from what the session holds now."""
    await session.flush()
    organization = await session.get_one(Organization, organization_id)
    translations = (
        await session.scalars(
            select(OrganizationTranslation).where(
                OrganizationTranslation.organization_id == organization_id
            )
        )
    ).all()
    services = (
        await session.scalars(select(Service).where(Service.organization_id == organization_id))
    ).all()
    service_translations = (
        await session.scalars(
            select(ServiceTranslation).where(ServiceTranslation.organization_id == organization_id)
        )
    ).all()
    columns = search_columns(
        organization.name,
        organization.alternate_names or [],
        organization.description,
        [(t.name, t.description) for t in translations],
        [(s.name, s.description) for s in services]
        + [(t.name, t.description) for t in service_translations],
    )
    for key, value in columns.items():
        setattr(organization, key, value)
    await session.execute(
        delete(OrganizationFacet).where(OrganizationFacet.organization_id == organization_id)
    )
    rows = facet_rows(organization_id, organization.language, services)
    session.add_all(OrganizationFacet(**row) for row in rows)
    await session.flush()
