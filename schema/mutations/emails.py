"""createEmail, updateEmail, deleteEmail: an email address as an item of its own."""

from __future__ import annotations

import graphene
from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.listings.contact_points import create_email, delete_email, update_email
from directory.listings.specs import EmailSpec
from directory.models import Email
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


class EmailFields:
    """Input fields of an email other than its address."""

    expected_version = graphene.Int(description=EXPECTED_VERSION)
    visibility = graphene.InputField(
        refs.VISIBILITY, description="Who may see the address; PUBLIC when created without it."
    )
    description = graphene.String(description="What the address is for.")


class CreateEmailInput(EmailFields, graphene.InputObjectType):
    """A new email of an organization, or of one of its services, contacts or locations."""

    owner_id = graphene.ID(
        required=True, description="The organization, service, contact or location it belongs to."
    )
    address = graphene.String(required=True, description="The address, e.g. `ayuda@example.org`.")


class UpdateEmailInput(EmailFields, graphene.InputObjectType):
    """Fields of an email to change: those left out stay as they are, null clears."""

    id = graphene.ID(required=True, description="The email.")
    address = graphene.String(description="A new address.")


class DeleteEmailInput(graphene.InputObjectType):
    """The email to delete."""

    id = graphene.ID(required=True, description="The email.")
    expected_version = graphene.Int(description=EXPECTED_VERSION)


class CreateEmail(ListingMutation):
    """Add an email (`listings:write` on your own organization, `directory:write` on any)."""

    class Meta:
        name = "CreateEmailPayload"

    class Arguments:
        input = CreateEmailInput(required=True, description="The new email.")

    email = graphene.Field(refs.EMAIL, description="The created email.")
    organization = organization_field()
    user_errors = user_errors_field("created")
    item = "email"

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Email:
        owner, owner_id = decode_owner(input["owner_id"])
        spec = spec_of(EmailSpec, input)
        expected = input.get("expected_version")
        return await create_email(session, access, owner, owner_id, spec, expected_version=expected)


class UpdateEmail(ListingMutation):
    """Change some fields of an email (`listings:write` on your own organization,
    `directory:write` on any); the others stay as they are."""

    class Meta:
        name = "UpdateEmailPayload"

    class Arguments:
        input = UpdateEmailInput(required=True, description="What to change.")

    email = graphene.Field(refs.EMAIL, description="The email, as changed.")
    organization = organization_field()
    user_errors = user_errors_field("changed")
    item = "email"

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Email:
        id = decode_id(input["id"], "Email")
        expected = input.get("expected_version")
        spec = spec_of(EmailSpec, input)
        return await update_email(session, access, id, spec, expected_version=expected)


class DeleteEmail(ListingMutation):
    """Delete an email (`listings:write` on your own organization, `directory:write` on any)."""

    class Meta:
        name = "DeleteEmailPayload"

    class Arguments:
        input = DeleteEmailInput(required=True, description="What to delete.")

    deleted_email_id = graphene.ID(description="The ID of the deleted email.")
    organization = organization_field()
    user_errors = user_errors_field("deleted")
    deleted = "Email"

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Email:
        id = decode_id(input["id"], "Email")
        expected = input.get("expected_version")
        return await delete_email(session, access, id, expected_version=expected)
