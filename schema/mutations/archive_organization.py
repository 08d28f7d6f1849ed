"""archiveOrganization: take a listing out of lists and search without deleting it."""

from __future__ import annotations

import graphene
from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.listings.organizations import archive_organization
from directory.models import Organization
from schema.mutations import refs
from schema.mutations.base import ListingMutation, MutationInput, decode_id, user_errors_field
from schema.mutations.update_organization import EXPECTED_VERSION


class ArchiveOrganizationInput(graphene.InputObjectType):
    """The organization to archive."""

    id = graphene.ID(required=True, description="The organization.")
    expected_version = graphene.Int(description=EXPECTED_VERSION)


class ArchiveOrganization(ListingMutation):
    """Archive an organization: it leaves lists and search, stays readable by administrators
    and its own staff, and partners see an `ARCHIVED` change. Nothing is deleted."""

    class Meta:
        name = "ArchiveOrganizationPayload"

    class Arguments:
        input = ArchiveOrganizationInput(required=True, description="What to archive.")

    organization = graphene.Field(refs.ORGANIZATION, description="The archived organization.")
    user_errors = user_errors_field("archived")

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Organization:
        org_id = decode_id(input["id"], "Organization")
        expected = input.get("expected_version")
        return await archive_organization(session, access, org_id, expected_version=expected)
