"""updateService: change some fields of a service."""

from __future__ import annotations

import graphene
from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.listings.services import update_service
from directory.listings.specs import ServiceSpec
from directory.models import Service
from schema.mutations import refs
from schema.mutations.base import (
    ListingMutation,
    MutationInput,
    decode_id,
    organization_field,
    spec_of,
    user_errors_field,
)
from schema.mutations.services import ServiceFields
from schema.mutations.update_organization import EXPECTED_VERSION


class UpdateServiceInput(ServiceFields, graphene.InputObjectType):
    """Fields of a service to change; those not given are kept."""

    id = graphene.ID(required=True, description="The service.")
    expected_version = graphene.Int(description=EXPECTED_VERSION)
    name = graphene.String(description="Name of the service.")


class UpdateService(ListingMutation):
    """Change a service (`listings:write` on your own organization, `directory:write` on any).
    `expectedVersion` is the organization's version."""

    class Meta:
        name = "UpdateServicePayload"

    class Arguments:
        input = UpdateServiceInput(required=True, description="What to change.")

    service = graphene.Field(refs.SERVICE, description="The service, as changed.")
    organization = organization_field()
    user_errors = user_errors_field("changed")
    item = "service"

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Service:
        id = decode_id(input["id"], "Service")
        expected = input.get("expected_version")
        return await update_service(
            session, access, id, spec_of(ServiceSpec, input), expected_version=expected
        )
