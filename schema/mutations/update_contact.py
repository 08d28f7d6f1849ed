"""updateContact: change some fields of a contact."""

from __future__ import annotations

import graphene
from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.listings.contacts import update_contact
from directory.listings.specs import ContactSpec
from directory.models import Contact
from schema.mutations import refs
from schema.mutations.base import (
    ListingMutation,
    MutationInput,
    decode_id,
    organization_field,
    spec_of,
    user_errors_field,
)
from schema.mutations.contacts import ContactFields
from schema.mutations.update_organization import EXPECTED_VERSION


class UpdateContactInput(ContactFields, graphene.InputObjectType):
    """Fields of a contact to change; those not given are kept."""

    id = graphene.ID(required=True, description="The contact.")
    expected_version = graphene.Int(description=EXPECTED_VERSION)
    visibility = graphene.InputField(refs.VISIBILITY, description="Who may see this contact.")


class UpdateContact(ListingMutation):
    """Change a contact (`listings:write` on your own organization, `directory:write` on
    any). `expectedVersion` is the organization's version."""

    class Meta:
        name = "UpdateContactPayload"

    class Arguments:
        input = UpdateContactInput(required=True, description="What to change.")

    contact = graphene.Field(refs.CONTACT, description="The contact, as changed.")
    organization = organization_field()
    user_errors = user_errors_field("changed")
    item = "contact"

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Contact:
        id = decode_id(input["id"], "Contact")
        expected = input.get("expected_version")
        return await update_contact(
            session, access, id, spec_of(ContactSpec, input), expected_version=expected
        )
