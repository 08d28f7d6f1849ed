"""archiveOrganization: take a listing out of lists and search without deleting it."""

from __future__ import annotations

from typing import Any

import graphene

from directory.listings.organizations import archive_organization
from schema.mutations import refs
from schema.mutations.base import UserError, decode_id, principal_of, require_write, write
from schema.mutations.update_organization import EXPECTED_VERSION


class ArchiveOrganizationInput(graphene.InputObjectType):
    """The organization to archive."""

    id = graphene.ID(required=True, description="The organization.")
    expected_version = graphene.Int(description=EXPECTED_VERSION)


class ArchiveOrganization(graphene.Mutation):
    """Archive an organization: it leaves lists and search, stays readable by administrators
    and its own staff, and partners see an `ARCHIVED` change. Nothing is deleted."""

    class Meta:
        name = "ArchiveOrganizationPayload"

    class Arguments:
        input = ArchiveOrganizationInput(required=True, description="What to archive.")

    organization = graphene.Field(refs.ORGANIZATION, description="The archived organization.")
    user_errors = graphene.List(
        graphene.NonNull(UserError), required=True, description="Why nothing was archived."
    )

    @staticmethod
    async def mutate(
        root: Any, info: graphene.ResolveInfo, input: ArchiveOrganizationInput
    ) -> ArchiveOrganization:
        org_id = decode_id(input["id"], "Organization")
        require_write(principal_of(info), org_id)
        expected = input.get("expected_version")
        organization, errors = await write(
            info,
            lambda session, actor: archive_organization(
                session, actor, org_id, expected_version=expected
            ),
        )
        return ArchiveOrganization(organization=organization, user_errors=errors)
