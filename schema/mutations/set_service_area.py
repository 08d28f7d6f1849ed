"""setServiceArea: replace the jurisdictions an organization or one service covers."""

from __future__ import annotations

from typing import Any

import graphene

from directory.listings.areas import set_service_area
from schema.mutations import refs
from schema.mutations.base import UserError, decode_id, principal_of, require_write, write
from schema.mutations.inputs import ServiceAreaInput, plain_list
from schema.mutations.update_organization import EXPECTED_VERSION


class SetServiceAreaInput(graphene.InputObjectType):
    """The complete new service area."""

    organization_id = graphene.ID(required=True, description="The organization.")
    service_id = graphene.ID(
        description="One of its services; without it, the organization's own area is set."
    )
    expected_version = graphene.Int(description=EXPECTED_VERSION)
    areas = graphene.List(
        graphene.NonNull(ServiceAreaInput),
        required=True,
        description="Every jurisdiction served (a country covers all its subdivisions). "
        "Areas that stay keep their identity; only the difference is recorded.",
    )


class SetServiceArea(graphene.Mutation):
    """Replace the service area (`listings:write` on your own organization,
    `directory:write` on any)."""

    class Meta:
        name = "SetServiceAreaPayload"

    class Arguments:
        input = SetServiceAreaInput(required=True, description="The new area.")

    organization = graphene.Field(refs.ORGANIZATION, description="The organization, as changed.")
    user_errors = graphene.List(
        graphene.NonNull(UserError), required=True, description="Why nothing was changed."
    )

    @staticmethod
    async def mutate(root: Any, info: graphene.ResolveInfo, input: Any) -> SetServiceArea:
        org_id = decode_id(input["organization_id"], "Organization")
        require_write(principal_of(info), org_id)
        service_id = decode_id(input["service_id"], "Service") if input.get("service_id") else None
        areas = plain_list(input["areas"])
        expected = input.get("expected_version")
        organization, errors = await write(
            info,
            lambda session, actor: set_service_area(
                session, actor, org_id, areas, service_id=service_id, expected_version=expected
            ),
        )
        return SetServiceArea(organization=organization, user_errors=errors)
