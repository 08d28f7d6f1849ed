"""createContact: add a contact (person or desk) to an organization."""

from __future__ import annotations

import graphene
from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.listings.contacts import create_contact
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


class CreateContactInput(ContactFields, graphene.InputObjectType):
    """A new contact; it needs a name, title or department."""

    organization_id = graphene.ID(required=True, description="The organization.")
    expected_version = graphene.Int(description=EXPECTED_VERSION)
    visibility = graphene.InputField(
        refs.VISIBILITY, required=True, description="Who may see this contact."
    )


class CreateContact(ListingMutation):
    """Add a contact (`listings:write` on your own organization, `directory:write` on any)."""

    class Meta:
        name = "CreateContactPayload"

    class Arguments:
        input = CreateContactInput(required=True, description="The new contact.")

    contact = graphene.Field(refs.CONTACT, description="The created contact.")
    organization = organization_field()
    user_errors = user_errors_field("created")
    item = "contact"

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Contact:
        org_id = decode_id(input["organization_id"], "Organization")
        expected = input.get("expected_version")
        return await create_contact(
            session, access, org_id, spec_of(ContactSpec, input), expected_version=expected
        )
