"""updateOrganization: change some fields of a listing, guarded by `expectedVersion`."""

from __future__ import annotations

import graphene
from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.listings.organizations import update_organization
from directory.listings.specs import OrganizationSpec
from directory.models import Organization
from schema.mutations import refs
from schema.mutations.base import (
    ListingMutation,
    MutationInput,
    decode_id,
    spec_of,
    user_errors_field,
)
from schema.mutations.inputs import (
    EmailInput,
    PhoneInput,
    TranslationInput,
)

EXPECTED_VERSION = (
    "The organization's `version` your change is based on. When someone changed the listing "
    "since, nothing is written and a `CONFLICT` user error is returned. Without it, the "
    "change applies on top of whatever is current."
)


class UpdateOrganizationInput(graphene.InputObjectType):
    """Fields to change; those not given are kept, those given as null are cleared."""

    id = graphene.ID(required=True, description="The organization.")
    expected_version = graphene.Int(description=EXPECTED_VERSION)
    slug = graphene.String(description="URL name (lower-case letters, digits, hyphens).")
    name = graphene.String(description="Name in the record's own language.")
    alternate_names = graphene.List(
        graphene.NonNull(graphene.String), description="Other names and acronyms (replaced)."
    )
    description = graphene.String(description="What the organization does.")
    kind = graphene.String(description="Kind of organization, e.g. `ngo`, `government`.")
    website = graphene.String(description="An http or https URL.")
    language = graphene.String(description="Language of the record: `en`, `es`, `fr`.")
    country = graphene.String(description="Headquarters country: MX, US or CA.")
    translations = graphene.List(
        graphene.NonNull(TranslationInput),
        description="Translations to set or (with `remove`) remove; other languages are kept.",
    )
    phones = graphene.List(
        graphene.NonNull(PhoneInput),
        description="The organization's own phones (replaced as a whole; unchanged ones stay).",
    )
    emails = graphene.List(
        graphene.NonNull(EmailInput), description="The organization's own emails (replaced)."
    )


class UpdateOrganization(ListingMutation):
    """Change an organization's fields (`listings:write` on your own, `directory:write` on
    any). Every change is a new `version`, in the audit trail and the change feed; a change
    that changes nothing writes nothing."""

    class Meta:
        name = "UpdateOrganizationPayload"

    class Arguments:
        input = UpdateOrganizationInput(required=True, description="What to change.")

    organization = graphene.Field(refs.ORGANIZATION, description="The organization, as changed.")
    user_errors = user_errors_field("changed")

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Organization:
        org_id = decode_id(input["id"], "Organization")
        expected = input.get("expected_version")
        return await update_organization(
            session, access, org_id, spec_of(OrganizationSpec, input), expected_version=expected
        )
