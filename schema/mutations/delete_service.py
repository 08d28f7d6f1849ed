"""deleteService: remove a service (its values stay in the audit trail)."""

from __future__ import annotations

import graphene
from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.listings.services import delete_service
from directory.models import Service
from schema.mutations.base import (
    ListingMutation,
    MutationInput,
    decode_id,
    organization_field,
    user_errors_field,
)
from schema.mutations.update_organization import EXPECTED_VERSION


class DeleteServiceInput(graphene.InputObjectType):
    """The service to delete."""

    id = graphene.ID(required=True, description="The service.")
    expected_version = graphene.Int(description=EXPECTED_VERSION)


class DeleteService(ListingMutation):
    """Delete a service with its phones, areas and translations; its contacts stay with the
    organization (`listings:write` on your own organization, `directory:write` on any)."""

    class Meta:
        name = "DeleteServicePayload"

    class Arguments:
        input = DeleteServiceInput(required=True, description="What to delete.")

    deleted_service_id = graphene.ID(description="The ID of the deleted service.")
    organization = organization_field()
    user_errors = user_errors_field("deleted")
    deleted = "Service"

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Service:
        id = decode_id(input["id"], "Service")
        expected = input.get("expected_version")
        return await delete_service(session, access, id, expected_version=expected)
