"""createContact: add a contact (person or desk) to an organization."""

from __future__ import annotations

from typing import Any

import graphene
from sqlalchemy.ext.asyncio import AsyncSession

from directory.audit import Actor
from directory.listings.contacts import create_contact
from directory.models import Contact, Organization
from schema.mutations import refs
from schema.mutations.base import UserError, decode_id, principal_of, require_write, write
from schema.mutations.contacts import ContactFields, contact_spec
from schema.mutations.update_organization import EXPECTED_VERSION


class CreateContactInput(ContactFields, graphene.InputObjectType):
    """A new contact; it needs a name, title or department."""

    organization_id = graphene.ID(required=True, description="The organization.")
    expected_version = graphene.Int(description=EXPECTED_VERSION)
    visibility = graphene.InputField(
        refs.VISIBILITY, required=True, description="Who may see this contact."
    )


class CreateContact(graphene.Mutation):
    """Add a contact (`listings:write` on your own organization, `directory:write` on any)."""

    class Meta:
        name = "CreateContactPayload"

    class Arguments:
        input = CreateContactInput(required=True, description="The new contact.")

    contact = graphene.Field(refs.CONTACT, description="The created contact.")
    organization = graphene.Field(refs.ORGANIZATION, description="Its organization, new version.")
    user_errors = graphene.List(
        graphene.NonNull(UserError), required=True, description="Why nothing was created."
    )

    @staticmethod
    async def mutate(root: Any, info: graphene.ResolveInfo, input: Any) -> CreateContact:
        org_id = decode_id(input["organization_id"], "Organization")
        require_write(principal_of(info), org_id)
        spec = contact_spec(input)
        expected = input.get("expected_version")

        async def work(session: AsyncSession, actor: Actor) -> tuple[Contact, Organization]:
            contact = await create_contact(session, actor, org_id, spec, expected_version=expected)
            return contact, await session.get_one(Organization, org_id)

        result, errors = await write(info, work)
        contact, organization = result or (None, None)
        return CreateContact(contact=contact, organization=organization, user_errors=errors)
