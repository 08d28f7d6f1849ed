"""createService: add a service to an organization."""

from __future__ import annotations

from typing import Any

import graphene
from sqlalchemy.ext.asyncio import AsyncSession

from directory.audit import Actor
from directory.listings.services import create_service
from directory.models import Organization, Service
from schema.mutations import refs
from schema.mutations.base import UserError, decode_id, principal_of, require_write, write
from schema.mutations.services import ServiceFields, service_spec
from schema.mutations.update_organization import EXPECTED_VERSION


class CreateServiceInput(ServiceFields, graphene.InputObjectType):
    """A new service of an organization."""

    organization_id = graphene.ID(required=True, description="The organization.")
    expected_version = graphene.Int(description=EXPECTED_VERSION)
    name = graphene.String(required=True, description="Name of the service.")


class CreateService(graphene.Mutation):
    """Add a service (`listings:write` on your own organization, `directory:write` on any)."""

    class Meta:
        name = "CreateServicePayload"

    class Arguments:
        input = CreateServiceInput(required=True, description="The new service.")

    service = graphene.Field(refs.SERVICE, description="The created service.")
    organization = graphene.Field(refs.ORGANIZATION, description="Its organization, new version.")
    user_errors = graphene.List(
        graphene.NonNull(UserError), required=True, description="Why nothing was created."
    )

    @staticmethod
    async def mutate(root: Any, info: graphene.ResolveInfo, input: Any) -> CreateService:
        org_id = decode_id(input["organization_id"], "Organization")
        require_write(principal_of(info), org_id)
        spec = service_spec(input)
        expected = input.get("expected_version")

        async def work(session: AsyncSession, actor: Actor) -> tuple[Service, Organization]:
            service = await create_service(session, actor, org_id, spec, expected_version=expected)
            return service, await session.get_one(Organization, org_id)

        result, errors = await write(info, work)
        service, organization = result or (None, None)
        return CreateService(service=service, organization=organization, user_errors=errors)
