"""The organizations list: filters, ordering, offset pages, search relevance and ``near``.

Filters are AND-combined; values inside one list filter are OR-combined (any of the given
countries, categories, …). Facets come from the indexed ``organization_facets`` table and
search from the folded ``search_text``/``search_name`` columns (PUBLIC text only), so no
confidential item can make an organization match. ``near`` narrows locations with a
bounding box in SQL (lat/lon index) and keeps those within the radius by the exact
haversine distance, over the locations the caller may see only.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from directory.enums import FacetKind
from directory.freshness import fresh_clause
from directory.models import ChangeEvent, Organization, OrganizationFacet, ServiceArea
from directory.statement_templates import template
from directory.text import fold, like_pattern
from directory.visibility import Audience
from directory.vocab.jurisdictions import get_jurisdiction

EARTH_RADIUS_KM = 6371.0088


class Order(enum.StrEnum):
    NAME = "NAME"
    UPDATED_AT = "UPDATED_AT"
    RELEVANCE = "RELEVANCE"
    DISTANCE = "DISTANCE"


@dataclass(frozen=True)
class Near:
    latitude: float
    longitude: float
    radius_km: float


@dataclass(frozen=True)
class OrganizationFilter:
    """What to list. Empty lists and None mean "no condition"."""

    search: str | None = None
    countries: tuple[str, ...] = ()
    subdivisions: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    populations: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    near: Near | None = None
    updated_since: dt.datetime | None = None
    verified_only: bool = False
    include_archived: bool = False
    """Also list archived organizations; honoured only for callers who may read them
    (administrators, and an organization's own staff for their own listing)."""

    @property
    def search_words(self) -> list[str]:
        return fold(self.search).split()


@dataclass(frozen=True)
class Listed:
    organization: Organization
    distance_km: float | None = None


@dataclass
class Page:
    items: list[Listed]
    start: int
    """Offset of the first item in the whole ordered list."""
    has_next: bool
    total: int | None = None
    """Known when it was needed to compute the page (``last`` without ``before``, ``near``)."""
    distances: dict[uuid.UUID, float] = field(default_factory=dict)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(near: Near) -> tuple[float, float, float, float, bool]:
    """(min_lat, max_lat, min_lon, max_lon, wraps): a box holding the whole circle."""
    dlat = math.degrees(near.radius_km / EARTH_RADIUS_KM)
    min_lat, max_lat = near.latitude - dlat, near.latitude + dlat
    if min_lat <= -90 or max_lat >= 90:
        return max(min_lat, -90), min(max_lat, 90), -180, 180, False
    dlon = math.degrees(
        math.asin(min(1.0, math.sin(near.radius_km / EARTH_RADIUS_KM)))
        / max(math.cos(math.radians(near.latitude)), 1e-12)
    )
    if dlon >= 180:
        return min_lat, max_lat, -180, 180, False
    min_lon, max_lon = near.longitude - dlon, near.longitude + dlon
    wraps = min_lon < -180 or max_lon > 180
    if wraps:
        min_lon = min_lon + 360 if min_lon < -180 else min_lon
        max_lon = max_lon - 360 if max_lon > 180 else max_lon
    return min_lat, max_lat, min_lon, max_lon, wraps


def _text(value: str) -> Any:
    """A search text or LIKE pattern written into the statement as a quoted literal when
    it runs. PostgreSQL plans a prepared statement for its parameters' values five times,
    then may keep one generic plan: with the pattern unknown it guessed few matches and
    sorted every match of ``trata`` (0.1 s at 100,000 organizations instead of 2 ms).
    With the literal, each search is planned for its own words."""
    return bindparam(None, value, type_=String(), literal_execute=True)


def _facet(kind: FacetKind, codes: tuple[str, ...]) -> ColumnElement[bool]:
    return Organization.id.in_(
        select(OrganizationFacet.organization_id).where(
            OrganizationFacet.facet == kind.value, OrganizationFacet.code.in_(codes)
        )
    )


def _areas(countries: tuple[str, ...], subdivisions: tuple[str, ...]) -> ColumnElement[bool]:
    """Organizations with a service area in one of the subdivisions, or nationwide in its
    country, or anywhere in one of the countries."""
    conditions: list[ColumnElement[bool]] = []
    if countries:
        conditions.append(ServiceArea.country.in_(countries))
    if subdivisions:
        parents = sorted({j.country for s in subdivisions if (j := get_jurisdiction(s))})
        conditions.append(ServiceArea.subdivision.in_(subdivisions))
        conditions.append(and_(ServiceArea.subdivision.is_(None), ServiceArea.country.in_(parents)))
    return Organization.id.in_(select(ServiceArea.organization_id).where(or_(*conditions)))


def conditions(
    wanted: OrganizationFilter, audience: Audience, now: dt.datetime | None = None
) -> list[ColumnElement[bool]]:
    """The SQL conditions of a filter (``near`` excepted: see ``Reader.distances_near``)."""
    found: list[ColumnElement[bool]] = [
        audience.archived_clause(Organization)
        if wanted.include_archived
        else Organization.archived.is_(False)
    ]
    for word in wanted.search_words:
        found.append(Organization.search_text.like(_text(like_pattern(word)), escape="\\"))
    if wanted.countries:
        found.append(_areas(wanted.countries, ()))
    if wanted.subdivisions:
        found.append(_areas((), wanted.subdivisions))
    if wanted.categories:
        found.append(_facet(FacetKind.CATEGORY, wanted.categories))
    if wanted.populations:
        found.append(_facet(FacetKind.POPULATION, wanted.populations))
    if wanted.languages:
        found.append(_facet(FacetKind.LANGUAGE, wanted.languages))
    if wanted.updated_since is not None:
        found.append(changed_since(audience, wanted.updated_since))
    if wanted.verified_only:
        found.append(fresh_clause(now))
    return found


def changed_since(audience: Audience, since: dt.datetime) -> ColumnElement[bool]:
    """A condition on ``Organization``: changed at or after ``since`` as far as the audience
    may know — a change to items hidden from it does not count (the change feed's rule)."""
    if audience.sees_everything:
        return Organization.updated_at >= since
    return exists().where(
        ChangeEvent.organization_id == Organization.id,
        ChangeEvent.at >= since,
        audience.clause(ChangeEvent),
    )


def known_updated_at(audience: Audience) -> Any:
    """``Organization.updated_at`` as the audience may know it: the time of the newest
    change it may hear of (what ``updatedAt`` shows it)."""
    if audience.sees_everything:
        return Organization.updated_at
    return (
        select(func.max(ChangeEvent.at))
        .where(ChangeEvent.organization_id == Organization.id, audience.clause(ChangeEvent))
        .scalar_subquery()
    )


def relevance(search: str | None) -> ColumnElement[Any]:
    """A score from the folded names: whole name 4, name start 3, a name's word start 2, else 1."""
    term = fold(search)
    escaped = like_pattern(term)[1:-1]
    return case(
        (Organization.search_name == _text(term), 4),
        (Organization.search_name.like(_text(f"{escaped}%"), escape="\\"), 3),
        (Organization.search_name.like(_text(f"% {escaped}%"), escape="\\"), 2),
        (Organization.search_name.like(_text(f"%| {escaped}%"), escape="\\"), 2),
        else_=1,
    )


def _relevance_window(
    where: list[ColumnElement[bool]], search: str | None, descending: bool, end: int
) -> Any:
    """The first ``end`` ids of the RELEVANCE order (``id``, ``score``, ``sort_name``), read
    as two runs instead of one sort of every match.

    The order is (score, then name, then id) and every score above 1 needs the search in
    a name, so the list is the names that score above 1, sorted, followed (or, reversed,
    preceded) by the rest in name order, which all score 1. The first run is found
    through the trigram index on ``search_name``; the second walks the name index and
    stops after ``end`` rows. Either way the cost follows the page, not the number of
    matches; the ids and their order are those of the single sort."""
    score = relevance(search)
    named = Organization.search_name.like(_text(like_pattern(fold(search))), escape="\\")
    best = (
        select(Organization.id, score.label("score"), Organization.sort_name)
        .where(*where, named, score > 1)
        .order_by(
            score.asc() if descending else score.desc(), Organization.sort_name, Organization.id
        )
        .limit(end)
    )
    rest = (
        select(Organization.id, literal(1).label("score"), Organization.sort_name)
        .where(*where, score == 1)
        .order_by(Organization.sort_name, Organization.id)
        .limit(end)
    )
    # each run as a subquery: SQLite refuses ORDER BY/LIMIT on the parts of a UNION
    return union_all(select(best.subquery()), select(rest.subquery())).subquery()


def _window_order(window: Any, descending: bool) -> list[Any]:
    return [
        window.c.score.asc() if descending else window.c.score.desc(),
        window.c.sort_name,
        window.c.id,
    ]


def _ordered(
    statement: Select[Any], order: Order, descending: bool, search: str | None, audience: Audience
) -> Select[Any]:
    keys: list[Any]
    if order is Order.UPDATED_AT:
        keys = [known_updated_at(audience), Organization.id]
    elif order is Order.RELEVANCE:
        # best first unless reversed; ties by name
        score = relevance(search)
        ranked = score.asc() if descending else score.desc()
        return statement.order_by(ranked, Organization.sort_name, Organization.id)
    else:
        keys = [Organization.sort_name, Organization.id]
    return statement.order_by(*(k.desc() if descending else k.asc() for k in keys))


Load = Callable[[Select[Any], dict[str, Any]], Awaitable[Sequence[Any]]]
"""Runs a page's select of ``selected`` with its parameters' values and answers its rows."""

LoadCounted = Callable[[Select[Any], dict[str, Any]], Awaitable[tuple[Sequence[Any], int | None]]]
"""Runs a page's select of ``selected`` and a count after it, with its parameters' values,
and answers the rows and the count (None without rows)."""

PAGE_START = "page_start"
PAGE_SIZE = "page_size"
"""The parameters of a page's offset and size: given when it runs, so pages of one list
share one statement."""


def _paged(statement: Select[Any]) -> Select[Any]:
    return statement.offset(bindparam(PAGE_START, type_=Integer)).limit(
        bindparam(PAGE_SIZE, type_=Integer)
    )


def _plain(wanted: OrganizationFilter) -> bool:
    """Whether the filter asks for the whole list (archived organizations aside): its page
    statements then depend on nothing but the audience, the order and what is selected,
    and are built once for each (:mod:`directory.statement_templates`)."""
    return wanted == OrganizationFilter(include_archived=wanted.include_archived)


Scalar = Callable[[Select[Any]], Awaitable[Any]]
"""Runs a select of one value and answers it."""


async def count(
    session: AsyncSession,
    wanted: OrganizationFilter,
    audience: Audience,
    now: dt.datetime | None = None,
    *,
    distances: dict[uuid.UUID, float] | None = None,
    scalar: Scalar,
) -> int:
    """How many organizations match (``near`` included: ``distances`` are the
    organizations with a visible location within its radius, from the reader). ``scalar``
    runs the count (the reader's :meth:`~directory.reader.Reader.scalar`)."""
    if wanted.near is not None:
        assert distances is not None, "near needs the reader's distances"
        if not distances:
            return 0
        ids = await session.scalars(
            select(Organization.id).where(*conditions(wanted, audience, now))
        )
        return sum(1 for i in ids if i in distances)
    total = await scalar(count_statement(wanted, audience, now))
    return int(total or 0)


def count_statement(
    wanted: OrganizationFilter, audience: Audience, now: dt.datetime | None = None
) -> Select[tuple[int]]:
    """The count of the organizations that match (``near`` aside)."""
    return select(func.count()).select_from(Organization).where(*conditions(wanted, audience, now))


async def page(
    session: AsyncSession,
    wanted: OrganizationFilter,
    audience: Audience,
    *,
    order: Order,
    descending: bool = False,
    start: int = 0,
    limit: int = 20,
    now: dt.datetime | None = None,
    with_total: bool = False,
    distances: dict[uuid.UUID, float] | None = None,
    selected: Sequence[Any],
    load: Load,
    load_counted: LoadCounted,
) -> Page:
    """``limit`` organizations from offset ``start`` of the ordered list, and whether more follow.

    The page's select is of ``selected`` (``Organization``, or the columns of its record);
    ``load`` runs it (the reader's, which answers records for GraphQL, entities elsewhere),
    ``load_counted`` the same with the count.

    ``with_total`` asks for the total too: the page's statement counts the matches
    (:func:`_page_statement`) instead of a second statement by :func:`count`.
    """
    if wanted.near is not None:
        assert distances is not None, "near needs the reader's distances"
        return await _near_page(
            session, wanted, audience, order, descending, start, limit, now, distances
        )
    params = {PAGE_START: start, PAGE_SIZE: limit + 1}
    end = start + limit + 1
    if with_total:
        counted = _statement(wanted, audience, order, descending, now, end, selected, counted=True)
        rows, total = await load_counted(counted, params)
        count = total if rows else (0 if start == 0 else None)
        return Page([Listed(row) for row in rows[:limit]], start, len(rows) > limit, total=count)
    statement = _statement(wanted, audience, order, descending, now, end, selected, counted=False)
    rows = list(await load(statement, params))
    return Page([Listed(row) for row in rows[:limit]], start, len(rows) > limit)


def _statement(
    wanted: OrganizationFilter,
    audience: Audience,
    order: Order,
    descending: bool,
    now: dt.datetime | None,
    end: int,
    selected: Sequence[Any],
    *,
    counted: bool,
) -> Select[Any]:
    """:func:`_page_statement`: for a plain filter from its template, keyed by all it is
    built from, and built without this request's ``now`` and window end (a plain filter's
    statement does not depend on them, and no request's values may be kept in one that
    others share); for any other filter built for this request."""
    if not _plain(wanted):
        return _page_statement(
            wanted, audience, order, descending, now, end, selected, counted=counted
        )
    return template(
        (wanted, audience, order, descending, tuple(selected), counted),
        lambda: _page_statement(
            wanted, audience, order, descending, None, None, selected, counted=counted
        ),
    )


def _page_statement(
    wanted: OrganizationFilter,
    audience: Audience,
    order: Order,
    descending: bool,
    now: dt.datetime | None,
    end: int | None,
    selected: Sequence[Any],
    *,
    counted: bool,
) -> Select[Any]:
    """A page of the list in order: :data:`PAGE_START`, :data:`PAGE_SIZE` (for
    RELEVANCE, the best ``end`` matches ranked first, :func:`_relevance_window`).

    ``counted``: the number of matches after each row (one round trip less; a search
    tests every row against its words for the count anyway), an uncorrelated scalar
    subquery counted once over every match (a window ``count(*) OVER ()`` would also make
    the database sort every match for the page). Past the last match there is no row to
    carry the total: it is left unknown and counted separately if asked.
    """
    where = conditions(wanted, audience, now)
    if order is Order.RELEVANCE and wanted.search_words:
        assert end is not None, "a relevance window needs its end"
        window = _relevance_window(where, wanted.search, descending, end)
        statement = (
            select(*selected)
            .join(window, Organization.id == window.c.id)
            .order_by(*_window_order(window, descending))
        )
    else:
        statement = _ordered(
            select(*selected).where(*where), order, descending, wanted.search, audience
        )
    if counted:
        total = select(func.count()).select_from(Organization).where(*where)
        statement = statement.add_columns(total.scalar_subquery())
    return _paged(statement)


async def _near_page(
    session: AsyncSession,
    wanted: OrganizationFilter,
    audience: Audience,
    order: Order,
    descending: bool,
    start: int,
    limit: int,
    now: dt.datetime | None,
    distances: dict[uuid.UUID, float],
) -> Page:
    """With ``near``: candidates in SQL, exact distances and the page in Python."""
    if not distances:
        return Page([], start, False, total=0)
    if order is Order.DISTANCE:
        candidates = (
            await session.execute(
                select(Organization.id, Organization.sort_name).where(
                    *conditions(wanted, audience, now)
                )
            )
        ).all()
        ranked = sorted(
            ((distances[i], name, str(i), i) for i, name in candidates if i in distances),
            reverse=descending,
        )
        ids = [row[3] for row in ranked]
    else:
        statement = _ordered(
            select(Organization.id).where(*conditions(wanted, audience, now)),
            order,
            descending,
            wanted.search,
            audience,
        )
        ids = [i for i in (await session.scalars(statement)).all() if i in distances]
    chosen = ids[start : start + limit]
    rows = (
        {
            row.id: row
            for row in (
                await session.scalars(select(Organization).where(Organization.id.in_(chosen)))
            ).all()
        }
        if chosen
        else {}
    )
    items = [Listed(rows[i], distances[i]) for i in chosen if i in rows]
    return Page(items, start, start + limit < len(ids), total=len(ids), distances=distances)
