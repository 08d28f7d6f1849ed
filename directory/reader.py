"""The read boundary: the only code that selects services, contacts, phones, emails and
locations for a caller.

A :class:`Reader` is one read session bound to one :class:`~directory.visibility.Audience`.
Every read path — GraphQL resolvers and dataloaders, ``node``, search and ``near``, the HSDS
API, exports — asks a reader, never a raw session, so the visibility rule cannot be left
out by a query written the obvious way. There is no default audience: system jobs say so
with ``Audience.everything()``. By-id lookups leave out what belongs to an organization the
audience may not read (an archived one, except for administrators and its own staff).

Batch methods load one kind of row for many parents in one statement and return them
grouped by parent id, in a stable order. ``tests/directory/test_read_boundary.py`` fails
when a visibility-bearing model is selected anywhere else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, partial
from operator import attrgetter
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Enum,
    Select,
    String,
    and_,
    any_,
    bindparam,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from directory import organization_list
from directory.count_cache import CountCache
from directory.driver_reads import DriverReads
from directory.listings.history import RevisionPage, revisions_page
from directory.listings.verification import verified_versions
from directory.models import (
    ChangeEvent,
    Contact,
    Email,
    Location,
    Organization,
    OrganizationTranslation,
    Phone,
    Revision,
    Service,
    ServiceArea,
    ServiceTranslation,
)
from directory.organization_list import Near, OrganizationFilter, Page
from directory.records import record_class
from directory.statement_templates import template
from directory.visibility import Audience
from directory.webhooks import subscriptions as webhooks
from directory.webhooks.models import WebhookDelivery, WebhookSubscription

T = TypeVar("T")
Key = uuid.UUID
Record = Any
"""A read-only row of one model's columns: a named tuple whose fields are the model's
attribute names (``phone.e164``, ``service.categories``), with the same Python values as
the ORM object would hold, but none of its identity-map and change-tracking bookkeeping."""


def _columns(model: Any, core: bool) -> Any:
    """What statements name columns through: the ORM class, or (``core``) its table's
    columns, so the same builder makes an entity select and a plain-row select."""
    return model.__table__.c if core else model


_ORGANIZATION_ID = attrgetter("organization_id")
_CONTACT_ID = attrgetter("contact_id")


class _Ids(list[Any]):
    """The id list of a statement template: ``Reader._in`` writes a parameter named
    :data:`IDS` without a value, given at each execution."""


IDS = "ids"
_TEMPLATE_IDS = _Ids()


@cache
def _array_of(item: Any) -> ARRAY[Any]:
    """The array type of a column type (made once: a type is part of every cache key).
    Strings without their length: PostgreSQL's cast to ``VARCHAR(80)[]`` would cut a longer
    value asked for down to a stored one, so that ``slug = ANY(…)`` matched a slug that
    was not asked for."""
    plain_string = isinstance(item, String) and not isinstance(item, Enum)
    return ARRAY(String() if plain_string else item)


def _selected(model: Any, core: bool) -> Any:
    """What a statement selects: the entity, or (``core``) the columns of its record."""
    return (model,) if not core else record_class(model).columns


def _group(
    rows: Sequence[T], key_of: Callable[[T], Key], keys: Sequence[Key]
) -> dict[Key, list[T]]:
    """Rows by ``key_of(row)``, in their order, with an empty list for each key without."""
    grouped: dict[Key, list[T]] = defaultdict(list)
    for row in rows:
        grouped[key_of(row)].append(row)
    return {key: grouped.get(key, []) for key in keys}


@dataclass
class ListingRecords:
    """The parts of many listings as records, each grouped by its organization id (service
    translations by service id), in the order of the ORM batch methods."""

    organizations: dict[Key, Record]
    translations: dict[Key, list[Record]]
    services: dict[Key, list[Record]]
    service_translations: dict[Key, list[Record]]
    areas: dict[Key, list[Record]]
    contacts: dict[Key, list[Record]]
    phones: dict[Key, list[Record]]
    emails: dict[Key, list[Record]]
    locations: dict[Key, list[Record]]
    revisions: dict[Key, list[Record]]


class Reader:
    """Reads listing rows for one audience, on one session (the caller closes it)."""

    def __init__(
        self,
        session: AsyncSession,
        audience: Audience,
        *,
        records: bool = False,
        driver: DriverReads | None = None,
        counts: CountCache | None = None,
    ) -> None:
        if not isinstance(audience, Audience):
            raise TypeError("a Reader needs the caller's Audience (Audience.everything() for jobs)")
        self._session = session
        self.audience = audience
        bind = getattr(session, "bind", None)
        self._arrays = bind is not None and bind.dialect.name == "postgresql"
        """Id lists as one array parameter (:func:`_in`)."""
        self._driver = driver
        """Run record reads on the driver (a session without a transaction only)."""
        self._counts = counts
        """Counts of searches kept until the feed moves (:mod:`directory.count_cache`)."""
        self._templates = driver is not None and records and self._arrays
        """Child reads through statement templates (:meth:`_templated`): record reads on
        the driver, where one array parameter holds any number of ids."""
        self.records = records
        """Answer read-only records (:mod:`directory.records`) instead of ORM entities: for
        callers that only read what they get, such as GraphQL queries."""

    # -- organizations -------------------------------------------------------------------

    async def organizations_by_id(self, ids: Sequence[Key]) -> dict[Key, Organization]:
        """Organizations the audience may read (archived ones only for admins and own staff)."""
        if not ids:
            return {}
        rows = await self._entities(self._organizations_statement(ids, core=False), Organization)
        return {row.id: row for row in rows}

    def _organizations_statement(self, ids: Sequence[Key], *, core: bool) -> Select[Any]:
        o = _columns(Organization, core)
        return select(*_selected(Organization, core)).where(
            self._among(o.id, ids, core), self.audience.archived_clause(o)
        )

    async def organizations_by_slug(self, slugs: Sequence[str]) -> dict[str, Organization]:
        if not slugs:
            return {}
        rows = await self._entities(
            select(Organization).where(
                self._in(Organization.slug, slugs),
                self.audience.archived_clause(Organization),
            ),
            Organization,
        )
        return {row.slug: row for row in rows}

    async def ids(self, statement: Select[tuple[Key]]) -> list[Key]:
        """Run a paging select of organization ids (HSDS paging and exports build their own
        over organization columns)."""
        return list((await self._session.scalars(statement)).all())

    async def scalar(self, statement: Select[tuple[T]]) -> T | None:
        """One value (a count for paging, a maximum), through the driver where records
        go, else on the session's connection (Core: a number needs no ORM compile state)."""
        rows = await self._rows(statement)
        return rows[0][0] if rows else None

    async def organization_page(
        self,
        wanted: OrganizationFilter,
        *,
        order: organization_list.Order,
        descending: bool = False,
        start: int = 0,
        limit: int = 20,
        now: dt.datetime | None = None,
        with_total: bool = False,
    ) -> Page:
        """A page of the organizations list (filters, search, ``near``, order)."""
        distances = await self.distances_near(wanted.near) if wanted.near else None
        key, known = None, None
        if with_total and self._counts_search(wanted):
            assert self._counts is not None
            key = self._counts.key(
                organization_list.count_statement(wanted, self.audience, now),
                await self.feed_position(),
            )
            known = self._counts.get(key)
        page = await organization_list.page(
            self._session,
            wanted,
            self.audience,
            order=order,
            descending=descending,
            start=start,
            limit=limit,
            now=now,
            with_total=with_total and known is None,
            distances=distances,
            selected=_selected(Organization, self.records),
            load=partial(self._selected_rows, model=Organization),
            load_counted=partial(self._selected_counted, model=Organization),
        )
        if known is not None:
            return dataclasses.replace(page, total=known)
        if key is not None and page.total is not None:
            assert self._counts is not None
            self._counts.put(key, page.total)
        return page

    async def organization_count(
        self, wanted: OrganizationFilter, now: dt.datetime | None = None
    ) -> int:
        distances = await self.distances_near(wanted.near) if wanted.near else None
        if not self._counts_search(wanted):
            return await organization_list.count(
                self._session, wanted, self.audience, now, distances=distances, scalar=self.scalar
            )
        assert self._counts is not None
        statement = organization_list.count_statement(wanted, self.audience, now)
        key = self._counts.key(statement, await self.feed_position())
        found = self._counts.get(key)
        if found is None:
            counted = await self.scalar(statement)
            found = counted or 0
            self._counts.put(key, found)
        return found

    def _counts_search(self, wanted: OrganizationFilter) -> bool:
        """Whether a count of ``wanted`` is kept: searches only (a count of every match,
        linear in the matches), not ``near`` (counted in Python from the distances) nor
        ``verifiedOnly`` (its freshness is measured from the present moment)."""
        return (
            self._counts is not None
            and bool(wanted.search_words)
            and wanted.near is None
            and not wanted.verified_only  # counted for this instant: never asked again
        )

    async def distances_near(self, near: Near) -> dict[Key, float]:
        """Organization id → distance (km) of its nearest location the audience may see,
        for organizations with such a location within the radius."""
        min_lat, max_lat, min_lon, max_lon, wraps = organization_list.bounding_box(near)
        lon = (
            or_(Location.longitude >= min_lon, Location.longitude <= max_lon)
            if wraps
            else Location.longitude.between(min_lon, max_lon)
        )
        rows = await self._session.execute(
            select(Location.organization_id, Location.latitude, Location.longitude).where(
                Location.latitude.between(min_lat, max_lat), lon, self.audience.clause(Location)
            )
        )
        found: dict[Key, float] = {}
        for organization_id, lat, lng in rows:
            distance = organization_list.haversine_km(near.latitude, near.longitude, lat, lng)
            if distance <= near.radius_km and distance < found.get(organization_id, math.inf):
                found[organization_id] = distance
        return found

    async def known_versions(
        self, organizations: Sequence[Any]
    ) -> dict[Any, tuple[int, dt.datetime]]:
        """``(version, updated_at)`` of each organization row (entity or record) as the
        audience may know them: the row's own where the audience sees all of the listing;
        else those of its newest change the audience may hear of (the change feed's rule,
        one statement for all of them), so that a change to items hidden from it moves
        neither."""
        known = {o: (o.version, o.updated_at) for o in organizations}
        partial = [o for o in organizations if not self.audience.sees_all_of(o.id)]
        if not partial:
            return known
        statement = (
            select(
                ChangeEvent.organization_id, func.max(ChangeEvent.version), func.max(ChangeEvent.at)
            )
            .where(
                self._in(ChangeEvent.organization_id, [o.id for o in partial]),
                self.audience.clause(ChangeEvent),
            )
            .group_by(ChangeEvent.organization_id)
        )
        visible = {row[0]: (int(row[1]), row[2]) for row in await self._session.execute(statement)}
        for o in partial:
            known[o] = visible.get(o.id, (1, o.created_at))
        return known

    def changed_since(self, since: dt.datetime) -> ColumnElement[bool]:
        """A condition on ``Organization``: changed at or after ``since`` as far as the
        audience may know (see :func:`directory.organization_list.changed_since`)."""
        return organization_list.changed_since(self.audience, since)

    async def organization_translations(
        self, organization_ids: Sequence[Key]
    ) -> dict[Key, list[OrganizationTranslation]]:
        return await self._by_organization(
            self._organization_translations_statement, OrganizationTranslation, organization_ids
        )

    def _organization_translations_statement(
        self, organization_ids: Sequence[Key], *, core: bool
    ) -> Select[Any]:
        t = _columns(OrganizationTranslation, core)
        return (
            select(*_selected(OrganizationTranslation, core))
            .where(self._among(t.organization_id, organization_ids, core))
            .order_by(t.organization_id, t.language)
        )

    async def verified_versions(self, organization_ids: Sequence[Key]) -> dict[Key, int]:
        """The version each organization had when it was last verified."""
        return await verified_versions(self._session, organization_ids)

    async def revisions(
        self, organization_id: Key, *, first: int, after: int | None
    ) -> RevisionPage | None:
        """A page of one organization's audit trail; None when the audience may not read it
        (only administrators and the organization's own staff may)."""
        if not self.audience.may_read_audit_trail(organization_id):
            return None
        return await revisions_page(self._session, organization_id, first=first, after=after)

    async def revisions_by_organization(
        self, organization_ids: Sequence[Key], entity_types: Sequence[str]
    ) -> dict[Key, list[Revision]]:
        """Audit-trail rows of these kinds of entity (callers pick the kinds without
        visibility: organizations and services)."""
        statement = self._revisions_statement(organization_ids, entity_types, core=False)
        return await self._grouped(
            statement, Revision, lambda r: r.organization_id, organization_ids
        )

    def _revisions_statement(
        self, organization_ids: Sequence[Key], entity_types: Sequence[str], *, core: bool
    ) -> Select[Any]:
        r = _columns(Revision, core)
        return (
            select(*_selected(Revision, core))
            .where(
                self._among(r.organization_id, organization_ids, core),
                r.entity_type.in_(entity_types),
            )
            .order_by(r.organization_id, r.id)
        )

    # -- the change feed -----------------------------------------------------------------

    async def changes_after(self, after: int | None, limit: int) -> list[ChangeEvent]:
        """Up to ``limit`` feed events after position ``after`` that the audience may hear of,
        in feed order (an event touching only items it may not see is left out)."""
        statement = (
            select(ChangeEvent)
            .where(self.audience.clause(ChangeEvent))
            .order_by(ChangeEvent.id)
            .limit(limit)
        )
        if after is not None:
            statement = statement.where(ChangeEvent.id > after)
        return list((await self._session.scalars(statement)).all())

    async def feed_position(self) -> int:
        """The newest change id (0 for an empty feed), whoever may read that change.

        Only a version number for caches (``schema.response_cache``): never show it to
        the caller, since it moves with changes the audience may not see."""
        found = await self.scalar(select(func.max(ChangeEvent.id)))
        return int(found or 0)

    async def count_changes(self) -> int:
        statement = (
            select(func.count()).select_from(ChangeEvent).where(self.audience.clause(ChangeEvent))
        )
        found = await self.scalar(statement)
        return found or 0

    async def changes_by_id(self, ids: Sequence[int]) -> dict[int, ChangeEvent]:
        if not ids:
            return {}
        rows = await self._entities(
            select(ChangeEvent).where(
                self._in(ChangeEvent.id, ids), self.audience.clause(ChangeEvent)
            ),
            ChangeEvent,
        )
        return {row.id: row for row in rows}

    async def webhook_subscriptions(
        self, client_ids: Sequence[str]
    ) -> dict[str, list[WebhookSubscription]]:
        """The webhook subscriptions of these OAuth clients (resolvers ask for the caller's
        own client only)."""
        return await webhooks.subscriptions_of(self._session, client_ids)

    async def recent_webhook_deliveries(
        self, subscription_ids: Sequence[Key], limit: int
    ) -> dict[Key, list[tuple[WebhookDelivery, ChangeEvent]]]:
        """Up to ``limit`` newest deliveries of each subscription, with their event; those of
        events the audience may not hear of are left out."""
        return await webhooks.recent_deliveries(
            self._session, subscription_ids, self.audience, limit
        )

    # -- services and areas --------------------------------------------------------------

    async def services_by_organization(
        self, organization_ids: Sequence[Key]
    ) -> dict[Key, list[Service]]:
        return await self._by_organization(self._services_statement, Service, organization_ids)

    def _services_statement(self, organization_ids: Sequence[Key], *, core: bool) -> Select[Any]:
        s = _columns(Service, core)
        return (
            select(*_selected(Service, core))
            .where(self._among(s.organization_id, organization_ids, core))
            .order_by(s.organization_id, s.name, s.id)
        )

    async def services_by_id(self, ids: Sequence[Key]) -> dict[Key, Service]:
        """Services by id, of organizations the audience may read."""
        if not ids:
            return {}
        rows = await self._entities(
            self._of_readable_organization(
                select(Service).where(self._in(Service.id, ids)), Service
            ),
            Service,
        )
        return {row.id: row for row in rows}

    def _services_of_organizations(
        self,
        columns: Sequence[Any],
        conditions: Sequence[ColumnElement[bool]],
        modified_after: dt.datetime | None,
    ) -> Select[Any]:
        statement = (
            select(*columns)
            .select_from(Service)
            .join(Organization, Organization.id == Service.organization_id)
        )
        if modified_after is not None:
            statement = statement.where(
                (Service.updated_at >= modified_after) | self.changed_since(modified_after)
            )
        return statement.where(self.audience.archived_clause(Organization), *conditions)

    async def service_ids(
        self,
        conditions: Sequence[ColumnElement[bool]],
        modified_after: dt.datetime | None,
        offset: int,
        limit: int,
    ) -> tuple[list[Key], int]:
        """A page of the ids of services (by name) whose organization meets ``conditions``
        (conditions on ``Organization``), changed since ``modified_after``; and the total."""
        total = await self.scalar(
            self._services_of_organizations([func.count()], conditions, modified_after)
        )
        statement = self._services_of_organizations([Service.id], conditions, modified_after)
        ordered = statement.order_by(Service.name, Service.id).offset(offset).limit(limit)
        return list((await self._session.scalars(ordered)).all()), int(total or 0)

    async def service_facets(
        self, conditions: Sequence[ColumnElement[bool]], modified_after: dt.datetime | None
    ) -> list[Any]:
        """``(id, categories, populations)`` of every such service, by name."""
        columns = [Service.id, Service.categories, Service.populations]
        statement = self._services_of_organizations(columns, conditions, modified_after)
        return list(await self._session.execute(statement.order_by(Service.name, Service.id)))

    async def service_translations(
        self, service_ids: Sequence[Key]
    ) -> dict[Key, list[ServiceTranslation]]:
        statement = (
            select(ServiceTranslation)
            .where(self._in(ServiceTranslation.service_id, service_ids))
            .order_by(ServiceTranslation.service_id, ServiceTranslation.language)
        )
        return await self._grouped(
            statement, ServiceTranslation, lambda t: t.service_id, service_ids
        )

    async def service_areas_by_organization(
        self, organization_ids: Sequence[Key]
    ) -> dict[Key, list[ServiceArea]]:
        """Every area of each organization, its own and its services' (``service_id`` tells)."""
        return await self._by_organization(self._areas_statement, ServiceArea, organization_ids)

    def _areas_statement(self, organization_ids: Sequence[Key], *, core: bool) -> Select[Any]:
        a = _columns(ServiceArea, core)
        return (
            select(*_selected(ServiceArea, core))
            .where(self._among(a.organization_id, organization_ids, core))
            .order_by(a.organization_id, a.country, a.subdivision, a.id)
        )

    def _service_translations_of_organizations(
        self, organization_ids: Sequence[Key]
    ) -> Select[Any]:
        """The translations of the services of these organizations (records): the rows of
        ``service_id IN (their service ids)``, found through the services' organization."""
        t, s = ServiceTranslation.__table__.c, Service.__table__.c
        return (
            select(*record_class(ServiceTranslation).columns)
            .join(Service.__table__, s.id == t.service_id)
            .where(self._among(s.organization_id, organization_ids, True))
            .order_by(t.service_id, t.language)
        )

    # -- contacts, phones, emails, locations: always through the audience -----------------

    async def contacts_by_organization(
        self, organization_ids: Sequence[Key]
    ) -> dict[Key, list[Contact]]:
        return await self._by_organization(self._contacts_statement, Contact, organization_ids)

    def _contacts_statement(self, organization_ids: Sequence[Key], *, core: bool) -> Select[Any]:
        c = _columns(Contact, core)
        return (
            select(*_selected(Contact, core))
            .where(
                self._among(c.organization_id, organization_ids, core),
                self.audience.clause(c),
            )
            .order_by(c.organization_id, c.name, c.id)
        )

    async def contacts_by_id(self, ids: Sequence[Key]) -> dict[Key, Contact]:
        if not ids:
            return {}
        statement = select(Contact).where(self._in(Contact.id, ids), self.audience.clause(Contact))
        rows = await self._entities(self._of_readable_organization(statement, Contact), Contact)
        return {row.id: row for row in rows}

    async def phones_by_organization(
        self, organization_ids: Sequence[Key]
    ) -> dict[Key, list[Phone]]:
        """All visible phones of each organization (its own, its contacts', services',
        locations'); a phone under a contact or location the audience may not see is left
        out as well."""
        return await self._by_organization(self._phones_statement, Phone, organization_ids)

    def _phones_statement(self, organization_ids: Sequence[Key], *, core: bool) -> Select[Any]:
        p = _columns(Phone, core)
        return (
            select(*_selected(Phone, core))
            .where(
                self._among(p.organization_id, organization_ids, core),
                self.audience.clause(p),
                ~self._hidden(_columns(Contact, core), p.contact_id),
                ~self._hidden(_columns(Location, core), p.location_id),
            )
            .order_by(p.organization_id, p.is_hotline.desc(), p.e164, p.id)
        )

    async def phones_by_contact(self, contact_ids: Sequence[Key]) -> dict[Key, list[Phone]]:
        if self._templates:
            return await self._templated(
                Reader._phones_by_contact_statement,
                Phone,
                self._phones_by_contact_statement,
                _CONTACT_ID,
                contact_ids,
            )
        statement = self._phones_by_contact_statement(contact_ids)
        return await self._grouped(statement, Phone, _CONTACT_ID, contact_ids)

    def _phones_by_contact_statement(self, contact_ids: Sequence[Key]) -> Select[Any]:
        return (
            select(Phone)
            .where(self._in(Phone.contact_id, contact_ids), self.audience.clause(Phone))
            .order_by(Phone.contact_id, Phone.is_hotline.desc(), Phone.e164, Phone.id)
        )

    async def emails_by_organization(
        self, organization_ids: Sequence[Key]
    ) -> dict[Key, list[Email]]:
        return await self._by_organization(self._emails_statement, Email, organization_ids)

    def _emails_statement(self, organization_ids: Sequence[Key], *, core: bool) -> Select[Any]:
        e = _columns(Email, core)
        return (
            select(*_selected(Email, core))
            .where(
                self._among(e.organization_id, organization_ids, core),
                self.audience.clause(e),
                ~self._hidden(_columns(Contact, core), e.contact_id),
                ~self._hidden(_columns(Location, core), e.location_id),
            )
            .order_by(e.organization_id, e.address, e.id)
        )

    async def emails_by_contact(self, contact_ids: Sequence[Key]) -> dict[Key, list[Email]]:
        statement = (
            select(Email)
            .where(self._in(Email.contact_id, contact_ids), self.audience.clause(Email))
            .order_by(Email.contact_id, Email.address, Email.id)
        )
        return await self._grouped(statement, Email, lambda e: e.contact_id, contact_ids)

    async def phones_by_owner(
        self, column: str, owner_ids: Sequence[Key]
    ) -> dict[Key, list[Phone]]:
        """The visible phones of each service or location (``column``: ``service_id`` or
        ``location_id``), hotlines first."""
        link = getattr(Phone, column)
        statement = (
            select(Phone)
            .where(self._in(link, owner_ids), self.audience.clause(Phone))
            .order_by(link, Phone.is_hotline.desc(), Phone.e164, Phone.id)
        )
        return await self._grouped(statement, Phone, lambda p: getattr(p, column), owner_ids)

    async def emails_by_owner(
        self, column: str, owner_ids: Sequence[Key]
    ) -> dict[Key, list[Email]]:
        """The visible emails of each service or location (``column`` as for phones)."""
        link = getattr(Email, column)
        statement = (
            select(Email)
            .where(self._in(link, owner_ids), self.audience.clause(Email))
            .order_by(link, Email.address, Email.id)
        )
        return await self._grouped(statement, Email, lambda e: getattr(e, column), owner_ids)

    async def phones_by_id(self, ids: Sequence[Key]) -> dict[Key, Phone]:
        """Phones by id that the audience may see (not under a hidden contact or location,
        not of a listing it may not read)."""
        if not ids:
            return {}
        statement = select(Phone).where(
            self._in(Phone.id, ids),
            self.audience.clause(Phone),
            ~self._hidden(Contact, Phone.contact_id),
            ~self._hidden(Location, Phone.location_id),
        )
        rows = await self._entities(self._of_readable_organization(statement, Phone), Phone)
        return {row.id: row for row in rows}

    async def emails_by_id(self, ids: Sequence[Key]) -> dict[Key, Email]:
        """Emails by id that the audience may see (as for phones)."""
        if not ids:
            return {}
        statement = select(Email).where(
            self._in(Email.id, ids),
            self.audience.clause(Email),
            ~self._hidden(Contact, Email.contact_id),
            ~self._hidden(Location, Email.location_id),
        )
        rows = await self._entities(self._of_readable_organization(statement, Email), Email)
        return {row.id: row for row in rows}

    async def locations_by_organization(
        self, organization_ids: Sequence[Key]
    ) -> dict[Key, list[Location]]:
        return await self._by_organization(self._locations_statement, Location, organization_ids)

    def _locations_statement(self, organization_ids: Sequence[Key], *, core: bool) -> Select[Any]:
        loc = _columns(Location, core)
        return (
            select(*_selected(Location, core))
            .where(
                self._among(loc.organization_id, organization_ids, core),
                self.audience.clause(loc),
            )
            .order_by(loc.organization_id, loc.name, loc.id)
        )

    async def locations_by_id(self, ids: Sequence[Key]) -> dict[Key, Location]:
        if not ids:
            return {}
        statement = select(Location).where(
            self._in(Location.id, ids), self.audience.clause(Location)
        )
        rows = await self._entities(self._of_readable_organization(statement, Location), Location)
        return {row.id: row for row in rows}

    # -- whole listings as records (exports, the HSDS API) ---------------------------------

    async def organization_records(self, ids: Sequence[Key]) -> dict[Key, Record]:
        """Organizations the audience may read, as records whose ``version`` and
        ``updated_at`` are those of the newest change it may hear of where it may not see
        every item (:meth:`known_versions`): a change to hidden items must not show."""
        found = {
            row.id: row
            for row in await self._records(
                self._organizations_statement(ids, core=True), Organization
            )
        }
        known = await self.known_versions(list(found.values()))
        for i, row in found.items():
            version, at = known[row]
            if version != row.version or at != row.updated_at:
                found[i] = row._replace(version=version, updated_at=at)
        return found

    async def listing_records(
        self, organization_ids: Sequence[Key], revision_types: Sequence[str] = ()
    ) -> ListingRecords:
        """Every part of these listings the audience may see, as records (no ORM objects):
        the same statements, visibility and order as the batch methods above. Revisions
        only of ``revision_types`` (none when empty)."""
        core = True
        organizations = await self.organization_records(organization_ids)
        ids = [i for i in organization_ids if i in organizations]
        services = await self._grouped_records(
            self._services_statement(ids, core=core), Service, ids
        )
        service_ids = [s.id for group in services.values() for s in group]
        return ListingRecords(
            organizations=organizations,
            translations=await self._grouped_records(
                self._organization_translations_statement(ids, core=core),
                OrganizationTranslation,
                ids,
            ),
            services=services,
            service_translations=await self._grouped_records(
                self._service_translations_of_organizations(ids),
                ServiceTranslation,
                service_ids,
                key="service_id",
            ),
            areas=await self._grouped_records(
                self._areas_statement(ids, core=core), ServiceArea, ids
            ),
            contacts=await self._grouped_records(
                self._contacts_statement(ids, core=core), Contact, ids
            ),
            phones=await self._grouped_records(self._phones_statement(ids, core=core), Phone, ids),
            emails=await self._grouped_records(self._emails_statement(ids, core=core), Email, ids),
            locations=await self._grouped_records(
                self._locations_statement(ids, core=core), Location, ids
            ),
            revisions=await self._grouped_records(
                self._revisions_statement(ids, revision_types, core=core), Revision, ids
            )
            if revision_types
            else {},
        )

    # -- helpers -------------------------------------------------------------------------

    def _in(self, column: Any, values: Sequence[Any]) -> ColumnElement[bool]:
        """``column IN values``; on PostgreSQL ``column = ANY(:values)``, one array
        parameter: the statement's text is the same for 5 ids or 500, so the driver's
        prepared statement is reused and nothing is expanded per execution."""
        if not self._arrays:
            return column.in_(values)  # type: ignore[no-any-return]
        if values is _TEMPLATE_IDS:
            return column == any_(bindparam(IDS, type_=_array_of(column.type)))  # type: ignore[no-any-return]
        array = bindparam(None, list(values), type_=_array_of(column.type))
        return column == any_(array)  # type: ignore[no-any-return]

    def _among(self, column: Any, ids: Sequence[Key], core: bool) -> ColumnElement[bool]:
        """:meth:`_in`; for record reads (``core``) also ``BETWEEN min(ids) AND max(ids)``,
        which selects nothing more but lets PostgreSQL read an export's batch (a run of
        consecutive ids) as one index range instead of scanning the whole table."""
        among = self._in(column, ids)
        if not core or not ids:
            return among
        return and_(among, column.between(min(ids), max(ids)))

    def _of_readable_organization(self, statement: Select[Any], model: Any) -> Select[Any]:
        """Keep only rows whose organization the audience may read (not archived, unless
        administrators or own staff)."""
        return statement.join(Organization, Organization.id == model.organization_id).where(
            self.audience.archived_clause(Organization)
        )

    def _hidden(self, parent: Any, parent_id: Any) -> ColumnElement[bool]:
        """Whether the row's parent (contact or location) exists and the audience may not
        see it. A correlated ``EXISTS`` probes the parent's primary key once per candidate
        row, so the cost follows the page, not the whole table. A NULL ``parent_id``
        matches no parent, so rows without one are never hidden by it."""
        return exists().where(parent.id == parent_id, ~self.audience.clause(parent))

    async def _entities(self, statement: Select[tuple[T]], model: Any) -> Sequence[T]:
        """The rows of a select of one entity, ``model``: entities, or records when
        ``records``."""
        if self.records:
            statement = statement.with_only_columns(*record_class(model).columns)
        return await self._selected_rows(statement, model=model)

    async def _selected_rows(
        self, statement: Select[Any], params: dict[str, Any] | None = None, *, model: Any
    ) -> Sequence[Any]:
        """The rows of a select of ``_selected(model, self.records)`` (``params``: the
        values of parameters built without one, as in a template)."""
        if not self.records:
            return (await self._session.scalars(statement, params)).all()
        return await self._records(statement, model, params)

    async def _selected_counted(
        self, statement: Select[Any], params: dict[str, Any] | None = None, *, model: Any
    ) -> tuple[Sequence[Any], int | None]:
        """:meth:`_selected_rows` of a statement that selects a count after the model:
        the rows, and the count (None without rows)."""
        if not self.records:
            rows = (await self._session.execute(statement, params)).all()
            return [row[0] for row in rows], (int(rows[0][1]) if rows else None)
        found = await self._rows(statement, params)
        make = record_class(model)._make
        return [make(tuple(row)[:-1]) for row in found], (int(found[0][-1]) if found else None)

    async def _by_organization(
        self, build: Callable[..., Select[Any]], model: Any, organization_ids: Sequence[Key]
    ) -> dict[Key, list[Any]]:
        """The rows of ``model`` of these organizations, grouped by organization id, from
        the statement builder the exports share (``build(ids, core=False)``)."""
        if self._templates:
            return await self._templated(
                build, model, lambda ids: build(ids, core=False), _ORGANIZATION_ID, organization_ids
            )
        statement = build(organization_ids, core=False)
        return await self._grouped(statement, model, _ORGANIZATION_ID, organization_ids)

    async def _templated(
        self,
        builder: Any,
        model: Any,
        build: Callable[[Sequence[Key]], Select[Any]],
        key_of: Callable[[Any], Key],
        keys: Sequence[Key],
    ) -> dict[Key, list[Any]]:
        """:meth:`_grouped` records of the statement ``build(keys)``, built once per
        builder and audience with its id list as a parameter (:data:`IDS`): a page's
        child reads skip building the statement and its cache key on every request.
        The statement is the builder's own, so the visibility rule is unchanged."""
        if not keys:
            return {}
        statement = template(
            (getattr(builder, "__func__", builder), model, self.audience),
            lambda: build(_TEMPLATE_IDS).with_only_columns(*record_class(model).columns),
        )
        rows = await self._records(statement, model, {IDS: list(keys)})
        return _group(rows, key_of, keys)

    async def _grouped(
        self, statement: Select[tuple[T]], model: Any, key_of: Any, keys: Sequence[Key]
    ) -> dict[Key, list[T]]:
        if not keys:
            return {}
        return _group(await self._entities(statement, model), key_of, keys)

    async def _records(
        self, statement: Select[Any], model: Any, params: dict[str, Any] | None = None
    ) -> list[Record]:
        """The rows of a select of ``record_class(model).columns``, as records
        (``params``: values of parameters left without one, as in a template)."""
        make = record_class(model)._make
        return [make(row) for row in await self._rows(statement, params)]

    async def _rows(
        self, statement: Select[Any], params: dict[str, Any] | None = None
    ) -> Sequence[Any]:
        """The rows of a Core select as tuples, on the session's connection: through the
        driver where it reads, else SQLAlchemy's Core execution (the ORM's per-statement
        compile state and row loading would only cost)."""
        connection = await self._session.connection()
        if self._driver is not None:
            return await self._driver.rows(connection, statement, params)
        return list(await connection.execute(statement, params))

    async def _grouped_records(
        self, statement: Select[Any], model: Any, keys: Sequence[Key], key: str = "organization_id"
    ) -> dict[Key, list[Record]]:
        if not keys:
            return {}
        return _group(await self._records(statement, model), attrgetter(key), keys)

    def forget(self) -> None:
        """Drop the rows the session holds (streaming exports, batch by batch)."""
        self._session.expunge_all()
