"""createService: add a service to an organization."""

from __future__ import annotations

import graphene
from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.listings.services import create_service
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


class CreateServiceInput(ServiceFields, graphene.InputObjectType):
    """A new service of an organization."""

    organization_id = graphene.ID(required=True, description="The organization.")
    expected_version = graphene.Int(description=EXPECTED_VERSION)
    name = graphene.String(required=True, description="Name of the service.")


class CreateService(ListingMutation):
    """Add a service (`listings:write` on your own organization, `directory:write` on any)."""

    class Meta:
        name = "CreateServicePayload"

    class Arguments:
        input = CreateServiceInput(required=True, description="The new service.")

    service = graphene.Field(refs.SERVICE, description="The created service.")
    organization = organization_field()
    user_errors = user_errors_field("created")
    item = "service"

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Service:
        org_id = decode_id(input["organization_id"], "Organization")
        expected = input.get("expected_version")
        return await create_service(
            session, access, org_id, spec_of(ServiceSpec, input), expected_version=expected
        )
