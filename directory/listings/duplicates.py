"""The duplicate guard: a new organization whose name nearly matches an existing one
serving an overlapping jurisdiction is refused with ``DUPLICATE_SUSPECTED``.

Names are compared folded (case and accents ignored) with rapidfuzz; a country-wide area
overlaps every subdivision of that country. Archived organizations are not compared.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from directory.errors import ProblemCode
from directory.listings.spec import parse_area
from directory.listings.specs import AreaSpec, OrganizationSpec, ServiceSpec, known
from directory.models import Organization, ServiceArea
from directory.text import fold
from directory.validation import Checker, Problem

THRESHOLD = 90.0
"""Similarity (0-100) from which two folded names count as the same organization."""

Area = tuple[str, str | None]
"""``(country, subdivision)``; no subdivision means the whole country."""


def similarity(a: str, b: str) -> float:
    """How alike two names are, ignoring case, accents and word order (0-100)."""
    left, right = fold(a), fold(b)
    if not left or not right:
        return 0.0
    return max(fuzz.ratio(left, right), fuzz.token_sort_ratio(left, right))


def overlaps(mine: Iterable[Area], theirs: Iterable[Area]) -> bool:
    theirs = list(theirs)
    for country, subdivision in mine:
        for other_country, other_subdivision in theirs:
            if country != other_country:
                continue
            if subdivision is None or other_subdivision is None or subdivision == other_subdivision:
                return True
    return False


def spec_areas(spec: OrganizationSpec) -> set[Area]:
    """The areas a create spec claims (its own and its services'); its country if none."""
    scratch = Checker()
    found: set[Area] = set()
    services = known(spec.services)
    holders: list[OrganizationSpec | ServiceSpec] = [
        spec,
        *(s for s in services or () if isinstance(s, ServiceSpec)),
    ]
    for holder in holders:
        areas = known(holder.service_areas) or ()
        for item in areas if isinstance(areas, tuple) else ():
            parsed = parse_area(scratch, item, ()) if isinstance(item, AreaSpec) else None
            if parsed:
                found.add((parsed["country"], parsed["subdivision"]))
    country = known(spec.country)
    if not found and isinstance(country, str):
        found.add((country, None))
    return found


async def suspected_duplicates(
    session: AsyncSession, name: str, areas: set[Area], *, exclude: uuid.UUID | None = None
) -> list[tuple[Organization, float]]:
    """Existing organizations in an overlapping jurisdiction whose name nearly matches."""
    countries = sorted({country for country, _ in areas})
    if not countries or not fold(name):
        return []
    candidates = (
        await session.scalars(
            select(Organization).where(
                Organization.archived.is_(False),
                Organization.id.in_(
                    select(ServiceArea.organization_id).where(ServiceArea.country.in_(countries))
                )
                | Organization.country.in_(countries),
            )
        )
    ).all()
    if exclude is not None:
        candidates = [c for c in candidates if c.id != exclude]
    scored = []
    for candidate in candidates:
        score = max(similarity(name, n) for n in [candidate.name, *candidate.alternate_names])
        if score >= THRESHOLD:
            scored.append((candidate, score))
    if not scored:
        return []
    rows = (
        await session.execute(
            select(ServiceArea.organization_id, ServiceArea.country, ServiceArea.subdivision).where(
                ServiceArea.organization_id.in_([c.id for c, _ in scored])
            )
        )
    ).all()
    their_areas: dict[uuid.UUID, set[Area]] = defaultdict(set)
    for organization_id, country, subdivision in rows:
        their_areas[organization_id].add((country, subdivision))
    found = [
        (candidate, score)
        for candidate, score in scored
        if overlaps(areas, their_areas.get(candidate.id) or {(candidate.country, None)})
    ]
    return sorted(found, key=lambda pair: -pair[1])


async def duplicate_problems(session: AsyncSession, spec: OrganizationSpec) -> list[Problem]:
    """One ``DUPLICATE_SUSPECTED`` problem on ``name`` when the spec looks like a duplicate."""
    name = known(spec.name)
    if not isinstance(name, str):
        return []
    found = await suspected_duplicates(session, name, spec_areas(spec))
    if not found:
        return []
    names = ", ".join(f"{org.name!r} ({org.slug})" for org, _ in found[:3])
    return [
        Problem(
            ("name",),
            f"nearly matches {names} in an overlapping service area; "
            "set allowDuplicate to create it anyway",
            ProblemCode.DUPLICATE_SUSPECTED,
        )
    ]
