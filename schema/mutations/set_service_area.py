"""setServiceArea: replace the jurisdictions an organization or one service covers."""

from __future__ import annotations

import graphene
from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.listings.areas import set_service_area
from directory.listings.specs import AreaSpec
from directory.models import Organization
from schema.mutations import refs
from schema.mutations.base import (
    ListingMutation,
    MutationInput,
    decode_id,
    spec_of,
    user_errors_field,
)
from schema.mutations.inputs import ServiceAreaInput
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


class SetServiceArea(ListingMutation):
    """Replace the service area (`listings:write` on your own organization,
    `directory:write` on any)."""

    class Meta:
        name = "SetServiceAreaPayload"

    class Arguments:
        input = SetServiceAreaInput(required=True, description="The new area.")

    organization = graphene.Field(refs.ORGANIZATION, description="The organization, as changed.")
    user_errors = user_errors_field("changed")

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Organization:
        org_id = decode_id(input["organization_id"], "Organization")
        service_id = decode_id(input["service_id"], "Service") if input.get("service_id") else None
        areas = [spec_of(AreaSpec, area) for area in input["areas"]]
        expected = input.get("expected_version")
        return await set_service_area(
            session, access, org_id, areas, service_id=service_id, expected_version=expected
        )
