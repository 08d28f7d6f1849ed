"""deleteContact: remove a contact (its values stay in the audit trail)."""

from __future__ import annotations

import graphene
from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.listings.contacts import delete_contact
from directory.models import Contact
from schema.mutations.base import (
    ListingMutation,
    MutationInput,
    decode_id,
    organization_field,
    user_errors_field,
)
from schema.mutations.update_organization import EXPECTED_VERSION


class DeleteContactInput(graphene.InputObjectType):
    """The contact to delete."""

    id = graphene.ID(required=True, description="The contact.")
    expected_version = graphene.Int(description=EXPECTED_VERSION)


class DeleteContact(ListingMutation):
    """Delete a contact with its phones and emails (`listings:write` on your own
    organization, `directory:write` on any)."""

    class Meta:
        name = "DeleteContactPayload"

    class Arguments:
        input = DeleteContactInput(required=True, description="What to delete.")

    deleted_contact_id = graphene.ID(description="The ID of the deleted contact.")
    organization = organization_field()
    user_errors = user_errors_field("deleted")
    deleted = "Contact"

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Contact:
        id = decode_id(input["id"], "Contact")
        expected = input.get("expected_version")
        return await delete_contact(session, access, id, expected_version=expected)
