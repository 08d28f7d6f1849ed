"""createLocation, updateLocation, deleteLocation: an organization's places."""

from __future__ import annotations

import graphene
from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.listings.locations import create_location, delete_location, update_location
from directory.listings.specs import LocationSpec
from directory.models import Location
from schema.mutations import refs
from schema.mutations.base import (
    ListingMutation,
    MutationInput,
    decode_id,
    organization_field,
    spec_of,
    user_errors_field,
)
from schema.mutations.inputs import PhoneInput
from schema.mutations.update_organization import EXPECTED_VERSION


class LocationFields:
    """Input fields of a location other than its visibility."""

    expected_version = graphene.Int(description=EXPECTED_VERSION)
    name = graphene.String(description="Name of the place.")
    description = graphene.String(description="What happens there, how to get there.")
    location_type = graphene.InputField(
        refs.LOCATION_TYPE, description="Physical (default), postal or virtual."
    )
    address_1 = graphene.String(description="Street address.")
    city = graphene.String(description="City, municipality or locality.")
    subdivision = graphene.String(description="State or province, ISO 3166-2 (`MX-CMX`).")
    postal_code = graphene.String(description="Postal code.")
    country = graphene.String(description="Country: MX, US or CA.")
    latitude = graphene.Float(description="WGS 84 latitude.")
    longitude = graphene.Float(description="WGS 84 longitude.")
    url = graphene.String(description="Web address of a virtual location.")
    phones = graphene.List(
        graphene.NonNull(PhoneInput),
        description="The location's phones (replaced as a whole on update; phones you may "
        "not see stay).",
    )


class CreateLocationInput(LocationFields, graphene.InputObjectType):
    """A new location of an organization."""

    organization_id = graphene.ID(required=True, description="The organization.")
    visibility = graphene.InputField(
        refs.VISIBILITY,
        required=True,
        description="Who may see it: a safe house is CONFIDENTIAL.",
    )


class UpdateLocationInput(LocationFields, graphene.InputObjectType):
    """Fields of a location to change: those left out stay as they are, null clears
    (the visibility cannot be cleared)."""

    id = graphene.ID(required=True, description="The location.")
    visibility = graphene.InputField(refs.VISIBILITY, description="Who may see it.")


class DeleteLocationInput(graphene.InputObjectType):
    """The location to delete."""

    id = graphene.ID(required=True, description="The location.")
    expected_version = graphene.Int(description=EXPECTED_VERSION)


class CreateLocation(ListingMutation):
    """Add a location (`listings:write` on your own organization, `directory:write` on any)."""

    class Meta:
        name = "CreateLocationPayload"

    class Arguments:
        input = CreateLocationInput(required=True, description="The new location.")

    location = graphene.Field(refs.LOCATION, description="The created location.")
    organization = organization_field()
    user_errors = user_errors_field("created")
    item = "location"

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Location:
        org_id = decode_id(input["organization_id"], "Organization")
        expected = input.get("expected_version")
        return await create_location(
            session, access, org_id, spec_of(LocationSpec, input), expected_version=expected
        )


class UpdateLocation(ListingMutation):
    """Change a location (`listings:write` on your own organization, `directory:write` on
    any). `expectedVersion` is the organization's version."""

    class Meta:
        name = "UpdateLocationPayload"

    class Arguments:
        input = UpdateLocationInput(required=True, description="What to change.")

    location = graphene.Field(refs.LOCATION, description="The location, as changed.")
    organization = organization_field()
    user_errors = user_errors_field("changed")
    item = "location"

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Location:
        id = decode_id(input["id"], "Location")
        expected = input.get("expected_version")
        return await update_location(
            session, access, id, spec_of(LocationSpec, input), expected_version=expected
        )


class DeleteLocation(ListingMutation):
    """Delete a location with its phones and emails (`listings:write` on your own
    organization, `directory:write` on any)."""

    class Meta:
        name = "DeleteLocationPayload"

    class Arguments:
        input = DeleteLocationInput(required=True, description="What to delete.")

    deleted_location_id = graphene.ID(description="The ID of the deleted location.")
    organization = organization_field()
    user_errors = user_errors_field("deleted")
    deleted = "Location"

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Location:
        id = decode_id(input["id"], "Location")
        expected = input.get("expected_version")
        return await delete_location(session, access, id, expected_version=expected)
