"""createOrganization: a new listing, refused when it looks like an existing one."""

from __future__ import annotations

import dataclasses
from typing import Any

import graphene
from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.listings.organizations import create_listing
from directory.listings.specs import OrganizationSpec, known
from directory.models import Organization
from directory.text import fold
from schema.mutations import refs
from schema.mutations.base import ListingMutation, MutationInput, spec_of, user_errors_field
from schema.mutations.inputs import (
    EmailInput,
    PhoneInput,
    ServiceAreaInput,
    TranslationInput,
)


def slug_from(name: Any) -> str | None:
    words = "".join(c if c.isalnum() else " " for c in fold(name if isinstance(name, str) else ""))
    return "-".join(words.split())[:80] or None


class CreateOrganizationInput(graphene.InputObjectType):
    """A new organization listing. Services and contacts are added with their own mutations."""

    slug = graphene.String(
        description="URL name (lower-case letters, digits, hyphens); made from the name if absent."
    )
    name = graphene.String(required=True, description="Name in the record's own language.")
    alternate_names = graphene.List(
        graphene.NonNull(graphene.String), description="Other names and acronyms."
    )
    description = graphene.String(description="What the organization does (10,000 characters).")
    kind = graphene.String(
        description="`ngo` (default), `government`, `hotline`, `law-enforcement`, "
        "`international`, `academic`, `private-sector` or `faith-based`."
    )
    website = graphene.String(description="An http or https URL.")
    language = graphene.String(description="Language of the record: `en` (default), `es`, `fr`.")
    country = graphene.String(required=True, description="Headquarters country: MX, US or CA.")
    translations = graphene.List(
        graphene.NonNull(TranslationInput), description="Name and description in other languages."
    )
    service_areas = graphene.List(
        graphene.NonNull(ServiceAreaInput), description="Jurisdictions the organization serves."
    )
    phones = graphene.List(graphene.NonNull(PhoneInput), description="The organization's phones.")
    emails = graphene.List(graphene.NonNull(EmailInput), description="The organization's emails.")
    allow_duplicate = graphene.Boolean(
        description="Create it even when an organization with a nearly identical name serves "
        "an overlapping area (otherwise refused with `DUPLICATE_SUSPECTED`)."
    )


class CreateOrganization(ListingMutation):
    """Create an organization listing (needs `directory:write`). Refused with
    `DUPLICATE_SUSPECTED` when it nearly matches an existing one, unless `allowDuplicate`."""

    class Meta:
        name = "CreateOrganizationPayload"

    class Arguments:
        input = CreateOrganizationInput(required=True, description="The new listing.")

    organization = graphene.Field(refs.ORGANIZATION, description="The created organization.")
    user_errors = user_errors_field("created")

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Organization:
        spec = spec_of(OrganizationSpec, input)
        if not spec.has("slug"):
            spec = dataclasses.replace(spec, slug=slug_from(known(spec.name)))
        allow = bool(input.get("allow_duplicate"))
        return await create_listing(session, access, spec, allow_duplicate=allow)
