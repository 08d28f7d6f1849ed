"""deleteContact: remove a contact (its values stay in the audit trail)."""

from __future__ import annotations

from typing import Any

import graphene
from graphql_relay import to_global_id
from sqlalchemy.ext.asyncio import AsyncSession

from directory.audit import Actor
from directory.listings.contacts import delete_contact
from directory.models import Contact, Organization
from schema.mutations import refs
from schema.mutations.base import (
    UserError,
    writable_part,
    write,
)
from schema.mutations.update_organization import EXPECTED_VERSION


class DeleteContactInput(graphene.InputObjectType):
    """The contact to delete."""

    id = graphene.ID(required=True, description="The contact.")
    expected_version = graphene.Int(description=EXPECTED_VERSION)


class DeleteContact(graphene.Mutation):
    """Delete a contact with its phones and emails (`listings:write` on your own
    organization, `directory:write` on any)."""

    class Meta:
        name = "DeleteContactPayload"

    class Arguments:
        input = DeleteContactInput(required=True, description="What to delete.")

    deleted_contact_id = graphene.ID(description="The ID of the deleted contact.")
    organization = graphene.Field(refs.ORGANIZATION, description="Its organization, new version.")
    user_errors = graphene.List(
        graphene.NonNull(UserError), required=True, description="Why nothing was deleted."
    )

    @staticmethod
    async def mutate(root: Any, info: graphene.ResolveInfo, input: Any) -> DeleteContact:
        contact_id, org_id = await writable_part(info, input["id"], Contact)
        expected = input.get("expected_version")

        async def work(session: AsyncSession, actor: Actor) -> Organization:
            await delete_contact(session, actor, contact_id, expected_version=expected)
            return await session.get_one(Organization, org_id)

        organization, errors = await write(info, work)
        return DeleteContact(
            deleted_contact_id=None if errors else to_global_id("Contact", str(contact_id)),
            organization=organization,
            user_errors=errors,
        )
