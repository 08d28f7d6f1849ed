"""deleteService: remove a service (its values stay in the audit trail)."""

from __future__ import annotations

from typing import Any

import graphene
from graphql_relay import to_global_id
from sqlalchemy.ext.asyncio import AsyncSession

from directory.audit import Actor
from directory.listings.services import delete_service
from directory.models import Organization, Service
from schema.mutations import refs
from schema.mutations.base import (
    UserError,
    writable_part,
    write,
)
from schema.mutations.update_organization import EXPECTED_VERSION


class DeleteServiceInput(graphene.InputObjectType):
    """The service to delete."""

    id = graphene.ID(required=True, description="The service.")
    expected_version = graphene.Int(description=EXPECTED_VERSION)


class DeleteService(graphene.Mutation):
    """Delete a service with its phones, areas and translations; its contacts stay with the
    organization (`listings:write` on your own organization, `directory:write` on any)."""

    class Meta:
        name = "DeleteServicePayload"

    class Arguments:
        input = DeleteServiceInput(required=True, description="What to delete.")

    deleted_service_id = graphene.ID(description="The ID of the deleted service.")
    organization = graphene.Field(refs.ORGANIZATION, description="Its organization, new version.")
    user_errors = graphene.List(
        graphene.NonNull(UserError), required=True, description="Why nothing was deleted."
    )

    @staticmethod
    async def mutate(root: Any, info: graphene.ResolveInfo, input: Any) -> DeleteService:
        service_id, org_id = await writable_part(info, input["id"], Service)
        expected = input.get("expected_version")

        async def work(session: AsyncSession, actor: Actor) -> Organization:
            await delete_service(session, actor, service_id, expected_version=expected)
            return await session.get_one(Organization, org_id)

        organization, errors = await write(info, work)
        return DeleteService(
            deleted_service_id=None if errors else to_global_id("Service", str(service_id)),
            organization=organization,
            user_errors=errors,
        )
