"""The ``/hsds/`` read API's queries: filtered, paged lists and single objects.

Everything is read under the caller's :class:`~directory.visibility.Audience`; search
matches only the folded PUBLIC text of organizations (``search_text``), so an item the
caller may not see can never make a record match.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select

from directory.db import Database
from directory.hsds.bundle import Listing, load_listings
from directory.hsds.taxonomy import (
    TAXONOMIES,
    all_terms,
    find_taxonomy,
    find_term,
    taxonomy_json,
    term_matches,
)
from directory.hsds.to_hsds import (
    Json,
    organization_brief,
    organization_json,
    service_brief,
    standalone_service_json,
)
from directory.models import Organization, Service
from directory.reader import Reader
from directory.text import fold, like_pattern
from directory.visibility import Audience

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
BATCH_SIZE = 200


@dataclass(frozen=True)
class Filters:
    search: str | None = None
    modified_after: dt.datetime | None = None
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Paging:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


def page_json(contents: list[Json], total: int, paging: Paging) -> Json:
    pages = math.ceil(total / paging.per_page) if total else 0
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": paging.page >= pages,
        "empty": not contents,
        "contents": contents,
    }


def _organization_conditions(reader: Reader, filters: Filters) -> list[ColumnElement[bool]]:
    conditions = [reader.audience.archived_clause(Organization)]
    if filters.search and fold(filters.search):
        conditions.append(Organization.search_text.like(like_pattern(filters.search), escape="\\"))
    if filters.modified_after is not None:
        conditions.append(reader.changed_since(filters.modified_after))
    if filters.organization_id is not None:
        conditions.append(Organization.id == filters.organization_id)
    return conditions


def _page_of(statement: Select[Any], paging: Paging) -> Select[Any]:
    return statement.offset((paging.page - 1) * paging.per_page).limit(paging.per_page)


async def organization_ids(
    reader: Reader, filters: Filters, paging: Paging | None
) -> tuple[list[uuid.UUID], int]:
    conditions = _organization_conditions(reader, filters)
    total = await reader.scalar(select(func.count()).select_from(Organization).where(*conditions))
    statement = (
        select(Organization.id).where(*conditions).order_by(Organization.sort_name, Organization.id)
    )
    if paging is not None:
        statement = _page_of(statement, paging)
    return await reader.ids(statement), int(total or 0)


def _term_filter(filters: Filters) -> Callable[[Any], bool] | None:
    """A test on a service row (``categories``, ``populations``) for the taxonomy filters."""
    if filters.taxonomy_term_id is not None:
        found = find_term(filters.taxonomy_term_id)
        if found is None:
            return lambda row: False
        taxonomy, code = found
        column = "categories" if taxonomy is TAXONOMIES[0] else "populations"
        return lambda row: code in (getattr(row, column) or [])
    if filters.taxonomy_id is not None:
        wanted = find_taxonomy(filters.taxonomy_id)
        if wanted is None:
            return lambda row: False
        column = "categories" if wanted is TAXONOMIES[0] else "populations"
        return lambda row: bool(getattr(row, column))
    return None


async def service_ids(
    reader: Reader, filters: Filters, paging: Paging | None
) -> tuple[list[uuid.UUID], int]:
    conditions = _organization_conditions(
        reader, Filters(search=filters.search, organization_id=filters.organization_id)
    )
    test = _term_filter(filters)
    if test is None and paging is not None:
        offset, limit = (paging.page - 1) * paging.per_page, paging.per_page
        return await reader.service_ids(conditions, filters.modified_after, offset, limit)
    rows = await reader.service_facets(conditions, filters.modified_after)
    matching = [row.id for row in rows if test is None or test(row)]
    if paging is None:
        return matching, len(matching)
    start = (paging.page - 1) * paging.per_page
    return matching[start : start + paging.per_page], len(matching)


async def _services_with_listings(
    reader: Reader, ids: Sequence[uuid.UUID], full: bool
) -> list[tuple[Service, Listing]]:
    services = await reader.services_by_id(ids)
    org_ids = list(dict.fromkeys(s.organization_id for s in services.values()))
    listings = {
        listing.organization.id: listing
        for listing in await load_listings(reader, org_ids, with_metadata=full)
    }
    found = []
    for service_id in ids:
        service = services.get(service_id)
        if service is not None and service.organization_id in listings:
            found.append((service, listings[service.organization_id]))
    return found


async def services_json(reader: Reader, ids: Sequence[uuid.UUID], *, full: bool) -> list[Json]:
    return [
        standalone_service_json(service, listing) if full else service_brief(service, listing)
        for service, listing in await _services_with_listings(reader, ids, full)
    ]


async def organizations_json(
    reader: Reader, ids: Sequence[uuid.UUID], *, full: bool, full_service: bool
) -> list[Json]:
    if not full:
        by_id = await reader.organization_records(ids)
        return [organization_brief(by_id[i]) for i in ids if i in by_id]
    listings = await load_listings(reader, ids)
    return [organization_json(listing, full_services=full_service) for listing in listings]


async def organization_page(
    reader: Reader,
    filters: Filters,
    paging: Paging,
    *,
    full: bool = False,
    full_service: bool = False,
) -> Json:
    ids, total = await organization_ids(reader, filters, paging)
    contents = await organizations_json(reader, ids, full=full, full_service=full_service)
    return page_json(contents, total, paging)


async def service_page(reader: Reader, filters: Filters, paging: Paging, *, full: bool) -> Json:
    ids, total = await service_ids(reader, filters, paging)
    return page_json(await services_json(reader, ids, full=full), total, paging)


async def one_organization(
    reader: Reader, organization_id: uuid.UUID, *, full_service: bool
) -> Json | None:
    listings = await load_listings(reader, [organization_id])
    return organization_json(listings[0], full_services=full_service) if listings else None


async def one_service(reader: Reader, service_id: uuid.UUID) -> Json | None:
    found = await services_json(reader, [service_id], full=True)
    return found[0] if found else None


async def stream(
    db: Database,
    kind: str,
    audience: Audience,
    filters: Filters,
    *,
    full: bool,
    full_service: bool = False,
    paging: Paging | None = None,
) -> AsyncIterator[Json]:
    """The matching organizations or services of one page, or every one of them when
    ``paging`` is None (for ``format=ndjson``)."""
    async with db.read_session() as session:
        reader = Reader(session, audience)
        lister = organization_ids if kind == "organizations" else service_ids
        ids, _ = await lister(reader, filters, paging)
        for start in range(0, len(ids), BATCH_SIZE):
            batch = ids[start : start + BATCH_SIZE]
            if kind == "organizations":
                items = await organizations_json(
                    reader, batch, full=full, full_service=full_service
                )
            else:
                items = await services_json(reader, batch, full=full)
            for item in items:
                yield item
            reader.forget()


async def count(db: Database, kind: str, audience: Audience, filters: Filters) -> int:
    """How many organizations or services match (what an unpaged stream would send)."""
    async with db.read_session() as session:
        lister = organization_ids if kind == "organizations" else service_ids
        _, total = await lister(Reader(session, audience), filters, Paging(page=1, per_page=1))
    return total


def taxonomies(search: str | None) -> list[Json]:
    found = [taxonomy_json(t) for t in TAXONOMIES]
    if search:
        wanted = fold(search)
        found = [t for t in found if wanted in fold(f"{t['name']} {t['description']}")]
    return found


def taxonomy_terms(
    search: str | None, taxonomy_id: str | None, parent_id: str | None
) -> list[Json]:
    found = all_terms()
    if taxonomy_id:
        found = [t for t in found if t["taxonomy_id"] == taxonomy_id]
    if parent_id:
        found = []  # our taxonomies are flat
    if search:
        found = [t for t in found if term_matches(t, search)]
    return found


def paged(items: list[Json], paging: Paging) -> Json:
    start = (paging.page - 1) * paging.per_page
    return page_json(items[start : start + paging.per_page], len(items), paging)
