"""createPhone, updatePhone, deletePhone: a phone as an item of its own."""

from __future__ import annotations

import graphene
from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.listings.contact_points import create_phone, delete_phone, update_phone
from directory.listings.specs import PhoneSpec
from directory.models import Phone
from schema.mutations import refs
from schema.mutations.base import (
    ListingMutation,
    MutationInput,
    decode_id,
    decode_owner,
    organization_field,
    spec_of,
    user_errors_field,
)
from schema.mutations.update_organization import EXPECTED_VERSION


class PhoneFields:
    """Input fields of a phone other than its number."""

    expected_version = graphene.Int(description=EXPECTED_VERSION)
    type = graphene.InputField(refs.PHONE_TYPE, description="Voice (default), SMS, WhatsApp…")
    visibility = graphene.InputField(
        refs.VISIBILITY, description="Who may see the number; PUBLIC when created without it."
    )
    extension = graphene.String(description="Extension to dial after the number.")
    description = graphene.String(description="What the number is for (at most 1,000 characters).")
    hotline = graphene.Boolean(description="Whether it is a hotline.")
    open24x7 = graphene.Boolean(
        description="Whether it is answered around the clock; null when that is not known."
    )
    languages = graphene.List(
        graphene.NonNull(graphene.String), description="Languages answered (ISO 639-1)."
    )


class CreatePhoneInput(PhoneFields, graphene.InputObjectType):
    """A new phone of an organization, or of one of its services, contacts or locations."""

    owner_id = graphene.ID(
        required=True, description="The organization, service, contact or location it belongs to."
    )
    number = graphene.String(
        required=True, description="As people dial it, e.g. `800 55 33 000` or `+1 202 555 0143`."
    )


class UpdatePhoneInput(PhoneFields, graphene.InputObjectType):
    """Fields of a phone to change: those left out stay as they are, null clears."""

    id = graphene.ID(required=True, description="The phone.")
    number = graphene.String(description="A new number (type, hotline, 24/7 and languages stay).")


class DeletePhoneInput(graphene.InputObjectType):
    """The phone to delete."""

    id = graphene.ID(required=True, description="The phone.")
    expected_version = graphene.Int(description=EXPECTED_VERSION)


class CreatePhone(ListingMutation):
    """Add a phone (`listings:write` on your own organization, `directory:write` on any)."""

    class Meta:
        name = "CreatePhonePayload"

    class Arguments:
        input = CreatePhoneInput(required=True, description="The new phone.")

    phone = graphene.Field(refs.PHONE, description="The created phone.")
    organization = organization_field()
    user_errors = user_errors_field("created")
    item = "phone"

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Phone:
        owner, owner_id = decode_owner(input["owner_id"])
        spec = spec_of(PhoneSpec, input)
        expected = input.get("expected_version")
        return await create_phone(session, access, owner, owner_id, spec, expected_version=expected)


class UpdatePhone(ListingMutation):
    """Change some fields of a phone (`listings:write` on your own organization,
    `directory:write` on any); the others stay as they are."""

    class Meta:
        name = "UpdatePhonePayload"

    class Arguments:
        input = UpdatePhoneInput(required=True, description="What to change.")

    phone = graphene.Field(refs.PHONE, description="The phone, as changed.")
    organization = organization_field()
    user_errors = user_errors_field("changed")
    item = "phone"

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Phone:
        id = decode_id(input["id"], "Phone")
        expected = input.get("expected_version")
        spec = spec_of(PhoneSpec, input)
        return await update_phone(session, access, id, spec, expected_version=expected)


class DeletePhone(ListingMutation):
    """Delete a phone (`listings:write` on your own organization, `directory:write` on any)."""

    class Meta:
        name = "DeletePhonePayload"

    class Arguments:
        input = DeletePhoneInput(required=True, description="What to delete.")

    deleted_phone_id = graphene.ID(description="The ID of the deleted phone.")
    organization = organization_field()
    user_errors = user_errors_field("deleted")
    deleted = "Phone"

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Phone:
        id = decode_id(input["id"], "Phone")
        expected = input.get("expected_version")
        return await delete_phone(session, access, id, expected_version=expected)
