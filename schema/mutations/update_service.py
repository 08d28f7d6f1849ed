"""updateService: change some fields of a service."""

from __future__ import annotations

from typing import Any

import graphene
from sqlalchemy.ext.asyncio import AsyncSession

from directory.audit import Actor
from directory.listings.services import update_service
from directory.models import Organization, Service
from schema.mutations import refs
from schema.mutations.base import (
    UserError,
    principal_of,
    writable_part,
    write,
)
from schema.mutations.services import ServiceFields, service_spec
from schema.mutations.update_organization import EXPECTED_VERSION


class UpdateServiceInput(ServiceFields, graphene.InputObjectType):
    """Fields of a service to change; those not given are kept."""

    id = graphene.ID(required=True, description="The service.")
    expected_version = graphene.Int(description=EXPECTED_VERSION)
    name = graphene.String(description="Name of the service.")


class UpdateService(graphene.Mutation):
    """Change a service (`listings:write` on your own organization, `directory:write` on any).
    `expectedVersion` is the organization's version."""

    class Meta:
        name = "UpdateServicePayload"

    class Arguments:
        input = UpdateServiceInput(required=True, description="What to change.")

    service = graphene.Field(refs.SERVICE, description="The service, as changed.")
    organization = graphene.Field(refs.ORGANIZATION, description="Its organization, new version.")
    user_errors = graphene.List(
        graphene.NonNull(UserError), required=True, description="Why nothing was changed."
    )

    @staticmethod
    async def mutate(root: Any, info: graphene.ResolveInfo, input: Any) -> UpdateService:
        service_id, org_id = await writable_part(info, input["id"], Service)
        spec = service_spec(input)
        expected = input.get("expected_version")

        async def work(session: AsyncSession, actor: Actor) -> tuple[Service, Organization]:
            service = await update_service(
                session,
                actor,
                service_id,
                spec,
                expected_version=expected,
                audience=principal_of(info).audience(),
            )
            return service, await session.get_one(Organization, org_id)

        result, errors = await write(info, work)
        service, organization = result or (None, None)
        return UpdateService(service=service, organization=organization, user_errors=errors)
