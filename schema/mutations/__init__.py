"""The write API: one module per mutation (Saleor style), plus what they share.

Plug :class:`ListingMutations` into the root ``Mutation`` type (it is a plain
``graphene.ObjectType`` whose fields are the contract's mutations), and wrap the ASGI app
with :class:`server.middleware.idempotency.IdempotencyMiddleware` inside authentication.
"""

from __future__ import annotations

import graphene

from schema.mutations.archive_organization import ArchiveOrganization
from schema.mutations.confirm_listing_current import ConfirmListingCurrent
from schema.mutations.create_contact import CreateContact
from schema.mutations.create_organization import CreateOrganization
from schema.mutations.create_service import CreateService
from schema.mutations.delete_contact import DeleteContact
from schema.mutations.delete_service import DeleteService
from schema.mutations.emails import CreateEmail, DeleteEmail, UpdateEmail
from schema.mutations.locations import CreateLocation, DeleteLocation, UpdateLocation
from schema.mutations.phones import CreatePhone, DeletePhone, UpdatePhone
from schema.mutations.set_service_area import SetServiceArea
from schema.mutations.update_contact import UpdateContact
from schema.mutations.update_organization import UpdateOrganization
from schema.mutations.update_service import UpdateService
from schema.mutations.verify_organization import VerifyOrganization


class ListingMutations(graphene.ObjectType):
    """Writes to listings. Each takes one `input` and returns the changed object and
    `userErrors`; a caller without the right gets a top-level `FORBIDDEN` error."""

    create_organization = CreateOrganization.Field()
    update_organization = UpdateOrganization.Field()
    archive_organization = ArchiveOrganization.Field()
    verify_organization = VerifyOrganization.Field()
    create_service = CreateService.Field()
    update_service = UpdateService.Field()
    delete_service = DeleteService.Field()
    create_contact = CreateContact.Field()
    update_contact = UpdateContact.Field()
    delete_contact = DeleteContact.Field()
    set_service_area = SetServiceArea.Field()
    create_location = CreateLocation.Field()
    update_location = UpdateLocation.Field()
    delete_location = DeleteLocation.Field()
    create_phone = CreatePhone.Field()
    update_phone = UpdatePhone.Field()
    delete_phone = DeletePhone.Field()
    create_email = CreateEmail.Field()
    update_email = UpdateEmail.Field()
    delete_email = DeleteEmail.Field()
    confirm_listing_current = ConfirmListingCurrent.Field()
