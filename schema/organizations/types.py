"""Object types of the organizations domain. Related rows come through dataloaders only."""

from __future__ import annotations

import datetime as dt
from inspect import isawaitable
from typing import Any

import graphene
from graphene import ResolveInfo as Info
from graphene import relay

from directory import models
from directory.freshness import Freshness, freshness
from directory.records import is_row_of
from directory.vocab.categories import SERVICE_CATEGORIES
from directory.vocab.jurisdictions import Jurisdiction as JurisdictionValue
from directory.vocab.jurisdictions import get_jurisdiction
from directory.vocab.populations import POPULATIONS
from directory.vocab.terms import Term
from schema.connections import connection_type, page_args
from schema.loaders import MaybeAwaitable, then
from schema.localize import context_of
from schema.organizations import resolvers as r
from schema.organizations.enums import (
    LocationType,
    OrganizationKind,
    PhoneType,
    ServiceStatus,
    TraffickingType,
    VerificationStatus,
    Visibility,
)
from schema.organizations.revisions import resolve_revisions, revisions_field
from schema.pagination import ConnectionValue, slice_list
from schema.vocabularies.types import Jurisdiction, Population, ServiceCategory


def _node(model: type) -> Any:
    def is_type_of(cls: Any, root: Any, info: Info) -> bool:
        return is_row_of(root, model)

    is_type_of.decided_by_type = True  # type: ignore[attr-defined]  # see schema.execution.run
    return classmethod(is_type_of)


class Translation(graphene.ObjectType):
    """A record's name and description in one language."""

    language = graphene.String(required=True, description="ISO 639-1 code: en, es or fr.")
    name = graphene.String(description="Name in that language.")
    description = graphene.String(description="Description in that language.")
    original = graphene.Boolean(
        required=True, description="Whether this is the record's own language (not a translation)."
    )


class Verification(graphene.ObjectType):
    """Whether and when a directory administrator last checked the listing."""

    status = graphene.Field(
        VerificationStatus,
        required=True,
        description="VERIFIED turns STALE 365 days after the last verification.",
    )
    last_verified_at = graphene.DateTime(description="When it was last verified.")
    changed_since_verification = graphene.Boolean(
        required=True,
        description="Whether the listing changed after its last verification.",
    )
    verified_by = graphene.String(
        description="Who recorded the last verification (`user:<email>` or `client:<id>`); "
        "shown to `directory:admin` only, null for everyone else."
    )
    confirmed_at = graphene.DateTime(
        description="When its staff last said the listing is still accurate "
        "(`confirmListingCurrent`); this is not a verification."
    )
    confirmed_by = graphene.String(
        description="Who last confirmed it (`user:<email>` or `client:<id>`); shown to "
        "`directory:admin` only, null for everyone else."
    )


def _owner(root: Any, info: Info) -> Any:
    """The service, contact or location a phone or email belongs to, else its organization."""
    loaders = context_of(info).loaders
    if root.contact_id is not None:
        return loaders.contact.load(root.contact_id)
    if getattr(root, "service_id", None) is not None:
        return loaders.service.load(root.service_id)
    if getattr(root, "location_id", None) is not None:
        return loaders.location.load(root.location_id)
    return loaders.organization.load(root.organization_id)


class Phone(graphene.ObjectType):
    """A phone number you may see."""

    class Meta:
        interfaces = (relay.Node,)

    is_type_of = _node(models.Phone)

    number = graphene.String(
        required=True, description="E.164 form (`+528005533000`); digits only for a short code."
    )
    display = graphene.String(
        required=True, description="As people in its country write it (national format)."
    )
    extension = graphene.String(description="Extension to dial after connecting.")
    short_code = graphene.Boolean(
        required=True, description="Whether it is a short code (e.g. `911`)."
    )
    type = graphene.Field(PhoneType, required=True, description="How the number can be used.")
    hotline = graphene.Boolean(required=True, description="Whether it is a hotline.")
    open24x7 = graphene.Boolean(
        description="Whether it answers around the clock; null when that is not known."
    )
    languages = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Languages spoken on this line (ISO 639-1).",
    )
    description = graphene.String(description="What the number is for.")
    visibility = graphene.Field(Visibility, required=True, description="Who may see it.")
    owner = graphene.Field(
        lambda: Owner,
        description="What it belongs to: the organization itself, or one of its services, "
        "contacts or locations.",
    )
    organization = graphene.Field(
        lambda: Organization, description="The organization it belongs to."
    )

    resolve_owner = staticmethod(_owner)

    @staticmethod
    async def resolve_organization(root: models.Phone, info: Info) -> models.Organization | None:
        return await context_of(info).loaders.organization.load(root.organization_id)

    @staticmethod
    def resolve_number(root: models.Phone, info: Info) -> str:
        return root.e164

    @staticmethod
    def resolve_hotline(root: models.Phone, info: Info) -> bool:
        return bool(root.is_hotline)

    @staticmethod
    def resolve_open24x7(root: models.Phone, info: Info) -> bool | None:
        return root.is_24_7

    @staticmethod
    def resolve_languages(root: models.Phone, info: Info) -> list[str]:
        return list(root.languages or [])


class Email(graphene.ObjectType):
    """An email address you may see."""

    class Meta:
        interfaces = (relay.Node,)

    is_type_of = _node(models.Email)

    address = graphene.String(required=True, description="The address.")
    description = graphene.String(description="What the address is for.")
    visibility = graphene.Field(Visibility, required=True, description="Who may see it.")
    owner = graphene.Field(
        lambda: Owner,
        description="What it belongs to: the organization itself, or one of its services, "
        "contacts or locations.",
    )
    organization = graphene.Field(
        lambda: Organization, description="The organization it belongs to."
    )

    resolve_owner = staticmethod(_owner)

    @staticmethod
    async def resolve_organization(root: models.Email, info: Info) -> models.Organization | None:
        return await context_of(info).loaders.organization.load(root.organization_id)


class ServiceArea(graphene.ObjectType):
    """A jurisdiction an organization, or one of its services, covers."""

    jurisdiction = graphene.Field(
        Jurisdiction,
        required=True,
        description="The country (nationwide) or subdivision covered.",
    )
    municipality = graphene.String(description="A municipality within the subdivision, if any.")
    service = graphene.Field(
        lambda: Service,
        description="The service this area belongs to; empty for the whole organization.",
    )

    @staticmethod
    def resolve_jurisdiction(root: models.ServiceArea, info: Info) -> JurisdictionValue | None:
        return get_jurisdiction(root.subdivision or root.country)

    @staticmethod
    async def resolve_service(root: models.ServiceArea, info: Info) -> models.Service | None:
        if root.service_id is None:
            return None
        return await context_of(info).loaders.service.load(root.service_id)


class OpeningHours(graphene.ObjectType):
    """One weekly opening period, in the service's time zone."""

    days = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Days of the week: MO, TU, WE, TH, FR, SA, SU.",
    )
    opens = graphene.String(required=True, description="Opening time, `HH:MM`.")
    closes = graphene.String(required=True, description="Closing time, `HH:MM`.")

    @staticmethod
    def resolve_days(root: dict[str, Any], info: Info) -> list[str]:
        return list(root.get("days") or [])

    @staticmethod
    def resolve_opens(root: dict[str, Any], info: Info) -> str:
        return str(root.get("opens", ""))

    @staticmethod
    def resolve_closes(root: dict[str, Any], info: Info) -> str:
        return str(root.get("closes", ""))


class Location(graphene.ObjectType):
    """A place where an organization works or can be reached, if you may see it."""

    class Meta:
        interfaces = (relay.Node,)

    is_type_of = _node(models.Location)

    name = graphene.String(description="Name of the place.")
    description = graphene.String(description="What happens there, how to get there.")
    location_type = graphene.Field(
        LocationType, required=True, description="Physical, postal or virtual."
    )
    address1 = graphene.String(description="Street address.")
    city = graphene.String(description="City or municipality.")
    subdivision = graphene.Field(Jurisdiction, description="State or province (ISO 3166-2).")
    postal_code = graphene.String(description="Postal code.")
    country = graphene.String(description="ISO 3166-1 alpha-2 country code.")
    latitude = graphene.Float(description="WGS 84 latitude.")
    longitude = graphene.Float(description="WGS 84 longitude.")
    url = graphene.String(description="Web address of a virtual location.")
    visibility = graphene.Field(Visibility, required=True, description="Who may see it.")
    phones = graphene.List(
        graphene.NonNull(Phone), required=True, description="The location's phones you may see."
    )
    emails = graphene.List(
        graphene.NonNull(Email), required=True, description="The location's emails you may see."
    )
    organization = graphene.Field(
        lambda: Organization, description="The organization it belongs to."
    )

    @staticmethod
    def resolve_phones(root: models.Location, info: Info) -> MaybeAwaitable[list[models.Phone]]:
        return context_of(info).loaders.location_phones.get(root.id)

    @staticmethod
    def resolve_emails(root: models.Location, info: Info) -> MaybeAwaitable[list[models.Email]]:
        return context_of(info).loaders.location_emails.get(root.id)

    @staticmethod
    def resolve_address1(root: models.Location, info: Info) -> str | None:
        return root.address_1

    @staticmethod
    def resolve_subdivision(root: models.Location, info: Info) -> JurisdictionValue | None:
        return get_jurisdiction(root.subdivision) if root.subdivision else None

    @staticmethod
    async def resolve_organization(root: models.Location, info: Info) -> models.Organization | None:
        return await context_of(info).loaders.organization.load(root.organization_id)


class Contact(graphene.ObjectType):
    """A person or desk of an organization, if you may see it."""

    class Meta:
        interfaces = (relay.Node,)

    is_type_of = _node(models.Contact)

    name = graphene.String(description="Name of the person or desk.")
    title = graphene.String(description="Job title.")
    department = graphene.String(description="Department.")
    visibility = graphene.Field(Visibility, required=True, description="Who may see it.")
    phones = graphene.List(
        graphene.NonNull(Phone), required=True, description="The contact's phones you may see."
    )
    emails = graphene.List(
        graphene.NonNull(Email), required=True, description="The contact's emails you may see."
    )
    service = graphene.Field(
        lambda: Service, description="The service this contact is for, if any."
    )
    organization = graphene.Field(
        lambda: Organization, description="The organization it belongs to."
    )

    @staticmethod
    def resolve_phones(root: models.Contact, info: Info) -> MaybeAwaitable[list[models.Phone]]:
        return context_of(info).loaders.contact_phones.get(root.id)

    @staticmethod
    def resolve_emails(root: models.Contact, info: Info) -> MaybeAwaitable[list[models.Email]]:
        return context_of(info).loaders.contact_emails.get(root.id)

    @staticmethod
    async def resolve_service(root: models.Contact, info: Info) -> models.Service | None:
        if root.service_id is None:
            return None
        return await context_of(info).loaders.service.load(root.service_id)

    @staticmethod
    async def resolve_organization(root: models.Contact, info: Info) -> models.Organization | None:
        return await context_of(info).loaders.organization.load(root.organization_id)


class Service(graphene.ObjectType):
    """A service an organization offers."""

    class Meta:
        interfaces = (relay.Node,)

    is_type_of = _node(models.Service)

    name = graphene.String(required=True, description="Name in the answer language.")
    description = graphene.String(description="Description in the answer language.")
    language = graphene.String(required=True, description="Language the record is written in.")
    status = graphene.Field(ServiceStatus, required=True, description="Whether it is offered now.")
    categories = graphene.List(
        graphene.NonNull(ServiceCategory), required=True, description="Kinds of service."
    )
    populations = graphene.List(
        graphene.NonNull(Population), required=True, description="Who it is for."
    )
    trafficking_types = graphene.List(
        graphene.NonNull(TraffickingType),
        required=True,
        description="Forms of trafficking it addresses.",
    )
    languages = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Languages it works in (ISO 639-1).",
    )
    eligibility = graphene.String(description="Who can use it.")
    fees = graphene.String(description="What it costs.")
    timezone = graphene.String(description="IANA time zone of the opening hours.")
    open24x7 = graphene.Boolean(
        description="Whether it is open around the clock; null when that is not known."
    )
    hours = graphene.List(
        graphene.NonNull(OpeningHours), required=True, description="Weekly opening hours."
    )
    service_areas = graphene.List(
        graphene.NonNull(ServiceArea), required=True, description="Where this service is offered."
    )
    jurisdictions = graphene.List(
        graphene.NonNull(Jurisdiction),
        required=True,
        description="The jurisdictions of its service areas.",
    )
    translations = graphene.List(
        graphene.NonNull(Translation),
        required=True,
        description="Name and description in every language available, the original first.",
    )
    phones = graphene.List(
        graphene.NonNull(Phone), required=True, description="The service's own phones you may see."
    )
    emails = graphene.List(
        graphene.NonNull(Email), required=True, description="The service's own emails you may see."
    )
    organization = graphene.Field(lambda: Organization, description="The organization offering it.")
    created_at = graphene.DateTime(required=True, description="When it was added.")
    updated_at = graphene.DateTime(required=True, description="When it last changed.")

    @staticmethod
    def resolve_name(root: models.Service, info: Info) -> MaybeAwaitable[str | None]:
        return r.service_text(info, root, "name")

    @staticmethod
    def resolve_description(root: models.Service, info: Info) -> MaybeAwaitable[str | None]:
        return r.service_text(info, root, "description")

    @staticmethod
    def resolve_categories(root: models.Service, info: Info) -> list[Term]:
        return [SERVICE_CATEGORIES[c] for c in root.categories or [] if c in SERVICE_CATEGORIES]

    @staticmethod
    def resolve_populations(root: models.Service, info: Info) -> list[Term]:
        return [POPULATIONS[p] for p in root.populations or [] if p in POPULATIONS]

    @staticmethod
    def resolve_trafficking_types(root: models.Service, info: Info) -> list[str]:
        return list(root.trafficking_types or [])

    @staticmethod
    def resolve_languages(root: models.Service, info: Info) -> list[str]:
        return list(root.languages or [])

    @staticmethod
    def resolve_open24x7(root: models.Service, info: Info) -> bool | None:
        return root.open_24_7

    @staticmethod
    def resolve_phones(root: models.Service, info: Info) -> MaybeAwaitable[list[models.Phone]]:
        return context_of(info).loaders.service_phones.get(root.id)

    @staticmethod
    def resolve_emails(root: models.Service, info: Info) -> MaybeAwaitable[list[models.Email]]:
        return context_of(info).loaders.service_emails.get(root.id)

    @staticmethod
    def resolve_hours(root: models.Service, info: Info) -> list[dict[str, Any]]:
        return list(root.hours or [])

    @staticmethod
    def resolve_service_areas(
        root: models.Service, info: Info
    ) -> MaybeAwaitable[list[models.ServiceArea]]:
        areas = context_of(info).loaders.areas.get(root.organization_id)
        return then(areas, lambda found: [a for a in found if a.service_id == root.id])

    @staticmethod
    def resolve_jurisdictions(
        root: models.Service, info: Info
    ) -> MaybeAwaitable[list[JurisdictionValue]]:
        areas = context_of(info).loaders.areas.get(root.organization_id)
        return then(
            areas, lambda found: r.jurisdictions_of([a for a in found if a.service_id == root.id])
        )

    @staticmethod
    def resolve_translations(root: models.Service, info: Info) -> MaybeAwaitable[list[Any]]:
        return r.service_translations(info, root)

    @staticmethod
    async def resolve_organization(root: models.Service, info: Info) -> models.Organization | None:
        return await context_of(info).loaders.organization.load(root.organization_id)


ServiceConnection = connection_type(Service, "Service", "A page of an organization's services.")


class Organization(graphene.ObjectType):
    """An organization listed in the directory. Items you may not see are absent."""

    class Meta:
        interfaces = (relay.Node,)

    is_type_of = _node(models.Organization)

    slug = graphene.String(required=True, description="Stable URL name, e.g. `fundacion-camino`.")
    name = graphene.String(required=True, description="Name in the answer language.")
    alternate_names = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="Other names and acronyms."
    )
    description = graphene.String(description="What it does, in the answer language.")
    kind = graphene.Field(OrganizationKind, required=True, description="What sort of body it is.")
    website = graphene.String(description="Its website.")
    language = graphene.String(
        required=True, description="Language the record itself is written in (ISO 639-1)."
    )
    country = graphene.String(required=True, description="Headquarters country (ISO 3166-1).")
    languages = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Languages it or one of its services works in (ISO 639-1).",
    )
    emails = graphene.List(
        graphene.NonNull(Email),
        required=True,
        description="Every email address of it and its contacts that you may see.",
    )
    phones = graphene.List(
        graphene.NonNull(Phone),
        required=True,
        description="Every phone of it, its contacts, services and locations that you may see; "
        "hotlines first.",
    )
    jurisdictions = graphene.List(
        graphene.NonNull(Jurisdiction),
        required=True,
        description="Its service area: every jurisdiction it or one of its services covers.",
    )
    service_areas = graphene.List(
        graphene.NonNull(ServiceArea),
        required=True,
        description="Its service areas and its services' (with municipality and service).",
    )
    locations = graphene.List(
        graphene.NonNull(Location), required=True, description="Its locations you may see."
    )
    services = graphene.Field(
        ServiceConnection,
        required=True,
        description="Its services, by name.",
        **page_args(),
    )
    contacts = graphene.List(
        graphene.NonNull(Contact), required=True, description="Its contacts you may see."
    )
    verification = graphene.Field(
        Verification, required=True, description="Whether an administrator checked it, and when."
    )
    version = graphene.Int(
        required=True,
        description="Increases with every change; pass it as `expectedVersion` when updating. "
        "A caller who may neither see every item of the listing nor change it gets the "
        "version of the newest change it may see (as in `changes`): changes to hidden items "
        "do not move it.",
    )
    archived = graphene.Boolean(
        required=True,
        description="Whether it was archived (only administrators and its staff see these).",
    )
    created_at = graphene.DateTime(required=True, description="When it was listed.")
    updated_at = graphene.DateTime(
        required=True,
        description="When it last changed, as far as you may see (like `version`).",
    )
    translations = graphene.List(
        graphene.NonNull(Translation),
        required=True,
        description="Name and description in every language available, the original first.",
    )
    revisions = revisions_field()
    resolve_revisions = staticmethod(resolve_revisions)

    @staticmethod
    def resolve_name(root: models.Organization, info: Info) -> MaybeAwaitable[str | None]:
        return r.organization_text(info, root, "name")

    @staticmethod
    def resolve_description(root: models.Organization, info: Info) -> MaybeAwaitable[str | None]:
        return r.organization_text(info, root, "description")

    @staticmethod
    def resolve_alternate_names(root: models.Organization, info: Info) -> list[str]:
        return list(root.alternate_names or [])

    @staticmethod
    def resolve_languages(root: models.Organization, info: Info) -> MaybeAwaitable[list[str]]:
        def languages(services: list[models.Service]) -> list[str]:
            found = dict.fromkeys([root.language])
            for service in services:
                found.update(dict.fromkeys(service.languages or []))
            return list(found)

        return then(context_of(info).loaders.services.get(root.id), languages)

    @staticmethod
    def resolve_emails(root: models.Organization, info: Info) -> MaybeAwaitable[list[Any]]:
        return context_of(info).loaders.emails.get(root.id)

    @staticmethod
    def resolve_phones(root: models.Organization, info: Info) -> MaybeAwaitable[list[Any]]:
        return context_of(info).loaders.phones.get(root.id)

    @staticmethod
    def resolve_jurisdictions(
        root: models.Organization, info: Info
    ) -> MaybeAwaitable[list[JurisdictionValue]]:
        return then(context_of(info).loaders.areas.get(root.id), r.jurisdictions_of)

    @staticmethod
    def resolve_service_areas(root: models.Organization, info: Info) -> MaybeAwaitable[list[Any]]:
        return context_of(info).loaders.areas.get(root.id)

    @staticmethod
    def resolve_locations(root: models.Organization, info: Info) -> MaybeAwaitable[list[Any]]:
        return context_of(info).loaders.locations.get(root.id)

    @staticmethod
    def resolve_services(
        root: models.Organization,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> MaybeAwaitable[ConnectionValue[models.Service]]:
        services = context_of(info).loaders.services.get(root.id)
        return then(
            services, lambda found: slice_list("services", found, first, after, last, before)
        )

    @staticmethod
    def resolve_contacts(root: models.Organization, info: Info) -> MaybeAwaitable[list[Any]]:
        return context_of(info).loaders.contacts.get(root.id)

    @staticmethod
    def resolve_version(root: models.Organization, info: Info) -> MaybeAwaitable[int]:
        return then(r.known_version(info, root), lambda known: known[0])

    @staticmethod
    def resolve_updated_at(root: models.Organization, info: Info) -> MaybeAwaitable[dt.datetime]:
        return then(r.known_version(info, root), lambda known: known[1])

    @staticmethod
    async def resolve_verification(root: models.Organization, info: Info) -> dict[str, Any]:
        status: Freshness = freshness(root.verification_status, root.last_verified_at)
        changed = False
        if root.last_verified_at is not None:
            verified = await context_of(info).loaders.verified_version.load(root.id)
            known = r.known_version(info, root)
            version = (await known if isawaitable(known) else known)[0]
            changed = verified is not None and version > verified
        admin = context_of(info).audience.may_read_verifier
        return {
            "status": status.value,
            "last_verified_at": root.last_verified_at,
            "changed_since_verification": changed,
            "verified_by": root.verified_by if admin else None,
            "confirmed_at": root.confirmed_at,
            "confirmed_by": root.confirmed_by if admin else None,
        }

    @staticmethod
    def resolve_translations(root: models.Organization, info: Info) -> MaybeAwaitable[list[Any]]:
        return r.organization_translations(info, root)

    @staticmethod
    def resolve_created_at(root: models.Organization, info: Info) -> dt.datetime:
        return root.created_at


class Owner(graphene.Union):
    """What a phone or email belongs to: an organization, or one of its services, contacts
    or locations."""

    class Meta:
        types = (Organization, Service, Contact, Location)
