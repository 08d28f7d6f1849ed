"""updateContact: change some fields of a contact."""

from __future__ import annotations

from typing import Any

import graphene
from sqlalchemy.ext.asyncio import AsyncSession

from directory.audit import Actor
from directory.listings.contacts import update_contact
from directory.models import Contact, Organization
from schema.mutations import refs
from schema.mutations.base import (
    UserError,
    principal_of,
    writable_part,
    write,
)
from schema.mutations.contacts import ContactFields, contact_spec
from schema.mutations.update_organization import EXPECTED_VERSION


class UpdateContactInput(ContactFields, graphene.InputObjectType):
    """Fields of a contact to change; those not given are kept."""

    id = graphene.ID(required=True, description="The contact.")
    expected_version = graphene.Int(description=EXPECTED_VERSION)
    visibility = graphene.InputField(refs.VISIBILITY, description="Who may see this contact.")


class UpdateContact(graphene.Mutation):
    """Change a contact (`listings:write` on your own organization, `directory:write` on
    any). `expectedVersion` is the organization's version."""

    class Meta:
        name = "UpdateContactPayload"

    class Arguments:
        input = UpdateContactInput(required=True, description="What to change.")

    contact = graphene.Field(refs.CONTACT, description="The contact, as changed.")
    organization = graphene.Field(refs.ORGANIZATION, description="Its organization, new version.")
    user_errors = graphene.List(
        graphene.NonNull(UserError), required=True, description="Why nothing was changed."
    )

    @staticmethod
    async def mutate(root: Any, info: graphene.ResolveInfo, input: Any) -> UpdateContact:
        contact_id, org_id = await writable_part(info, input["id"], Contact)
        spec = contact_spec(input)
        expected = input.get("expected_version")

        async def work(session: AsyncSession, actor: Actor) -> tuple[Contact, Organization]:
            contact = await update_contact(
                session,
                actor,
                contact_id,
                spec,
                expected_version=expected,
                audience=principal_of(info).audience(),
            )
            return contact, await session.get_one(Organization, org_id)

        result, errors = await write(info, work)
        contact, organization = result or (None, None)
        return UpdateContact(contact=contact, organization=organization, user_errors=errors)
