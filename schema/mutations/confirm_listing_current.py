"""confirmListingCurrent: staff say "our listing is still accurate"."""

from __future__ import annotations

import graphene
from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.listings.verification import confirm_listing_current
from directory.models import Organization
from schema.mutations import refs
from schema.mutations.base import ListingMutation, MutationInput, decode_id, user_errors_field


class ConfirmListingCurrentInput(graphene.InputObjectType):
    """The listing that is still accurate."""

    organization_id = graphene.ID(required=True, description="The organization.")


class ConfirmListingCurrent(ListingMutation):
    """Say the listing is still accurate (`listings:write` on your own organization,
    `directory:write` on any): records who and when (`verification.confirmedAt`), without
    verifying it; administrators see it in the verification queue."""

    class Meta:
        name = "ConfirmListingCurrentPayload"

    class Arguments:
        input = ConfirmListingCurrentInput(required=True, description="What is still accurate.")

    organization = graphene.Field(refs.ORGANIZATION, description="The confirmed organization.")
    user_errors = user_errors_field("recorded")

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Organization:
        org_id = decode_id(input["organization_id"], "Organization")
        return await confirm_listing_current(session, access, org_id)
